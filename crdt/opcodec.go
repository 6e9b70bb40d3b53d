package crdt

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// A hand-written codec for the ops nearly every workload is made of:
// fields whose values are null, booleans, integers or strings, sets of
// strings, and removes. It produces exactly the bytes of the CBOR core
// deterministic encoding that fxamacker/cbor produces for the same op
// (opcodec_test.go checks this on random ops and fuzzes the decoder
// against the reflective one), at a fraction of the cost: decoding and
// checking ops was half of a sync's CPU. Anything outside that subset
// (floats, lists and maps as field values, odd headers) is left to the
// reflective codec, so the accepted language is unchanged.

// CBOR major types, shifted into the initial byte.
const (
	cborUint  = 0 << 5
	cborNeg   = 1 << 5
	cborBytes = 2 << 5
	cborText  = 3 << 5
	cborArray = 4 << 5
	cborMap   = 5 << 5
	cborFalse = 0xf4
	cborTrue  = 0xf5
	cborNull  = 0xf6
)

func appendHead(b []byte, major byte, n uint64) []byte {
	switch {
	case n < 24:
		return append(b, major|byte(n))
	case n <= math.MaxUint8:
		return append(b, major|24, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, major|25), uint16(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, major|26), uint32(n))
	default:
		return binary.BigEndian.AppendUint64(append(b, major|27), n)
	}
}

func appendText(b []byte, s string) []byte {
	return append(appendHead(b, cborText, uint64(len(s))), s...)
}

// keyOrder sorts map keys as core deterministic encoding does: by their
// encoded bytes, which for text keys is by length, then bytewise.
func keyOrder(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, keyOrder)
	return keys
}

// appendFastValue appends v if it is of a kind the fast codec handles.
func appendFastValue(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(b, cborNull), true
	case bool:
		if x {
			return append(b, cborTrue), true
		}
		return append(b, cborFalse), true
	case string:
		return appendText(b, x), true
	case uint64:
		return appendHead(b, cborUint, x), true
	case int64:
		return appendInt(b, x), true
	case int:
		return appendInt(b, int64(x)), true
	}
	return b, false
}

func appendInt(b []byte, x int64) []byte {
	if x >= 0 {
		return appendHead(b, cborUint, uint64(x))
	}
	return appendHead(b, cborNeg, uint64(-1-x))
}

// appendOpFast appends o's canonical encoding, or reports false when o
// holds a value the fast codec leaves to the reflective one.
func appendOpFast(b []byte, o *Op) ([]byte, bool) {
	b = append(b, cborArray|10)
	b = appendHead(b, cborBytes, 32)
	b = append(b, o.Author[:]...)
	b = appendHead(b, cborUint, o.Seq)
	b = appendHead(b, cborBytes, 32)
	b = append(b, o.Prev[:]...)
	b = appendHead(b, cborUint, uint64(o.Time))
	b = appendText(b, o.Type)
	b = appendText(b, o.ID)
	if o.Delete {
		b = append(b, cborTrue)
	} else {
		b = append(b, cborFalse)
	}
	if o.Set == nil {
		b = append(b, cborNull)
	} else {
		b = appendHead(b, cborMap, uint64(len(o.Set)))
		for _, k := range sortedKeys(o.Set) {
			b = appendText(b, k)
			var ok bool
			if b, ok = appendFastValue(b, o.Set[k]); !ok {
				return b, false
			}
		}
	}
	if o.Add == nil {
		b = append(b, cborNull)
	} else {
		b = appendHead(b, cborMap, uint64(len(o.Add)))
		for _, k := range sortedKeys(o.Add) {
			b = appendText(b, k)
			b = appendStrings(b, o.Add[k])
		}
	}
	if o.Remove == nil {
		b = append(b, cborNull)
	} else {
		b = appendHead(b, cborMap, uint64(len(o.Remove)))
		for _, k := range sortedKeys(o.Remove) {
			b = appendText(b, k)
			elems := o.Remove[k]
			if elems == nil {
				b = append(b, cborNull)
				continue
			}
			b = appendHead(b, cborMap, uint64(len(elems)))
			for _, e := range sortedKeys(elems) {
				b = appendText(b, e)
				dots := elems[e]
				if dots == nil {
					b = append(b, cborNull)
					continue
				}
				b = appendHead(b, cborArray, uint64(len(dots)))
				for _, d := range dots {
					b = append(b, cborArray|2)
					b = appendHead(b, cborBytes, 32)
					b = append(b, d.Author[:]...)
					b = appendHead(b, cborUint, d.Seq)
				}
			}
		}
	}
	return b, true
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, cborNull)
	}
	b = appendHead(b, cborArray, uint64(len(ss)))
	for _, s := range ss {
		b = appendText(b, s)
	}
	return b
}

// opReader decodes the fast subset. Any byte it does not expect sets bad;
// the caller then leaves the whole op to the reflective decoder, which
// either accepts it (a value outside the subset) or gives the error.
type opReader struct {
	b   []byte
	bad bool
}

// head reads an initial byte and its argument. Indefinite lengths and
// reserved values are outside the subset.
func (r *opReader) head() (major byte, n uint64) {
	if r.bad || len(r.b) == 0 {
		r.bad = true
		return 0, 0
	}
	ib := r.b[0]
	major, info := ib&0xe0, ib&0x1f
	r.b = r.b[1:]
	// Each longer form must be needed: the canonical encoding uses the
	// shortest, so a longer one is outside the subset.
	switch {
	case info < 24:
		return major, uint64(info)
	case info == 24 && len(r.b) >= 1:
		n, r.b = uint64(r.b[0]), r.b[1:]
		r.bad = n < 24
	case info == 25 && len(r.b) >= 2:
		n, r.b = uint64(binary.BigEndian.Uint16(r.b)), r.b[2:]
		r.bad = n <= math.MaxUint8
	case info == 26 && len(r.b) >= 4:
		n, r.b = uint64(binary.BigEndian.Uint32(r.b)), r.b[4:]
		r.bad = n <= math.MaxUint16
	case info == 27 && len(r.b) >= 8:
		n, r.b = binary.BigEndian.Uint64(r.b), r.b[8:]
		r.bad = n <= math.MaxUint32
	default:
		r.bad = true
	}
	return major, n
}

