package node

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// deltaValues returns the value of every delta in n's store by key.
func deltaValues(t testing.TB, n *Node) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := n.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pfxEntity}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if _, delta := entityOf(it.Item().Key()); delta {
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				out[string(it.Item().KeyCopy(nil))] = v
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sealPeople seals one chunk of signer's that creates people ids from..to-1.
func sealPeople(t *testing.T, s *crdt.Signer, from, to int) crdt.Chunk {
	t.Helper()
	var ops []crdt.Op
	for i := from; i < to; i++ {
		id := fmt.Sprintf("p%03d", i)
		ops = append(ops, crdt.Op{Time: crdt.Timestamp(1 << 40), Type: TypePerson, ID: id,
			Set: map[string]any{fieldName: "Person " + id, fieldEmail: id + "@example.org"}})
	}
	c, _, err := s.Seal(ops)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDeltasNameTheirOps: an applied op's delta names the op's bytes in
// its chunk of the op log instead of holding a second copy, also when
// only the end of a chunk was new or the chunk waited for a gap to fill;
// every person reads back whole, by id, by scan and after folding, also
// after a restart; and a delta written before, holding its op's bytes,
// still reads.
func TestDeltasNameTheirOps(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	seed := [32]byte{9}
	s := crdt.NewSigner(ed25519.NewKeyFromSeed(seed[:]), 0, crdt.Hash{})
	c1, c2, c3 := sealPeople(t, s, 0, 10), sealPeople(t, s, 10, 20), sealPeople(t, s, 20, 30)
	// Ops 6..20 in one chunk, signed by c2's last op: 6..10 are held when
	// it arrives, so only its end is stored.
	overlap := crdt.Chunk{Author: c1.Author, Ops: append(append([][]byte{}, c1.Ops[5:]...), c2.Ops...), Sig: c2.Sig}
	for _, batch := range [][]crdt.Chunk{{c1}, {c3}, {overlap}} { // c3 waits for the gap
		if _, err := n.Apply(batch); err != nil {
			t.Fatal(err)
		}
	}
	if st := n.Status(); st.Ops != 30 || st.Pending != 0 {
		t.Fatalf("%d ops held, %d pending; want 30 and 0", st.Ops, st.Pending)
	}
	vals := deltaValues(t, n)
	if len(vals) != 30 {
		t.Fatalf("%d deltas, want one per op: 30", len(vals))
	}
	for k, v := range vals {
		if _, _, _, ok := parseDeltaRef(v); !ok || len(v) >= int(n.db.Opts().ValueThreshold) {
			t.Fatalf("delta %x holds %d bytes %x, not a reference short enough to stay in the LSM tree", k, len(v), v)
		}
	}
	renamed := map[string]string{}
	check := func(when string) {
		t.Helper()
		for i := range 30 {
			id := fmt.Sprintf("p%03d", i)
			name := "Person " + id
			if r, ok := renamed[id]; ok {
				name = r
			}
			p, err := n.Person(id)
			if err != nil || p.Name != name || p.Email != id+"@example.org" {
				t.Fatalf("%s: person %s reads %+v, %v", when, id, p, err)
			}
		}
		found := 0
		err := n.view(func(txn *badger.Txn) error {
			return scanMerged(txn, entityPrefix(TypePerson), func(e *crdt.Entity) error {
				if str(e, fieldEmail) == e.ID+"@example.org" {
					found++
				}
				return nil
			})
		})
		if err != nil || found != 30 {
			t.Fatalf("%s: a scan found %d whole people of 30 (%v)", when, found, err)
		}
	}
	check("applied")
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	n = openTest(t, dir)
	check("after a restart")

	// A store written before deltas named their ops held the op itself.
	_, vs, err := s.Seal([]crdt.Op{{Time: crdt.Timestamp(1<<40 + 1), Type: TypePerson, ID: "p004", Set: map[string]any{fieldName: "Dee"}}})
	if err != nil {
		t.Fatal(err)
	}
	o := vs[0]
	err = n.db.Update(func(txn *badger.Txn) error {
		return txn.Set(appendDeltaKey(nil, o.Type, o.ID, o.Author, o.Seq), o.Raw)
	})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := n.Person("p004"); err != nil || p.Name != "Dee" || p.Email != "p004@example.org" {
		t.Fatalf("with a delta that holds its op: %+v, %v", p, err)
	}
	if err := n.foldAll(); err != nil {
		t.Fatal(err)
	}
	if left := deltaCount(t, n); left != 0 {
		t.Fatalf("%d deltas left after folding", left)
	}
	renamed["p004"] = "Dee"
	check("folded")
}

// TestDamagedDeltaRef: a delta whose reference is damaged, or names bytes
// outside its chunk, or a chunk the log does not hold, makes reading that
// person fail with ErrCorrupt or not found, never a panic or another
// op's bytes; the other people still read.
func TestDamagedDeltaRef(t *testing.T) {
	n := openTest(t, t.TempDir())
	seed := [32]byte{10}
	s := crdt.NewSigner(ed25519.NewKeyFromSeed(seed[:]), 0, crdt.Hash{})
	if _, err := n.Apply([]crdt.Chunk{sealPeople(t, s, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	key := appendDeltaKey(nil, TypePerson, "p001", s.ID(), 2)
	good := deltaValues(t, n)[string(key)]
	back, off, size, ok := parseDeltaRef(good)
	if !ok || back != 1 {
		t.Fatalf("op 2 of 3 names %x: %d back, want 1", good, back)
	}
	for _, c := range []struct {
		name string
		val  []byte
		want error
	}{
		{"truncated", good[:len(good)-1], ErrCorrupt},
		{"trailing bytes", append(bytes.Clone(good), 1), ErrCorrupt},
		{"past the chunk", appendDeltaRef(nil, back, off+1<<16, size), ErrCorrupt},
		{"longer than the chunk", appendDeltaRef(nil, back, off, size+1<<16), ErrCorrupt},
		{"a chunk not held", appendDeltaRef(nil, back+5, off, size), badger.ErrKeyNotFound},
		{"a seq past the last", appendDeltaRef(nil, 1<<64-1, off, size), ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := n.db.Update(func(txn *badger.Txn) error { return txn.Set(key, c.val) }); err != nil {
				t.Fatal(err)
			}
			if _, err := n.Person("p001"); !errors.Is(err, c.want) {
				t.Errorf("reading the person: %v, want %v", err, c.want)
			}
			if p, err := n.Person("p002"); err != nil || p.Name != "Person p002" {
				t.Errorf("another person: %+v, %v", p, err)
			}
		})
	}
}

// FuzzParseDeltaRef: any bytes parse without panic, and what parses is
// exactly what appendDeltaRef writes for the parts read.
func FuzzParseDeltaRef(f *testing.F) {
	f.Add(appendDeltaRef(nil, 3, 40, 120))
	f.Add([]byte{deltaRefTag, 0xff, 0xff})
	f.Add([]byte{0x85, 1})
	f.Fuzz(func(t *testing.T, v []byte) {
		back, off, size, ok := parseDeltaRef(v)
		if ok && !bytes.Equal(appendDeltaRef(nil, back, off, size), v) {
			t.Fatalf("%x parsed as %d %d %d, which append writes otherwise", v, back, off, size)
		}
	})
}
