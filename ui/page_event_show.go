package ui

import (
	"net/http"
	"net/url"

	"muster/node"
)

type eventShowView struct {
	page
	E         eventCard
	Shifts    []shiftRow
	Total     turnoutTotal
	ShareURL  string // the public signup page, to give out
	Cancelled bool
	Bumped    []shiftRow // shifts where a merge moved people from a seat to the waitlist
	Promoted  []shiftRow // shifts where people told they waited hold a seat now
	Offset    string     // the duplicate form's days, as typed
	OffsetErr string
	Messages  outboxSummary // the event's messages per state, linking to the Messages page
}

// eventShow is an event's page for organizers: each shift's seats,
// waitlist and turnout, and what can be done with the event.
func (p *Pages) eventShow(w http.ResponseWriter, r *http.Request) {
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	v, err := p.eventShowView(r, ev.ID)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "event", v)
}

func (p *Pages) eventShowView(r *http.Request, id string) (*eventShowView, error) {
	ev, err := p.node.Event(id)
	if err != nil {
		return nil, err
	}
	views, err := p.eventRosters(id)
	if err != nil {
		return nil, err
	}
	v := &eventShowView{page: p.newPage(r, "", "events", "event shift signup person message"), Offset: "7"}
	v.Title = ev.Title
	v.E = eventCard{Event: ev, Cancelled: ev.Status == "cancelled"}
	v.Cancelled = v.E.Cancelled
	for _, sv := range views {
		row := newShiftRow(v.L, sv)
		v.Shifts = append(v.Shifts, row)
		if len(row.Bumped) > 0 && !row.Cancelled {
			v.Bumped = append(v.Bumped, row)
		}
		if len(row.Promoted) > 0 && !row.Cancelled {
			v.Promoted = append(v.Promoted, row)
		}
	}
	v.Total = totalTurnout(v.Shifts)
	v.ShareURL = "http://" + r.Host + "/e/" + ev.ID
	ms, err := p.node.Outbox(node.OutboxQuery{Event: id})
	if err != nil {
		return nil, err
	}
	v.Messages = summarizeOutbox(v.L, ms, url.Values{"event": {id}}, "")
	return v, nil
}
