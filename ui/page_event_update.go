package ui

import "net/http"

// eventUpdate saves the edited event and its shifts.
func (p *Pages) eventUpdate(w http.ResponseWriter, r *http.Request) {
	p.eventSave(w, r, r.PathValue("id"))
}
