package ui

import "net/http"

// campaignCreate stores a new campaign, or shows the form again with every
// problem next to its field and everything typed kept.
func (p *Pages) campaignCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	l := p.cats.pick(r)
	f := readCampaignForm(r)
	patch, errs := f.patch(l, false)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "campaign_form", p.campaignFormView(r, "", f, errs))
		return
	}
	c, err := p.node.CreateCampaign(patch)
	if errs, ok := fieldErrors(l, err, campaignFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "campaign_form", p.campaignFormView(r, "", f, errs))
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	seeOther(w, r, "/campaigns/"+c.ID)
}
