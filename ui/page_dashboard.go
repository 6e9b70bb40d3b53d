package ui

import (
	"net/http"

	"muster/node"
)

// nextStep is the one thing the dashboard asks a person to do now.
type nextStep struct {
	Text   string // why, already translated
	Action string // the button's label
	Href   string
}

type dashboardView struct {
	page
	Campaigns []campaignCard
	People    int
	Available int
	Next      nextStep
	Messages  outboxSummary // messages to volunteers per state
}

// dashboard shows the active campaigns with their progress, the roster at a
// glance and the one next thing to do.
func (p *Pages) dashboard(w http.ResponseWriter, r *http.Request) {
	active, err := p.node.Campaigns(node.CampaignQuery{Status: "active"})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	all, err := p.node.People(node.PeopleQuery{Limit: 1})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	avail, err := p.node.People(node.PeopleQuery{Status: "available", Limit: 1})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v := &dashboardView{page: p.newPage(r, "dash.title", "dashboard", "campaign person message signup"), People: all.Total, Available: avail.Total}
	for _, c := range active {
		v.Campaigns = append(v.Campaigns, newCampaignCard(c))
	}
	v.Next = nextFor(v.L, len(active), all.Total, avail.Total)
	ms, err := p.node.Outbox(node.OutboxQuery{})
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v.Messages = summarizeOutbox(v.L, ms, nil, "")
	p.render(w, r, http.StatusOK, "dashboard", v)
}

// nextFor picks the next step: a campaign first, then people, then
// putting available people to work.
func nextFor(l *Locale, campaigns, people, available int) nextStep {
	switch {
	case campaigns == 0:
		return nextStep{l.T("next.campaign.text"), l.T("next.campaign.action"), "/campaigns/new"}
	case people == 0:
		return nextStep{l.T("next.person.text"), l.T("next.person.action"), "/people/new"}
	case available > 0:
		return nextStep{l.N("next.deploy.text", available), l.T("next.deploy.action"), "/people?status=available"}
	}
	return nextStep{l.T("next.grow.text"), l.T("next.person.action"), "/people/new"}
}
