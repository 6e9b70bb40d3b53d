package sync

import (
	"bytes"
	"net"

	"github.com/hashicorp/memberlist"

	"muster/crdt"
	"muster/sync/wire"
)

// events follows memberlist's view of who is alive.
type events struct{ s *Service }

var _ memberlist.EventDelegate = (*events)(nil)

func (e *events) NotifyJoin(n *memberlist.Node)   { e.s.onMember(n, true) }
func (e *events) NotifyUpdate(n *memberlist.Node) { e.s.onMember(n, true) }
func (e *events) NotifyLeave(n *memberlist.Node)  { e.s.onMember(n, false) }

// onMember records a member's state. When its vector digest differs from
// ours, one of the two (the one with the smaller id, so that they do not
// both dial) asks for a round at once.
func (s *Service) onMember(n *memberlist.Node, alive bool) {
	id, err := crdt.ParseAuthorID(n.Name)
	if err != nil || id == s.node.ID() {
		return
	}
	m, err := wire.DecodeMeta(n.Meta)
	if err != nil {
		s.log.Debug("bad member metadata", logPeer, n.Name, logErr, err)
		return
	}
	key := m.SyncAddr
	if loopbackOnly(key) && !n.Addr.IsLoopback() {
		key = "" // it serves on its loopback only: we cannot dial it
	}
	if key == "" {
		key = "node/" + id.Short()
	}
	p := s.peerFor(key, func(p *peer) {
		p.member = alive
		if p.source == sourceInbound {
			p.source = sourceGossip
		}
		p.id, p.idKnown = id, true
		p.gossip = n.Address()
		p.metaDigest, p.hasMeta = m.Digest, true
	})
	s.mu.Lock()
	s.byNode[id] = p
	s.mu.Unlock()
	if alive && m.Digest != s.node.VersionVector().Digest() && bytes.Compare(s.myID[:], id[:]) < 0 {
		p.poke()
	}
}

// loopbackOnly reports whether a sync address names a loopback host.
func loopbackOnly(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}
