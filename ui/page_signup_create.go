package ui

import (
	"net/http"
	"net/url"
	"strings"

	"muster/node"
)

// signupCreate signs a volunteer up for the shifts they ticked and shows
// where they stand, or the form again with what to fix.
func (p *Pages) signupCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	ev, ok := p.loadEvent(w, r)
	if !ok {
		return
	}
	l := p.cats.pick(r)
	f := readSignupForm(r)
	in := f.input()
	in.Lang = l.Lang // their messages are written in the language they signed up in
	res, err := p.node.SignUp(ev.ID, in)
	if errs, invalid := fieldErrors(l, err, signupFields); invalid {
		v, err := p.signupView(r, ev, f, errs)
		if err != nil {
			p.serverError(w, r, err)
			return
		}
		p.render(w, r, http.StatusUnprocessableEntity, "signup", v)
		return
	}
	p.redirectAfter(w, r, err, "/e/"+ev.ID+"/done?p="+url.QueryEscape(res.Person.ID))
}

func readSignupForm(r *http.Request) signupForm {
	v := r.PostForm.Get
	f := signupForm{
		Name: v("name"), Phone: v("phone"), Email: v("email"), Shifts: map[string]bool{},
		ConsentSMS: v("consent_sms") != "", ConsentEmail: v("consent_email") != "",
	}
	for _, s := range r.PostForm["shift"] {
		f.Shifts[s] = true
	}
	return f
}

func (f signupForm) input() node.SignupInput {
	in := node.SignupInput{
		Name: strings.TrimSpace(f.Name), Phone: strings.TrimSpace(f.Phone), Email: strings.TrimSpace(f.Email),
		ConsentSMS: f.ConsentSMS, ConsentEmail: f.ConsentEmail, Shifts: []string{},
	}
	for s := range f.Shifts {
		in.Shifts = append(in.Shifts, s)
	}
	return in
}
