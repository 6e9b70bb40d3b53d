package ui

import (
	"net/http"
	"time"

	"muster/node"
)

// eventCard is one event as the list shows it.
type eventCard struct {
	node.Event
	Shifts    int
	Next      string // the first shift's span, empty without shifts
	Seated    int
	Capacity  int
	Cancelled bool
}

type eventListView struct {
	page
	Events []eventCard
}

// eventList lists every event, active ones first, newest first.
func (p *Pages) eventList(w http.ResponseWriter, r *http.Request) {
	evs, err := p.node.Events(node.EventQuery{})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v := &eventListView{page: p.newPage(r, "events.title", "events", "event shift signup")}
	for _, status := range node.EventStatuses {
		for _, ev := range evs {
			if ev.Status != status {
				continue
			}
			c, err := p.eventCard(v.L, ev)
			if err != nil {
				p.serverError(w, r, err)
				return
			}
			v.Events = append(v.Events, c)
		}
	}
	p.render(w, r, http.StatusOK, "events", v)
}

func (p *Pages) eventCard(l *Locale, ev node.Event) (eventCard, error) {
	c := eventCard{Event: ev, Cancelled: ev.Status == "cancelled"}
	views, err := p.eventRosters(ev.ID)
	if err != nil {
		return c, err
	}
	var first time.Time
	for _, sv := range views {
		if sv.Shift.Status == "cancelled" {
			continue
		}
		c.Shifts++
		c.Seated += len(sv.Seated)
		c.Capacity += sv.Shift.Capacity
		if first.IsZero() || sv.Shift.Start.Before(first) {
			first, c.Next = sv.Shift.Start, l.Span(sv.Shift.Start, sv.Shift.End)
		}
	}
	return c, nil
}
