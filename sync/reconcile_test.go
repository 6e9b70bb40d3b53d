package sync

import (
	"fmt"
	"testing"
	"time"

	"muster/crdt"
	"muster/node"
)

// TestConcurrentEditsReconcile: two nodes share the people; apart, each
// updates its own fields, and one in ten updates hits the same field of
// the same person as the other side. After one round both nodes are
// identical and no update to a field only one side changed is lost.
func TestConcurrentEditsReconcile(t *testing.T) {
	const people, updates = 200, 200
	tm := newTeam(t)
	base := newRoster(20).peopleAndUpdates(t, people, 0)
	ra, rb := newRoster(21), newRoster(22)
	set := func(r *roster, id, field, v string) crdt.Op {
		return crdt.Op{Time: r.ts(), Type: node.TypePerson, ID: id, Set: map[string]any{field: v}}
	}
	var oa, ob []crdt.Op
	wantNotes, wantPhone := map[string]string{}, map[string]string{}
	for i := range updates {
		id := personID(i % people)
		if i%10 == 0 {
			oa = append(oa, set(ra, id, "availability", "a"+id))
			ob = append(ob, set(rb, id, "availability", "b"+id))
			continue
		}
		notes, phone := fmt.Sprintf("notes from a %d", i), fmt.Sprintf("+1555%07d", i)
		oa, ob = append(oa, set(ra, id, "notes", notes)), append(ob, set(rb, id, "phone", phone))
		wantNotes[id], wantPhone[id] = notes, phone
	}
	a := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	load(t, a.n, base)
	load(t, a.n, ra.seal(t, oa))
	b := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	load(t, b.n, base)
	load(t, b.n, rb.seal(t, ob))
	start := time.Now()
	b.svc.AddPeer(a.addr)
	eventually(t, 10*time.Second, "the two nodes reconcile", func() bool {
		return sameDigest(a, b) && a.n.VersionVector().Total() == people+2*updates
	})
	t.Logf("reconciled %d + %d updates in %s", updates, updates, time.Since(start))
	for id, want := range wantNotes {
		for _, x := range []*testNode{a, b} {
			p, err := x.n.Person(id)
			if err != nil {
				t.Fatal(err)
			}
			if p.Notes != want || p.Phone != wantPhone[id] {
				t.Fatalf("%s: person %s has notes %q, phone %q; want %q, %q", x.addr, id, p.Notes, p.Phone, want, wantPhone[id])
			}
		}
	}
	for i := 0; i < updates; i += 10 {
		id := personID(i % people)
		pa, _ := a.n.Person(id)
		pb, _ := b.n.Person(id)
		if pa.Availability != pb.Availability || (pa.Availability != "a"+id && pa.Availability != "b"+id) {
			t.Errorf("conflict on %s resolved to %q and %q", id, pa.Availability, pb.Availability)
		}
	}
}
