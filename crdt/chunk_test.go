package crdt

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32))
}

func testSigner(t testing.TB, seed byte) *Signer {
	t.Helper()
	return NewSigner(testKey(seed), 0, Hash{})
}

func sampleOps(n int) []Op {
	ops := make([]Op, n)
	base := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for i := range ops {
		ops[i] = Op{Type: "person", ID: "p1", Time: MakeTimestamp(base, uint16(i)), Set: map[string]any{"name": "Ada", "n": uint64(i)}}
	}
	return ops
}

func TestSealVerify(t *testing.T) {
	s := testSigner(t, 1)
	c, _, err := s.Seal(sampleOps(3))
	if err != nil {
		t.Fatal(err)
	}
	ops, err := Verify(c)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if First(ops) != 1 || Last(ops) != 3 {
		t.Errorf("seqs %d..%d, want 1..3", First(ops), Last(ops))
	}
	suffix := c.Suffix(1, 2)
	if ops, err := Verify(suffix); err != nil || First(ops) != 2 {
		t.Errorf("suffix: %v, first %d", err, First(ops))
	}
	c2, _, _ := s.Seal(sampleOps(1))
	if ops, _ := Verify(c2); ops[0].Seq != 4 || ops[0].Prev != HashOf(c.Ops[2]) {
		t.Errorf("second chunk does not continue the chain")
	}
	raw, _ := EncodeChunk(c)
	back, err := DecodeChunk(raw)
	if err != nil || !bytes.Equal(back.Sig, c.Sig) || len(back.Ops) != 3 {
		t.Errorf("chunk round trip: %v", err)
	}
}

func TestVerifyRefusesTampering(t *testing.T) {
	s := testSigner(t, 1)
	other := testSigner(t, 2)
	good, _, _ := s.Seal(sampleOps(3))
	clone := func() Chunk {
		c := Chunk{Author: good.Author, Sig: append([]byte(nil), good.Sig...)}
		for _, o := range good.Ops {
			c.Ops = append(c.Ops, append([]byte(nil), o...))
		}
		return c
	}
	foreign, _, _ := other.Seal(sampleOps(1))
	cases := []struct {
		name string
		mut  func(c *Chunk)
		want error
	}{
		{"flipped signature bit", func(c *Chunk) { c.Sig[0] ^= 1 }, ErrBadSignature},
		{"short signature", func(c *Chunk) { c.Sig = c.Sig[:10] }, ErrBadSignature},
		{"op dropped from middle", func(c *Chunk) { c.Ops = append(c.Ops[:1], c.Ops[2]) }, ErrBadChain},
		{"last op altered", func(c *Chunk) { c.Ops[2] = reencode(t, c.Ops[2], func(o *Op) { o.Set["name"] = "Eve" }) }, ErrBadSignature},
		{"middle op altered", func(c *Chunk) { c.Ops[1] = reencode(t, c.Ops[1], func(o *Op) { o.Set["name"] = "Eve" }) }, ErrBadChain},
		{"other author's op", func(c *Chunk) { c.Ops[0] = foreign.Ops[0] }, ErrInvalidOp},
		{"claimed by other author", func(c *Chunk) { c.Author = foreign.Author }, ErrInvalidOp},
		{"empty", func(c *Chunk) { c.Ops = nil }, ErrInvalidOp},
	}
	for _, tc := range cases {
		c := clone()
		tc.mut(&c)
		if _, err := Verify(c); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func reencode(t *testing.T, raw []byte, f func(*Op)) []byte {
	o, err := DecodeOp(raw)
	if err != nil {
		t.Fatal(err)
	}
	f(&o)
	b, err := EncodeOp(&o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeOpRefusesNonCanonical(t *testing.T) {
	s := testSigner(t, 1)
	c, _, _ := s.Seal(sampleOps(1))
	raw := c.Ops[0]
	if _, err := DecodeOp(raw); err != nil {
		t.Fatalf("canonical op refused: %v", err)
	}
	// The same op encoded without sorted map keys / shortest forms.
	o, _ := DecodeOp(raw)
	loose, _ := cbor.EncOptions{Sort: cbor.SortNone, ShortestFloat: cbor.ShortestFloatNone}.EncMode()
	var variant []byte
	for i := 0; i < 20; i++ { // map order is random: find an encoding that differs
		b, _ := loose.Marshal(&o)
		if !bytes.Equal(b, raw) {
			variant = b
			break
		}
	}
	if variant != nil {
		if _, err := DecodeOp(variant); !errors.Is(err, ErrNotCanonical) {
			t.Errorf("non-canonical map order: err = %v, want ErrNotCanonical", err)
		}
	}
	// An integer in a longer form than needed: 0x18 0x05 instead of 0x05.
	long := bytes.Replace(raw, []byte{0x01}, []byte{0x18, 0x01}, 1)
	if _, err := DecodeOp(long); err == nil {
		t.Errorf("long-form integer accepted")
	}
	// Indefinite-length array header instead of a definite one.
	indef := append([]byte{0x9f}, raw[1:]...)
	indef = append(indef, 0xff)
	if _, err := DecodeOp(indef); err == nil {
		t.Errorf("indefinite-length encoding accepted")
	}
	if _, err := DecodeOp(make([]byte, MaxOpSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize op: err = %v, want ErrTooLarge", err)
	}
}

func TestDecodeRefusesDuplicateKeys(t *testing.T) {
	// {"a": 1, "a": 2}
	dup := []byte{0xa2, 0x61, 'a', 0x01, 0x61, 'a', 0x02}
	var m map[string]any
	if err := Unmarshal(dup, &m); err == nil {
		t.Errorf("duplicate map keys accepted: %v", m)
	}
}

func TestValidate(t *testing.T) {
	ok := Op{Seq: 1, Type: "person", ID: "p1", Set: map[string]any{"name": "x"}}
	cases := []struct {
		name string
		mut  func(o *Op)
	}{
		{"seq 0", func(o *Op) { o.Seq = 0 }},
		{"bad id", func(o *Op) { o.ID = "P 1" }},
		{"empty type", func(o *Op) { o.Type = "" }},
		{"delete with fields", func(o *Op) { o.Delete = true }},
		{"no change", func(o *Op) { o.Set = nil }},
		{"unsupported value", func(o *Op) { o.Set["x"] = []byte{1} }},
		{"first op with predecessor", func(o *Op) { o.Prev = Hash{1} }},
		{"invalid utf8", func(o *Op) { o.Set["x"] = "\xff" }},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid op refused: %v", err)
	}
	for _, tc := range cases {
		o := ok
		o.Set = map[string]any{"name": "x"}
		tc.mut(&o)
		if err := o.Validate(); !errors.Is(err, ErrInvalidOp) {
			t.Errorf("%s: err = %v, want ErrInvalidOp", tc.name, err)
		}
	}
}
