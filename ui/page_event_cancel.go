package ui

import (
	"net/http"
)

// eventCancel cancels an event and all its shifts; the page stays, marked.
func (p *Pages) eventCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := p.node.CancelEvent(id)
	p.redirectAfter(w, r, err, "/events/"+id)
}
