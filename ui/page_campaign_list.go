package ui

import (
	"net/http"

	"muster/node"
)

type campaignListView struct {
	page
	Campaigns []campaignCard
}

// campaignList lists every campaign, active ones first.
func (p *Pages) campaignList(w http.ResponseWriter, r *http.Request) {
	cs, err := p.node.Campaigns(node.CampaignQuery{})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v := &campaignListView{page: p.newPage(r, "campaigns.title", "campaigns", "campaign")}
	for _, status := range []string{"active", "draft", "closed"} {
		for _, c := range cs {
			if c.Status == status {
				v.Campaigns = append(v.Campaigns, newCampaignCard(c))
			}
		}
	}
	p.render(w, r, http.StatusOK, "campaigns", v)
}
