package ui

import (
	"errors"
	"net/http"
	"strings"

	"muster/node"
)

// signupsArg is what the event page's signups list needs of a shift.
type signupsArg struct {
	Event string
	Shift shiftRow
}

// eventSignupConfirm marks a signup confirmed for its volunteer (who said
// so by phone, say), from the event page.
func (p *Pages) eventSignupConfirm(w http.ResponseWriter, r *http.Request) {
	p.eventSignupDo(w, r, p.node.ConfirmSignup)
}

// eventSignupUndo takes back a check-in tapped by mistake.
func (p *Pages) eventSignupUndo(w http.ResponseWriter, r *http.Request) {
	p.eventSignupDo(w, r, p.node.UndoCheckIn)
}

func (p *Pages) eventSignupDo(w http.ResponseWriter, r *http.Request, do func(string) (node.Signup, error)) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, sid := r.PathValue("id"), r.PostForm.Get("signup")
	if !strings.HasPrefix(sid, id+".") {
		p.notFound(w, r)
		return
	}
	_, err := do(sid)
	var ve *node.ValidationError
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil && !errors.As(err, &ve): // a validation error: the page shows why (cancelled)
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/events/"+id+"#signup-"+sid)
	}
}
