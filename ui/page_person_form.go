package ui

import (
	"net/http"
	"strings"

	"muster/node"
)

// personForm is what the person form posts, kept as typed.
type personForm struct {
	Name, Phone, Email, Skills, Roles, Availability, Status, Notes string
	ConsentSMS, ConsentEmail                                       bool
}

// personFields is the form's field order, for the error summary.
var personFields = []string{"name", "phone", "email", "skills", "roles", "availability", "status", "notes", "consent"}

type personFormView struct {
	page
	ID       string // empty when adding
	Form     personForm
	Errors   formErrors
	Problems []problem
	Statuses []string
	Added    string // the name just added, to confirm it
}

func (p *Pages) personFormView(r *http.Request, id string, f personForm, errs formErrors) *personFormView {
	title := "person.new.title"
	if id != "" {
		title = "person.edit.title"
	}
	v := &personFormView{
		page: p.newPage(r, title, "roster", ""), ID: id, Form: f, Errors: errs, Statuses: node.PersonStatuses,
	}
	v.Problems = errs.summary(v.L, "person.f.", personFields)
	return v
}

func readPersonForm(r *http.Request) personForm {
	v := r.PostForm.Get
	return personForm{
		Name: v("name"), Phone: v("phone"), Email: v("email"), Skills: v("skills"),
		Roles: v("roles"), Availability: v("availability"), Status: v("status"), Notes: v("notes"),
		ConsentSMS: v("consent_sms") != "", ConsentEmail: v("consent_email") != "",
	}
}

func personFormOf(p node.Person) personForm {
	return personForm{
		Name: p.Name, Phone: p.Phone, Email: p.Email, Skills: strings.Join(p.Skills, ", "),
		Roles: strings.Join(p.Roles, ", "), Availability: p.Availability, Status: p.Status,
		Notes: p.Notes, ConsentSMS: p.Consent.SMS, ConsentEmail: p.Consent.Email,
	}
}

// patch converts the form. When adding, blank optional fields are left
// out; when editing, every field is set so that clearing one clears it.
// The node validates everything in one go and reports every bad field, so
// the form checks only what the node would accept: an edit that blanks
// the name.
func (f personForm) patch(l *Locale, editing bool) (node.PersonPatch, formErrors) {
	errs := formErrors{}
	name := strings.TrimSpace(f.Name)
	if name == "" && editing {
		errs["name"] = l.T("error.required")
	}
	opt := func(s string) *string {
		s = strings.TrimSpace(s)
		if s == "" && !editing {
			return nil
		}
		return &s
	}
	p := node.PersonPatch{
		Name: &name, Phone: opt(f.Phone), Email: opt(f.Email), Availability: opt(f.Availability),
		Status: opt(f.Status), Notes: opt(f.Notes),
		Consent: &node.Consent{SMS: f.ConsentSMS, Email: f.ConsentEmail},
	}
	if skills := splitList(f.Skills); editing || len(skills) > 0 {
		p.Skills = &skills
	}
	if roles := splitList(f.Roles); editing || len(roles) > 0 {
		p.Roles = &roles
	}
	return p, errs
}
