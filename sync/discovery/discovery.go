package discovery

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/grandcat/zeroconf"
)

// Log keys.
const (
	logKeyPeer  = "peer"
	logKeyAddr  = "addr"
	logKeyRound = "round"
	logKeyErr   = "err"
)

// retryDelay bounds how fast a failing or prematurely ended browse round
// is restarted.
const retryDelay = time.Second

// Discovery advertises this node and reports peers of its team. Run it
// with Serve.
type Discovery struct {
	cfg Config
	log *slog.Logger
	be  backend

	// rounds counts browse rounds started, for tests.
	rounds func(int)
}

// New checks cfg and returns a Discovery. A named interface must exist.
func New(cfg Config) (*Discovery, error) {
	return newDiscovery(cfg, zeroconfBackend())
}

func newDiscovery(cfg Config, be backend) (*Discovery, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("new discovery: %w", err)
	}
	if cfg.Interface != "" {
		if _, err := be.interfaces(cfg.Interface); err != nil {
			return nil, fmt.Errorf("new discovery: %w", err)
		}
	}
	d := &Discovery{cfg: cfg, be: be, rounds: func(int) {}}
	d.log = cfg.Logger.With("component", "discovery")
	return d, nil
}

// Serve advertises and browses until ctx is done, then withdraws the
// advertisement and returns nil once nothing it started is running. It
// returns an error only when it cannot start at all.
func (d *Discovery) Serve(ctx context.Context) error {
	var reg registration
	defer func() { reg.stop() }()
	for round := 1; ctx.Err() == nil; round++ {
		set, err := d.be.interfaces(d.cfg.Interface)
		if err != nil {
			d.log.Warn("list interfaces", logKeyErr, err)
		} else if !d.cfg.NoAdvertise {
			reg = d.advertise(reg, set)
		}
		d.rounds(round)
		began := time.Now()
		if err := d.browseRound(ctx, set); err != nil {
			d.log.Warn("browse", logKeyRound, round, logKeyErr, err)
		}
		if ctx.Err() == nil && time.Since(began) < d.cfg.RestartEvery {
			// zeroconf ended the round early (it gives up after ~15 min)
			// or could not start it: go again, but not in a tight loop.
			d.log.Debug("browse round ended early", logKeyRound, round)
			wait(ctx, min(retryDelay, d.cfg.RestartEvery))
		}
	}
	return nil
}

// advertise (re-)registers when the addresses to advertise change, so a
// laptop that joins a network after start-up becomes visible.
func (d *Discovery) advertise(reg registration, set ifaceSet) registration {
	if reg.shutdown != nil && slices.Equal(reg.ips, set.ips) {
		return reg
	}
	reg.stop()
	if len(set.ips) == 0 {
		d.log.Warn("no private or link-local address to advertise yet")
		return registration{}
	}
	shutdown, err := d.be.register(d.cfg, set)
	if err != nil {
		d.log.Warn("register service", logKeyErr, err)
		return registration{}
	}
	d.log.Info("advertising", "instance", instanceName(d.cfg.NodeID), logKeyAddr, set.ips, "port", d.cfg.Port)
	return registration{shutdown: shutdown, ips: set.ips, since: time.Now(), window: d.be.announceWindow}
}

// browseRound runs one browse of at most RestartEvery and reads its
// entries until zeroconf closes the channel: zeroconf's loop blocks on a
// channel nobody reads, so leaving early would leak it.
func (d *Discovery) browseRound(ctx context.Context, set ifaceSet) error {
	rctx, cancel := context.WithTimeout(ctx, d.cfg.RestartEvery)
	defer cancel()
	entries := make(chan *zeroconf.ServiceEntry, 16)
	err := d.be.browse(rctx, d.cfg, set, entries)
	for e := range entries {
		d.handle(e, set)
	}
	return err
}

// handle reports an entry if it is a peer of our team with a usable
// address.
func (d *Discovery) handle(e *zeroconf.ServiceEntry, set ifaceSet) {
	p, ok := d.peerOf(e, set)
	if !ok {
		return
	}
	d.log.Debug("peer seen", logKeyPeer, p.NodeID, logKeyAddr, p.Addr)
	d.cfg.OnPeer(p)
}

func (d *Discovery) peerOf(e *zeroconf.ServiceEntry, set ifaceSet) (Peer, bool) {
	kv := parseTXT(e.Text)
	node := kv[txtNode]
	switch {
	case kv[txtVersion] != ProtocolVersion, kv[txtTeam] != d.cfg.TeamHash:
		return Peer{}, false
	case node == d.cfg.NodeID || !validID(node):
		return Peer{}, false
	case e.Port <= 0 || e.Port > 65535:
		return Peer{}, false
	}
	a, ok := PickAddr(toAddrs(e.AddrIPv4, e.AddrIPv6), set.local, set.zone)
	if !ok {
		d.log.Debug("peer has no usable address", logKeyPeer, node, logKeyAddr, e.AddrIPv4)
		return Peer{}, false
	}
	return Peer{NodeID: node, Addr: JoinAddr(a, e.Port)}, true
}

// registration is the advertisement in force.
type registration struct {
	shutdown func()
	ips      []string
	since    time.Time
	window   time.Duration
}

// stop withdraws the advertisement and waits until zeroconf's announcer,
// which Shutdown does not stop, has finished its last sleep.
func (r registration) stop() {
	if r.shutdown == nil {
		return
	}
	r.shutdown()
	if left := r.window - time.Since(r.since); left > 0 {
		time.Sleep(left)
	}
}

func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
