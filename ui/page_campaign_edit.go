package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// campaignEdit shows the form filled with the campaign as it is now.
func (p *Pages) campaignEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, err := p.node.Campaign(id)
	if errors.Is(err, node.ErrNotFound) {
		p.notFound(w, r)
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "campaign_form", p.campaignFormView(r, id, campaignFormOf(c), nil))
}
