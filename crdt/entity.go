package crdt

import (
	"slices"
	"strings"
)

// Entity is the merged state of one entity: what every op applied to it
// adds up to. Authors is a per-entity table so that each stamp and dot
// names its author by a small index instead of a 32-byte key. Fields and
// Sets are kept sorted by name (and elements by value): small sorted slices
// encode, decode and search faster than maps.
type Entity struct {
	_       struct{} `cbor:",toarray"`
	Type    string
	ID      string
	Authors []AuthorID
	Deleted bool
	Fields  []Field
	Sets    []Set
}

// Field is a last-writer-wins register: the value and who wrote it when.
type Field struct {
	_     struct{} `cbor:",toarray"`
	Name  string
	Value any
	Time  Timestamp
	A     uint32 // index into Entity.Authors
	Seq   uint64 // breaks a tie between two ops of one author
}

// Set is an add-wins observed-remove set.
type Set struct {
	_     struct{} `cbor:",toarray"`
	Name  string
	Elems []Elem
}

// Elem is one element of a Set: the dots of the ops that added it and the
// dots that removes have observed. It is present while some add is not
// removed.
type Elem struct {
	_    struct{} `cbor:",toarray"`
	X    string
	Adds []LocalDot
	Rems []LocalDot
}

// LocalDot is a Dot whose author is an index into Entity.Authors.
type LocalDot struct {
	_   struct{} `cbor:",toarray"`
	A   uint32
	Seq uint64
}

// NewEntity returns the empty state of an entity.
func NewEntity(typ, id string) *Entity { return &Entity{Type: typ, ID: id} }

func (e *Entity) author(a AuthorID) uint32 {
	for i, x := range e.Authors {
		if x == a {
			return uint32(i)
		}
	}
	e.Authors = append(e.Authors, a)
	return uint32(len(e.Authors) - 1)
}

func (e *Entity) local(d Dot) LocalDot { return LocalDot{A: e.author(d.Author), Seq: d.Seq} }

// Apply folds one op into the entity and reports whether the visible state
// may have changed. It is idempotent and commutes with every other op.
func (e *Entity) Apply(o *Op) bool {
	if e.Deleted {
		return false
	}
	if o.Delete {
		e.Deleted = true
		e.Authors, e.Fields, e.Sets = nil, nil, nil
		return true
	}
	changed := false
	if len(e.Fields) == 0 {
		e.Fields = make([]Field, 0, len(o.Set))
	}
	for name, v := range o.Set {
		if e.setField(name, v, o) {
			changed = true
		}
	}
	for name, xs := range o.Add {
		for _, x := range xs {
			el := e.elem(name, x)
			if d := e.local(o.Dot()); !slices.Contains(el.Adds, d) {
				el.Adds = append(el.Adds, d)
				changed = true
			}
		}
	}
	for name, xs := range o.Remove {
		for x, dots := range xs {
			el := e.elem(name, x)
			for _, dot := range dots {
				if d := e.local(dot); !slices.Contains(el.Rems, d) {
					el.Rems = append(el.Rems, d)
					changed = true
				}
			}
		}
	}
	return changed
}

func (e *Entity) field(name string) (int, bool) {
	return slices.BinarySearchFunc(e.Fields, name, func(f Field, n string) int { return strings.Compare(f.Name, n) })
}

func (e *Entity) setField(name string, v any, o *Op) bool {
	i, ok := e.field(name)
	if ok {
		f := e.Fields[i]
		cur := e.Authors[f.A]
		if !Less(f.Time, cur, o.Time, o.Author) && !(f.Time == o.Time && cur == o.Author && f.Seq < o.Seq) {
			return false
		}
		e.Fields[i] = Field{Name: name, Value: v, Time: o.Time, A: e.author(o.Author), Seq: o.Seq}
		return true
	}
	e.Fields = slices.Insert(e.Fields, i, Field{Name: name, Value: v, Time: o.Time, A: e.author(o.Author), Seq: o.Seq})
	return true
}

