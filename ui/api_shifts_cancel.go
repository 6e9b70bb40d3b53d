package ui

import "net/http"

// shiftsCancel cancels a shift; it takes no body.
func (s *Server) shiftsCancel(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	sh, err := s.node.CancelShift(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, sh)
}
