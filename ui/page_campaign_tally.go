package ui

import (
	"net/http"

	"muster/node"
)

// campaignTally records how much has been counted toward the goal.
func (p *Pages) campaignTally(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, typed, l := r.PathValue("id"), r.PostForm.Get("tally"), p.cats.pick(r)
	tally, ok := optNumber(typed)
	if !ok || tally == nil {
		p.tallyRefused(w, r, id, typed, l.T("error.invalid_number"))
		return
	}
	_, err := p.node.UpdateCampaign(id, node.CampaignPatch{Tally: tally})
	if fe, invalid := fieldErrors(l, err, []string{"tally"}); invalid {
		p.tallyRefused(w, r, id, typed, fe.first("tally"))
		return
	}
	p.redirectAfter(w, r, err, "/campaigns/"+id)
}

// tallyRefused shows the campaign again with the refused count and why.
func (p *Pages) tallyRefused(w http.ResponseWriter, r *http.Request, id, typed, msg string) {
	c, err := p.node.Campaign(id)
	if err != nil {
		p.notFound(w, r)
		return
	}
	p.render(w, r, http.StatusUnprocessableEntity, "campaign_show", p.campaignShowView(r, c, typed, msg))
}
