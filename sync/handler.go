package sync

import (
	"context"
	"net/http"

	"github.com/gorilla/websocket"

	"muster/sync/wire"
)

// Handler is the stream endpoint, mounted at StreamPath on the node's HTTP
// server. Peers on the LAN and field nodes dialling headquarters open
// their streams here.
func (s *Service) Handler() http.Handler { return http.HandlerFunc(s.serveStream) }

var upgrader = websocket.Upgrader{
	ReadBufferSize:  64 << 10,
	WriteBufferSize: 64 << 10,
	// Peers are not browsers: the team proof, not the origin, says who
	// may talk.
	CheckOrigin: func(*http.Request) bool { return true },
}

func (s *Service) serveStream(w http.ResponseWriter, r *http.Request) {
	ctx, ok := s.enter()
	if !ok {
		http.Error(w, "sync is not running", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	default:
		http.Error(w, "too many sync streams", http.StatusServiceUnavailable)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered
	}
	st := newStream(ws, s.cfg.StreamTimeout)
	defer st.close()
	stop := context.AfterFunc(ctx, st.close)
	defer stop()
	ph, err := s.respond(st)
	if err != nil {
		s.log.Info("stream refused", logRemote, r.RemoteAddr, logErr, err)
		st.fail(codeOf(err), err)
		return
	}
	p := s.inboundPeer(ph)
	if !s.beginRound(ph.node, false) {
		s.log.Debug("inbound round dropped", logPeer, p.key, logErr, errAlreadySyncing)
		st.fail(wire.CodeAlreadySyncing, errAlreadySyncing)
		return
	}
	defer s.endRound(ph.node, false)
	stats, err := s.runSession(ctx, st, p)
	p.done(s.now(), err)
	if err != nil {
		s.log.Debug("inbound round failed", logPeer, p.key, logErr, err)
		return
	}
	s.log.Debug("synced", logPeer, p.key, logSent, stats.SentOps, logRecv, stats.RecvOps)
}

// enter counts an accepted stream as part of the running service, so that
// Serve waits for it.
func (s *Service) enter() (context.Context, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return nil, false
	}
	s.wg.Add(1)
	return s.runCtx, true
}

// inboundPeer finds the peer that dialled us: by node id, else by the sync
// address it announced, else a new inbound-only peer.
func (s *Service) inboundPeer(ph peerHello) *peer {
	s.mu.Lock()
	p := s.byNode[ph.node]
	s.mu.Unlock()
	if p == nil {
		key := ph.addr
		if key == "" {
			key = "node/" + ph.node.Short()
		}
		p = s.peerFor(key, func(*peer) {})
	}
	s.learnPeer(p, ph, false)
	return p
}
