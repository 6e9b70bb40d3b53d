package sync

import (
	"bytes"
	"errors"

	"muster/crdt"
	"muster/sync/wire"
)

// One round at a time with a node. A round moves ops both ways, so two at
// once (each side dialling the other, as when they find each other, or a
// hint arriving mid-round) sent every missing op twice: a full sync
// between two muster processes moved and verified 600,000 ops for
// 300,000. A round that finds another one running with the same node is
// dropped, and the running one is followed by another round when it ends,
// so that nothing asked for meanwhile waits for the next periodic round.
//
// When both sides dial at once, the round the node with the smaller id
// started is kept: its responder accepts it even while its own dial to the
// smaller node is under way, and the smaller node refuses that one.

// pairRounds is what runs with one node: rounds it dialled (in), rounds
// we dialled (out), and whether a round was dropped meanwhile (again).
type pairRounds struct {
	in, out int
	again   bool
}

// errAlreadySyncing: a round with the node already runs; not a failure.
var errAlreadySyncing = errors.New("a round with this node is already running")

// beginRound registers a round with node id that is about to run, or
// reports false when it must be dropped.
func (s *Service) beginRound(id crdt.AuthorID, outbound bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rounds[id]
	if r == nil {
		r = &pairRounds{}
		s.rounds[id] = r
	}
	busy := r.in+r.out > 0
	if !outbound && r.in == 0 && r.out > 0 && bytes.Compare(s.myID[:], id[:]) > 0 {
		busy = false // the smaller node's round is the one both keep
	}
	if busy {
		r.again = true
		return false
	}
	if outbound {
		r.out++
	} else {
		r.in++
	}
	return true
}

// endRound ends a round begun with beginRound; when it was the last one
// with the node and another was asked for meanwhile, it asks for one now.
func (s *Service) endRound(id crdt.AuthorID, outbound bool) {
	s.mu.Lock()
	r := s.rounds[id]
	if outbound {
		r.out--
	} else {
		r.in--
	}
	var p *peer
	if r.in+r.out == 0 {
		if r.again {
			p = s.byNode[id]
		}
		delete(s.rounds, id)
	}
	s.mu.Unlock()
	if p != nil {
		p.poke()
	}
}

// alreadySyncing reports whether err says a round was dropped because
// another one with the same node runs (ours, or the peer's refusal).
func alreadySyncing(err error) bool {
	var pe *PeerError
	return errors.Is(err, errAlreadySyncing) || errors.As(err, &pe) && pe.Code == wire.CodeAlreadySyncing
}
