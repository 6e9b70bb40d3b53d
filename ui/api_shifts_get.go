package ui

import "net/http"

// shiftsGet returns a shift with who is seated, who waits (both in seat
// order) and turnout.
func (s *Server) shiftsGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	v, err := s.node.ShiftRoster(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
