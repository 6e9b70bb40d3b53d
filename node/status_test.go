package node

import (
	"testing"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// mergedDigest is the digest from every entity's merged state, hashed
// again: what Digest must equal however the store holds its entities.
func mergedDigest(t *testing.T, n *Node) crdt.Digest {
	t.Helper()
	var d crdt.Digest
	err := n.view(func(txn *badger.Txn) error {
		return scanMerged(txn, []byte{pfxEntity}, func(e *crdt.Entity) error {
			d.Toggle(e.VisibleHash())
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDigestOfRecordsAndDeltas: the digest equals the one from every
// entity merged and hashed, with entities held as deltas only, as folded
// records, as records with deltas since, and deleted; and it moves when
// a folded entity changes.
func TestDigestOfRecordsAndDeltas(t *testing.T) {
	n := openTest(t, t.TempDir())
	check := func(when string) crdt.Digest {
		t.Helper()
		n.dmu.Lock()
		n.dvalid = false
		n.dmu.Unlock()
		got, want := n.Digest(), mergedDigest(t, n)
		if got != want {
			t.Fatalf("%s: digest %s, merged and hashed %s", when, got, want)
		}
		return got
	}
	var ids []string
	for _, name := range []string{"Ada", "Bo", "Cy", "Di"} {
		ids = append(ids, mustCreate(t, n, name).ID)
	}
	if _, err := n.CreateCampaign(CampaignPatch{Title: ptr("Sandbags")}); err != nil {
		t.Fatal(err)
	}
	check("deltas only")
	if err := n.foldAll(); err != nil {
		t.Fatal(err)
	}
	folded := check("folded")
	if _, err := n.UpdatePerson(ids[0], PersonPatch{Notes: ptr("on call")}); err != nil {
		t.Fatal(err)
	}
	if err := n.DeletePerson(ids[1]); err != nil {
		t.Fatal(err)
	}
	if check("records with deltas since") == folded {
		t.Fatal("the digest did not move when folded people changed")
	}
	mustCreate(t, n, "Ed")
	check("a new person beside them")
	if err := n.foldAll(); err != nil {
		t.Fatal(err)
	}
	check("folded again, one of them deleted")
}
