package ui

import "net/http"

// campaignsGet returns one campaign with its derived progress.
func (s *Server) campaignsGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	c, err := s.node.Campaign(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
