package bundle

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"muster/crdt"
	"muster/sync/team"
)

// fuzzTeam is fixed so that the seed corpus stays valid.
var fuzzTeam = &team.Team{ID: "00112233445566778899aabbccddeeff", Secret: [team.SecretBytes]byte{1, 2, 3}}

// sampleBundles builds valid bundles from signed chunks without a node.
func sampleBundles(t testing.TB) [][]byte {
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)), 0, crdt.Hash{})
	var chunks []crdt.Chunk
	for i := range 3 {
		var ops []crdt.Op
		for j := range i + 1 {
			ops = append(ops, crdt.Op{Time: crdt.MakeTimestamp(time.Unix(1700000000, 0), uint16(j)),
				Type: "person", ID: fmt.Sprintf("p%d", j), Set: map[string]any{"name": fmt.Sprintf("n%d", i)}})
		}
		c, _, err := signer.Seal(ops)
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, c)
	}
	var out [][]byte
	for _, cs := range [][]crdt.Chunk{nil, chunks[:1], chunks} {
		var buf bytes.Buffer
		vv := crdt.VersionVector{signer.ID(): signer.Seq()}
		w, err := newWriter(&buf, fuzzTeam, Header{Team: fuzzTeam.IDHash(), Node: signer.ID(), Vector: vv.Entries(), Ops: 6})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if err := w.add(c); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.close(); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
}

func TestSampleBundlesCheck(t *testing.T) {
	for i, b := range sampleBundles(t) {
		if _, err := Check(bytes.NewReader(b), fuzzTeam); err != nil {
			t.Errorf("sample %d: %v", i, err)
		}
	}
	// MUSTER_WRITE_CORPUS=1 go test -run TestSampleBundlesCheck ./sync/bundle
	// refreshes the checked-in seed corpus.
	if os.Getenv("MUSTER_WRITE_CORPUS") != "" {
		dir := filepath.Join("testdata", "fuzz", "FuzzReadBundle")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, b := range sampleBundles(t) {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("valid%d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// FuzzReadBundle feeds arbitrary bytes to the checker: it must refuse or
// accept without panicking or allocating beyond its limits, and whatever
// it accepts must hold as many ops as its trailer says.
func FuzzReadBundle(f *testing.F) {
	for _, b := range sampleBundles(f) {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(Magic + "\x01\x00\x00\x00\x05"))
	f.Add([]byte(Magic + "\x01\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := Check(bytes.NewReader(in), fuzzTeam)
		if err != nil {
			return
		}
		if s.Header.Team != fuzzTeam.IDHash() || s.Chunks > s.Ops {
			t.Fatalf("accepted %+v", s)
		}
	})
}

// TestManySmallChunks: a megabyte of one-op chunks is more chunks than the
// decoder takes in one array, so frames are cut by count as well as size.
func TestManySmallChunks(t *testing.T) {
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)), 0, crdt.Hash{})
	var buf bytes.Buffer
	w, err := newWriter(&buf, fuzzTeam, Header{Team: fuzzTeam.IDHash(), Node: signer.ID()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 2*maxFrameChunks + 10
	for i := range n {
		c, _, err := signer.Seal([]crdt.Op{{Time: crdt.MakeTimestamp(time.Unix(1700000000, 0), 0),
			Type: "person", ID: "p", Set: map[string]any{"n": fmt.Sprint(i)}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	s, err := Check(bytes.NewReader(buf.Bytes()), fuzzTeam)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if s.Chunks != n || s.Frames != 3 {
		t.Fatalf("got %d chunks in %d frames, want %d in 3", s.Chunks, s.Frames, n)
	}
}
