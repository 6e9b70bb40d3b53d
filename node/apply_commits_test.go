package node

import (
	"crypto/ed25519"
	"fmt"
	"testing"

	"muster/crdt"
)

// TestBatchSpansCommits: a batch of more entries than one Badger
// transaction takes is applied in several commits, each of whole chunks:
// also when a chunk that fills a gap drains, in one Apply, more parked
// chunks than one transaction holds. Every op lands, nothing stays
// parked, and a restart finds the same.
func TestBatchSpansCommits(t *testing.T) {
	dir := t.TempDir()
	// 1 MiB memtables: a transaction takes about 1,600 entries.
	n, err := Open(Config{Dir: dir, MemTableMB: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(appendDeltaKey(nil, TypePerson, "p1", crdt.AuthorID{1}, 9)), deltaKeyLen(TypePerson, "p1"); got != want {
		t.Fatalf("a delta key is %d bytes, its estimate %d", got, want)
	}
	seed := [32]byte{7}
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(seed[:]), 0, crdt.Hash{})
	const chunks, per = 120, 100
	var cs []crdt.Chunk
	for c := range chunks {
		ops := make([]crdt.Op, per)
		for i := range ops {
			id := fmt.Sprintf("p%05d", c*per+i)
			ops[i] = crdt.Op{Time: crdt.Timestamp(1 << 40), Type: TypePerson, ID: id,
				Set: map[string]any{fieldName: "Person " + id, fieldEmail: id + "@example.org"}}
		}
		ch, _, err := signer.Seal(ops)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, ch)
	}
	// The first half in one batch: several commits.
	if res, err := n.Apply(cs[:chunks/2]); err != nil || res.Applied != chunks/2*per {
		t.Fatalf("first half: %+v, %v", res, err)
	}
	// The rest but its first chunk waits for it; then that chunk drains
	// them all.
	if res, err := n.Apply(cs[chunks/2+1:]); err != nil || res.Pending != (chunks/2-1)*per {
		t.Fatalf("after a gap: %+v, %v", res, err)
	}
	if res, err := n.Apply(cs[chunks/2 : chunks/2+1]); err != nil || res.Applied != chunks/2*per {
		t.Fatalf("the gap filled: %+v, %v", res, err)
	}
	check := func(n *Node, when string) {
		t.Helper()
		st := n.Status()
		if st.Pending != 0 || st.Ops != chunks*per {
			t.Errorf("%s: %d ops, %d pending, want %d and 0", when, st.Ops, st.Pending, chunks*per)
		}
		if page, err := n.People(PeopleQuery{Prefix: "person p", Limit: 1}); err != nil || page.Total != chunks*per {
			t.Errorf("%s: %d people named Person p…, want %d (%v)", when, page.Total, chunks*per, err)
		}
		if p, err := n.Person(fmt.Sprintf("p%05d", chunks*per-1)); err != nil || p.Email != fmt.Sprintf("p%05d@example.org", chunks*per-1) {
			t.Errorf("%s: the last person: %+v, %v", when, p, err)
		}
	}
	check(n, "applied")
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	n = openTest(t, dir)
	check(n, "after a restart")
}
