package sync

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"time"

	"muster/sync/wire"
)

// Config configures the sync service. The zero value of every field is
// valid and means the default documented on the field.
type Config struct {
	// SyncAddr is the host:port where peers reach this node's HTTP server,
	// which serves Handler at /sync. If its host is empty or unspecified
	// (0.0.0.0, ::), the gossip advertise address is used. Default: none;
	// then the node only dials out (a field node behind NAT) and peers
	// cannot dial it.
	SyncAddr string

	// BindAddr is the host:port memberlist listens on (UDP and TCP).
	// Default "0.0.0.0:7946". Port 0 picks a free port.
	BindAddr string

	// AdvertiseAddr is the host:port memberlist tells peers to use.
	// Default: the bind address, or this machine's first private IP when
	// binding to all interfaces.
	AdvertiseAddr string

	// DisableGossip runs without memberlist: only streams (to Peers, to
	// Upstream, and accepted at Handler). Default false. Headquarters on a
	// public address may set it.
	DisableGossip bool

	// Peers are sync addresses (host:port of a peer's HTTP server) to sync
	// with and to join the gossip of, for networks that block multicast.
	// Default none.
	Peers []string

	// Upstream is headquarters' URL (http, https, ws or wss; path default
	// /sync). The node dials it, so it works through NAT. Default none.
	Upstream string

	// AntiEntropyInterval is how often each peer is synced even if nothing
	// says it must be. Default 30s.
	AntiEntropyInterval time.Duration

	// TLSConfig is used to dial https/wss upstreams. Default nil: the
	// system's roots.
	TLSConfig *tls.Config

	// UpstreamInterval is how often headquarters is polled for its new ops
	// (it cannot push through NAT). Default 5s.
	UpstreamInterval time.Duration

	// HintDelay is how long local changes are gathered before one hint is
	// gossiped. Default 20ms.
	HintDelay time.Duration

	// MetaInterval is the least time between two updates of this node's
	// gossiped metadata (its vector digest). Default 200ms.
	MetaInterval time.Duration

	// StreamTimeout bounds the wait for any one frame, and the websocket
	// handshake. Default 30s.
	StreamTimeout time.Duration

	// DialTimeout bounds connecting to a peer and the websocket upgrade.
	// Default 10s.
	DialTimeout time.Duration

	// RetryMin and RetryMax bound the back-off after a failed round.
	// Defaults 500ms and 5s: short, so that nodes find each other again
	// soon after a partition heals.
	RetryMin, RetryMax time.Duration

	// MaxStreams is how many streams may run at once, accepted and dialled
	// together; more are refused with 503. Default 16.
	MaxStreams int

	// GossipTimings shortens memberlist's timers (for tests): when set it
	// is applied to memberlist's LAN configuration. Default nil (LAN).
	GossipTimings *GossipTimings

	// Logger receives the service's logs. Nil discards them.
	Logger *slog.Logger

	// Now is the wall clock. Nil means time.Now.
	Now func() time.Time

	// batchBytes lowers the batch size (tests). Default wire.MaxBatchBytes.
	batchBytes int

	// dialContext replaces the dialer's (tests count bytes with it).
	dialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// GossipTimings are memberlist's timers that tests shorten.
type GossipTimings struct {
	ProbeInterval, ProbeTimeout, GossipInterval, PushPullInterval time.Duration
	SuspicionMult                                                 int
}

// DefaultConfig returns the defaults; see each field.
func DefaultConfig() Config { return Config{}.withDefaults() }

func (c Config) withDefaults() Config {
	if c.BindAddr == "" {
		c.BindAddr = "0.0.0.0:7946"
	}
	setDur(&c.AntiEntropyInterval, 30*time.Second)
	setDur(&c.UpstreamInterval, 5*time.Second)
	setDur(&c.HintDelay, 20*time.Millisecond)
	setDur(&c.MetaInterval, 200*time.Millisecond)
	setDur(&c.StreamTimeout, 30*time.Second)
	setDur(&c.RetryMin, 500*time.Millisecond)
	setDur(&c.DialTimeout, 10*time.Second)
	setDur(&c.RetryMax, 5*time.Second)
	if c.MaxStreams <= 0 {
		c.MaxStreams = 16
	}
	if c.batchBytes <= 0 || c.batchBytes > wire.MaxBatchBytes {
		c.batchBytes = wire.MaxBatchBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

func setDur(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}
