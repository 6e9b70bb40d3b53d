package ui

import (
	"errors"
	"net/http"

	"muster/node"
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
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil:
		p.serverError(w, r, err)
	default:
		seeOther(w, r, "/campaigns/"+id)
	}
}
