package ui

import (
	"net/http"
	"net/url"
)

// personCreate adds a person and comes back to an empty form, so that a
// whole team can be typed in one after the other.
func (p *Pages) personCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	l := p.cats.pick(r)
	f := readPersonForm(r)
	patch, errs := f.patch(l, false)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, "", f, errs))
		return
	}
	person, err := p.node.CreatePerson(patch)
	if errs, ok := fieldErrors(l, err, personFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, "", f, errs))
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	seeOther(w, r, "/people/new?added="+url.QueryEscape(person.Name))
}
