package wire

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"muster/crdt"
)

func testChunk(t testing.TB, n int) crdt.Chunk {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(bytes.NewReader(make([]byte, 64)))
	s := crdt.NewSigner(priv, 0, crdt.Hash{})
	ops := make([]crdt.Op, n)
	for i := range ops {
		ops[i] = crdt.Op{Time: crdt.MakeTimestamp(time.Unix(1700000000, 0), uint16(i)), Type: "person", ID: "p1", Set: map[string]any{"name": "Ada"}}
	}
	c, _, err := s.Seal(ops)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sampleFrames(t testing.TB) []Frame {
	a := crdt.AuthorID{1}
	b := crdt.AuthorID{2}
	return []Frame{
		&Hello{Version: ProtocolVersion, Team: "0123456789abcdef", Node: a, Nonce: [32]byte{9}},
		&Hello{Version: ProtocolVersion, Team: "t", Node: b, Proof: bytes.Repeat([]byte{7}, 32)},
		&Proof{Proof: []byte{1, 2, 3}},
		&Vector{Entries: []crdt.Entry{{Author: a, Seq: 3}, {Author: b, Seq: 1 << 40}}},
		&Vector{},
		&Chunks{Chunks: []crdt.Chunk{testChunk(t, 3)}},
		&Chunks{Chunks: []crdt.Chunk{testChunk(t, 30), testChunk(t, 1)}},
		&Ack{Entries: []crdt.Entry{{Author: a, Seq: 5}}},
		&Done{},
		&Error{Code: CodeTeam, Message: "another team"},
		&Hint{Node: a, Digest: crdt.Hash{4}},
	}
}

func TestRoundTrip(t *testing.T) {
	var stream bytes.Buffer
	for _, f := range sampleFrames(t) {
		t.Run(f.Type().String(), func(t *testing.T) {
			b, err := Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			// The same bytes as the reflective encoder's (the chunk codec
			// writes batches itself).
			body, err := crdt.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, append([]byte{byte(f.Type())}, body...)) {
				t.Errorf("Marshal(%s) differs from the reflective encoding", f.Type())
			}
			got, err := Unmarshal(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(norm(got), norm(f)) {
				t.Errorf("Unmarshal(Marshal(%#v)) = %#v", f, got)
			}
			if err := WriteFrame(&stream, f); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, want := range sampleFrames(t) {
		got, err := ReadFrame(&stream)
		if err != nil {
			t.Fatal(err)
		}
		if got.Type() != want.Type() {
			t.Errorf("ReadFrame type = %s, want %s", got.Type(), want.Type())
		}
	}
	if _, err := ReadFrame(&stream); err != io.EOF {
		t.Errorf("ReadFrame at end = %v, want io.EOF", err)
	}
}

// norm makes empty and nil slices compare equal.
func norm(f Frame) Frame {
	switch v := f.(type) {
	case *Vector:
		if len(v.Entries) == 0 {
			return &Vector{}
		}
	case *Chunks:
		// Without what the decoder keeps of where each chunk came from.
		c := &Chunks{}
		for _, ch := range v.Chunks {
			c.Chunks = append(c.Chunks, crdt.Chunk{Author: ch.Author, Ops: ch.Ops, Sig: ch.Sig})
		}
		return c
	case *Hello:
		if len(v.Proof) == 0 {
			c := *v
			c.Proof = nil
			return &c
		}
	}
	return f
}

func TestUnmarshalRefuses(t *testing.T) {
	big := testChunk(t, 1)
	big.Ops = [][]byte{bytes.Repeat([]byte{1}, 600<<10)}
	two := &Chunks{Chunks: []crdt.Chunk{big, big}}
	twoBody, _ := crdt.Marshal(two)
	a, b := crdt.AuthorID{1}, crdt.AuthorID{2}
	unsorted, _ := crdt.Marshal(&Vector{Entries: []crdt.Entry{{Author: b, Seq: 1}, {Author: a, Seq: 1}}})
	cases := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"unknown type", []byte{99, 0x80}},
		{"type zero", []byte{0, 0x80}},
		{"not cbor", []byte{byte(TypeVector), 0xff}},
		{"trailing bytes", []byte{byte(TypeDone), 0x80, 0x00}},
		{"wrong shape", []byte{byte(TypeDone), 0x01}},
		{"indefinite length", []byte{byte(TypeVector), 0x9f, 0x80, 0xff}},
		{"oversize", make([]byte, MaxFrameSize+1)},
		{"batch over 1 MiB", append([]byte{byte(TypeChunks)}, twoBody...)},
		{"empty batch", []byte{byte(TypeChunks), 0x81, 0x80}},
		{"unsorted vector", append([]byte{byte(TypeVector)}, unsorted...)},
		{"long message", append([]byte{byte(TypeError)}, mustMarshal(t, []any{1, strings.Repeat("x", MaxMessageLen+1)})...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if f, err := Unmarshal(c.in); !errors.Is(err, ErrFrame) {
				t.Errorf("Unmarshal = %v, %v; want ErrFrame", f, err)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	b, err := crdt.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFrameLimits(t *testing.T) {
	hdr := func(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"huge length", hdr(1 << 31), ErrFrame},
		{"zero length", hdr(0), ErrFrame},
		{"truncated body", append(hdr(10), 1, 2), io.ErrUnexpectedEOF},
		{"truncated header", []byte{0, 0}, io.ErrUnexpectedEOF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ReadFrame(bytes.NewReader(c.in)); !errors.Is(err, c.want) {
				t.Errorf("ReadFrame = %v, want %v", err, c.want)
			}
		})
	}
}

func TestSingleLargeChunkAllowed(t *testing.T) {
	c := testChunk(t, 1)
	c.Ops = [][]byte{bytes.Repeat([]byte{1}, 2<<20)}
	b, err := Marshal(&Chunks{Chunks: []crdt.Chunk{c}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Unmarshal(b); err != nil {
		t.Fatal(err)
	}
}

func TestMeta(t *testing.T) {
	m := Meta{Version: ProtocolVersion, SyncAddr: "127.0.0.1:7420", Digest: crdt.Hash{1}}
	b, err := EncodeMeta(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeMeta(b)
	if err != nil || got != m {
		t.Errorf("DecodeMeta = %+v, %v; want %+v", got, err, m)
	}
	if _, err := EncodeMeta(Meta{SyncAddr: strings.Repeat("x", MaxMetaSize)}); err == nil {
		t.Error("EncodeMeta of oversize meta succeeded")
	}
	if _, err := DecodeMeta([]byte{0xff}); !errors.Is(err, ErrFrame) {
		t.Errorf("DecodeMeta(garbage) = %v, want ErrFrame", err)
	}
}

func FuzzReadFrame(f *testing.F) {
	for _, fr := range sampleFrames(f) {
		var buf bytes.Buffer
		if err := WriteFrame(&buf, fr); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bytes.NewReader(in)
		for {
			fr, err := ReadFrame(r)
			if err != nil {
				return
			}
			// Whatever decodes re-encodes and decodes to the same frame.
			b, err := Marshal(fr)
			if err != nil {
				t.Fatalf("Marshal(%#v): %v", fr, err)
			}
			again, err := Unmarshal(b)
			if err != nil || again.Type() != fr.Type() {
				t.Fatalf("Unmarshal(Marshal(%#v)) = %v", fr, err)
			}
		}
	})
}

func FuzzDecodeMeta(f *testing.F) {
	b, _ := EncodeMeta(Meta{Version: 1, SyncAddr: "10.0.0.1:7420"})
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := DecodeMeta(in)
		if err != nil {
			return
		}
		if _, err := EncodeMeta(m); err != nil && len(m.SyncAddr) < 400 {
			t.Fatalf("EncodeMeta(%+v): %v", m, err)
		}
	})
}

func TestChunksFrameCountLimit(t *testing.T) {
	c := Chunks{Chunks: make([]crdt.Chunk, MaxBatchChunks+1)}
	for i := range c.Chunks {
		c.Chunks[i] = crdt.Chunk{Ops: [][]byte{{0x80}}, Sig: make([]byte, 64)}
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "chunks") {
		t.Errorf("a batch of %d chunks: err = %v, want a count error", len(c.Chunks), err)
	}
}
