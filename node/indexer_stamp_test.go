package node

import (
	"math"
	"testing"

	"muster/crdt"
)

// TestWideSeqTakesSlowPath: a stamp keeps 32 bits of seq, so an op or a
// stored field whose seq does not fit must send the person to the slow
// path (read from the store), never be indexed with a cut seq that could
// make it lose or win wrongly.
func TestWideSeqTakesSlowPath(t *testing.T) {
	x := &indexer{authors: newAuthorTable()}
	op := func(seq uint64) *opFields {
		o := &opFields{h: crdt.Head{Seq: seq, Time: 5, ID: []byte("p1"), Sets: 1}}
		o.set[0], o.val[0] = true, []byte("Ana")
		return o
	}
	if _, ok := x.fastUpdate(nil, &pstate{}, true, op(math.MaxUint32+1)); ok {
		t.Fatal("an op with seq 2^32 took the fast path")
	}
	u, ok := x.fastUpdate(nil, &pstate{}, true, op(math.MaxUint32))
	if !ok || u.s == nil || u.s.name() != "Ana" {
		t.Fatalf("an op with seq 2^32-1: fast path %v, entry %+v", ok, u.s)
	}

	e := &crdt.Entity{Type: TypePerson, ID: "p1", Authors: []crdt.AuthorID{{1}},
		Fields: []crdt.Field{{Name: fieldName, Value: "Ana", Time: 5, Seq: math.MaxUint32 + 1}}}
	st := stateOf(e, x.authors)
	if !st.wide {
		t.Fatal("a stored field with seq 2^32 did not mark the person wide")
	}
	if _, ok := x.fastUpdate(nil, &st, false, op(2)); ok {
		t.Fatal("a person with a wide stored seq took the fast path")
	}
	e.Fields[0].Seq = 7
	if st := stateOf(e, x.authors); st.wide || st.f[0].seq != 7 || st.f[0].author == 0 {
		t.Fatalf("a stored field with seq 7: state %+v", st)
	}
}
