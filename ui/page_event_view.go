package ui

import (
	"errors"
	"net/http"
	"slices"

	"muster/node"
)

// Times in forms and on pages are the node's local wall clock: a
// datetime-local input carries no zone, and the people at an event share
// the clock of the place.
const inputTime = "2006-01-02T15:04"

// shiftLabel names a shift for people: its title, else its span, written
// in the locale (Locale.Span).
func shiftLabel(l *Locale, s node.Shift) string {
	if s.Title != "" {
		return s.Title + " · " + l.Span(s.Start, s.End)
	}
	return l.Span(s.Start, s.End)
}

// shiftRow is one shift with its seats and turnout, as the event and
// check-in pages show it.
type shiftRow struct {
	ID, Label, When, Title string
	Skills                 []string
	Capacity, Seated       int
	Waiting, CheckedIn     int
	Turnout                int // percent of the seated who checked in
	Cancelled              bool
	Bumped                 []string // names of the waiting who were told they had a seat
	Promoted               []string // names of the seated who were told they waited
	People                 []signupRow
}

// signupRow is one signup on the organizer's event page, with what can be
// done with it there.
type signupRow struct {
	ID, Name, Status    string
	Position            int // place on the waitlist, 0 when seated
	CanConfirm, CanUndo bool
}

// signupRows lists a shift's seated then waiting, each with its status.
func signupRows(v node.ShiftView) []signupRow {
	out := make([]signupRow, 0, len(v.Seated)+len(v.Waitlist))
	for i, s := range append(slices.Clip(v.Seated), v.Waitlist...) {
		r := signupRow{ID: s.ID, Name: s.Name, Status: s.Status, CanUndo: s.Status == "attended",
			CanConfirm: s.Status == "signed_up" && v.Shift.Status != "cancelled"}
		if i >= len(v.Seated) {
			r.Position = i - len(v.Seated) + 1
		}
		out = append(out, r)
	}
	return out
}

func newShiftRow(l *Locale, v node.ShiftView) shiftRow {
	s := v.Shift
	var bumped, promoted []string
	for _, w := range v.Waitlist {
		if w.Bumped {
			bumped = append(bumped, w.Name)
		}
	}
	for _, x := range v.Seated {
		if x.Promoted {
			promoted = append(promoted, x.Name)
		}
	}
	return shiftRow{
		ID: s.ID, Label: shiftLabel(l, s), When: l.Span(s.Start, s.End), Title: s.Title, Skills: s.Skills, Bumped: bumped,
		Promoted: promoted, People: signupRows(v),
		Capacity: s.Capacity, Seated: len(v.Seated), Waiting: len(v.Waitlist), CheckedIn: v.CheckedIn,
		Turnout: int(v.Turnout*100 + 0.5), Cancelled: s.Status == "cancelled",
	}
}

// eventRosters returns the event's shifts with their rosters, by start.
func (p *Pages) eventRosters(eventID string) ([]node.ShiftView, error) {
	shifts, err := p.node.Shifts(eventID)
	if err != nil {
		return nil, err
	}
	out := make([]node.ShiftView, 0, len(shifts))
	for _, s := range shifts {
		v, err := p.node.ShiftRoster(s.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// turnoutTotal sums the checked in and the seated of active shifts.
type turnoutTotal struct{ CheckedIn, Seated, Percent int }

func totalTurnout(rows []shiftRow) turnoutTotal {
	var t turnoutTotal
	for _, r := range rows {
		if !r.Cancelled {
			t.CheckedIn += r.CheckedIn
			t.Seated += r.Seated
		}
	}
	if t.Seated > 0 {
		t.Percent = (t.CheckedIn*100 + t.Seated/2) / t.Seated
	}
	return t
}

// loadEvent fetches the event a page names, answering 404 or 500 itself
// when it cannot; ok says whether the handler goes on.
func (p *Pages) loadEvent(w http.ResponseWriter, r *http.Request) (node.Event, bool) {
	ev, err := p.node.Event(r.PathValue("id"))
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
		return ev, false
	case err != nil:
		p.serverError(w, r, err)
		return ev, false
	}
	return ev, true
}
