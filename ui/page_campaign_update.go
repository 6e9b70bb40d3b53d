package ui

import (
	"net/http"
)

// campaignUpdate saves the edited campaign.
func (p *Pages) campaignUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	l := p.cats.pick(r)
	f := readCampaignForm(r)
	patch, errs := f.patch(l, true)
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "campaign_form", p.campaignFormView(r, id, f, errs))
		return
	}
	_, err := p.node.UpdateCampaign(id, patch)
	if errs, ok := fieldErrors(l, err, campaignFields); ok {
		p.render(w, r, http.StatusUnprocessableEntity, "campaign_form", p.campaignFormView(r, id, f, errs))
		return
	}
	p.redirectAfter(w, r, err, "/campaigns/"+id)
}
