package discovery

import (
	"fmt"
	"log/slog"
	"time"
)

// ProtocolVersion is advertised in the TXT record ("v"). Peers that
// advertise another version are ignored.
const ProtocolVersion = "1"

// Config configures discovery. Port, NodeID and TeamHash are required; the
// zero value of every other field means the default documented on it.
type Config struct {
	// Service is the DNS-SD service type. Default "_muster._tcp".
	Service string

	// Domain is the mDNS domain. Default "local.".
	Domain string

	// Interface is the name of the network interface to advertise and
	// browse on, and whose subnets are preferred when a peer answers with
	// several addresses. Default "": every interface that is up and
	// multicast-capable.
	Interface string

	// Port is the port peers connect to (the sync listener). Required
	// unless NoAdvertise is set.
	Port int

	// NoAdvertise browses without advertising this node: for a node whose
	// sync listener peers cannot reach (HTTP on loopback only). It still
	// finds peers and can dial them. Default false.
	NoAdvertise bool

	// NodeID identifies this node. Answers carrying it are our own and are
	// ignored. Required.
	NodeID string

	// TeamHash is the non-secret hash of the team id. Only peers
	// advertising the same hash are reported. Required.
	TeamHash string

	// RestartEvery is how long one browse round lasts before it is
	// restarted with a fresh resolver (zeroconf v1.0.0 stops browsing after
	// about 15 minutes). Each peer still advertised is reported again once
	// per round. Default 60s.
	RestartEvery time.Duration

	// OnPeer is called, from Serve's goroutine, for every sighting of a
	// peer of our team: when it first appears and again about once per
	// RestartEvery while it stays. It must be cheap and idempotent (for
	// instance hand the address to the sync service). Nil ignores peers.
	OnPeer func(Peer)

	// Logger receives discovery logs. Nil discards them.
	Logger *slog.Logger
}

// Peer is a node of our team found on the network.
type Peer struct {
	NodeID string
	Addr   string // host:port, ready for net.Dial
}

// DefaultConfig returns a Config with the defaults filled in for a node
// with the given id, team hash and sync port.
func DefaultConfig(nodeID, teamHash string, port int) Config {
	return Config{
		Service:      "_muster._tcp",
		Domain:       "local.",
		Port:         port,
		NodeID:       nodeID,
		TeamHash:     teamHash,
		RestartEvery: 60 * time.Second,
	}
}

func (c Config) withDefaults() (Config, error) {
	d := DefaultConfig(c.NodeID, c.TeamHash, c.Port)
	if c.Service == "" {
		c.Service = d.Service
	}
	if c.Domain == "" {
		c.Domain = d.Domain
	}
	if c.RestartEvery <= 0 {
		c.RestartEvery = d.RestartEvery
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.OnPeer == nil {
		c.OnPeer = func(Peer) {}
	}
	switch {
	case !c.NoAdvertise && (c.Port <= 0 || c.Port > 65535):
		return c, fmt.Errorf("check config: port %d out of range", c.Port)
	case !validID(c.NodeID):
		return c, fmt.Errorf("check config: node id %q is not a short token", c.NodeID)
	case !validID(c.TeamHash):
		return c, fmt.Errorf("check config: team hash %q is not a short token", c.TeamHash)
	}
	return c, nil
}

// validID accepts the tokens we put in TXT records: 1 to 128 characters
// of [0-9A-Za-z_-].
func validID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for _, r := range s {
		ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
