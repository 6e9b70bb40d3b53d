package node

import (
	"crypto/ed25519"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"pgregory.net/rapid"

	"muster/crdt"
)

// editSnapshot replaces the index snapshot of the closed node in dir with
// what edit makes of it; nil deletes it.
func editSnapshot(dir string, edit func(b []byte) ([]byte, error)) error {
	db, err := badger.Open(badgerOptions(Config{Dir: dir}.withDefaults()))
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keyIndexSnapshot)
		if err != nil {
			return err
		}
		b, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if b, err = edit(b); err != nil {
			return err
		}
		if b == nil {
			return txn.Delete(keyIndexSnapshot)
		}
		return txn.Set(keyIndexSnapshot, b)
	})
}

// withoutStates is a snapshot saved again without the people's states.
func withoutStates(b []byte) ([]byte, error) {
	ix, vec, _, err := decodeSnapshot(b)
	if err != nil {
		return nil, err
	}
	ix.build()
	return encodeIndexSnapshot(ix, vec, nil), nil
}

// TestIndexMatchesStore: random histories of ops on a few people from three
// authors (sets, null sets, adds, removes of observed adds, deletes, stamps
// in any order), delivered one chunk at a time in a random order (so some
// wait for their predecessors), with a restart at a random point. After
// every delivery the roster index,
// which the indexer keeps from the ops (fast path) or from reads (slow
// path), says exactly what the store's merged state says.
func TestIndexMatchesStore(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir := t.TempDir()
		n, err := Open(Config{Dir: dir})
		if err != nil {
			rt.Fatal(err)
		}
		defer func() { n.Close() }()
		ids := []string{"pa", "pb", "pc"}
		base := time.Now().Add(-time.Hour)
		type add struct {
			id, set, x string
			dot        crdt.Dot
		}
		var adds []add
		var chunks []crdt.Chunk
		for a := range 3 {
			var seed [32]byte
			seed[0] = byte(a + 1)
			signer := crdt.NewSigner(ed25519.NewKeyFromSeed(seed[:]), 0, crdt.Hash{})
			author := crdt.AuthorID(ed25519.NewKeyFromSeed(seed[:]).Public().(ed25519.PublicKey))
			count := rapid.IntRange(1, 12).Draw(rt, fmt.Sprintf("ops%d", a))
			for i := range count {
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				ms := rapid.IntRange(0, 50).Draw(rt, "ms")
				o := crdt.Op{Time: crdt.MakeTimestamp(base.Add(time.Duration(ms)*time.Millisecond), uint16(a)), Type: TypePerson, ID: id}
				switch rapid.IntRange(0, 9).Draw(rt, "kind") {
				case 0, 1, 2:
					field := rapid.SampledFrom([]string{fieldName, fieldStatus, fieldEmail, fieldPhone, "notes"}).Draw(rt, "field")
					var v any = rapid.SampledFrom([]string{"Ada", "bo", "deployed", "x@y.org", "555 01"}).Draw(rt, "value")
					if rapid.IntRange(0, 4).Draw(rt, "null") == 0 {
						v = nil
					}
					o.Set = map[string]any{field: v}
				case 3, 4, 5:
					set := rapid.SampledFrom([]string{fieldSkills, fieldRoles}).Draw(rt, "set")
					x := rapid.SampledFrom([]string{"first-aid", "driving", "radio"}).Draw(rt, "x")
					o.Add = map[string][]string{set: {x}}
					adds = append(adds, add{id: id, set: set, x: x, dot: crdt.Dot{Author: author, Seq: uint64(i + 1)}})
				case 6, 7:
					var seen []add
					for _, ad := range adds {
						if ad.id == id {
							seen = append(seen, ad)
						}
					}
					if len(seen) == 0 {
						o.Set = map[string]any{"notes": "n"}
						break
					}
					ad := rapid.SampledFrom(seen).Draw(rt, "removed")
					o.Remove = map[string]map[string][]crdt.Dot{ad.set: {ad.x: {ad.dot}}}
				case 8:
					o.Set = map[string]any{fieldName: "Cy", "notes": "m"}
					o.Add = map[string][]string{fieldSkills: {"radio"}}
					adds = append(adds, add{id: id, set: fieldSkills, x: "radio", dot: crdt.Dot{Author: author, Seq: uint64(i + 1)}})
				case 9:
					o.Delete = rapid.IntRange(0, 3).Draw(rt, "delete") == 0
					if !o.Delete {
						o.Set = map[string]any{fieldStatus: "off"}
					}
				}
				c, _, err := signer.Seal([]crdt.Op{o})
				if err != nil {
					rt.Fatal(err)
				}
				chunks = append(chunks, c)
			}
		}
		order := rapid.Permutation(chunks).Draw(rt, "order")
		restart := rapid.IntRange(-1, len(order)-1).Draw(rt, "restart")
		snapshot := rapid.SampledFrom([]string{"kept", "dropped", "stateless"}).Draw(rt, "snapshot")
		for step, c := range order {
			if step == restart {
				// A restart: the index and every person's state come from
				// the snapshot saved at close; or, from a snapshot without
				// the states (as an indexer that did not know everyone
				// saves it), the fast path knows no one until it reads
				// them; or, without the snapshot, from reading everyone.
				n.Close()
				switch snapshot {
				case "dropped":
					err = editSnapshot(dir, func([]byte) ([]byte, error) { return nil, nil })
				case "stateless":
					err = editSnapshot(dir, withoutStates)
				}
				if err != nil {
					rt.Fatal(err)
				}
				if n, err = Open(Config{Dir: dir}); err != nil {
					rt.Fatal(err)
				}
			}
			if _, err := n.Apply([]crdt.Chunk{c}); err != nil {
				rt.Fatalf("step %d: %v", step, err)
			}
			for _, id := range ids {
				want := storedPerson(rt, n, id)
				var got personUpdate
				n.people.read(func(ix *rosterIndex) {
					if s := ix.listed(id); s != nil {
						got = personUpdate{id: id, visible: true, s: s}
					}
				})
				if got.visible != want.visible {
					rt.Fatalf("step %d, %s: index visible %v, store %v", step, id, got.visible, want.visible)
				}
				if want.visible && !sameSummary(got.s, want.s) {
					rt.Fatalf("step %d, %s: index %+v, store %+v", step, id, *got.s, *want.s)
				}
			}
		}
	})
}

func storedPerson(t interface{ Fatal(...any) }, n *Node, id string) personUpdate {
	var u personUpdate
	err := n.db.View(func(txn *badger.Txn) error {
		e, _, err := n.loadRecord(txn, entityKey(TypePerson, id), TypePerson, id)
		if err == nil {
			u = personUpdateOf(e)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func sameSummary(a, b *summary) bool {
	return a.id == b.id && a.name() == b.name() && a.fold() == b.fold() && a.status == b.status &&
		slices.Equal(a.skills, b.skills) && slices.Equal(a.roles, b.roles) && a.email() == b.email() && a.phone() == b.phone()
}
