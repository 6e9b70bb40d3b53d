package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// personUpdate saves the edited person.
func (p *Pages) personUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, l := r.PathValue("id"), p.cats.pick(r)
	f := readPersonForm(r)
	patch, errs := f.patch(l, true)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, id, f, errs))
		return
	}
	_, err := p.node.UpdatePerson(id, patch)
	if errs, ok := fieldErrors(l, err, personFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, id, f, errs))
		return
	}
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/people")
	}
}
