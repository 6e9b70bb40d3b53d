package ui

import "net/http"

// personNew shows the add-person form: only the name is required.
func (p *Pages) personNew(w http.ResponseWriter, r *http.Request) {
	v := p.personFormView(r, "", personForm{Status: "available"}, nil)
	v.Added = r.URL.Query().Get("added")
	p.render(w, r, http.StatusOK, "person_form", v)
}
