package node

import (
	"crypto/ed25519"
	"errors"
	"muster/crdt"
	"testing"
	"time"
)

// deltaCount counts the delta keys under the entity prefix.
func deltaCount(t *testing.T, n *Node) int {
	t.Helper()
	return len(deltaValues(t, n))
}

// TestFoldKeepsState: every op is stored as a delta; folding rewrites the
// records and drops the deltas, and nothing a reader sees changes: the
// people, the roster, the digest. A restart reads the folded records.
func TestFoldKeepsState(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	var ids []string
	for _, name := range []string{"Ada", "Bo", "Cy"} {
		p, err := n.CreatePerson(PersonPatch{Name: ptr(name), Skills: &[]string{"driving"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for i := range 5 {
		if _, err := n.UpdatePerson(ids[0], PersonPatch{Notes: ptr(string(rune('a' + i))), Skills: &[]string{"radio"}}); err != nil {
			t.Fatal(err)
		}
	}
	if deltaCount(t, n) == 0 {
		t.Fatal("no deltas before folding: ops are not stored as deltas")
	}
	before := map[string]Person{}
	for _, id := range ids {
		p, err := n.Person(id)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = p
	}
	digest := n.Digest()
	roster, err := n.People(PeopleQuery{Skill: "radio"})
	if err != nil || roster.Total != 1 {
		t.Fatalf("roster before folding: %+v %v", roster, err)
	}

	if err := n.foldAll(); err != nil {
		t.Fatal(err)
	}
	if got := deltaCount(t, n); got != 0 {
		t.Errorf("%d deltas left after folding", got)
	}
	for _, id := range ids {
		p, err := n.Person(id)
		if err != nil || p.Name != before[id].Name || p.Notes != before[id].Notes || len(p.Skills) != len(before[id].Skills) {
			t.Errorf("after folding %s = %+v, %v; before %+v", id, p, err, before[id])
		}
	}
	n.dmu.Lock()
	n.dvalid = false // compute it again from the folded records
	n.dmu.Unlock()
	if got := n.Digest(); got != digest {
		t.Errorf("digest changed by folding: %s, was %s", got, digest)
	}
	n.Close()

	n = openTest(t, dir)
	if got := n.Digest(); got != digest {
		t.Errorf("digest after restart %s, was %s", got, digest)
	}
	if p, err := n.Person(ids[0]); err != nil || p.Notes != before[ids[0]].Notes {
		t.Errorf("after restart: %+v %v", p, err)
	}
	// More ops after folding are deltas again, read on top of the record.
	if _, err := n.UpdatePerson(ids[1], PersonPatch{Notes: ptr("late")}); err != nil {
		t.Fatal(err)
	}
	if p, err := n.Person(ids[1]); err != nil || p.Notes != "late" || p.Name != "Bo" {
		t.Errorf("record plus a new delta: %+v %v", p, err)
	}
}

// TestBusyEntityFoldsOnRead: ops from a peer pile up as deltas (applying
// never reads); the first read of the entity asks for it to be folded, in
// the background, so that its reads stay short.
func TestBusyEntityFoldsOnRead(t *testing.T) {
	n := openTest(t, t.TempDir())
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, 32)), 0, crdt.Hash{})
	var ops []crdt.Op
	at := time.Now().Add(-time.Minute)
	for i := range 2 * foldAt {
		ops = append(ops, crdt.Op{Time: crdt.MakeTimestamp(at, uint16(i)), Type: TypePerson, ID: "pa",
			Set: map[string]any{fieldName: "Ada", "notes": string(rune('a' + i))}})
	}
	c, _, err := signer.Seal(ops)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Apply([]crdt.Chunk{c}); err != nil {
		t.Fatal(err)
	}
	if got := deltaCount(t, n); got != 2*foldAt {
		t.Fatalf("%d deltas after applying %d ops", got, 2*foldAt)
	}
	if _, err := n.Person("pa"); err != nil { // a read asks for the fold
		t.Fatal(err)
	}
	select {
	case <-n.folded:
	case <-time.After(5 * time.Second):
		t.Fatal("no fold within 5 s of the read")
	}
	if got := deltaCount(t, n); got != 0 {
		t.Fatalf("%d deltas left after the fold the read asked for", got)
	}
	got, err := n.Person("pa")
	if err != nil || got.Notes != string(rune('a'+2*foldAt-1)) || got.Name != "Ada" {
		t.Errorf("after folding: %+v %v", got, err)
	}
}

// TestFoldBatchOfKeys: one fold of keys in any order, one asked for twice,
// one of an entity that does not exist and one whose id begins another's,
// folds each entity once, into the state its deltas make.
func TestFoldBatchOfKeys(t *testing.T) {
	n := openTest(t, t.TempDir())
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, 32)), 0, crdt.Hash{})
	at := time.Now().Add(-time.Minute)
	var ops []crdt.Op
	ids := []string{"p1", "p10", "p2"}
	for i := range 3 {
		for _, id := range ids {
			ops = append(ops, crdt.Op{Time: crdt.MakeTimestamp(at, uint16(len(ops))), Type: TypePerson, ID: id,
				Set: map[string]any{fieldName: id + "-" + string(rune('a'+i))}})
		}
	}
	c, _, err := signer.Seal(ops)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Apply([]crdt.Chunk{c}); err != nil {
		t.Fatal(err)
	}
	digest := n.Digest()
	k := func(id string) []byte { return entityKey(TypePerson, id) }
	if err := n.fold([][]byte{k("p10"), k("p1"), k("nobody"), k("p1"), k("p2")}); err != nil {
		t.Fatal(err)
	}
	if left := deltaCount(t, n); left != 0 {
		t.Fatalf("%d deltas left after folding", left)
	}
	for _, id := range ids {
		if p, err := n.Person(id); err != nil || p.Name != id+"-c" {
			t.Errorf("%s folded: %+v, %v", id, p, err)
		}
	}
	if _, err := n.Person("nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("folding a key of no entity made one: %v", err)
	}
	n.dmu.Lock()
	n.dvalid = false
	n.dmu.Unlock()
	if got := n.Digest(); got != digest {
		t.Errorf("digest changed by folding: %s, was %s", got, digest)
	}
}
