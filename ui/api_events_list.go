package ui

import (
	"net/http"

	"muster/node"
)

// eventsResponse is the body of GET /api/v1/events.
type eventsResponse struct {
	Events []node.Event `json:"events"`
}

// eventsList lists events, newest first, optionally only those of
// ?campaign= or with ?status=.
func (s *Server) eventsList(w http.ResponseWriter, r *http.Request) {
	q := node.EventQuery{Campaign: r.URL.Query().Get("campaign"), Status: r.URL.Query().Get("status")}
	evs, err := s.node.Events(q)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, eventsResponse{Events: nonNil(evs)})
}
