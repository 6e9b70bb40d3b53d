package ui

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"log/slog"
	"net/http"
	"strings"

	"muster/node"
)

// SetCalendarKey turns on the volunteers' calendar feeds: it mounts
// GET /calendar/{person}/{token}.ics and GET /api/v1/people/{id}/calendar,
// with feed tokens derived from key (cmd/muster passes the team's
// "calendar" key, so every node of the team makes the same URL). Without
// a key there are no feeds: those paths answer 404. Like Mount, call it
// at most once, before Serve; an empty key changes nothing.
func (s *Server) SetCalendarKey(key []byte) {
	if len(key) == 0 {
		return
	}
	f := &calendarFeeds{node: s.node, log: s.log, key: append([]byte(nil), key...)}
	s.Mount("GET /calendar/{person}/{file}", http.HandlerFunc(f.feedGet))
	s.Mount("GET /api/v1/people/{id}/calendar", http.HandlerFunc(f.urlGet))
}

// calendarFeeds serves the feeds; key is never shown, only tokens made
// from it.
type calendarFeeds struct {
	node *node.Node
	log  *slog.Logger
	key  []byte
}

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// token is the secret part of a person's feed URL: the first 160 bits of
// HMAC-SHA256(key, "muster calendar feed\x00" + person id), in lower-case
// base32. Knowing it gives read access to that person's calendar only.
func (f *calendarFeeds) token(personID string) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte("muster calendar feed\x00" + personID))
	return strings.ToLower(tokenEncoding.EncodeToString(m.Sum(nil)[:20]))
}

// validToken compares in constant time, so that timing does not tell how
// much of a guess was right.
func (f *calendarFeeds) validToken(personID, token string) bool {
	return hmac.Equal([]byte(f.token(personID)), []byte(token))
}

// feedPath is the path of a person's feed.
func (f *calendarFeeds) feedPath(personID string) string {
	return "/calendar/" + personID + "/" + f.token(personID) + ".ics"
}