// key reads a map key, which must sort after the one before it (prev):
// canonical maps are ordered by keyOrder and hold no key twice.
func (r *opReader) key(prev *string, first bool, intern bool) string {
	var k string
	if intern {
		k = r.name()
	} else {
		k = r.text()
	}
	if !first && keyOrder(*prev, k) >= 0 {
		r.bad = true
	}
	*prev = k
	return k
}

// peek reports the next initial byte without consuming it.
func (r *opReader) peek() byte {
	if r.bad || len(r.b) == 0 {
		r.bad = true
		return 0
	}
	return r.b[0]
}

func (r *opReader) uint() uint64 {
	m, n := r.head()
	if m != cborUint {
		r.bad = true
	}
	return n
}

func (r *opReader) bytes32(dst []byte) {
	m, n := r.head()
	if m != cborBytes || n != 32 || uint64(len(r.b)) < 32 {
		r.bad = true
		return
	}
	copy(dst, r.b[:32])
	r.b = r.b[32:]
}

func (r *opReader) text() string {
	b, ok := r.textBytes()
	if !ok {
		return ""
	}
	return string(b)
}

// textBytes reads a text string, valid UTF-8, as bytes of the input.
func (r *opReader) textBytes() ([]byte, bool) {
	m, n := r.head()
	if m != cborText || n > uint64(len(r.b)) {
		r.bad = true
		return nil, false
	}
	b := r.b[:n]
	r.b = r.b[n:]
	if !utf8.Valid(b) {
		r.bad = true
		return nil, false
	}
	return b, true
}

// name is text for strings that repeat from op to op (types, field and set
// names): interned, so decoding does not allocate them again.
func (r *opReader) name() string {
	b, ok := r.textBytes()
	if !ok {
		return ""
	}
	return names.get(b)
}

// length reads an array or map header of the given major type, bounded by
// what the remaining bytes can hold.
func (r *opReader) length(major byte, limit int) int {
	m, n := r.head()
	if m != major || n > uint64(limit) || n > uint64(len(r.b)) {
		r.bad = true
		return 0
	}
	return int(n)
}

// null consumes a null if one is next.
func (r *opReader) null() bool {
	if r.peek() == cborNull {
		r.b = r.b[1:]
		return true
	}
	return false
}

func (r *opReader) value() any {
	switch ib := r.peek(); {
	case ib == cborNull:
		r.b = r.b[1:]
		return nil
	case ib == cborTrue:
		r.b = r.b[1:]
		return true
	case ib == cborFalse:
		r.b = r.b[1:]
		return false
	case ib&0xe0 == cborText:
		return r.text()
	case ib&0xe0 == cborUint:
		return r.uint()
	case ib&0xe0 == cborNeg:
		_, n := r.head()
		if n > math.MaxInt64 {
			r.bad = true
			return nil
		}
		return -1 - int64(n)
	}
	r.bad = true
	return nil
}

func (r *opReader) strings() []string {
	if r.null() {
		return nil
	}
	n := r.length(cborArray, MaxArrayLen)
	out := make([]string, 0, n)
	for i := 0; i < n && !r.bad; i++ {
		out = append(out, r.text())
	}
	return out
}

// decodeOpFast decodes b if it lies in the fast subset; ok is false when
// it does not (b may still be a valid op).
func decodeOpFast(b []byte) (o Op, ok bool) {
	r := opReader{b: b}
	if r.length(cborArray, 10) != 10 {
		return o, false
	}
	r.bytes32(o.Author[:])
	o.Seq = r.uint()
	r.bytes32(o.Prev[:])
	o.Time = Timestamp(r.uint())
	o.Type = r.name()
	o.ID = r.text()
	switch r.peek() {
	case cborTrue:
		o.Delete = true
	case cborFalse:
	default:
		return o, false
	}
	r.b = r.b[1:]
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		o.Set = make(map[string]any, n)
		var prev string
		for i := 0; i < n && !r.bad; i++ {
			k := r.key(&prev, i == 0, true)
			o.Set[k] = r.value()
		}
	}
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		o.Add = make(map[string][]string, n)
		var prev string
		for i := 0; i < n && !r.bad; i++ {
			k := r.key(&prev, i == 0, true)
			o.Add[k] = r.strings()
		}
	}
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		o.Remove = make(map[string]map[string][]Dot, n)
		var prev string
		for i := 0; i < n && !r.bad; i++ {
			k := r.key(&prev, i == 0, false)
			if r.null() {
				o.Remove[k] = nil
				continue
			}
			m := r.length(cborMap, MaxMapPairs)
			elems := make(map[string][]Dot, m)
			var prevElem string
			for j := 0; j < m && !r.bad; j++ {
				e := r.key(&prevElem, j == 0, false)
				if r.null() {
					elems[e] = nil
					continue
				}
				d := r.length(cborArray, MaxArrayLen)
				dots := make([]Dot, d)
				for x := 0; x < d && !r.bad; x++ {
					if r.length(cborArray, 2) != 2 {
						break
					}
					r.bytes32(dots[x].Author[:])
					dots[x].Seq = r.uint()
				}
				elems[e] = dots
			}
			o.Remove[k] = elems
		}
	}
	if r.bad || len(r.b) != 0 {
		return Op{}, false
	}
	return o, true
}
