package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// personDelete removes a person from the roster.
func (p *Pages) personDelete(w http.ResponseWriter, r *http.Request) {
	err := p.node.DeletePerson(r.PathValue("id"))
	if err != nil && !errors.Is(err, node.ErrNotFound) {
		p.serverError(w, r, err)
		return
	}
	seeOther(w, r, "/people")
}
