package crdt

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"unicode/utf8"
)

// AuthorID is an author's ed25519 public key.
type AuthorID [32]byte

func (a AuthorID) String() string { return hex.EncodeToString(a[:]) }

// Short is the first 12 hex digits of the key: enough to tell devices apart
// on a screen.
func (a AuthorID) Short() string { return hex.EncodeToString(a[:6]) }

// ParseAuthorID parses the hex form produced by String.
func ParseAuthorID(s string) (AuthorID, error) {
	var a AuthorID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(a) {
		return a, invalid("author id %q is not 64 hex digits", s)
	}
	copy(a[:], b)
	return a, nil
}

// Hash identifies an op: SHA-256 of its canonical encoding.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// HashOf returns the hash of encoded bytes.
func HashOf(b []byte) Hash { return sha256.Sum256(b) }

// Dot names one op: its author and sequence number. Set elements are tagged
// with the dot of the op that added them.
type Dot struct {
	_      struct{} `cbor:",toarray"`
	Author AuthorID
	Seq    uint64
}

// Op is one change by one author to one entity.
//
// Set assigns plain fields (last writer wins; a nil value clears the
// field). Add puts elements into set fields; Remove takes out elements
// together with the add-dots the author had observed (add wins over a
// concurrent remove). Delete removes the entity for good.
type Op struct {
	_      struct{} `cbor:",toarray"`
	Author AuthorID
	Seq    uint64
	Prev   Hash // hash of this author's op Seq-1; zero for Seq 1
	Time   Timestamp
	Type   string
	ID     string
	Delete bool
	Set    map[string]any
	Add    map[string][]string
	Remove map[string]map[string][]Dot
}

// Dot returns the op's own dot.
func (o *Op) Dot() Dot { return Dot{Author: o.Author, Seq: o.Seq} }

// Limits on the shape of an op. They bound memory per op and keep
// identifiers printable.
const (
	MaxOpSize      = 64 << 10
	MaxIDLen       = 64
	MaxFieldName   = 64
	MaxFields      = 64
	MaxSetElems    = 256
	MaxDotsPerElem = 64
	MaxStringLen   = 16 << 10
)

// Validate checks an op's shape: identifiers, sizes and value types. It
// does not check signatures or chains (see Verify).
func (o *Op) Validate() error {
	if o.Seq == 0 {
		return invalid("seq must start at 1")
	}
	if o.Seq == 1 && o.Prev != (Hash{}) {
		return invalid("first op of an author must have no predecessor")
	}
	if err := validIdent("type", o.Type); err != nil {
		return err
	}
	if err := validIdent("id", o.ID); err != nil {
		return err
	}
	if o.Delete && (len(o.Set) > 0 || len(o.Add) > 0 || len(o.Remove) > 0) {
		return invalid("a delete op carries no field changes")
	}
	if !o.Delete && len(o.Set)+len(o.Add)+len(o.Remove) == 0 {
		return invalid("op changes nothing")
	}
	if len(o.Set)+len(o.Add)+len(o.Remove) > MaxFields {
		return invalid("more than %d fields", MaxFields)
	}
	for name, v := range o.Set {
		if err := validIdent("field", name); err != nil {
			return err
		}
		if err := validValue(v, 0); err != nil {
			return invalid("field %q: %v", name, err)
		}
	}
	for name, elems := range o.Add {
		if err := validIdent("field", name); err != nil {
			return err
		}
		if len(elems) > MaxSetElems {
			return invalid("field %q: more than %d elements", name, MaxSetElems)
		}
		for _, e := range elems {
			if err := validString(e); err != nil {
				return invalid("field %q: %v", name, err)
			}
		}
	}
	for name, elems := range o.Remove {
		if err := validIdent("field", name); err != nil {
			return err
		}
		if len(elems) > MaxSetElems {
			return invalid("field %q: more than %d elements", name, MaxSetElems)
		}
		for e, dots := range elems {
			if err := validString(e); err != nil {
				return invalid("field %q: %v", name, err)
			}
			if len(dots) > MaxDotsPerElem {
				return invalid("field %q: more than %d dots", name, MaxDotsPerElem)
			}
		}
	}
	return nil
}

func validIdent(what, s string) error {
	if s == "" || len(s) > MaxIDLen {
		return invalid("%s must be 1 to %d bytes", what, MaxIDLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return invalid("%s %q may hold only a-z, 0-9, _ - .", what, s)
		}
	}
	return nil
}

func validString(s string) error {
	if len(s) > MaxStringLen {
		return invalid("string longer than %d bytes", MaxStringLen)
	}
	if !utf8.ValidString(s) {
		return invalid("string is not valid UTF-8")
	}
	return nil
}

// validValue accepts what a decoded field value may be: nil, bool, integer,
// finite float, string, and lists and string-keyed maps of those.
func validValue(v any, depth int) error {
	if depth > 4 {
		return invalid("value nested too deeply")
	}
	switch x := v.(type) {
	case nil, bool, uint64, int64:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return invalid("number is not finite")
		}
		return nil
	case string:
		return validString(x)
	case []any:
		for _, e := range x {
			if err := validValue(e, depth+1); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for k, e := range x {
			if err := validString(k); err != nil {
				return err
			}
			if err := validValue(e, depth+1); err != nil {
				return err
			}
		}
		return nil
	default:
		return invalid("unsupported value type %T", v)
	}
}

// Less orders two (time, author) pairs: the rule every last-writer-wins
// field uses. Wall-clock time alone never decides.
func Less(t1 Timestamp, a1 AuthorID, t2 Timestamp, a2 AuthorID) bool {
	if t1 != t2 {
		return t1 < t2
	}
	return bytes.Compare(a1[:], a2[:]) < 0
}
