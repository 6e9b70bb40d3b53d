package ui

import (
	"net/http"

	"muster/node"
)

// eventsDuplicate copies an event and its active shifts: 201 with the new
// event. The body (a DuplicateInput) is optional.
func (s *Server) eventsDuplicate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var in node.DuplicateInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			writeFailure(w, r, s.log, err)
			return
		}
	}
	ev, err := s.node.DuplicateEvent(id, in)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("events", ev.ID))
	writeJSON(w, http.StatusCreated, ev)
}
