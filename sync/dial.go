package sync

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/gorilla/websocket"
	sockaddr "github.com/hashicorp/go-sockaddr"

	"muster/sync/wire"
)

// syncWith dials p and runs one round with it.
func (s *Service) syncWith(ctx context.Context, p *peer) error {
	u := p.dialURL()
	if u == "" {
		return nil
	}
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	case <-ctx.Done():
		return ctx.Err()
	}
	err := s.dialRound(ctx, u, p)
	if alreadySyncing(err) {
		return nil // the round that runs records how it went
	}
	p.done(s.now(), err)
	return err
}

func (s *Service) dialRound(ctx context.Context, u string, p *peer) error {
	d := websocket.Dialer{
		HandshakeTimeout: s.cfg.DialTimeout,
		TLSClientConfig:  s.cfg.TLSConfig,
		ReadBufferSize:   64 << 10,
		WriteBufferSize:  64 << 10,
	}
	if s.cfg.dialContext != nil {
		d.NetDialContext = s.cfg.dialContext
	}
	ws, resp, err := d.DialContext(ctx, u, nil)
	if err != nil {
		if resp != nil && resp.StatusCode == 503 {
			return fmt.Errorf("dial %s: %w", u, ErrBusy)
		}
		return fmt.Errorf("dial %s: %w", u, err)
	}
	st := newStream(ws, s.cfg.StreamTimeout)
	defer st.close()
	ph, err := s.initiate(st)
	if err != nil {
		st.fail(codeOf(err), err)
		return err
	}
	s.learnPeer(p, ph, p.source != sourceUpstream)
	if !s.beginRound(ph.node, true) {
		st.fail(wire.CodeAlreadySyncing, errAlreadySyncing)
		return errAlreadySyncing
	}
	defer s.endRound(ph.node, true)
	stats, err := s.runSession(ctx, st, p)
	if err != nil {
		return fmt.Errorf("sync with %s: %w", p.key, err)
	}
	s.log.Debug("synced", logPeer, p.key, logSent, stats.SentOps, logRecv, stats.RecvOps)
	return nil
}

// learnPeer records who answered at p and, if join is set, joins its
// gossip when we do not gossip with it yet. Only the dialling side joins:
// the side that was dialled may not be able to reach back (NAT).
func (s *Service) learnPeer(p *peer, ph peerHello, join bool) {
	p.learnHello(ph)
	p.mu.Lock()
	join = join && ph.gossip != "" && !p.member
	p.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byNode[ph.node] = p
	if ml := s.ml; join && ml != nil {
		s.goLocked(func(context.Context) {
			if _, err := ml.Join([]string{ph.gossip}); err != nil {
				s.log.Debug("join gossip failed", logPeer, p.key, logErr, err)
			}
		})
	}
}

// streamURL is the stream endpoint of a peer's sync address.
func streamURL(addr string) string {
	if addr == "" {
		return ""
	}
	return (&url.URL{Scheme: "ws", Host: addr, Path: StreamPath}).String()
}

// StreamPath is where the HTTP server mounts Handler.
const StreamPath = "/sync"

// upstreamURL turns --upstream (http, https, ws or wss; path default
// /sync) into a websocket URL.
func upstreamURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parse upstream: %w", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "ws":
		u.Scheme = "ws"
	case "https", "wss":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("parse upstream %q: scheme must be http, https, ws or wss", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("parse upstream %q: no host", raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = StreamPath
	}
	return u.String(), nil
}

// resolveSyncAddr fills an unspecified host in SyncAddr with the address
// gossip advertises.
func resolveSyncAddr(cfg Config) (string, error) {
	if cfg.SyncAddr == "" {
		return "", nil
	}
	host, port, err := net.SplitHostPort(cfg.SyncAddr)
	if err != nil {
		return "", fmt.Errorf("parse sync address: %w", err)
	}
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		return cfg.SyncAddr, nil
	}
	return net.JoinHostPort(advertiseHost(cfg), port), nil
}

// advertiseHost is the IP peers should use to reach this machine.
func advertiseHost(cfg Config) string {
	for _, a := range []string{cfg.AdvertiseAddr, cfg.BindAddr} {
		if h, _, err := net.SplitHostPort(a); err == nil {
			if ip := net.ParseIP(h); ip != nil && !ip.IsUnspecified() {
				return h
			}
		}
	}
	if ip, err := sockaddr.GetPrivateIP(); err == nil && ip != "" {
		return ip
	}
	return "127.0.0.1"
}
