package ui

import "net/http"

// signupsCancel cancels a signup; the first on the waitlist takes a freed
// seat. It takes no body.
func (s *Server) signupsCancel(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	su, err := s.node.CancelSignup(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, su)
}
