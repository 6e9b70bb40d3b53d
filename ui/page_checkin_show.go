package ui

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"muster/node"
)

// checkinLimit bounds the people one check-in page lists: past it, the
// person types more of the name.
const checkinLimit = 100

// checkinRow is one signup to check in.
type checkinRow struct {
	SignupID, Name, Shift string
	Position              int // place on the waitlist, 0 when seated
	In                    bool
}

// walkinForm is the walk-in form, kept as typed.
type walkinForm struct{ Name, Phone, Email, Shift string }

var walkinFields = []string{"name", "phone", "email", "shift"}

type checkinView struct {
	page
	E          node.Event
	Q          string
	Rows       []checkinRow
	More       bool // more than checkinLimit matched
	Roster     []rosterRow
	RosterMore bool       // more than rosterLimit roster people matched
	Active     []shiftRow // the shifts one can still check in to
	Current    string     // the shift a walk-in from the roster goes to unless chosen
	Shifts     []shiftRow
	Total      turnoutTotal
	Done       string // the name just checked in
	Walkin     walkinForm
	Errors     formErrors
	Problems   []problem
}

// checkinShow is check-in on the day, made for a phone: search by name,
// one button per person, walk-ins, and turnout per shift kept live.
func (p *Pages) checkinShow(w http.ResponseWriter, r *http.Request) {
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	v, err := p.checkinView(r, ev, q.Get("q"), walkinForm{}, nil)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	if id := q.Get("in"); id != "" {
		if s, err := p.node.SignupByID(id); err == nil && s.Event == ev.ID {
			v.Done = s.Name
		}
	}
	p.render(w, r, http.StatusOK, "checkin", v)
}

func (p *Pages) checkinView(r *http.Request, ev node.Event, q string, wf walkinForm, errs formErrors) (*checkinView, error) {
	views, err := p.eventRosters(ev.ID)
	if err != nil {
		return nil, err
	}
	v := &checkinView{page: p.newPage(r, "checkin.title", "events", "signup shift person"), E: ev, Q: strings.TrimSpace(q), Walkin: wf, Errors: errs}
	for _, sv := range views {
		v.Shifts = append(v.Shifts, newShiftRow(v.L, sv))
	}
	v.Total = totalTurnout(v.Shifts)
	v.Rows = matchSignups(v.L, views, v.Q)
	if len(v.Rows) > checkinLimit {
		v.Rows, v.More = v.Rows[:checkinLimit], true
	}
	v.Active, v.Current = activeShifts(v.L, views, time.Now())
	if err := p.matchRoster(v, views); err != nil {
		return nil, err
	}
	v.Problems = errs.summary(v.L, "walkin.f.", walkinFields)
	return v, nil
}

// matchSignups lists the signups of active shifts whose name, or a word
// of it, starts with q (any case), by name.
func matchSignups(l *Locale, views []node.ShiftView, q string) []checkinRow {
	q = strings.ToLower(q)
	var out []checkinRow
	add := func(sv node.ShiftView, s node.Signup, pos int) {
		if namePrefix(s.Name, q) {
			out = append(out, checkinRow{SignupID: s.ID, Name: s.Name, Shift: shiftLabel(l, sv.Shift), Position: pos, In: s.Status == "attended"})
		}
	}
	for _, sv := range views {
		if sv.Shift.Status == "cancelled" {
			continue
		}
		for _, s := range sv.Seated {
			add(sv, s, 0)
		}
		for i, s := range sv.Waitlist {
			add(sv, s, i+1)
		}
	}
	slices.SortStableFunc(out, func(a, b checkinRow) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

func namePrefix(name, q string) bool {
	if q == "" {
		return true
	}
	name = strings.ToLower(name)
	if strings.HasPrefix(name, q) {
		return true
	}
	for _, w := range strings.Fields(name) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}
