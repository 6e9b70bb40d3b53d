package sync

import (
	"context"
	"time"

	"muster/node"
	"muster/sync/wire"
)

// push follows the node's change feed until ctx is done. Local changes are
// gathered for HintDelay, then one hint goes to every live member (each
// pulls at once) and every static peer and headquarters get a round. Any
// change also refreshes the vector digest in our gossip metadata, at most
// once per MetaInterval.
func (s *Service) push(ctx context.Context, sub *node.Subscription) {
	var (
		hint, meta   bool
		lastMeta     time.Time
		timer        = time.NewTimer(time.Hour)
		timerRunning bool
	)
	timer.Stop()
	defer timer.Stop()
	arm := func(d time.Duration) {
		if !timerRunning {
			timer.Reset(d)
			timerRunning = true
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case c, ok := <-sub.C():
			if !ok {
				<-ctx.Done() // the node closed: nothing more will change
				return
			}
			meta = true
			hint = hint || c.Local || c.Lagged
			arm(s.cfg.HintDelay)
		case <-timer.C:
			timerRunning = false
			if hint {
				s.sendHints()
				hint = false
			}
			if meta {
				if wait := s.cfg.MetaInterval - time.Since(lastMeta); wait > 0 {
					arm(wait)
					continue
				}
				s.updateMeta()
				lastMeta, meta = time.Now(), false
			}
		}
	}
}

// meta is what we gossip about ourselves.
func (s *Service) meta() wire.Meta {
	return wire.Meta{Version: wire.ProtocolVersion, SyncAddr: s.syncAddr, Digest: s.node.VersionVector().Digest()}
}

func (s *Service) updateMeta() {
	s.mu.Lock()
	ml := s.ml
	s.mu.Unlock()
	if ml == nil {
		return
	}
	// UpdateNode waits until the update is gossiped; it is queued anyway.
	if err := ml.UpdateNode(s.cfg.MetaInterval); err != nil {
		s.log.Debug("metadata update not yet gossiped", logErr, err)
	}
}

// sendHints tells every live member we have new ops, and starts a round
// with each peer that is not in the gossip (static peers, headquarters),
// and with every member if peers cannot dial this node.
func (s *Service) sendHints() {
	b, err := wire.Marshal(&wire.Hint{Node: s.myID, Digest: s.node.VersionVector().Digest()})
	if err != nil {
		s.log.Error("encode hint", logErr, err)
		return
	}
	s.mu.Lock()
	ml := s.ml
	var others []*peer
	for _, p := range s.peers {
		p.mu.Lock()
		// Members pull when hinted; if peers cannot dial us (no sync
		// address), we push to them too.
		if (!p.member && p.static) || (p.member && s.syncAddr == "") {
			others = append(others, p)
		}
		p.mu.Unlock()
	}
	s.mu.Unlock()
	for _, p := range others {
		p.poke()
	}
	if ml == nil {
		return
	}
	for _, a := range s.liveMembers() {
		if err := ml.SendToAddress(a, b); err != nil {
			s.log.Debug("send hint", logPeer, a.Addr, logErr, err)
		}
	}
}

// onHint pulls from a member that says it has ops we lack.
func (s *Service) onHint(h *wire.Hint) {
	if h.Digest == s.node.VersionVector().Digest() {
		return
	}
	s.mu.Lock()
	p := s.byNode[h.Node]
	s.mu.Unlock()
	if p != nil {
		p.poke()
	}
}
