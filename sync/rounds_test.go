package sync

import (
	"testing"

	"muster/crdt"
)

// TestOneRoundPerNode: a second round with a node is dropped whichever
// side dialled, except that when both dial at once the round of the node
// with the smaller id is the one kept; the end of the kept round asks for
// another one when a round was dropped meanwhile.
func TestOneRoundPerNode(t *testing.T) {
	small, large := crdt.AuthorID{1}, crdt.AuthorID{2}
	svc := func(me crdt.AuthorID) *Service {
		return &Service{myID: me, rounds: map[crdt.AuthorID]*pairRounds{}, byNode: map[crdt.AuthorID]*peer{}}
	}

	s := svc(small)
	if !s.beginRound(large, true) {
		t.Fatal("a first round was dropped")
	}
	if s.beginRound(large, true) || s.beginRound(large, false) {
		t.Fatal("the smaller node took a second round with the same node")
	}
	p := newPeer("large", "ws://large/sync", sourceStatic)
	s.byNode[large] = p
	s.endRound(large, true)
	select {
	case <-p.kick:
	default:
		t.Error("the end of the round did not ask for the round that was dropped")
	}
	if !s.beginRound(large, false) {
		t.Fatal("a round after the last one ended was dropped")
	}
	s.endRound(large, false)
	select {
	case <-p.kick:
		t.Error("a round was asked for though none was dropped")
	default:
	}

	// Both dial at once: the larger node keeps the smaller one's round.
	l := svc(large)
	if !l.beginRound(small, true) {
		t.Fatal("a first round was dropped")
	}
	if !l.beginRound(small, false) {
		t.Error("the larger node refused the smaller one's round while dialling it")
	}
	if l.beginRound(small, false) {
		t.Error("the larger node took a second round from the same node")
	}
	l.endRound(small, true)
	l.endRound(small, false)
	if len(l.rounds) != 0 {
		t.Errorf("rounds left registered: %v", l.rounds)
	}
}
