package ui

import (
	"errors"
	"net/http"
	"time"

	"muster/node"
)

// rosterLimit bounds the roster people one check-in search lists after the
// event's own signups.
const rosterLimit = 20

// rosterRow is someone on the roster who has not signed up for the event:
// on the day they turn up anyway, and one tap signs them up and checks
// them in.
type rosterRow struct{ PersonID, Name string }

// matchRoster fills in the roster people who match the search, leaving out
// those the event's signups already list.
func (p *Pages) matchRoster(v *checkinView, views []node.ShiftView) error {
	if v.Q == "" || len(v.Active) == 0 {
		return nil
	}
	listed := map[string]bool{}
	for _, sv := range views {
		for _, s := range append(sv.Seated[:len(sv.Seated):len(sv.Seated)], sv.Waitlist...) {
			listed[s.Person] = true
		}
	}
	m, err := p.node.SearchRoster(v.Q, rosterLimit, func(id string) bool { return listed[id] })
	if err != nil {
		return err
	}
	for _, person := range m.People {
		v.Roster = append(v.Roster, rosterRow{PersonID: person.ID, Name: person.Name})
	}
	v.RosterMore = m.More
	return nil
}

// activeShifts lists the shifts not cancelled and picks the one a walk-in
// goes to by default: the one under way at now, else the next to start,
// else the last.
func activeShifts(l *Locale, views []node.ShiftView, now time.Time) ([]shiftRow, string) {
	var out []shiftRow
	current, next := "", ""
	for _, sv := range views {
		s := sv.Shift
		if s.Status == "cancelled" {
			continue
		}
		out = append(out, newShiftRow(l, sv))
		switch {
		case current == "" && !now.Before(s.Start) && now.Before(s.End):
			current = s.ID
		case next == "" && now.Before(s.Start):
			next = s.ID
		}
	}
	switch {
	case current != "":
	case next != "":
		current = next
	case len(out) > 0:
		current = out[len(out)-1].ID
	}
	return out, current
}

// checkinPerson is the one tap for someone on the roster who did not sign
// up: it signs them up for the chosen shift and checks them in.
func (p *Pages) checkinPerson(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, f := r.PathValue("id"), r.PostForm.Get
	s, err := p.node.CheckInPerson(id, f("shift"), f("person"))
	var ve *node.ValidationError
	if errors.As(err, &ve) { // the shift or event was cancelled meanwhile: the page shows it
		seeOther(w, r, checkinURL(id, f("q"), ""))
		return
	}
	p.redirectAfter(w, r, err, checkinURL(id, f("q"), s.ID))
}
