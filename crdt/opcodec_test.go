package crdt

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genCodecOp draws an op of any shape Validate allows, most of them in the
// fast codec's subset and some outside it (floats, lists, maps as values).
func genCodecOp(t *rapid.T) Op {
	var o Op
	copy(o.Author[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "author"))
	o.Seq = rapid.Uint64Range(1, 1<<40).Draw(t, "seq")
	if o.Seq > 1 {
		copy(o.Prev[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "prev"))
	}
	o.Time = Timestamp(rapid.Uint64().Draw(t, "time"))
	ident := rapid.StringMatching(`[a-z0-9_.-]{1,30}`)
	o.Type, o.ID = ident.Draw(t, "type"), ident.Draw(t, "id")
	if rapid.IntRange(0, 9).Draw(t, "delete") == 0 {
		o.Delete = true
		return o
	}
	text := rapid.OneOf(rapid.StringMatching(`[a-zA-Z ]{0,40}`), rapid.String(), rapid.StringN(0, 400, 400))
	value := rapid.OneOf(
		rapid.Just[any](nil),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Map(text, func(s string) any { return s }),
		rapid.Map(rapid.Uint64(), func(n uint64) any { return n }),
		rapid.Map(rapid.Int64Range(-1<<63, -1), func(n int64) any { return n }),
		rapid.Map(rapid.Float64(), func(f float64) any { return f }), // outside the subset
		rapid.Map(rapid.SliceOfN(text, 0, 3), func(ss []string) any { // outside the subset
			out := make([]any, len(ss))
			for i, s := range ss {
				out[i] = s
			}
			return out
		}),
	)
	field := rapid.StringMatching(`[a-z_]{1,12}`)
	nils := func(label string) bool { return rapid.IntRange(0, 3).Draw(t, label) == 0 }
	if !nils("set-nil") {
		o.Set = rapid.MapOfN(field, value, 0, 6).Draw(t, "set")
	}
	if !nils("add-nil") {
		o.Add = rapid.MapOfN(field, rapid.SliceOfN(text, 0, 4), 0, 3).Draw(t, "add")
	}
	if !nils("remove-nil") {
		dot := rapid.Custom(func(t *rapid.T) Dot {
			var d Dot
			copy(d.Author[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "dot-author"))
			d.Seq = rapid.Uint64().Draw(t, "dot-seq")
			return d
		})
		o.Remove = rapid.MapOfN(field, rapid.MapOfN(text, rapid.SliceOfN(dot, 0, 3), 0, 3), 0, 3).Draw(t, "remove")
	}
	if !o.Delete && len(o.Set)+len(o.Add)+len(o.Remove) == 0 {
		o.Set = map[string]any{"name": "x"}
	}
	return o
}

// TestFastCodecMatchesReflective: for every op, the fast encoder gives
// the reflective encoder's bytes (or declines), and DecodeOp gives the
// reflective decoder's op.
func TestFastCodecMatchesReflective(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := genCodecOp(t)
		want, err := encMode.Marshal(&o)
		if err != nil {
			t.Fatal(err)
		}
		if got, fast := appendOpFast(nil, &o); fast && !bytes.Equal(got, want) {
			t.Fatalf("fast encoding differs:\n got %x\nwant %x", got, want)
		}
		enc, err := EncodeOp(&o)
		if err != nil {
			if o.Validate() == nil {
				t.Fatalf("EncodeOp refused a valid op: %v", err)
			}
			return
		}
		if !bytes.Equal(enc, want) {
			t.Fatalf("EncodeOp differs from the reflective encoding")
		}
		slow, errSlow := decodeOpSlow(enc)
		fast, errFast := DecodeOp(enc)
		if (errSlow == nil) != (errFast == nil) {
			t.Fatalf("decoders disagree: slow %v, fast %v", errSlow, errFast)
		}
		if errSlow == nil && !reflect.DeepEqual(slow, fast) {
			t.Fatalf("decoders disagree:\nslow %#v\nfast %#v", slow, fast)
		}
	})
}

