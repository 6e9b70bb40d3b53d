package ui

import "net/http"

// eventsCancel cancels an event and all its shifts; it takes no body.
func (s *Server) eventsCancel(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	ev, err := s.node.CancelEvent(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}
