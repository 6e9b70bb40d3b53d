package ui

import "net/http"

// eventNew shows an empty event form with three shift rows to fill in.
func (p *Pages) eventNew(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "event_form", p.eventFormView(r, "", eventForm{}.withBlankRows(3), nil))
}
