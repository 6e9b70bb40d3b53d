package ui

import (
	"net/http"

	"muster/node"
)

// campaignsCreate creates a campaign from a CampaignPatch: 201 with the
// campaign and its Location.
func (s *Server) campaignsCreate(w http.ResponseWriter, r *http.Request) {
	var p node.CampaignPatch
	if err := readJSON(w, r, &p); err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	c, err := s.node.CreateCampaign(p)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("campaigns", c.ID))
	writeJSON(w, http.StatusCreated, c)
}
