package ui

import (
	"net/http"

	"muster/node"
)

// signupPlace is where a volunteer stands on one shift.
type signupPlace struct {
	Label    string
	Position int // 0 when seated, else their place on the waitlist
}

type signupDoneView struct {
	page
	E      node.Event
	Places []signupPlace
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
	p.render(w, r, http.StatusOK, "signup_done", v)
}

func placesOf(l *Locale, views []node.ShiftView, person string) []signupPlace {
	var out []signupPlace
	for _, sv := range views {
		for _, s := range sv.Seated {
			if s.Person == person && person != "" {
				out = append(out, signupPlace{Label: shiftLabel(l, sv.Shift)})
			}
		}
		for i, s := range sv.Waitlist {
			if s.Person == person && person != "" {
				out = append(out, signupPlace{Label: shiftLabel(l, sv.Shift), Position: i + 1})
			}
		}
	}
	return out
}
