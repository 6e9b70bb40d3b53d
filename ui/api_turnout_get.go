package ui

import "net/http"

// turnoutGet returns an event's turnout, shift by shift and in total:
// checked in / confirmed, and the seated, waitlisted, no-shows.
func (s *Server) turnoutGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	t, err := s.node.EventTurnout(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
