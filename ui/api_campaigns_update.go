package ui

import (
	"net/http"

	"muster/node"
)

// campaignsUpdate changes the fields the body sets and returns the campaign.
func (s *Server) campaignsUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var p node.CampaignPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	c, err := s.node.UpdateCampaign(id, p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
