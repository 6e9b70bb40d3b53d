package crdt

import (
	"bytes"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// genChunk draws a chunk of any shape the types allow: ops of lengths
// around every CBOR head size, empty ops and signatures, and sometimes a
// nil op or signature (outside the fast form).
func genChunk(t *rapid.T) Chunk {
	var c Chunk
	copy(c.Author[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "author"))
	size := rapid.SampledFrom([]int{0, 1, 23, 24, 255, 256, 300, 65535, 65536})
	op := rapid.Custom(func(t *rapid.T) []byte {
		if rapid.IntRange(0, 30).Draw(t, "nil-op") == 0 {
			return nil
		}
		return bytes.Repeat([]byte{rapid.Byte().Draw(t, "fill")}, size.Draw(t, "op-size"))
	})
	if rapid.IntRange(0, 20).Draw(t, "nil-ops") > 0 {
		c.Ops = rapid.SliceOfN(op, 0, 30).Draw(t, "ops")
	}
	switch rapid.IntRange(0, 10).Draw(t, "sig") {
	case 0:
	case 1:
		c.Sig = []byte{}
	default:
		c.Sig = rapid.SliceOfN(rapid.Byte(), SignatureBytes, SignatureBytes).Draw(t, "sig-bytes")
	}
	return c
}

// TestChunkCodecMatchesReflective: the fast chunk encoder writes the
// reflective encoder's bytes, a batch of chunks too, and both decoders
// give the reflective decoder's chunks.
func TestChunkCodecMatchesReflective(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cs := rapid.SliceOfN(rapid.Custom(genChunk), 1, 4).Draw(t, "chunks")
		for _, c := range cs {
			want, err := encMode.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			got, err := EncodeChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("EncodeChunk differs from the reflective encoding")
			}
			var slow Chunk
			if err := decMode.Unmarshal(want, &slow); err != nil {
				t.Fatal(err)
			}
			fast, err := DecodeChunk(want)
			if err != nil {
				t.Fatalf("DecodeChunk refused a canonical chunk: %v", err)
			}
			if !reflect.DeepEqual(plain(fast), slow) {
				t.Fatalf("decoded chunks differ:\nfast %#v\nslow %#v", fast, slow)
			}
			if again, _ := EncodeChunk(fast); !bytes.Equal(again, want) {
				t.Fatalf("a decoded chunk encodes to other bytes")
			}
		}
		want, err := encMode.Marshal(cs)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := AppendChunkArray([]byte{0x7}, cs, 16)
		fastForm := true
		for i := range cs {
			_, f := chunkSize(&cs[i])
			fastForm = fastForm && f
		}
		if ok != fastForm {
			t.Fatalf("AppendChunkArray ok = %v, want %v", ok, fastForm)
		}
		if !ok {
			return
		}
		if !bytes.Equal(got[1:], want) || got[0] != 0x7 || cap(got)-len(got) < 16 {
			t.Fatalf("AppendChunkArray differs from the reflective encoding")
		}
		dec, ok := DecodeChunkArray(want)
		if !ok {
			t.Fatalf("DecodeChunkArray refused a canonical batch")
		}
		var slow []Chunk
		if err := decMode.Unmarshal(want, &slow); err != nil {
			t.Fatal(err)
		}
		for i := range dec {
			dec[i] = plain(dec[i])
		}
		if !reflect.DeepEqual(dec, slow) {
			t.Fatalf("decoded batches differ")
		}
	})
}

// FuzzDecodeChunkFast: on any bytes, the fast chunk decoders accept only
// what the reflective decoder accepts as canonical, with the same chunks.
func FuzzDecodeChunkFast(f *testing.F) {
	s := NewSigner(testKey(1), 0, Hash{})
	c, _, _ := s.Seal(sampleOps(3))
	raw, _ := EncodeChunk(c)
	f.Add(raw)
	batch, _ := AppendChunkArray(nil, []Chunk{c, c}, 0)
	f.Add(batch)
	f.Fuzz(func(t *testing.T, b []byte) {
		canonical := func(v any) bool {
			again, err := encMode.Marshal(v)
			return err == nil && bytes.Equal(again, b)
		}
		if fast, ok := decodeChunkFast(b); ok {
			var slow Chunk
			if err := decMode.Unmarshal(b, &slow); err != nil || !canonical(slow) {
				t.Fatalf("fast decoder accepted what the reflective one refuses: %v", err)
			}
			if !reflect.DeepEqual(plain(fast), slow) {
				t.Fatalf("chunks differ:\nfast %#v\nslow %#v", fast, slow)
			}
			if again, _ := EncodeChunk(fast); !bytes.Equal(again, b) {
				t.Fatalf("a decoded chunk encodes to other bytes")
			}
		}
		if fast, ok := DecodeChunkArray(b); ok {
			var slow []Chunk
			if err := decMode.Unmarshal(b, &slow); err != nil || !canonical(slow) {
				t.Fatalf("fast batch decoder accepted what the reflective one refuses: %v", err)
			}
			for i := range fast {
				fast[i] = plain(fast[i])
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("batches differ")
			}
		}
	})
}

// plain is c without the encoding it was decoded from.
func plain(c Chunk) Chunk {
	c.enc = nil
	return c
}

// TestOpOffsets: in the bytes EncodeChunk writes, and in those of the
// chunk a decoder read from them, each offset OpOffsets gives is where
// that op's bytes are; outside the fast form it reports false.
func TestOpOffsets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genChunk(t)
		for i, o := range c.Ops {
			for j := range o { // ops of one fill byte would match anywhere
				o[j] = byte(i*7 + j)
			}
		}
		offs, ok := c.OpOffsets([]int{-1})
		_, fastForm := chunkSize(&c)
		if ok != fastForm {
			t.Fatalf("OpOffsets reported %v for a chunk whose fast form is %v", ok, fastForm)
		}
		if !ok {
			return
		}
		if offs[0] != -1 || len(offs) != 1+len(c.Ops) {
			t.Fatalf("OpOffsets appended %d offsets to dst, want %d after what it held", len(offs)-1, len(c.Ops))
		}
		enc, err := EncodeChunk(c)
		if err != nil {
			t.Fatal(err)
		}
		decoded, err := DecodeChunk(enc)
		if err != nil {
			t.Fatal(err)
		}
		again, err := EncodeChunk(decoded)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range c.Ops {
			off := offs[1+i]
			if off+len(o) > len(enc) || !bytes.Equal(enc[off:off+len(o)], o) || !bytes.Equal(again[off:off+len(o)], o) {
				t.Fatalf("op %d of %d (%d bytes) is not at offset %d of the %d-byte encoding", i, len(c.Ops), len(o), off, len(enc))
			}
		}
	})
}
