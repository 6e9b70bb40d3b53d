package ui

import (
	"net/http"

	"muster/node"
)

// eventResponse is an event with its shifts, by start time.
type eventResponse struct {
	node.Event
	Shifts []node.Shift `json:"shifts"`
}

// eventsGet returns one event with its shifts.
func (s *Server) eventsGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	ev, err := s.node.Event(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	shifts, err := s.node.Shifts(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, eventResponse{Event: ev, Shifts: nonNil(shifts)})
}
