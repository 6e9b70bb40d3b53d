package ui

import (
	"net/http"

	"muster/node"
)

// signupForm is what the public signup posts, kept as typed.
type signupForm struct {
	Name, Phone, Email       string
	Shifts                   map[string]bool
	ConsentSMS, ConsentEmail bool
}

// signupFields is the form's field order, for the error summary.
var signupFields = []string{"name", "phone", "email", "shifts"}

// signupShift is one shift a volunteer can tick.
type signupShift struct {
	ID, Label string
	Left      int // seats still free; 0 means a signup joins the waitlist
	Waiting   int
}

type signupView struct {
	page
	E        node.Event
	Shifts   []signupShift
	Form     signupForm
	Errors   formErrors
	Problems []problem
	Closed   bool // the event is cancelled or has no open shift
}

// signupShow is the public one-page signup for an event: the page to
// share. It is kept small: no navigation, nothing but the form.
func (p *Pages) signupShow(w http.ResponseWriter, r *http.Request) {
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	v, err := p.signupView(r, ev, signupForm{}, nil)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "signup", v)
}

func (p *Pages) signupView(r *http.Request, ev node.Event, f signupForm, errs formErrors) (*signupView, error) {
	views, err := p.eventRosters(ev.ID)
	if err != nil {
		return nil, err
	}
	v := &signupView{page: p.newPage(r, "", "public", ""), E: ev, Form: f, Errors: errs}
	v.Title = ev.Title
	if ev.Status != "cancelled" {
		for _, sv := range views {
			if sv.Shift.Status == "cancelled" {
				continue
			}
			v.Shifts = append(v.Shifts, signupShift{
				ID: sv.Shift.ID, Label: shiftLabel(v.L, sv.Shift),
				Left: max(sv.Shift.Capacity-len(sv.Seated), 0), Waiting: len(sv.Waitlist),
			})
		}
	}
	v.Closed = len(v.Shifts) == 0
	v.Problems = errs.summary(v.L, "signup.f.", signupFields)
	return v, nil
}