func (e *Entity) set(name string) *Set {
	i, ok := slices.BinarySearchFunc(e.Sets, name, func(s Set, n string) int { return strings.Compare(s.Name, n) })
	if !ok {
		return nil
	}
	return &e.Sets[i]
}

func (e *Entity) elem(name, x string) *Elem {
	i, ok := slices.BinarySearchFunc(e.Sets, name, func(s Set, n string) int { return strings.Compare(s.Name, n) })
	if !ok {
		e.Sets = slices.Insert(e.Sets, i, Set{Name: name})
	}
	s := &e.Sets[i]
	j, ok := slices.BinarySearchFunc(s.Elems, x, func(el Elem, x string) int { return strings.Compare(el.X, x) })
	if !ok {
		s.Elems = slices.Insert(s.Elems, j, Elem{X: x})
	}
	return &s.Elems[j]
}

// Present reports whether the element is in the set.
func (el *Elem) Present() bool {
	for _, d := range el.Adds {
		if !slices.Contains(el.Rems, d) {
			return true
		}
	}
	return false
}

// Value returns a plain field's current value (nil when unset).
func (e *Entity) Value(name string) any {
	if i, ok := e.field(name); ok {
		return e.Fields[i].Value
	}
	return nil
}

// Elements returns a set field's present elements, sorted.
func (e *Entity) Elements(name string) []string {
	s := e.set(name)
	if s == nil {
		return nil
	}
	var out []string
	for i := range s.Elems {
		if s.Elems[i].Present() {
			out = append(out, s.Elems[i].X)
		}
	}
	return out
}

// ObservedDots returns the dots under which x is present in a set field:
// what a remove of x must name.
func (e *Entity) ObservedDots(name, x string) []Dot {
	s := e.set(name)
	if s == nil {
		return nil
	}
	j, ok := slices.BinarySearchFunc(s.Elems, x, func(el Elem, x string) int { return strings.Compare(el.X, x) })
	if !ok {
		return nil
	}
	el := &s.Elems[j]
	var out []Dot
	for _, d := range el.Adds {
		if !slices.Contains(el.Rems, d) {
			out = append(out, Dot{Author: e.Authors[d.A], Seq: d.Seq})
		}
	}
	return out
}

// IsVisible reports whether the entity shows anything: it is not deleted
// and holds a set field or a non-empty set.
func (e *Entity) IsVisible() bool {
	if e.Deleted {
		return false
	}
	for i := range e.Fields {
		if e.Fields[i].Value != nil {
			return true
		}
	}
	for i := range e.Sets {
		for j := range e.Sets[i].Elems {
			if e.Sets[i].Elems[j].Present() {
				return true
			}
		}
	}
	return false
}

// Visible is the part of an entity that people see: plain fields that are
// set and set fields that are non-empty. Two replicas agree exactly when
// their Visible values agree, whatever their histories.
type Visible struct {
	Type   string
	ID     string
	Fields map[string]any
	Sets   map[string][]string
}

// Visible returns the visible state, or false when the entity is deleted
// or holds nothing.
func (e *Entity) Visible() (Visible, bool) {
	if !e.IsVisible() {
		return Visible{}, false
	}
	v := Visible{Type: e.Type, ID: e.ID, Fields: map[string]any{}, Sets: map[string][]string{}}
	for _, f := range e.Fields {
		if f.Value != nil {
			v.Fields[f.Name] = f.Value
		}
	}
	for _, s := range e.Sets {
		if xs := e.Elements(s.Name); len(xs) > 0 {
			v.Sets[s.Name] = xs
		}
	}
	return v, true
}

// Digest summarizes a set of entities: the XOR of their visible hashes.
// Entity ids are unique, so it can be kept up to date one entity at a time
// (Toggle out the old hash, Toggle in the new) in any order.
type Digest Hash

// Toggle adds or removes one entity's visible hash.
func (d *Digest) Toggle(h Hash) {
	for i := range d {
		d[i] ^= h[i]
	}
}

func (d Digest) String() string { return Hash(d).String() }
