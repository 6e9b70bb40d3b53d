package sync

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"strconv"
	"strings"

	"github.com/hashicorp/memberlist"
)

// startGossip creates this node's memberlist: LAN timings, encrypted with
// a key derived from the team secret, labelled with the team so that
// another team's packets are dropped before decryption is even tried.
func (s *Service) startGossip() (*memberlist.Memberlist, error) {
	mc := memberlist.DefaultLANConfig()
	mc.Name = s.node.ID().String()
	host, port, err := splitHostPort(s.cfg.BindAddr)
	if err != nil {
		return nil, fmt.Errorf("start gossip: bind address: %w", err)
	}
	mc.BindAddr, mc.BindPort = host, port
	mc.AdvertisePort = port
	if s.cfg.AdvertiseAddr != "" {
		if mc.AdvertiseAddr, mc.AdvertisePort, err = splitHostPort(s.cfg.AdvertiseAddr); err != nil {
			return nil, fmt.Errorf("start gossip: advertise address: %w", err)
		}
	} else {
		// memberlist refuses to start bound to all interfaces when the
		// machine has no private address (a laptop with no network at
		// all): advertise what we can find, loopback at worst.
		mc.AdvertiseAddr = advertiseHost(s.cfg)
	}
	mc.SecretKey = s.team.Key("memberlist")
	mc.Label = "muster/" + s.team.IDHash()
	mc.Delegate = &delegate{s: s}
	mc.Events = &events{s: s}
	mc.Logger = log.New(&logWriter{log: s.log.With(logComponent, "memberlist")}, "", 0)
	if t := s.cfg.GossipTimings; t != nil {
		mc.ProbeInterval, mc.ProbeTimeout = t.ProbeInterval, t.ProbeTimeout
		mc.GossipInterval, mc.PushPullInterval = t.GossipInterval, t.PushPullInterval
		mc.SuspicionMult = t.SuspicionMult
		mc.TCPTimeout = 2 * t.ProbeInterval
	}
	// Create calls the delegates, which take s.mu: do not hold it here.
	ml, err := memberlist.Create(mc)
	if err != nil && mc.BindPort != 0 {
		// The port is taken (another muster on this machine): any port
		// does, since peers learn it from our Hello.
		s.log.Warn("gossip port busy, using another", logAddr, s.cfg.BindAddr, logErr, err)
		mc.BindPort, mc.AdvertisePort = 0, 0
		ml, err = memberlist.Create(mc)
	}
	if err != nil {
		return nil, fmt.Errorf("start gossip: %w", err)
	}
	addr := ml.LocalNode().FullAddress().Addr
	s.mu.Lock()
	s.ml, s.gossip = ml, addr
	s.mu.Unlock()
	return ml, nil
}

func splitHostPort(a string) (string, int, error) {
	h, p, err := net.SplitHostPort(a)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 {
		return "", 0, fmt.Errorf("bad port %q", p)
	}
	return h, n, nil
}

// logWriter turns memberlist's log lines ("[WARN] memberlist: ...") into
// records of the matching level.
type logWriter struct{ log *slog.Logger }

var _ io.Writer = (*logWriter)(nil)

func (w *logWriter) Write(b []byte) (int, error) {
	msg := strings.TrimSuffix(string(b), "\n")
	level := slog.LevelDebug
	switch {
	case strings.HasPrefix(msg, "[ERR]"):
		level = slog.LevelError
	case strings.HasPrefix(msg, "[WARN]"):
		level = slog.LevelWarn
	case strings.HasPrefix(msg, "[INFO]"):
		level = slog.LevelInfo
	}
	w.log.Log(context.Background(), level, msg)
	return len(b), nil
}
