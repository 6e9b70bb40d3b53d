package ui

import (
	"errors"
	"net/http"
	"time"

	"muster/node"
)

// impactView is a volunteer's impact page.
type impactView struct {
	page
	ID       string
	Im       node.Impact
	Hours    string // "9 hours"
	Hours7d  string
	Hours30d string
	Events   []impactEvent
	Upcoming []impactShiftRow
}

// impactEvent is one event a volunteer helped at, with the shifts they
// came to and their hours there.
type impactEvent struct {
	ID, Title string
	Hours     string
	Shifts    []impactShiftRow
}

// impactShiftRow is one shift: its name or span, and its length.
type impactShiftRow struct {
	Label, Hours string
}

// personImpact shows what a volunteer has given: hours, shifts attended
// by event, no-shows, tasks done, and the shifts ahead.
func (p *Pages) personImpact(w http.ResponseWriter, r *http.Request) {
	im, err := p.node.PersonImpact(r.PathValue("id"), time.Now())
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
		return
	case err != nil:
		p.serverError(w, r, err)
		return
	}
	v := &impactView{page: p.newPage(r, "", "roster", "person signup shift event task"), ID: im.Person, Im: im}
	v.Title = v.L.T("impact.title", im.Name)
	v.Hours = hoursPhrase(v.L, "impact.hours", im.Hours)
	v.Hours7d = hoursPhrase(v.L, "impact.hours", im.Hours7d)
	v.Hours30d = hoursPhrase(v.L, "impact.hours", im.Hours30d)
	v.Events = impactByEvent(v.L, im.Attended)
	for _, s := range im.Upcoming {
		v.Upcoming = append(v.Upcoming, impactShiftOf(v.L, s, true))
	}
	p.render(w, r, http.StatusOK, "impact", v)
}

// impactByEvent groups attended shifts by event, in the order of each
// event's first shift.
func impactByEvent(l *Locale, attended []node.ImpactShift) []impactEvent {
	var out []impactEvent
	at := map[string]int{}
	sum := map[string]float64{}
	for _, s := range attended {
		i, ok := at[s.Event]
		if !ok {
			i = len(out)
			at[s.Event] = i
			out = append(out, impactEvent{ID: s.Event, Title: s.EventTitle})
		}
		out[i].Shifts = append(out[i].Shifts, impactShiftOf(l, s, false))
		sum[s.Event] += s.End.Sub(s.Start).Hours()
	}
	for i := range out {
		out[i].Hours = hoursPhrase(l, "impact.hours", sum[out[i].ID])
		if out[i].Title == "" {
			out[i].Title = l.T("impact.event.gone")
		}
	}
	return out
}

func impactShiftOf(l *Locale, s node.ImpactShift, withEvent bool) impactShiftRow {
	label := l.Span(s.Start, s.End)
	if s.Title != "" {
		label = s.Title + " · " + label
	}
	if withEvent && s.EventTitle != "" {
		label = s.EventTitle + " · " + label
	}
	return impactShiftRow{Label: label, Hours: hoursPhrase(l, "impact.hours", s.End.Sub(s.Start).Hours())}
}
