package ui

import "net/http"

// eventEdit shows the form filled with the event and its active shifts,
// and one empty row to add a shift.
func (p *Pages) eventEdit(w http.ResponseWriter, r *http.Request) {
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	shifts, err := p.node.Shifts(ev.ID)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	f := eventFormOf(ev, shifts).withBlankRows(1)
	p.render(w, r, http.StatusOK, "event_form", p.eventFormView(r, ev.ID, f, nil))
}
