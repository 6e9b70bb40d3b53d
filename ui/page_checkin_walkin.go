package ui

import (
	"net/http"
	"strings"

	"muster/node"
)

// checkinWalkin signs up someone who came without signing up, for one
// shift, and checks them in at once. A name is enough: a walk-in without a
// phone or email gets no messages but counts in turnout.
func (p *Pages) checkinWalkin(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	l, v := p.cats.pick(r), r.PostForm.Get
	f := walkinForm{Name: v("name"), Phone: v("phone"), Email: v("email"), Shift: v("shift")}
	in := node.WalkinInput{
		Name: strings.TrimSpace(f.Name), Phone: strings.TrimSpace(f.Phone), Email: strings.TrimSpace(f.Email),
		Shift: f.Shift,
	}
	s, err := p.node.WalkIn(ev.ID, in)
	if errs, invalid := fieldErrors(l, err, []string{"name", "phone", "email", "shift", "shifts"}); invalid {
		if m, ok := errs["shifts"]; ok {
			errs["shift"] = m
			delete(errs, "shifts")
		}
		p.walkinRefused(w, r, ev, f, errs)
		return
	}
	p.redirectAfter(w, r, err, checkinURL(ev.ID, "", s.ID))
}

func (p *Pages) walkinRefused(w http.ResponseWriter, r *http.Request, ev node.Event, f walkinForm, errs formErrors) {
	v, err := p.checkinView(r, ev, "", f, errs)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusUnprocessableEntity, "checkin", v)
}
