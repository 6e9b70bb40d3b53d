package ui

import "net/http"

// signupsCheckin marks a signup attended; doing it twice, here or on
// another node, counts once. It takes no body.
func (s *Server) signupsCheckin(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	su, err := s.node.CheckIn(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, su)
}
