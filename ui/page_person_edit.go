package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// personEdit shows the form filled with the person as they are now.
func (p *Pages) personEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	person, err := p.node.Person(id)
	if errors.Is(err, node.ErrNotFound) {
		p.notFound(w, r)
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "person_form", p.personFormView(r, id, personFormOf(person), nil))
}
