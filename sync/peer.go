package sync

import (
	"context"
	"math/rand/v2"
	stdsync "sync"
	"time"

	"muster/crdt"
)

// Where a peer came from. A peer is dialled only if it is a static peer
// (--peer, AddPeer), headquarters, or alive in memberlist.
const (
	sourceStatic   = "peer"
	sourceUpstream = "upstream"
	sourceGossip   = "gossip"
	sourceInbound  = "inbound"
)

// peer is what the service knows about one other node, keyed by the
// address it is dialled at (or, for a node that only dials us, its id).
type peer struct {
	key  string
	kick chan struct{} // cap 1: kicks coalesce

	mu         stdsync.Mutex
	url        string // websocket URL; empty: cannot be dialled
	source     string
	static     bool // configured or added: dialled whatever memberlist says
	member     bool // alive in memberlist
	id         crdt.AuthorID
	idKnown    bool
	gossip     string // its memberlist address, learned in its hello
	metaDigest crdt.Hash
	hasMeta    bool
	vector     crdt.VersionVector // its vector as last learned
	vectorAt   time.Time
	lastSync   time.Time
	lastErr    string
	reachable  bool // the last round with it succeeded
	running    bool // its dial loop runs
}

func newPeer(key, url, source string) *peer {
	return &peer{key: key, url: url, source: source, kick: make(chan struct{}, 1)}
}

// poke asks the peer's loop for a round soon; never blocks.
func (p *peer) poke() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

func (p *peer) learnVector(v crdt.VersionVector, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.vector == nil {
		p.vector = v
	} else {
		p.vector = p.vector.Merge(v)
	}
	p.vectorAt = now
}

func (p *peer) learnHello(h peerHello) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.id, p.idKnown = h.node, true
	if h.gossip != "" {
		p.gossip = h.gossip
	}
}

// done records the end of a round.
func (p *peer) done(now time.Time, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reachable = err == nil
	if err == nil {
		p.lastSync, p.lastErr = now, ""
	} else {
		p.lastErr = err.Error()
	}
}

func (p *peer) dialURL() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.url == "" || !(p.static || p.member) {
		return ""
	}
	return p.url
}

// loop runs rounds with the peer when kicked, every interval, and after a
// failure with growing back-off, until ctx is done.
func (s *Service) loop(ctx context.Context, p *peer, interval time.Duration) {
	timer := time.NewTimer(0) // first round at once
	defer timer.Stop()
	backoff := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.kick:
		case <-timer.C:
		}
		if p.dialURL() == "" {
			timer.Reset(jitter(interval))
			continue
		}
		if err := s.syncWith(ctx, p); err != nil {
			backoff = min(max(backoff*2, s.cfg.RetryMin), s.cfg.RetryMax)
			s.log.Debug("sync round failed", logPeer, p.key, logErr, err)
			timer.Reset(jitter(backoff))
			continue
		}
		backoff = 0
		timer.Reset(jitter(interval))
	}
}

// jitter spreads periodic rounds so that peers do not dial in lockstep.
func jitter(d time.Duration) time.Duration {
	return d - d/4 + rand.N(d/2+1)
}
