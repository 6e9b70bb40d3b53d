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
	// trusted: the bytes were verified before (WalkOp), so text is not
	// checked for UTF-8 again.
	trusted bool
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

// textBytes reads a text string, valid UTF-8, as bytes of the input.
func (r *opReader) textBytes() ([]byte, bool) {
	m, n := r.head()
	if m != cborText || n > uint64(len(r.b)) {
		r.bad = true
		return nil, false
	}
	b := r.b[:n]
	r.b = r.b[n:]
	if !r.trusted && !utf8.Valid(b) {
		r.bad = true
		return nil, false
	}
	return b, true
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

// decodeOpFast decodes b if it lies in the fast subset; ok is false when
// it does not (b may still be a valid op). valid: the op also passes
// Validate, which walkOp checks as it reads.
func decodeOpFast(b []byte) (o Op, valid, ok bool) {
	var set map[string]any
	var add map[string][]string
	var cur []string
	w := opWalk{
		setField: func(name []byte, v Value) { set[names.get(name)] = v.any() },
		addField: func(name []byte, n int, null bool) {
			cur = nil
			if !null {
				cur = make([]string, n)
			}
			add[names.get(name)] = cur
		},
		addElem: func(_ []byte, i int, e []byte) { cur[i] = string(e) },
		remove:  &o.Remove,
	}
	w.setMap = func(n int) { set = make(map[string]any, n); o.Set = set }
	w.addMap = func(n int) { add = make(map[string][]string, n); o.Add = add }
	h, ok := walkOp(b, &w, false)
	if !ok {
		return Op{}, false, false
	}
	o.Author, o.Seq, o.Prev, o.Time, o.Type, o.ID, o.Delete = h.Author, h.Seq, h.Prev, h.Time, h.Type, string(h.ID), h.Delete
	return o, h.valid, true
}

// WalkOp reads the field changes of op bytes that were verified (Verify,
// DecodeOp) without building the op: set hears each plain field, add each
// element added to a set field, in the order of the canonical encoding.
// Names, text values and elements alias b, and are not checked again. It
// reports false for an op outside the fast codec's subset, which the
// caller must decode.
func WalkOp(b []byte, set func(name []byte, v Value), add func(name, e []byte)) (Head, bool) {
	w := opWalk{setField: set}
	if add != nil {
		w.addElem = func(name []byte, _ int, e []byte) { add(name, e) }
	}
	return walkOp(b, &w, true)
}

// Value is a plain field's value as walkOp reads it from canonical
// bytes: null, a boolean, text (aliasing the op's bytes), an unsigned
// integer N, or a negative integer -1-N.
type Value struct {
	Kind ValueKind
	Bool bool
	Text []byte
	N    uint64
}

// ValueKind is the kind of a Value.
type ValueKind byte

const (
	KindNull ValueKind = iota
	KindBool
	KindText
	KindUint
	KindNeg
)

// any is v as decoding into an Op gives it.
func (v Value) any() any {
	switch v.Kind {
	case KindBool:
		return v.Bool
	case KindText:
		return string(v.Text)
	case KindUint:
		return v.N
	case KindNeg:
		return -1 - int64(v.N)
	}
	return nil
}

// Head is what walkOp reads of an op besides its field changes. ID
// aliases the op's bytes.
type Head struct {
	Author AuthorID
	Seq    uint64
	Prev   Hash
	Time   Timestamp
	Type   string
	ID     []byte
	Delete bool
	// Sets, Adds and Removes count the fields of each kind of change.
	Sets, Adds, Removes int
	valid               bool // the op passes Validate
}

// opWalk is what walkOp tells as it reads; a nil func hears nothing.
// setMap and addMap hear a map's length before its fields (not for a
// null map); remove, when not nil, receives the removes decoded.
type opWalk struct {
	setMap, addMap func(n int)
	setField       func(name []byte, v Value)
	addField       func(name []byte, n int, null bool)
	addElem        func(name []byte, i int, e []byte)
	remove         *map[string]map[string][]Dot
}

// walkOp reads an op's canonical bytes in the fast subset without
// building the op, and checks Validate's rules on the way (Head.valid).
// It reports false for bytes outside the subset, which may still be a
// valid op: DecodeOp leaves those to the reflective decoder.
func walkOp(b []byte, w *opWalk, trusted bool) (h Head, ok bool) {
	r := opReader{b: b, trusted: trusted}
	if r.length(cborArray, 10) != 10 {
		return h, false
	}
	r.bytes32(h.Author[:])
	h.Seq = r.uint()
	r.bytes32(h.Prev[:])
	h.Time = Timestamp(r.uint())
	typ, _ := r.textBytes()
	h.Type = names.get(typ)
	h.ID, _ = r.textBytes()
	switch r.peek() {
	case cborTrue:
		h.Delete = true
	case cborFalse:
	default:
		return h, false
	}
	r.b = r.b[1:]
	// valid is worked out for untrusted bytes only: false from the start
	// skips every check below.
	valid := !trusted && h.Seq > 0 && (h.Seq > 1 || h.Prev == Hash{}) && identOK(typ) && identOK(h.ID)
	fields := 0
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		fields += n
		h.Sets = n
		if w.setMap != nil {
			w.setMap(n)
		}
		var prev []byte
		for i := 0; i < n && !r.bad; i++ {
			k := r.keyBytes(&prev, i == 0)
			valid = valid && identOK(k)
			v := r.rawValue()
			valid = valid && len(v.Text) <= MaxStringLen
			if w.setField != nil && !r.bad {
				w.setField(k, v)
			}
		}
	}
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		fields += n
		h.Adds = n
		if w.addMap != nil {
			w.addMap(n)
		}
		var prev []byte
		for i := 0; i < n && !r.bad; i++ {
			k := r.keyBytes(&prev, i == 0)
			valid = valid && identOK(k)
			null := r.null()
			m := 0
			if !null {
				m = r.length(cborArray, MaxArrayLen)
				valid = valid && m <= MaxSetElems
			}
			if w.addField != nil && !r.bad {
				w.addField(k, m, null)
			}
			for j := 0; j < m && !r.bad; j++ {
				e, _ := r.textBytes()
				valid = valid && len(e) <= MaxStringLen
				if w.addElem != nil && !r.bad {
					w.addElem(k, j, e)
				}
			}
		}
	}
	if !r.null() {
		n := r.length(cborMap, MaxMapPairs)
		fields += n
		h.Removes = n
		var rem map[string]map[string][]Dot
		if w.remove != nil {
			rem = make(map[string]map[string][]Dot, n)
			*w.remove = rem
		}
		var prev []byte
		for i := 0; i < n && !r.bad; i++ {
			k := r.keyBytes(&prev, i == 0)
			valid = valid && identOK(k)
			if r.null() {
				if rem != nil {
					rem[string(k)] = nil
				}
				continue
			}
			m := r.length(cborMap, MaxMapPairs)
			valid = valid && m <= MaxSetElems
			var elems map[string][]Dot
			if rem != nil {
				elems = make(map[string][]Dot, m)
				rem[string(k)] = elems
			}
			var prevElem []byte
			for j := 0; j < m && !r.bad; j++ {
				e := r.keyBytes(&prevElem, j == 0)
				valid = valid && len(e) <= MaxStringLen
				if r.null() {
					if elems != nil {
						elems[string(e)] = nil
					}
					continue
				}
				d := r.length(cborArray, MaxArrayLen)
				valid = valid && d <= MaxDotsPerElem
				var dots []Dot
				if elems != nil {
					dots = make([]Dot, d)
					elems[string(e)] = dots
				}
				for x := 0; x < d && !r.bad; x++ {
					if r.length(cborArray, 2) != 2 {
						r.bad = true
						break
					}
					var dot Dot
					r.bytes32(dot.Author[:])
					dot.Seq = r.uint()
					if dots != nil {
						dots[x] = dot
					}
				}
			}
		}
	}
	if r.bad || len(r.b) != 0 {
		return Head{}, false
	}
	if h.Delete {
		valid = valid && fields == 0
	} else {
		valid = valid && fields > 0
	}
	h.valid = valid && fields <= MaxFields
	return h, true
}

