package ui

import (
	"net/http"

	"muster/node"
)

// eventsUpdate changes the fields the body sets and returns the event.
func (s *Server) eventsUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var p node.EventPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	ev, err := s.node.UpdateEvent(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}
