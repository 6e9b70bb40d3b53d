package ui

import (
	"net/http"

	"muster/node"
)

// signupPlace is where a volunteer stands on one shift.
type signupPlace struct {
	Label    string
	Position int    // 0 when seated, else their place on the waitlist
	Invite   string // the signup's .ics invite, to add it to a calendar
}

type signupDoneView struct {
	page
	E       node.Event
	Places  []signupPlace
	Waiting bool // on the waitlist of some shift: say how seats free up
}

// signupDone is the confirmation after a signup: for each shift the person
// holds, "you're in" or their number on the waitlist. It is read from the
// merged state, so a reload shows where they stand now.
func (p *Pages) signupDone(w http.ResponseWriter, r *http.Request) {
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	views, err := p.eventRosters(ev.ID)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v := &signupDoneView{page: p.newPage(r, "signup.done.title", "public", ""), E: ev}
	v.Places = placesOf(v.L, views, r.URL.Query().Get("p"))
	for _, pl := range v.Places {
		v.Waiting = v.Waiting || pl.Position > 0
	}
	p.render(w, r, http.StatusOK, "signup_done", v)
}

func placesOf(l *Locale, views []node.ShiftView, person string) []signupPlace {
	var out []signupPlace
	for _, sv := range views {
		for _, s := range sv.Seated {
			if s.Person == person && person != "" {
				out = append(out, signupPlace{Label: shiftLabel(l, sv.Shift), Invite: inviteURL(s.ID)})
			}
		}
		for i, s := range sv.Waitlist {
			if s.Person == person && person != "" {
				out = append(out, signupPlace{Label: shiftLabel(l, sv.Shift), Position: i + 1, Invite: inviteURL(s.ID)})
			}
		}
	}
	return out
}

// inviteURL is a signup's calendar invite (api_calendar_invite.go).
func inviteURL(signupID string) string { return "/api/v1/signups/" + signupID + "/invite.ics" }
