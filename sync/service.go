package sync

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	stdsync "sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
)

// store is what sync needs of a node.
type store interface {
	ID() crdt.AuthorID
	VersionVector() crdt.VersionVector
	ReadLogInto(author crdt.AuthorID, from uint64, buf *[]byte, fn func(crdt.Chunk) error) error
	Apply(chunks []crdt.Chunk) (node.ApplyResult, error)
	Verify(chunks []crdt.Chunk) (*node.Verified, error)
	ApplyVerified(v *node.Verified) (node.ApplyResult, error)
	Subscribe() *node.Subscription
}

var _ store = (*node.Node)(nil)

// Service moves ops between this node and its peers: it gossips with
// memberlist, dials peers' streams and accepts theirs at Handler.
type Service struct {
	cfg       Config
	node      store
	myID      crdt.AuthorID
	team      *team.Team
	log       *slog.Logger
	streamKey []byte
	syncAddr  string
	upstream  string // websocket URL of headquarters, if any
	sem       chan struct{}

	mu      stdsync.Mutex
	peers   map[string]*peer
	byNode  map[crdt.AuthorID]*peer
	rounds  map[crdt.AuthorID]*pairRounds // rounds.go
	ml      *memberlist.Memberlist
	gossip  string // ml's address, fixed once it runs
	runCtx  context.Context
	running bool
	wg      stdsync.WaitGroup

	applied atomic.Uint64
}

// New builds the sync service of node n in team t. It opens no socket:
// Serve does.
func New(cfg Config, n *node.Node, t *team.Team) (*Service, error) {
	return newService(cfg, n, t)
}

func newService(cfg Config, n store, t *team.Team) (*Service, error) {
	if n == nil || t == nil {
		return nil, fmt.Errorf("new sync service: node and team are required")
	}
	cfg = cfg.withDefaults()
	s := &Service{
		cfg:       cfg,
		node:      n,
		myID:      n.ID(),
		team:      t,
		log:       cfg.Logger.With(logComponent, "sync"),
		streamKey: t.Key("stream"),
		sem:       make(chan struct{}, cfg.MaxStreams),
		peers:     map[string]*peer{},
		byNode:    map[crdt.AuthorID]*peer{},
		rounds:    map[crdt.AuthorID]*pairRounds{},
	}
	var err error
	if s.syncAddr, err = resolveSyncAddr(cfg); err != nil {
		return nil, fmt.Errorf("new sync service: %w", err)
	}
	if cfg.Upstream != "" {
		if s.upstream, err = upstreamURL(cfg.Upstream); err != nil {
			return nil, fmt.Errorf("new sync service: %w", err)
		}
		p := newPeer(cfg.Upstream, s.upstream, sourceUpstream)
		p.static = true
		s.peers[p.key] = p
	}
	for _, a := range cfg.Peers {
		s.AddPeer(a)
	}
	return s, nil
}

// SyncAddr is the host:port where peers reach this node's stream endpoint
// (its HTTP server, path /sync); empty if peers cannot dial it.
func (s *Service) SyncAddr() string { return s.syncAddr }

// gossipAddr is this node's memberlist address, once Serve started it.
func (s *Service) gossipAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gossip
}

// AddPeer adds a peer by its sync address (host:port of its HTTP server),
// as --peer does and as mDNS discovery does for each node it finds. The
// peer is synced with at once and then periodically, and its gossip is
// joined. Adding a known address again only asks for a round.
func (s *Service) AddPeer(addr string) {
	if addr == "" || addr == s.syncAddr {
		return
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		s.log.Warn("peer address ignored", logPeer, addr, logErr, err)
		return
	}
	p := s.peerFor(addr, func(p *peer) { p.static = true; p.source = sourceStatic })
	p.poke()
}

// peerFor returns the peer at key (a sync address), making it if new, and
// applies update under its lock. A new peer's loop starts if Serve runs.
func (s *Service) peerFor(key string, update func(*peer)) *peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.peers[key]
	if !ok {
		p = newPeer(key, streamURL(key), sourceInbound)
		s.peers[key] = p
	}
	p.mu.Lock()
	update(p)
	p.mu.Unlock()
	s.startLocked(p)
	return p
}

// startLocked starts p's dial loop if Serve runs and it has none. s.mu is
// held.
func (s *Service) startLocked(p *peer) {
	if !s.running || p.running || p.url == "" {
		return
	}
	p.running = true
	interval := s.cfg.AntiEntropyInterval
	if p.source == sourceUpstream {
		interval = s.cfg.UpstreamInterval
	}
	s.wg.Go(func() { s.loop(s.runCtx, p, interval) })
}

// goLocked runs f as part of the service if it runs; s.mu is held.
func (s *Service) goLocked(f func(ctx context.Context)) bool {
	if !s.running {
		return false
	}
	ctx := s.runCtx
	s.wg.Go(func() { f(ctx) })
	return true
}

// Serve runs gossip, the peers' dial loops and the push of local changes
// until ctx is done, then leaves the gossip and waits for every stream to
// end.
func (s *Service) Serve(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub := s.node.Subscribe()
	defer sub.Close()
	if !s.cfg.DisableGossip {
		ml, err := s.startGossip()
		if err != nil {
			return err
		}
		defer ml.Shutdown()
		defer func() { _ = ml.Leave(time.Second) }()
	}
	s.mu.Lock()
	s.runCtx, s.running = ctx, true
	for _, p := range s.peers {
		s.startLocked(p)
	}
	s.mu.Unlock()
	s.log.Info("sync started", logAddr, s.syncAddr, logGossip, s.gossipAddr(), logTeam, s.team.IDHash())

	s.push(ctx, sub)

	s.mu.Lock()
	s.running = false
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

func (s *Service) countApplied(r node.ApplyResult) { s.applied.Add(uint64(r.Applied)) }

// liveMembers returns the gossip addresses of the peers memberlist says
// are alive, as its event callbacks recorded them. (memberlist's own
// Members() hands out nodes it keeps changing: reading them races.)
func (s *Service) liveMembers() []memberlist.Address {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []memberlist.Address
	for _, p := range s.peers {
		p.mu.Lock()
		if p.member && p.gossip != "" && p.idKnown {
			out = append(out, memberlist.Address{Addr: p.gossip, Name: p.id.String()})
		}
		p.mu.Unlock()
	}
	return out
}
