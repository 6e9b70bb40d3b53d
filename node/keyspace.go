package node

import (
	"bytes"
	"encoding/binary"
	"strings"

	"muster/crdt"
)

const (
	pfxLog     = 'L'
	pfxPending = 'P'
	pfxEntity  = 'E'
	pfxMeta    = 'M'
)

var (
	keyVector = []byte{pfxMeta, 'v', 'v'} // 'M' "dg" held the digest before it was computed on demand
)

func seqKey(pfx byte, a crdt.AuthorID, seq uint64) []byte {
	k := make([]byte, 0, 1+len(a)+8)
	k = append(k, pfx)
	k = append(k, a[:]...)
	return binary.BigEndian.AppendUint64(k, seq)
}

func authorPrefix(pfx byte, a crdt.AuthorID) []byte {
	return append([]byte{pfx}, a[:]...)
}

func seqOfKey(k []byte) uint64 { return binary.BigEndian.Uint64(k[len(k)-8:]) }

func entityKey(typ, id string) []byte {
	k := make([]byte, 0, 2+len(typ)+len(id))
	k = append(k, pfxEntity)
	k = append(k, typ...)
	k = append(k, 0)
	return append(k, id...)
}

// A delta key is where one op on an entity is kept until it is folded
// into the entity's record: the entity's key, a zero byte, then the op's
// author and seq. Ids and types never hold a zero byte (crdt's
// validIdent), so an entity's deltas sort right after its record and
// before any other key.

// deltaKeyLen is the length of a delta key of typ and id.
func deltaKeyLen(typ, id string) int { return 2 + len(typ) + len(id) + 1 + len(crdt.AuthorID{}) + 8 }

// appendDeltaKey appends the delta key of the op seq of author a on the
// entity typ/id to k.
func appendDeltaKey(k []byte, typ, id string, a crdt.AuthorID, seq uint64) []byte {
	k = append(k, pfxEntity)
	k = append(k, typ...)
	k = append(k, 0)
	k = append(k, id...)
	k = append(k, 0)
	k = append(k, a[:]...)
	return binary.BigEndian.AppendUint64(k, seq)
}

// deltaLen is how much longer a delta key is than its entity's key.
const deltaLen = 1 + len(crdt.AuthorID{}) + 8

// deltaOp returns the author and seq of the op a delta key holds.
func deltaOp(key []byte) (crdt.AuthorID, uint64) {
	var a crdt.AuthorID
	copy(a[:], key[len(key)-len(a)-8:])
	return a, seqOfKey(key)
}

// A delta's value names its op's bytes in the op log rather than holding
// a second copy of them: a zero byte (no op encoding starts with one),
// then as uvarints how many ops past this one its chunk ends (the chunk's
// log key has the seq of its last op), where the op's bytes start in the
// chunk's stored bytes, and their length. Each op of a sync was written
// to the value log twice, once in its chunk and once as its delta; the
// reference is short enough to stay in the LSM tree. Stores written
// before hold the op's bytes, which readDelta still reads.
const (
	deltaRefTag = 0
	maxDeltaRef = 1 + 3*binary.MaxVarintLen64
)

// appendDeltaRef appends the value of a delta whose op is `back` ops
// before its chunk's last and whose bytes are chunk[off:off+size].
func appendDeltaRef(b []byte, back uint64, off, size int) []byte {
	b = append(b, deltaRefTag)
	b = binary.AppendUvarint(b, back)
	b = binary.AppendUvarint(b, uint64(off))
	return binary.AppendUvarint(b, uint64(size))
}

// parseDeltaRef reads a value appendDeltaRef wrote.
func parseDeltaRef(v []byte) (back uint64, off, size int, ok bool) {
	if len(v) == 0 || v[0] != deltaRefTag {
		return 0, 0, 0, false
	}
	v = v[1:]
	var vals [3]uint64
	var canon [binary.MaxVarintLen64]byte
	for i := range vals {
		x, n := binary.Uvarint(v)
		if n <= 0 || n != len(binary.AppendUvarint(canon[:0], x)) { // only what appendDeltaRef writes
			return 0, 0, 0, false
		}
		vals[i], v = x, v[n:]
	}
	if len(v) != 0 || vals[1] > crdt.MaxChunkSize || vals[2] > crdt.MaxChunkSize {
		return 0, 0, 0, false
	}
	return vals[0], int(vals[1]), int(vals[2]), true
}

// entityOf returns the entity key a delta key belongs to, or false when
// key is an entity's record key.
func entityOf(key []byte) ([]byte, bool) {
	if len(key) < 2+deltaLen || key[len(key)-deltaLen] != 0 {
		return key, false
	}
	// The type's own zero comes first; a delta has a second one.
	i := bytes.IndexByte(key[1:], 0)
	if i < 0 || 1+i == len(key)-deltaLen {
		return key, false
	}
	return key[:len(key)-deltaLen], true
}

// splitEntityKey returns the type and id of an entityKey.
func splitEntityKey(key string) (typ, id string) {
	rest := key[1:]
	i := strings.IndexByte(rest, 0)
	return rest[:i], rest[i+1:]
}

func entityPrefix(typ string) []byte {
	return append(append([]byte{pfxEntity}, typ...), 0)
}

// head is where an author's applied ops end: the seq and hash of the last.
type head struct {
	_      struct{} `cbor:",toarray"`
	Author crdt.AuthorID
	Seq    uint64
	Hash   crdt.Hash
}
