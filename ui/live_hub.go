package ui

import (
	"encoding/json"
	"log/slog"
	"slices"
	"sync"
	"time"

	"muster/node"
)

// liveWindow coalesces changes: a burst of writes becomes at most one
// message per window, so a stream of edits costs each open page at most
// 20 refetches a second.
const liveWindow = 50 * time.Millisecond

// liveMaxRefs caps the refs in one message; past it only the types go out.
const liveMaxRefs = 100

// liveMsg is what the websocket pushes. Pages reload the live regions of a
// page whose data-live-types includes one of Types ("*" means all).
type liveMsg struct {
	Type    string     `json:"type"` // "hello" on connecting, then "changed"
	Version uint64     `json:"version,omitempty"`
	Types   []string   `json:"types,omitempty"`
	Refs    []node.Ref `json:"refs,omitempty"`
}

// hub fans the node's change feed out to the open pages. It subscribes to
// the feed only while at least one page is connected, so an idle node runs
// no goroutine for it.
type hub struct {
	node *node.Node
	log  *slog.Logger

	mu      sync.Mutex
	clients map[*liveClient]struct{}
	stop    chan struct{} // closes the running pump; nil when none runs
}

// liveClient is one connected page.
type liveClient struct {
	send chan []byte
	once sync.Once
	done chan struct{} // closed to drop the client (slow, or shutting down)
}

func newLiveClient() *liveClient {
	return &liveClient{send: make(chan []byte, 16), done: make(chan struct{})}
}

func (c *liveClient) drop() { c.once.Do(func() { close(c.done) }) }

func newHub(n *node.Node, log *slog.Logger) *hub {
	return &hub{node: n, log: log, clients: map[*liveClient]struct{}{}}
}

func (h *hub) join(c *liveClient) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clients[c] = struct{}{}
	if h.stop == nil {
		h.stop = make(chan struct{})
		go h.pump(h.node.Subscribe(), h.stop)
	}
}

func (h *hub) leave(c *liveClient) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
	if len(h.clients) == 0 && h.stop != nil {
		close(h.stop)
		h.stop = nil
	}
}

// closeAll drops every client; their pages reconnect by themselves.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.drop()
	}
}

// pump reads the change feed and broadcasts until stop is closed or the
// feed ends. It throttles rather than debounces: a change after a quiet
// spell goes out at once, and the changes that follow within liveWindow
// are gathered into one message.
func (h *hub) pump(sub *node.Subscription, stop chan struct{}) {
	defer sub.Close()
	pending := map[node.Ref]struct{}{}
	all := false
	var flush <-chan time.Time
	var last time.Time
	send := func() {
		h.broadcast(encodeLive(pending, all))
		clear(pending)
		all, flush, last = false, nil, time.Now()
	}
	for {
		select {
		case <-stop:
			return
		case ch, ok := <-sub.C():
			if !ok {
				h.feedEnded(stop)
				return
			}
			all = all || ch.Lagged
			for _, r := range ch.Refs {
				pending[r] = struct{}{}
			}
			if flush != nil {
				continue // already gathering
			}
			if wait := liveWindow - time.Since(last); wait > 0 {
				flush = time.After(wait)
				continue
			}
			send()
		case <-flush:
			send()
		}
	}
}

// feedEnded handles a closed node: drop the pages so they reconnect to
// whatever serves next, and let the next join start a fresh pump.
func (h *hub) feedEnded(stop chan struct{}) {
	h.mu.Lock()
	if h.stop == stop {
		h.stop = nil
	}
	h.mu.Unlock()
	h.closeAll()
}

func encodeLive(refs map[node.Ref]struct{}, all bool) []byte {
	m := liveMsg{Type: "changed"}
	types := map[string]bool{}
	for r := range refs {
		types[r.Type] = true
		if len(refs) <= liveMaxRefs {
			m.Refs = append(m.Refs, r)
		}
	}
	for t := range types {
		m.Types = append(m.Types, t)
	}
	if all {
		m.Types = append(m.Types, "*")
	}
	slices.Sort(m.Types)
	b, _ := json.Marshal(m) // plain strings: cannot fail
	return b
}

// broadcast queues msg for every client; one too slow to keep up is
// dropped rather than allowed to hold the others back.
func (h *hub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c.send <- msg:
		default:
			h.log.Debug("live: dropping slow client")
			c.drop()
		}
	}
}
