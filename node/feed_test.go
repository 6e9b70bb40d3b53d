package node

import (
	"crypto/ed25519"
	"testing"
	"time"

	"muster/crdt"
	"muster/node/workload"
)

func TestFeedLagged(t *testing.T) {
	n := openTest(t, t.TempDir())
	sub := n.Subscribe()
	defer sub.Close()
	for i := 0; i < subscriptionBuffer+5; i++ {
		mustCreate(t, n, "p")
	}
	got, lagged := 0, false
	for drained := false; !drained; {
		select {
		case c := <-sub.C():
			got++
			lagged = lagged || c.Lagged
		default:
			drained = true
		}
	}
	if got != subscriptionBuffer || lagged {
		t.Fatalf("read %d changes (lagged %v) from a full buffer, want %d", got, lagged, subscriptionBuffer)
	}
	mustCreate(t, n, "after")
	select {
	case c := <-sub.C():
		if !c.Lagged {
			t.Errorf("first change after an overflow = %+v, want Lagged", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change after the overflow")
	}
	n.Close()
	if _, open := <-sub.C(); open {
		t.Errorf("subscription still open after Close")
	}
}

// TestApplyLargeBatch applies 10,000 ops in one call: more than one Badger
// transaction holds, so it commits at chunk boundaries.
func TestApplyLargeBatch(t *testing.T) {
	n := openTest(t, t.TempDir())
	w := workload.New(1, 5000, 5000)
	s := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, 32)), 0, crdt.Hash{})
	var clock crdt.Clock
	var chunks []crdt.Chunk
	for batch := w.Next(1000); batch != nil; batch = w.Next(1000) {
		for i := range batch {
			batch[i].Time = clock.Now(time.Now())
		}
		c, _, err := s.Seal(batch)
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, c)
	}
	res, err := n.Apply(chunks)
	if err != nil || res.Applied != 10000 {
		t.Fatalf("Apply = %+v, %v", res, err)
	}
	if page, _ := n.People(PeopleQuery{}); page.Total != 5000 {
		t.Errorf("people = %d, want 5000", page.Total)
	}
}
