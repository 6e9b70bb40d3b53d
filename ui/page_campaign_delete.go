package ui

import (
	"errors"
	"net/http"

	"muster/node"
)

// campaignDelete removes a campaign; deleting one already gone is fine.
func (p *Pages) campaignDelete(w http.ResponseWriter, r *http.Request) {
	err := p.node.DeleteCampaign(r.PathValue("id"))
	if err != nil && !errors.Is(err, node.ErrNotFound) {
		p.serverError(w, r, err)
		return
	}
	seeOther(w, r, "/campaigns")
}
