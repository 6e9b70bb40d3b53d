package ui

import (
	"net/http"

	"muster/node"
)

// signupsCreate is the one-page signup for the event {id}: 201 with the
// person (found or created) and one signup per shift.
func (s *Server) signupsCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var in node.SignupInput
	if err := readJSON(w, r, &in); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	res, err := s.node.SignUp(id, in)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}
