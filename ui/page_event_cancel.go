package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// eventCancel cancels an event and all its shifts; the page stays, marked.
func (p *Pages) eventCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := p.node.CancelEvent(id)
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/events/"+id)
	}
}
