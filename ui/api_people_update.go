package ui

import (
	"net/http"

	"muster/node"
)

// peopleUpdate changes the fields the body sets and returns the person.
func (s *Server) peopleUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var p node.PersonPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	c, err := s.node.UpdatePerson(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
