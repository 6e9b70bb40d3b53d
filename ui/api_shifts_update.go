package ui

import (
	"net/http"

	"muster/node"
)

// shiftsUpdate changes the fields the body sets and returns the shift.
func (s *Server) shiftsUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var p node.ShiftPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	sh, err := s.node.UpdateShift(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, sh)
}
