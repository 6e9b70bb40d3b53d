package ui

import (
	"net/http"

	"muster/node"
)

// eventsCreate adds an event from an EventPatch: 201 with the event and
// its Location.
func (s *Server) eventsCreate(w http.ResponseWriter, r *http.Request) {
	var p node.EventPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	ev, err := s.node.CreateEvent(p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("events", ev.ID))
	writeJSON(w, http.StatusCreated, ev)
}
