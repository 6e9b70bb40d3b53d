package node

import (
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
	keyVector = []byte{pfxMeta, 'v', 'v'}
	keyDigest = []byte{pfxMeta, 'd', 'g'}
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
