package ui

import "net/http"

// campaignNew shows an empty campaign form.
func (p *Pages) campaignNew(w http.ResponseWriter, r *http.Request) {
	f := campaignForm{Kind: "volunteer_drive", Status: "active"}
	p.render(w, r, http.StatusOK, "campaign_form", p.campaignFormView(r, "", f, nil))
}
