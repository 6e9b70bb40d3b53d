package crdt

import (
	"testing"
)

// FuzzDecodeOp: any bytes give an op or an error, never a panic; an op
// that decodes re-encodes to exactly the same bytes.
func FuzzDecodeOp(f *testing.F) {
	s := NewSigner(testKey(1), 0, Hash{})
	c, _, _ := s.Seal(sampleOps(2))
	for _, o := range c.Ops {
		f.Add(o)
	}
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := DecodeOp(b)
		if err != nil {
			return
		}
		again, err := EncodeOp(&o)
		if err != nil || string(again) != string(b) {
			t.Fatalf("decoded op does not re-encode to its bytes: %v", err)
		}
	})
}

// FuzzVerifyChunk: arbitrary chunk bytes are decoded and verified without
// panicking; nothing unsigned gets through.
func FuzzVerifyChunk(f *testing.F) {
	s := NewSigner(testKey(1), 0, Hash{})
	c, _, _ := s.Seal(sampleOps(3))
	raw, _ := EncodeChunk(c)
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeChunk(b)
		if err != nil {
			return
		}
		ops, err := Verify(c)
		if err == nil && len(ops) == 0 {
			t.Fatalf("verified an empty chunk")
		}
	})
}

// FuzzDecodeEntity: stored entity bytes are node-local, but a damaged disk
// must not crash the node.
func FuzzDecodeEntity(f *testing.F) {
	e := NewEntity("person", "p1")
	for _, o := range sampleOps(2) {
		o.Author, o.Seq = AuthorID{1}, 1
		e.Apply(&o)
	}
	raw, _ := EncodeEntity(e)
	f.Add(raw)
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntity(b)
		if err != nil {
			return
		}
		e.Visible() // must not panic
	})
}
