package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

type campaignShowView struct {
	page
	C        campaignCard
	Tally    string // the count field, as typed when it was refused
	TallyErr string
}

// campaignShow is a campaign's page: its progress and, as the one next
// step, a form to record the count.
func (p *Pages) campaignShow(w http.ResponseWriter, r *http.Request) {
	c, err := p.node.Campaign(r.PathValue("id"))
	if errors.Is(err, node.ErrNotFound) {
		p.notFound(w, r)
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "campaign_show", p.campaignShowView(r, c, fmtNumber(c.Tally), ""))
}

func (p *Pages) campaignShowView(r *http.Request, c node.Campaign, tally, tallyErr string) *campaignShowView {
	v := &campaignShowView{page: p.newPage(r, "", "campaigns", "campaign"), C: newCampaignCard(c), Tally: tally, TallyErr: tallyErr}
	v.Title = c.Title
	return v
}