// TestFastDecodeRefusesNonCanonical: bytes the fast decoder can read but
// that are not canonical (a long-form integer, keys out of order, a
// duplicate key) are refused, as the reflective decoder refuses them.
func TestFastDecodeRefusesNonCanonical(t *testing.T) {
	o := Op{Seq: 1, Type: "person", ID: "p1", Set: map[string]any{"a": "x", "bb": uint64(1)}}
	good, err := EncodeOp(&o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeOp(good); err != nil {
		t.Fatalf("canonical op refused: %v", err)
	}
	long := bytes.Replace(good, []byte{0x01, 0x58, 0x20}, []byte{0x18, 0x01, 0x58, 0x20}, 1) // seq 1 as a 1-byte argument
	long2 := bytes.Replace(good, []byte{0x01, 0x58, 0x20}, []byte{0x19, 0x00, 0x01, 0x58, 0x20}, 1)
	long4 := bytes.Replace(good, []byte{0x01, 0x58, 0x20}, []byte{0x1a, 0, 0, 0, 0x01, 0x58, 0x20}, 1)
	long8 := bytes.Replace(good, []byte{0x01, 0x58, 0x20}, []byte{0x1b, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x58, 0x20}, 1)
	longText := bytes.Replace(good, []byte{0x62, 'p', '1'}, []byte{0x78, 0x02, 'p', '1'}, 1) // id "p1" with a 1-byte length
	swapped := bytes.Replace(good, []byte{0x61, 'a', 0x61, 'x', 0x62, 'b', 'b', 0x01}, []byte{0x62, 'b', 'b', 0x01, 0x61, 'a', 0x61, 'x'}, 1)
	dup := bytes.Replace(good, []byte{0x62, 'b', 'b', 0x01}, []byte{0x61, 'a', 0x01}, 1)
	for name, b := range map[string][]byte{"long int": long, "2-byte int": long2, "4-byte int": long4, "8-byte int": long8,
		"long text length": longText, "keys out of order": swapped, "duplicate key": dup} {
		if bytes.Equal(b, good) {
			t.Fatalf("%s: test bytes unchanged", name)
		}
		if _, err := DecodeOp(b); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name != "duplicate key" && !errors.Is(err, ErrNotCanonical) {
			t.Errorf("%s: error %v, want ErrNotCanonical", name, err)
		}
	}
}

// FuzzDecodeOpFast: on any bytes, DecodeOp (fast path first) and the
// reflective decoder agree on acceptance and on the op.
func FuzzDecodeOpFast(f *testing.F) {
	s := NewSigner(testKey(1), 0, Hash{})
	c, _, _ := s.Seal(sampleOps(3))
	for _, o := range c.Ops {
		f.Add(o)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if o, valid, ok := decodeOpFast(b); ok && valid {
			if err := o.Validate(); err != nil {
				t.Fatalf("read as valid, but Validate says %v", err)
			}
		}
		fast, errFast := DecodeOp(b)
		slow, errSlow := decodeOpSlow(b)
		if (errFast == nil) != (errSlow == nil) {
			t.Fatalf("fast %v, slow %v", errFast, errSlow)
		}
		if errFast == nil && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("ops differ:\nfast %#v\nslow %#v", fast, slow)
		}
	})
}

func BenchmarkDecodeOp(b *testing.B) {
	s := NewSigner(testKey(1), 0, Hash{})
	c, _, _ := s.Seal(sampleOps(1))
	raw := c.Ops[0]
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeOp(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reflective", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeOpSlow(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestWalkChecksValidate: the rules walkOp checks as it reads are
// Validate's, on ops that break one of them as often as not.
func TestWalkChecksValidate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := genCodecOp(t)
		switch rapid.IntRange(0, 12).Draw(t, "break") {
		case 0:
			o.Seq = 0
		case 1:
			o.Seq, o.Prev = 1, Hash{1}
		case 2:
			o.Type = rapid.SampledFrom([]string{"", "Person", "a b", strings.Repeat("x", MaxIDLen+1)}).Draw(t, "type")
		case 3:
			o.ID = rapid.SampledFrom([]string{"", "ID", "é", strings.Repeat("x", MaxIDLen+1)}).Draw(t, "id")
		case 4:
			o.Delete = !o.Delete
		case 5:
			o.Set = map[string]any{}
			for i := range rapid.IntRange(MaxFields-1, MaxFields+2).Draw(t, "fields") {
				o.Set[fmt.Sprintf("f%d", i)] = "x"
			}
		case 6:
			o.Set = map[string]any{rapid.SampledFrom([]string{"Name", "a b", "ü"}).Draw(t, "field"): "x"}
		case 7:
			o.Set = map[string]any{"name": strings.Repeat("x", rapid.IntRange(MaxStringLen-1, MaxStringLen+1).Draw(t, "len"))}
		case 8:
			o.Add = map[string][]string{"skills": make([]string, rapid.IntRange(MaxSetElems-1, MaxSetElems+1).Draw(t, "elems"))}
		case 9:
			o.Add = map[string][]string{"skills": {strings.Repeat("x", rapid.IntRange(MaxStringLen-1, MaxStringLen+1).Draw(t, "elem-len"))}}
		case 10:
			o.Remove = map[string]map[string][]Dot{"skills": {"x": make([]Dot, rapid.IntRange(MaxDotsPerElem-1, MaxDotsPerElem+1).Draw(t, "dots"))}}
		case 11:
			o.Set, o.Add, o.Remove = nil, map[string][]string{}, nil
		}
		b, err := encMode.Marshal(&o)
		if err != nil {
			t.Fatal(err)
		}
		dec, valid, ok := decodeOpFast(b)
		if !ok {
			return // outside the fast subset
		}
		if err := dec.Validate(); valid != (err == nil) {
			t.Fatalf("walk says valid=%v, Validate says %v", valid, err)
		}
	})
}
