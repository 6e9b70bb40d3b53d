package ui

import (
	"net/http"

	"muster/node"
)

// shiftsCreate adds a shift to the event {id} from a ShiftPatch: 201 with
// the shift and its Location.
func (s *Server) shiftsCreate(w http.ResponseWriter, r *http.Request) {
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
	sh, err := s.node.CreateShift(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("shifts", sh.ID))
	writeJSON(w, http.StatusCreated, sh)
}
