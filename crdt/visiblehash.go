package crdt

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	stdsync "sync"
)

// VisibleHash hashes the visible state; zero when nothing is visible. It
// writes a canonical, prefix-free form of the visible fields and elements
// straight into SHA-256 (fields and sets are kept sorted), which costs a
// fraction of building and CBOR-encoding the Visible value.
func (e *Entity) VisibleHash() Hash {
	if !e.IsVisible() {
		return Hash{}
	}
	bp := hashBufs.Get().(*[]byte)
	defer hashBufs.Put(bp)
	w := hashWriter{buf: (*bp)[:0]}
	defer func() { *bp = w.buf }()
	w.str(e.Type)
	w.str(e.ID)
	for i := range e.Fields {
		if f := &e.Fields[i]; f.Value != nil {
			w.byte('F')
			w.str(f.Name)
			w.value(f.Value)
		}
	}
	for i := range e.Sets {
		s := &e.Sets[i]
		named := false
		for j := range s.Elems {
			if !s.Elems[j].Present() {
				continue
			}
			if !named {
				w.byte('S')
				w.str(s.Name)
				named = true
			}
			w.byte('e')
			w.str(s.Elems[j].X)
		}
	}
	return sha256.Sum256(w.buf)
}

type hashWriter struct{ buf []byte }

var hashBufs = stdsync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func (w *hashWriter) byte(b byte) { w.buf = append(w.buf, b) }

func (w *hashWriter) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

// value writes a field value. Non-negative integers hash alike whatever
// their Go type, as CBOR decodes them all to uint64.
func (w *hashWriter) value(v any) {
	switch x := v.(type) {
	case string:
		w.byte('s')
		w.str(x)
	case bool:
		if x {
			w.byte('T')
		} else {
			w.byte('N')
		}
	case uint64:
		w.byte('u')
		w.buf = binary.BigEndian.AppendUint64(w.buf, x)
	case int64:
		if x >= 0 {
			w.value(uint64(x))
			return
		}
		w.byte('i')
		w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(x))
	case float64:
		w.byte('f')
		w.buf = binary.BigEndian.AppendUint64(w.buf, math.Float64bits(x))
	default: // lists and maps: their canonical CBOR
		b, err := encMode.Marshal(v)
		if err != nil {
			panic(err) // values passed Validate: encoding cannot fail
		}
		w.byte('c')
		w.str(string(b))
	}
}
