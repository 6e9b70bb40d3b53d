package wire

import (
	"fmt"

	"muster/crdt"
)

// MaxMetaSize is memberlist's limit on node metadata.
const MaxMetaSize = 512

// Meta is the node metadata each node gossips through memberlist: where to
// open a sync stream to it, and the digest of its version vector. Equal
// digests mean equal vectors: nothing to do.
type Meta struct {
	_        struct{} `cbor:",toarray"`
	Version  uint64
	SyncAddr string // host:port of the node's HTTP server (stream at /sync)
	Digest   crdt.Hash
}

// EncodeMeta encodes node metadata.
func EncodeMeta(m Meta) ([]byte, error) {
	b, err := crdt.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode meta: %w", err)
	}
	if len(b) > MaxMetaSize {
		return nil, fmt.Errorf("encode meta: %w: %d bytes", ErrFrame, len(b))
	}
	return b, nil
}

// DecodeMeta decodes untrusted node metadata.
func DecodeMeta(b []byte) (Meta, error) {
	var m Meta
	if len(b) > MaxMetaSize {
		return m, fmt.Errorf("decode meta: %w: %d bytes", ErrFrame, len(b))
	}
	if err := crdt.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("decode meta: %w: %v", ErrFrame, err)
	}
	return m, nil
}
