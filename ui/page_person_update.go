package ui

import (
	"net/http"
)

// personUpdate saves the edited person.
func (p *Pages) personUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, l := r.PathValue("id"), p.cats.pick(r)
	f := readPersonForm(r)
	patch, errs := f.patch(l, true)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, id, f, errs))
		return
	}
	_, err := p.node.UpdatePerson(id, patch)
	if errs, ok := fieldErrors(l, err, personFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "person_form", p.personFormView(r, id, f, errs))
		return
	}
	p.redirectAfter(w, r, err, "/people")
}
