package ui

import (
	"net/http"

	"muster/node"
)

// peopleCreate adds a person to the roster from a PersonPatch: 201 with
// the person and its Location.
func (s *Server) peopleCreate(w http.ResponseWriter, r *http.Request) {
	var p node.PersonPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	c, err := s.node.CreatePerson(p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("people", c.ID))
	writeJSON(w, http.StatusCreated, c)
}
