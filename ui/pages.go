package ui

// How the pages fit together (read this before adding one):
//
//   - One handler per file, page_<resource>_<action>.go, registered in
//     Register below. GET renders; POST parses the form (parseForm), calls
//     one node method and redirects with 303 (seeOther) or, when the node
//     returns *node.ValidationError, renders the form again with status 422,
//     everything typed kept and each message (translated by its Code) next
//     to its field (fieldErrors, page_form.go).
//   - Each view is templates/<view>.html defining "content", listed in
//     views (page_render.go) so that NewPages fails fast when one is
//     missing. It is parsed once per language with layout.html and
//     partials.html; its data is a typed struct embedding page (page_view.go).
//   - Every string comes from locales/<lang>.json (plus part files
//     <lang>.<part>.json, one per feature): {{t "key"}} and, for
//     counts, {{tn "key" n}} with CLDR plural forms (.one, .other; Arabic
//     also .zero, .two, .few, .many). i18n_test.go checks that every
//     catalog has every key and that every key a template uses exists.
//   - Live updates: the page's Live field names the entity types it shows
//     ("person", "campaign"); elements marked data-live="name" are the
//     regions static/live.js refetches and swaps when the websocket (hub,
//     live_hub.go) reports a change of one of those types. Keep forms a
//     person types into outside data-live regions, or accept that a region
//     holding the focused field waits until the person leaves it.
//   - The Sync page (/peers) and bundles (GET and POST /api/v1/bundle, which
//     serve scripts and the page's forms) get their data through hooks
//     (sync_hooks.go) that cmd/muster sets: ui does not import sync. A page
//     may also ask to be refreshed every few seconds (page.LiveEvery), for
//     what changes without a node change, such as a peer coming online.
//   - browser_test.go drives all of it in headless Chromium against a real
//     muster process, with axe-core on every page.

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

	"muster/node"
)

// PeerSummary is what the node-status partial says about sync. The zero
// value means "this device only".
type PeerSummary struct {
	Peers  int    // peers currently known
	InSync int    // peers whose data equals ours
	Detail string // optional free text, e.g. the last sync error
}

// Pages serves the server-rendered web UI: HTML pages, static assets, the
// language switch and the live-update websocket.
type Pages struct {
	node   *node.Node
	log    *slog.Logger
	cats   *catalogs
	assets *assets
	engine *engine
	hub    *hub

	mu       sync.RWMutex
	peers    func() PeerSummary
	syncView func() SyncView // sync_hooks.go
	bundles  BundleHooks
	channels *Channels // outbox_channels.go; nil until cmd/muster says
}

// NewPages parses every template and catalog once and fails fast if one is
// missing or broken.
func NewPages(n *node.Node, log *slog.Logger) (*Pages, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "pages")
	cats, err := loadCatalogs()
	if err != nil {
		return nil, fmt.Errorf("new pages: %w", err)
	}
	a, err := loadAssets()
	if err != nil {
		return nil, fmt.Errorf("new pages: %w", err)
	}
	e, err := newEngine(cats, a)
	if err != nil {
		return nil, fmt.Errorf("new pages: %w", err)
	}
	return &Pages{node: n, log: log, cats: cats, assets: a, engine: e, hub: newHub(n, log)}, nil
}

// SetPeerStatus installs the function the node-status partial asks for the
// sync state. Nil restores "this device only".
func (p *Pages) SetPeerStatus(f func() PeerSummary) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.peers = f
}

// peerSummary asks SetPeerStatus's function or, without one, counts the
// Sync page's peers, so the status line and the page agree.
func (p *Pages) peerSummary() PeerSummary {
	p.mu.RLock()
	f, sv := p.peers, p.syncView
	p.mu.RUnlock()
	switch {
	case f != nil:
		return f()
	case sv != nil:
		var s PeerSummary
		for _, r := range sv().Peers {
			s.Peers++
			if r.InSync() {
				s.InSync++
			}
		}
		return s
	}
	return PeerSummary{}
}

// Close drops every live-update connection (hijacked websockets outlive an
// http.Server's Shutdown); the pages reconnect to the next server.
func (p *Pages) Close() { p.hub.closeAll() }

// Register adds the page routes to mux.
func (p *Pages) Register(mux *http.ServeMux) {
	post := func(h http.HandlerFunc) http.Handler { return sameOrigin(h) }
	mux.HandleFunc("GET /{$}", p.dashboard)
	mux.HandleFunc("GET /campaigns", p.campaignList)
	mux.HandleFunc("GET /campaigns/new", p.campaignNew)
	mux.Handle("POST /campaigns", post(p.campaignCreate))
	mux.HandleFunc("GET /campaigns/{id}", p.campaignShow)
	mux.HandleFunc("GET /campaigns/{id}/edit", p.campaignEdit)
	mux.Handle("POST /campaigns/{id}", post(p.campaignUpdate))
	mux.Handle("POST /campaigns/{id}/tally", post(p.campaignTally))
	mux.Handle("POST /campaigns/{id}/delete", post(p.campaignDelete))
	mux.HandleFunc("GET /people", p.roster)
	mux.HandleFunc("GET /people/new", p.personNew)
	mux.Handle("POST /people", post(p.personCreate))
	mux.Handle("POST /people/bulk", post(p.peopleBulk))
	mux.HandleFunc("GET /people/{id}", p.personEdit)
	mux.Handle("POST /people/{id}", post(p.personUpdate))
	mux.Handle("POST /people/{id}/delete", post(p.personDelete))
	p.registerEvents(mux, post)
	p.registerTasks(mux, post)
	mux.HandleFunc("GET /outbox", p.outboxPage)
	mux.HandleFunc("GET /peers", p.peersShow)
	mux.Handle("POST /lang", post(p.langSet))
	mux.Handle("GET /static/", p.assets)
	mux.HandleFunc("GET /ws", p.liveSocket)
	mux.HandleFunc("/", p.notFound) // any other path: a page that leads home
}

// sameOrigin refuses a form posted from another web site: the node listens
// on a well-known local port, so any page a person visits could try.
func sameOrigin(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			http.Error(w, "cross-site form refused", http.StatusForbidden)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "null" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				http.Error(w, "cross-origin form refused", http.StatusForbidden)
				return
			}
		}
		h(w, r)
	})
}
