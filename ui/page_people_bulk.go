package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"muster/node"
)

// bulkForm is the action applied to the people ticked on the roster.
type bulkForm struct {
	Action  string // "status:available", "role:add", "role:remove", ...
	RoleTag string
}

// peopleBulk applies one action to every selected person.
func (p *Pages) peopleBulk(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	l := p.cats.pick(r)
	ids := r.PostForm["id"]
	f := bulkForm{Action: r.PostForm.Get("action"), RoleTag: strings.TrimSpace(r.PostForm.Get("role_tag"))}
	back := safeBack(r.PostForm.Get("back"))
	patch, errs := f.patch(l)
	if len(ids) == 0 {
		errs[""] = l.T("bulk.none")
	}
	var n int
	if len(errs) == 0 {
		var err error
		n, err = p.node.UpdatePeople(ids, patch)
		if fe, invalid := fieldErrors(l, err, []string{"status", "add_roles", "remove_roles"}); invalid {
			errs = formErrors{}
			for f, m := range fe { // the node names patch fields; show them on the form's
				if f == "status" {
					errs["action"] = m
				} else {
					errs["role_tag"] = m
				}
			}
		} else if err != nil {
			p.serverError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		p.bulkRefused(w, r, back, ids, f, errs)
		return
	}
	seeOther(w, r, back+sepFor(back)+"done="+strconv.Itoa(n))
}

func (f bulkForm) patch(l *Locale) (node.PersonPatch, formErrors) {
	errs := formErrors{}
	kind, arg, _ := strings.Cut(f.Action, ":")
	var p node.PersonPatch
	switch {
	case kind == "status":
		p.Status = ptr(arg)
	case kind == "role" && f.RoleTag == "":
		errs["role_tag"] = l.T("error.required")
	case kind == "role" && arg == "add":
		p.AddRoles = []string{f.RoleTag}
	case kind == "role" && arg == "remove":
		p.RemoveRoles = []string{f.RoleTag}
	default:
		errs["action"] = l.T("error.invalid_choice")
	}
	return p, errs
}

// bulkRefused shows the roster again with the ticks and the action kept.
func (p *Pages) bulkRefused(w http.ResponseWriter, r *http.Request, back string, ids []string, f bulkForm, errs formErrors) {
	u, _ := url.Parse(back)
	v, err := p.rosterView(r, readRosterQuery(u.Query()))
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v.Path = back
	v.Bulk, v.Errors = f, errs
	for _, id := range ids {
		v.Selected[id] = true
	}
	p.render(w, r, http.StatusUnprocessableEntity, "roster", v)
}

// safeBack keeps a return address on this site's roster.
func safeBack(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Path != "/people" || u.Host != "" || u.Scheme != "" {
		return "/people"
	}
	q := u.Query()
	q.Del("done")
	if len(q) == 0 {
		return "/people"
	}
	return "/people?" + q.Encode()
}
