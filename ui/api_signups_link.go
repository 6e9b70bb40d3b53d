package ui

import (
	"log/slog"
	"net/http"

	"muster/node"
)

// SetSignupKey turns on the volunteers' personal signup pages: it mounts
// GET and POST /s/{signup}/{token} (page_signup_link.go) and
// GET /api/v1/signups/{id}/link, with tokens made from key (cmd/muster
// passes the team's "signup" key, as SetCalendarKey does with the
// "calendar" key). Without a key those paths answer 404. Call it at most
// once, before Serve; an empty key changes nothing.
func (s *Server) SetSignupKey(key []byte) {
	if len(key) == 0 {
		return
	}
	key = append([]byte(nil), key...)
	sl := &signupLinks{pages: s.pages, key: key}
	s.Mount("GET /s/{signup}/{token}", http.HandlerFunc(sl.show))
	s.Mount("POST /s/{signup}/{token}", sameOrigin(sl.answer))
	s.Mount("GET /api/v1/signups/{id}/link", &signupLinkAPI{node: s.node, log: s.log, key: key})
}

type signupLinkAPI struct {
	node *node.Node
	log  *slog.Logger
	key  []byte
}

// signupLink is where a volunteer confirms or cancels one signup.
type signupLink struct {
	URL string `json:"url"`
}

// ServeHTTP answers a signup's personal link, absolute on the host the
// request came to, for an organizer to pass on by hand.
func (a *signupLinkAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, a.log, err)
		return
	}
	if _, err := a.node.SignupByID(id); err != nil {
		writeFailure(w, r, a.log, err)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeJSON(w, http.StatusOK, signupLink{URL: SignupLink(scheme+"://"+r.Host, a.key, id)})
}
