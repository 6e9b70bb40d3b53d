package node

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"

	"muster/crdt"
)

// logOf reads a node's whole op log as chunks.
func logOf(t testing.TB, n *Node) []crdt.Chunk {
	t.Helper()
	var out []crdt.Chunk
	for a := range n.VersionVector() {
		if err := n.ReadLog(a, 1, func(c crdt.Chunk) error { out = append(out, c); return nil }); err != nil {
			t.Fatalf("ReadLog: %v", err)
		}
	}
	return out
}

func mustCreate(t testing.TB, n *Node, name string, skills ...string) Person {
	t.Helper()
	p, err := n.CreatePerson(PersonPatch{Name: &name, Skills: &skills})
	if err != nil {
		t.Fatalf("CreatePerson: %v", err)
	}
	return p
}

func TestApplyRemoteChunks(t *testing.T) {
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	p := mustCreate(t, a, "Ada", "medic")
	if _, err := a.UpdatePerson(p.ID, PersonPatch{Status: ptr("deployed")}); err != nil {
		t.Fatal(err)
	}
	sub := b.Subscribe()
	defer sub.Close()
	res, err := b.Apply(logOf(t, a))
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if res.Applied != 2 || res.Duplicate != 0 {
		t.Errorf("result = %+v, want 2 applied", res)
	}
	if a.Digest() != b.Digest() {
		t.Errorf("digests differ after sync")
	}
	got, err := b.Person(p.ID)
	if err != nil || got.Status != "deployed" || got.Skills[0] != "medic" {
		t.Errorf("person on b = %+v, %v", got, err)
	}
	select {
	case c := <-sub.C():
		if c.Local || len(c.Refs) != 1 || c.Refs[0].ID != p.ID || c.Vector[a.ID()] != 2 {
			t.Errorf("change = %+v", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change on the feed")
	}
	res, err = b.Apply(logOf(t, a))
	if err != nil || res.Applied != 0 || res.Duplicate != 2 {
		t.Errorf("second apply = %+v, %v; want 2 duplicates", res, err)
	}
	if b.Status().Ops != 2 {
		t.Errorf("ops = %d, want 2", b.Status().Ops)
	}
}

func TestApplyFillsGaps(t *testing.T) {
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	for i := 0; i < 3; i++ {
		mustCreate(t, a, fmt.Sprintf("p%d", i))
	}
	log := logOf(t, a)[0] // ops 1-3, merged
	res, err := b.Apply([]crdt.Chunk{log.Suffix(1, 3), log.Suffix(1, 2)})
	if err != nil || res.Pending != 3 || res.Applied != 0 {
		t.Fatalf("apply without op 1 = %+v, %v; want 3 pending", res, err)
	}
	if st := b.Status(); st.Pending != 3 || st.Ops != 0 {
		t.Errorf("status = %+v, want 3 pending, 0 ops", st)
	}
	if page, _ := b.People(PeopleQuery{}); page.Total != 0 {
		t.Errorf("pending ops are visible: %+v", page)
	}
	res, err = b.Apply([]crdt.Chunk{log})
	if err != nil || res.Applied != 3 {
		t.Fatalf("filling the gap = %+v, %v; want 3 applied", res, err)
	}
	if st := b.Status(); st.Pending != 0 || st.Ops != 3 || b.Digest() != a.Digest() {
		t.Errorf("after gap filled: %+v", st)
	}
}

func TestApplyPendingSurvivesRestart(t *testing.T) {
	a := openTest(t, t.TempDir())
	dir := t.TempDir()
	b := openTest(t, dir)
	mustCreate(t, a, "one")
	mustCreate(t, a, "two")
	log := logOf(t, a)[0]
	if _, err := b.Apply([]crdt.Chunk{log.Suffix(1, 2)}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	b = openTest(t, dir)
	if got := b.Status().Pending; got != 1 {
		t.Fatalf("pending after restart = %d, want 1", got)
	}
	if res, err := b.Apply([]crdt.Chunk{log}); err != nil || res.Applied != 2 {
		t.Fatalf("apply = %+v, %v", res, err)
	}
	if b.Digest() != a.Digest() {
		t.Errorf("digests differ")
	}
}

func TestApplyRefusesBadChunks(t *testing.T) {
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	mustCreate(t, a, "Ada")
	good := logOf(t, a)[0]
	bad := crdt.Chunk{Author: good.Author, Ops: good.Ops, Sig: append([]byte(nil), good.Sig...)}
	bad.Sig[5] ^= 0x40
	before := b.Digest()
	if _, err := b.Apply([]crdt.Chunk{good, bad}); !errors.Is(err, crdt.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
	if b.Digest() != before || b.Status().Ops != 0 {
		t.Errorf("a refused batch changed the store")
	}
	if got := b.Status().Rejected; got != 1 {
		t.Errorf("rejected = %d, want 1", got)
	}
}

func TestApplyRefusesFork(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	// mk returns op 1 alone and ops 1-2 together of one history.
	mk := func(name string) (crdt.Chunk, crdt.Chunk) {
		s := crdt.NewSigner(key, 0, crdt.Hash{})
		c, _, err := s.Seal([]crdt.Op{{Type: TypePerson, ID: "x", Time: crdt.MakeTimestamp(time.Now(), 0), Set: map[string]any{"name": name}}})
		if err != nil {
			t.Fatal(err)
		}
		s2 := crdt.NewSigner(key, 1, crdt.HashOf(c.Ops[0]))
		c2, _, _ := s2.Seal([]crdt.Op{{Type: TypePerson, ID: "x", Time: crdt.MakeTimestamp(time.Now(), 1), Set: map[string]any{"notes": name}}})
		return c, crdt.Chunk{Author: c.Author, Ops: [][]byte{c.Ops[0], c2.Ops[0]}, Sig: c2.Sig}
	}
	b := openTest(t, t.TempDir())
	one, _ := mk("one")
	_, two := mk("two")
	if _, err := b.Apply([]crdt.Chunk{one}); err != nil {
		t.Fatal(err)
	}
	// Op 2 of the second history links to a different op 1.
	if _, err := b.Apply([]crdt.Chunk{two.Suffix(1, 2)}); !errors.Is(err, ErrFork) {
		t.Fatalf("err = %v, want ErrFork", err)
	}
	if got, _ := b.Person("x"); got.Name != "one" || got.Notes != "" {
		t.Errorf("fork changed state: %+v", got)
	}
}

func TestApplyRefusesFutureTimestamps(t *testing.T) {
	key := ed25519.NewKeyFromSeed(make([]byte, 32))
	s := crdt.NewSigner(key, 0, crdt.Hash{})
	c, _, _ := s.Seal([]crdt.Op{{Type: TypePerson, ID: "x", Time: crdt.MakeTimestamp(time.Now().Add(time.Hour), 0), Set: map[string]any{"name": "late"}}})
	b := openTest(t, t.TempDir())
	var ahead *crdt.ClockAheadError
	if _, err := b.Apply([]crdt.Chunk{c}); !errors.As(err, &ahead) {
		t.Fatalf("err = %v, want ClockAheadError", err)
	}
}

func TestReadLogFromAnySeq(t *testing.T) {
	a := openTest(t, t.TempDir())
	mustCreate(t, a, "seed")
	if _, err := a.UpdatePeople(nil, PersonPatch{}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 9; i++ {
		mustCreate(t, a, fmt.Sprint("p", i))
	}
	for from := uint64(1); from <= 10; from++ {
		var seqs []uint64
		err := a.ReadLog(a.ID(), from, func(c crdt.Chunk) error {
			ops, err := crdt.Verify(c)
			for _, o := range ops {
				seqs = append(seqs, o.Seq)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(seqs) != int(11-from) || seqs[0] != from || seqs[len(seqs)-1] != 10 {
			t.Errorf("ReadLog from %d = %v", from, seqs)
		}
	}
}

// TestNodeMergeConverges applies random interleavings of several authors'
// chunks, with gaps and duplicates, to real stores: every order ends in the
// same digest as the authors' own union.
func TestNodeMergeConverges(t *testing.T) {
	// Three authors write overlapping histories once; the property varies
	// the delivery order.
	authors := []*Node{openTest(t, t.TempDir()), openTest(t, t.TempDir()), openTest(t, t.TempDir())}
	shared := mustCreate(t, authors[0], "shared", "medic")
	for _, n := range authors[1:] {
		if _, err := n.Apply(logOf(t, authors[0])); err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range authors {
		for j := 0; j < 4; j++ {
			mustCreate(t, n, fmt.Sprintf("a%d-%d", i, j))
			if _, err := n.UpdatePerson(shared.ID, PersonPatch{Notes: ptr(fmt.Sprint(i, j)), AddSkills: []string{fmt.Sprint("s", i)}, RemoveSkills: []string{"medic"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var all []crdt.Chunk
	for _, n := range authors {
		all = append(all, logOf(t, n)...)
	}
	// Deliver every suffix of every author's log (the only sub-chunks a
	// head signature covers), so orders interleave, leave gaps and repeat.
	var ops []crdt.Chunk
	for _, c := range all {
		vops, err := crdt.Verify(c)
		if err != nil {
			t.Fatal(err)
		}
		for seq := crdt.First(vops); seq <= crdt.Last(vops); seq++ {
			ops = append(ops, c.Suffix(crdt.First(vops), seq))
		}
	}
	// Each order opens a real store, so run a fixed number of seeded
	// orders (the crdt package's property test covers 1,000+ histories).
	union := crdt.VersionVector{}
	for _, a := range authors {
		union = union.Merge(a.VersionVector())
	}
	var want crdt.Digest
	for seed := int64(1); seed <= 25; seed++ {
		rng := rand.New(rand.NewSource(seed))
		n := openTest(t, t.TempDir())
		order := slices.Clone(ops)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for len(order) > 0 {
			k := 1 + rng.Intn(min(5, len(order)))
			batch := slices.Clone(order[:k])
			if rng.Intn(2) == 0 {
				batch = append(batch, order[0]) // a duplicate
			}
			if _, err := n.Apply(batch); err != nil {
				t.Fatalf("seed %d: Apply: %v", seed, err)
			}
			order = order[k:]
		}
		if seed == 1 {
			want = n.Digest()
		}
		if d := n.Digest(); d != want || n.Status().Pending != 0 || n.Status().Ops != union.Total() {
			t.Fatalf("seed %d: digest %s, want %s; status %+v", seed, d, want, n.Status())
		}
		n.Close()
	}
}

// TestReadLogMerges: 50 local writes (one chunk each) come back as one
// chunk with one signature, which another node accepts.
func TestReadLogMerges(t *testing.T) {
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	for i := 0; i < 50; i++ {
		mustCreate(t, a, fmt.Sprint("p", i))
	}
	for _, from := range []uint64{1, 17} {
		var chunks []crdt.Chunk
		if err := a.ReadLog(a.ID(), from, func(c crdt.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(chunks) != 1 || len(chunks[0].Ops) != int(51-from) {
			t.Fatalf("from %d: %d chunks, want 1 of %d ops", from, len(chunks), 51-from)
		}
		ops, err := crdt.Verify(chunks[0])
		if err != nil || ops[0].Seq != from {
			t.Fatalf("from %d: merged chunk: %v", from, err)
		}
	}
	if _, err := b.Apply(logOf(t, a)); err != nil || b.Digest() != a.Digest() {
		t.Fatalf("apply merged log: %v", err)
	}
}

// TestReadLogIntoBuffer: read into a caller's buffer, the log is the same
// chunks, in the buffer's memory while they fit it; read again into the
// same buffer, they come back whole, and a buffer too small for them
// falls back to copies of their own.
func TestReadLogIntoBuffer(t *testing.T) {
	a := openTest(t, t.TempDir())
	for i := range 40 {
		mustCreate(t, a, fmt.Sprint("p", i))
	}
	want := logOf(t, a)
	read := func(buf *[]byte) []crdt.Chunk {
		var out []crdt.Chunk
		if err := a.ReadLogInto(a.ID(), 1, buf, func(c crdt.Chunk) error { out = append(out, c); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, size := range []int{1 << 20, 64} {
		buf := make([]byte, 0, size)
		for round := range 2 {
			buf = buf[:0]
			got := read(&buf)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d-byte buffer, round %d: the chunks differ from ReadLog's", size, round)
			}
			if inBuf := len(buf) > 0; inBuf != (size == 1<<20) {
				t.Errorf("%d-byte buffer: %d bytes copied into it", size, len(buf))
			}
			if _, err := crdt.Verify(got[0]); err != nil {
				t.Fatalf("%d-byte buffer: %v", size, err)
			}
		}
	}
}
