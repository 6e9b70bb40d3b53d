package ui

import "net/http"

// campaignsDelete deletes a campaign: 204, or 404 if there is none.
func (s *Server) campaignsDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	if err := s.node.DeleteCampaign(id); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
