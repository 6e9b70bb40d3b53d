package sync

import (
	"slices"
	"time"

	"muster/crdt"
)

// PeerStatus is what this node knows of one peer.
//
// Behind and Ahead are exact counts of ops computed from version vectors:
// Behind is how many ops the peer holds that this node lacks, Ahead how
// many this node holds that the peer lacks. They are computed from the
// peer's vector as last learned (VectorAt: from a stream's Vector or Ack
// frame) against this node's vector now; when the peer's gossiped digest
// equals this node's, both are 0.
type PeerStatus struct {
	Node     string     `json:"node,omitempty"` // its author id, hex, once known
	Addr     string     `json:"addr"`           // sync address or upstream URL
	Source   string     `json:"source"`         // peer, upstream, gossip or inbound
	Online   bool       `json:"online"`         // alive in gossip, the last round succeeded, or (inbound) it synced lately
	LastSync *time.Time `json:"last_sync,omitempty"`
	Behind   uint64     `json:"behind"`
	Ahead    uint64     `json:"ahead"`
	Known    bool       `json:"known"` // a vector of the peer is known; else Behind/Ahead are 0 and mean nothing
	VectorAt *time.Time `json:"vector_at,omitempty"`
	Error    string     `json:"error,omitempty"` // why the last round failed
}

// Report is the sync section of GET /api/v1/status.
type Report struct {
	SyncAddr string       `json:"sync_addr"`
	Gossip   string       `json:"gossip_addr,omitempty"`
	Team     string       `json:"team"` // the team id's hash, as shown on the network
	Applied  uint64       `json:"applied"`
	Peers    []PeerStatus `json:"peers"`
}

// Report is this node's sync status: addresses and every peer.
func (s *Service) Report() Report {
	return Report{SyncAddr: s.syncAddr, Gossip: s.gossipAddr(), Team: s.team.IDHash(),
		Applied: s.applied.Load(), Peers: s.Status()}
}

// Status lists every peer, sorted by address.
func (s *Service) Status() []PeerStatus {
	mine := s.node.VersionVector()
	digest := mine.Digest()
	s.mu.Lock()
	peers := make([]*peer, 0, len(s.peers))
	for _, p := range s.peers {
		peers = append(peers, p)
	}
	s.mu.Unlock()
	out := make([]PeerStatus, 0, len(peers))
	// A node that only dials us is online while it keeps coming back.
	fresh := s.now().Add(-3 * s.cfg.UpstreamInterval)
	for _, p := range peers {
		out = append(out, p.status(mine, digest, fresh))
	}
	slices.SortFunc(out, func(a, b PeerStatus) int {
		if a.Addr < b.Addr {
			return -1
		}
		if a.Addr > b.Addr {
			return 1
		}
		return 0
	})
	return out
}

func (p *peer) status(mine crdt.VersionVector, digest crdt.Hash, fresh time.Time) PeerStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := PeerStatus{Addr: p.key, Source: p.source, Online: p.member || p.reachable, Error: p.lastErr}
	if p.source == sourceInbound && !p.member {
		st.Online = p.reachable && p.lastSync.After(fresh)
	}
	if p.idKnown {
		st.Node = p.id.String()
	}
	if !p.lastSync.IsZero() {
		t := p.lastSync
		st.LastSync = &t
	}
	if p.hasMeta && p.metaDigest == digest {
		st.Known = true
	} else if p.vector != nil {
		st.Known = true
		st.Behind = crdt.Count(p.vector.Missing(mine))
		st.Ahead = crdt.Count(mine.Missing(p.vector))
	}
	if p.vector != nil {
		t := p.vectorAt
		st.VectorAt = &t
	}
	return st
}

// Summary counts the peers, and those known to hold exactly this node's
// ops (for the UI's one-line sync state).
func (s *Service) Summary() (peers, inSync int) {
	for _, p := range s.Status() {
		peers++
		if p.Known && p.Behind == 0 && p.Ahead == 0 {
			inSync++
		}
	}
	return peers, inSync
}
