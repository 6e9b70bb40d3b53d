package crdt

import (
	"slices"
)

// Entity is the merged state of one entity: what every op applied to it
// adds up to. Authors is a per-entity table so that each stamp and dot
// names its author by a small index instead of a 32-byte key.
type Entity struct {
	_       struct{} `cbor:",toarray"`
	Type    string
	ID      string
	Authors []AuthorID
	Deleted bool
	Fields  map[string]Field
	Sets    map[string]map[string]*Elem
}

// Field is a last-writer-wins register: the value and who wrote it when.
type Field struct {
	_     struct{} `cbor:",toarray"`
	Value any
	Time  Timestamp
	A     uint32 // index into Entity.Authors
	Seq   uint64 // breaks a tie between two ops of one author
}

// Elem is one element of an add-wins observed-remove set: the dots of the
// ops that added it and the dots that removes have observed. It is present
// while some add is not removed.
type Elem struct {
	_    struct{} `cbor:",toarray"`
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
	for name, v := range o.Set {
		if e.setField(name, v, o) {
			changed = true
		}
	}
	for name, elems := range o.Add {
		for _, x := range elems {
			el := e.elem(name, x)
			if d := e.local(o.Dot()); !slices.Contains(el.Adds, d) {
				el.Adds = append(el.Adds, d)
				changed = true
			}
		}
	}
	for name, elems := range o.Remove {
		for x, dots := range elems {
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

func (e *Entity) setField(name string, v any, o *Op) bool {
	if e.Fields == nil {
		e.Fields = make(map[string]Field)
	}
	if f, ok := e.Fields[name]; ok {
		cur := e.Authors[f.A]
		if !Less(f.Time, cur, o.Time, o.Author) && !(f.Time == o.Time && cur == o.Author && f.Seq < o.Seq) {
			return false
		}
	}
	e.Fields[name] = Field{Value: v, Time: o.Time, A: e.author(o.Author), Seq: o.Seq}
	return true
}

func (e *Entity) elem(name, x string) *Elem {
	if e.Sets == nil {
		e.Sets = make(map[string]map[string]*Elem)
	}
	set := e.Sets[name]
	if set == nil {
		set = make(map[string]*Elem)
		e.Sets[name] = set
	}
	el := set[x]
	if el == nil {
		el = &Elem{}
		set[x] = el
	}
	return el
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
func (e *Entity) Value(name string) any { return e.Fields[name].Value }

// Elements returns a set field's present elements, sorted.
func (e *Entity) Elements(name string) []string {
	var out []string
	for x, el := range e.Sets[name] {
		if el.Present() {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// ObservedDots returns the dots under which x is present in a set field:
// what a remove of x must name.
func (e *Entity) ObservedDots(name, x string) []Dot {
	el := e.Sets[name][x]
	if el == nil {
		return nil
	}
	var out []Dot
	for _, d := range el.Adds {
		if !slices.Contains(el.Rems, d) {
			out = append(out, Dot{Author: e.Authors[d.A], Seq: d.Seq})
		}
	}
	return out
}

// Visible is the part of an entity that people see: plain fields that are
// set and set fields that are non-empty. Two replicas agree exactly when
// their Visible values agree, whatever their histories.
type Visible struct {
	_      struct{} `cbor:",toarray"`
	Type   string
	ID     string
	Fields map[string]any
	Sets   map[string][]string
}

// Visible returns the visible state, or false when the entity is deleted
// or holds nothing.
func (e *Entity) Visible() (Visible, bool) {
	if e.Deleted {
		return Visible{}, false
	}
	v := Visible{Type: e.Type, ID: e.ID, Fields: map[string]any{}, Sets: map[string][]string{}}
	for name, f := range e.Fields {
		if f.Value != nil {
			v.Fields[name] = f.Value
		}
	}
	for name := range e.Sets {
		if xs := e.Elements(name); len(xs) > 0 {
			v.Sets[name] = xs
		}
	}
	if len(v.Fields) == 0 && len(v.Sets) == 0 {
		return Visible{}, false
	}
	return v, true
}

// VisibleHash hashes the visible state; zero when nothing is visible.
func (e *Entity) VisibleHash() Hash {
	v, ok := e.Visible()
	if !ok {
		return Hash{}
	}
	b, err := encMode.Marshal(v)
	if err != nil {
		panic(err) // values passed Validate: encoding cannot fail
	}
	return HashOf(b)
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

// EncodeEntity and DecodeEntity store entity state (node-local data).
func EncodeEntity(e *Entity) ([]byte, error) { return encMode.Marshal(e) }

// DecodeEntity decodes a stored entity.
func DecodeEntity(b []byte) (*Entity, error) {
	e := new(Entity)
	if err := decMode.Unmarshal(b, e); err != nil {
		return nil, err
	}
	return e, nil
}
