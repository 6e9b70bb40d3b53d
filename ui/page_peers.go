package ui

import (
	"net/http"
	"strconv"
	"time"
)

// peersRefresh is how often, in seconds, an open Sync page refetches its
// live regions: peers come and go without any change to the node's data.
const peersRefresh = 5

type peersView struct {
	page
	SyncAddr string
	Team     string
	Summary  syncSummary
	Peers    []peerRowView
	Next     string // "invite", "offline", "syncing" or "insync"
	Bundles  bool   // export and import are wired
	Since    string // the vector typed for a partial download
	Result   string // what the last upload did, translated
	// Errors says why an upload ("bundle") or a partial download ("since")
	// was refused, or ("") why bundles cannot be used at all; Problems
	// lists the same atop the page.
	Errors   formErrors
	Problems []problem
}

// peersShow is the Sync page: this device, its peers and how in sync each
// is, the next step, and bundles to carry data where no link reaches.
func (p *Pages) peersShow(w http.ResponseWriter, r *http.Request) {
	v := p.newPeersView(r)
	q := r.URL.Query()
	if a, err := strconv.Atoi(q.Get("applied")); err == nil && a >= 0 {
		d, _ := strconv.Atoi(q.Get("duplicate"))
		v.Result = bundleResult(v.L, a, max(d, 0))
	}
	p.render(w, r, http.StatusOK, "peers", v)
}

// renderPeers shows the Sync page again with an error about field (a
// bundle), for the forms that post or link to /api/v1/bundle. That page
// is not live: refetching its URL would export or import again.
func (p *Pages) renderPeers(w http.ResponseWriter, r *http.Request, status int, field, errKey, since string) {
	v := p.newPeersView(r)
	v.Path = "/peers" // the language switch returns to the page, not the API
	v.Live, v.LiveEvery = "", 0
	msg := v.L.T(errKey)
	v.Errors, v.Since = formErrors{field: msg}, since
	v.Problems = []problem{{Field: field, Message: msg}}
	p.render(w, r, status, "peers", v)
}

func (p *Pages) newPeersView(r *http.Request) *peersView {
	sv := p.syncStatus()
	_, hooks := p.bundleHooks()
	v := &peersView{
		page:     p.newPage(r, "peers.title", "peers", "campaign person"),
		SyncAddr: sv.SyncAddr, Team: sv.Team, Bundles: hooks,
	}
	v.LiveEvery = peersRefresh
	now := time.Now()
	for _, row := range sv.Peers {
		v.Peers = append(v.Peers, newPeerRowView(v.L, row, now))
	}
	v.Summary = summarize(v.L, sv.Peers)
	v.Next = nextSync(sv.Peers)
	return v
}