// keyBytes reads a map key, which must sort after the one before it
// (prev): canonical maps are ordered by keyOrder and hold no key twice.
func (r *opReader) keyBytes(prev *[]byte, first bool) []byte {
	k, _ := r.textBytes()
	if !first && (len(*prev) > len(k) || len(*prev) == len(k) && string(*prev) >= string(k)) {
		r.bad = true
	}
	*prev = k
	return k
}

// rawValue reads a plain field's value in the fast subset.
func (r *opReader) rawValue() Value {
	switch ib := r.peek(); {
	case ib == cborNull:
		r.b = r.b[1:]
		return Value{}
	case ib == cborTrue || ib == cborFalse:
		r.b = r.b[1:]
		return Value{Kind: KindBool, Bool: ib == cborTrue}
	case ib&0xe0 == cborText:
		t, _ := r.textBytes()
		return Value{Kind: KindText, Text: t}
	case ib&0xe0 == cborUint:
		return Value{Kind: KindUint, N: r.uint()}
	case ib&0xe0 == cborNeg:
		_, n := r.head()
		if n > math.MaxInt64 {
			r.bad = true
		}
		return Value{Kind: KindNeg, N: n}
	}
	r.bad = true
	return Value{}
}

// identOK is validIdent's test, on bytes.
func identOK(b []byte) bool {
	if len(b) == 0 || len(b) > MaxIDLen {
		return false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
