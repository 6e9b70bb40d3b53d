package ui

import (
	"net/http"

	"muster/node"
)

// page is what the layout needs; every view struct embeds it.
type page struct {
	L     *Locale
	Langs []*Locale
	Title string // already translated
	Path  string // this page's URL, for the language switch to come back to
	Nav   string // "dashboard", "campaigns" or "roster": marks the current link
	Live  string // entity types whose changes reload this page's live regions
	// LiveEvery, when not 0, also reloads the live regions every so many
	// seconds, for what changes without a node change (peers' status).
	LiveEvery int
	Node      nodeStatusView
	// Version counts the ops this node held when the page was rendered; a
	// page whose socket opens at a later version refetches what it missed.
	Version uint64
}

func (pg *page) base() *page { return pg }

// nodeStatusView is the node-status partial: who this device is and how it
// syncs. The live indicator is filled in by live.js.
type nodeStatusView struct {
	Device string // short device id
	Peers  int
	InSync int
	Detail string
}

// Alone is true when no peer is known: "this device only".
func (s nodeStatusView) Alone() bool { return s.Peers == 0 }

// newPage builds the common part of a view for this request.
func (p *Pages) newPage(r *http.Request, titleKey, nav, live string) page {
	l := p.cats.pick(r)
	ps := p.peerSummary()
	return page{
		L: l, Langs: p.cats.list, Title: l.T(titleKey), Path: r.URL.RequestURI(),
		Nav: nav, Live: live, Version: p.version(),
		Node: nodeStatusView{Device: p.node.ID().Short(), Peers: ps.Peers, InSync: ps.InSync, Detail: ps.Detail},
	}
}

// version sums the node's version vector: it grows with every op applied.
func (p *Pages) version() uint64 {
	var v uint64
	for _, seq := range p.node.VersionVector() {
		v += seq
	}
	return v
}

// campaignCard is one campaign as lists and the dashboard show it.
type campaignCard struct {
	node.Campaign
	HasGoal bool
}

func newCampaignCard(c node.Campaign) campaignCard {
	return campaignCard{Campaign: c, HasGoal: c.Goal != nil && c.Goal.Amount > 0}
}

// errorView is the page for 404 and other plain errors.
type errorView struct {
	page
	Message string
}

func (p *Pages) notFound(w http.ResponseWriter, r *http.Request) {
	v := &errorView{page: p.newPage(r, "error.notfound.title", "", "")}
	v.Message = v.L.T("error.notfound.text")
	p.render(w, r, http.StatusNotFound, "error", v)
}

func (p *Pages) serverError(w http.ResponseWriter, r *http.Request, err error) {
	p.log.Error("page", "method", r.Method, "path", r.URL.Path, "err", err)
	v := &errorView{page: p.newPage(r, "error.server.title", "", "")}
	v.Message = v.L.T("error.server.text")
	p.render(w, r, http.StatusInternalServerError, "error", v)
}
