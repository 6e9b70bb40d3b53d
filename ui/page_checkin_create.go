package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"muster/node"
)

// checkinCreate checks one signup in: the one tap. Checking in someone
// already in changes nothing, so a second device's tap counts once.
func (p *Pages) checkinCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, sid := r.PathValue("id"), r.PostForm.Get("signup")
	if !strings.HasPrefix(sid, id+".") {
		p.notFound(w, r)
		return
	}
	_, err := p.node.CheckIn(sid)
	var ve *node.ValidationError
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case errors.As(err, &ve): // cancelled meanwhile: the list shows it gone
		seeOther(w, r, checkinURL(id, r.PostForm.Get("q"), ""))
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, checkinURL(id, r.PostForm.Get("q"), sid))
	}
}

// checkinURL is the check-in page with its search and who was just
// checked in.
func checkinURL(eventID, q, in string) string {
	v := url.Values{}
	if q = strings.TrimSpace(q); q != "" {
		v.Set("q", q)
	}
	if in != "" {
		v.Set("in", in)
	}
	u := "/events/" + eventID + "/checkin"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}
