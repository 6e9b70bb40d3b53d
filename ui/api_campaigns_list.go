package ui

import (
	"net/http"

	"muster/node"
)

// campaignsResponse is the body of GET /api/v1/campaigns.
type campaignsResponse struct {
	Campaigns []node.Campaign `json:"campaigns"`
}

// campaignsList lists campaigns, optionally only those with ?status=.
func (s *Server) campaignsList(w http.ResponseWriter, r *http.Request) {
	q := node.CampaignQuery{Status: r.URL.Query().Get("status")}
	cs, err := s.node.Campaigns(q)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, campaignsResponse{Campaigns: nonNil(cs)})
}
