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
