package crdt

import (
	"bytes"
	"slices"
)

// VersionVector maps each author to the highest seq such that all of that
// author's ops 1..seq are held. It is a value type: methods never modify
// their receiver except Set and Add.
type VersionVector map[AuthorID]uint64

// Ordering is the result of comparing two version vectors.
type Ordering int

const (
	Equal      Ordering = iota
	Before              // the receiver is strictly behind
	After               // the receiver is strictly ahead
	Concurrent          // each holds ops the other lacks
)

func (o Ordering) String() string {
	return [...]string{"equal", "before", "after", "concurrent"}[o]
}

// Get returns the seq held for a.
func (v VersionVector) Get(a AuthorID) uint64 { return v[a] }

// Clone returns a copy.
func (v VersionVector) Clone() VersionVector {
	out := make(VersionVector, len(v))
	for a, s := range v {
		out[a] = s
	}
	return out
}

// Merge returns the pointwise maximum of v and w.
func (v VersionVector) Merge(w VersionVector) VersionVector {
	out := v.Clone()
	for a, s := range w {
		if s > out[a] {
			out[a] = s
		}
	}
	return out
}

// Compare says how v stands to w.
func (v VersionVector) Compare(w VersionVector) Ordering {
	ahead, behind := false, false
	for a, s := range v {
		if t := w[a]; s > t {
			ahead = true
		} else if s < t {
			behind = true
		}
	}
	for a, t := range w {
		if _, ok := v[a]; !ok && t > 0 {
			behind = true
		}
	}
	switch {
	case ahead && behind:
		return Concurrent
	case ahead:
		return After
	case behind:
		return Before
	}
	return Equal
}

// Range is the ops (From, To] of one author.
type Range struct {
	Author   AuthorID
	From, To uint64
}

// Count is the number of ops in r.
func (r Range) Count() uint64 { return r.To - r.From }

// Missing lists, per author in key order, the ops v holds that w lacks.
func (v VersionVector) Missing(w VersionVector) []Range {
	var out []Range
	for a, s := range v {
		if t := w[a]; s > t {
			out = append(out, Range{Author: a, From: t, To: s})
		}
	}
	slices.SortFunc(out, func(x, y Range) int { return bytes.Compare(x.Author[:], y.Author[:]) })
	return out
}

// Count sums the ops the ranges hold.
func Count(rs []Range) uint64 {
	var n uint64
	for _, r := range rs {
		n += r.Count()
	}
	return n
}

// Total is the number of ops v covers.
func (v VersionVector) Total() uint64 {
	var n uint64
	for _, s := range v {
		n += s
	}
	return n
}

// Entry is one author's place in a vector, for ordered encodings.
type Entry struct {
	_      struct{} `cbor:",toarray"`
	Author AuthorID
	Seq    uint64
}

// Entries returns the vector sorted by author: its canonical wire form.
func (v VersionVector) Entries() []Entry {
	out := make([]Entry, 0, len(v))
	for a, s := range v {
		if s > 0 {
			out = append(out, Entry{Author: a, Seq: s})
		}
	}
	slices.SortFunc(out, func(x, y Entry) int { return bytes.Compare(x.Author[:], y.Author[:]) })
	return out
}

// FromEntries builds a vector from its wire form.
func FromEntries(es []Entry) VersionVector {
	v := make(VersionVector, len(es))
	for _, e := range es {
		if e.Seq > v[e.Author] {
			v[e.Author] = e.Seq
		}
	}
	return v
}

// Digest of a vector: equal vectors have equal digests.
func (v VersionVector) Digest() Hash {
	b, _ := encMode.Marshal(v.Entries())
	return HashOf(b)
}
