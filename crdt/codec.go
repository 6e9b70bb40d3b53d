package crdt

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/fxamacker/cbor/v2"
)

// Decoder limits for untrusted bytes. Together with MaxOpSize and
// MaxChunkSize they bound the memory one message can make us allocate.
const (
	MaxNesting     = 8
	MaxArrayLen    = 4096
	MaxMapPairs    = 1024
	MaxChunkOps    = 1024 // so that a chunk's entity writes fit one store transaction
	MaxChunkSize   = 4 << 20
	SignatureBytes = 64
)

var (
	encMode cbor.EncMode
	decMode cbor.DecMode
)

func init() {
	var err error
	encMode, err = cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	decMode, err = cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthForbidden,
		TagsMd:            cbor.TagsForbidden,
		MaxNestedLevels:   MaxNesting,
		MaxArrayElements:  MaxArrayLen,
		MaxMapPairs:       MaxMapPairs,
		DefaultMapType:    reflect.TypeOf(map[string]any(nil)),
		UTF8:              cbor.UTF8RejectInvalid,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
	}.DecMode()
	if err != nil {
		panic(err)
	}
}

// Marshal encodes v with CBOR core deterministic encoding.
func Marshal(v any) ([]byte, error) { return encMode.Marshal(v) }

// Unmarshal decodes trusted or untrusted bytes with muster's limits. It does
// not check canonical form; DecodeOp and DecodeChunk do.
func Unmarshal(b []byte, v any) error { return decMode.Unmarshal(b, v) }

// EncodeOp returns an op's canonical bytes.
func EncodeOp(o *Op) ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	b, fast := appendOpFast(make([]byte, 0, 128), o)
	if !fast {
		var err error
		if b, err = encMode.Marshal(o); err != nil {
			return nil, fmt.Errorf("encode op: %w", err)
		}
	}
	if len(b) > MaxOpSize {
		return nil, fmt.Errorf("encode op: %w: %d bytes (max %d)", ErrTooLarge, len(b), MaxOpSize)
	}
	return b, nil
}

// DecodeOp decodes untrusted bytes into an op. It refuses oversize input,
// anything the decoder limits refuse, a valid op whose canonical encoding
// differs from b, and ops that fail Validate.
func DecodeOp(b []byte) (Op, error) {
	if len(b) > MaxOpSize {
		return Op{}, fmt.Errorf("decode op: %w: %d bytes (max %d)", ErrTooLarge, len(b), MaxOpSize)
	}
	// The fast decoder accepts only canonical bytes (shortest heads, map
	// keys in order, no key twice), so what it accepts is what its own
	// encoder would write, with no encoding again to compare (that cost a
	// quarter of decoding). Everything else takes the reflective path
	// below, which gives the precise error (or accepts an op outside the
	// fast subset). FuzzDecodeOpFast holds the two paths to one language.
	if o, valid, ok := decodeOpFast(b); ok {
		if valid {
			return o, nil // it passes Validate, checked as it was read
		}
		if err := o.Validate(); err != nil {
			return o, fmt.Errorf("decode op: %w", err)
		}
		return o, nil
	}
	return decodeOpSlow(b)
}

// DecodeStoredOp decodes an op this node verified (DecodeOp, Verify)
// before it stored it: the store's own bytes, so it skips Validate. It
// falls back to DecodeOp for ops outside the fast codec's subset.
func DecodeStoredOp(b []byte) (Op, error) {
	if o, _, ok := decodeOpFast(b); ok {
		return o, nil
	}
	return DecodeOp(b)
}

// decodeOpSlow is DecodeOp by reflection, for any op.
func decodeOpSlow(b []byte) (Op, error) {
	var o Op
	if err := decMode.Unmarshal(b, &o); err != nil {
		return o, fmt.Errorf("decode op: %w", err)
	}
	if err := o.Validate(); err != nil {
		return o, fmt.Errorf("decode op: %w", err)
	}
	again, err := encMode.Marshal(&o)
	if err != nil {
		return o, fmt.Errorf("decode op: %w", err)
	}
	if !bytes.Equal(again, b) {
		return o, fmt.Errorf("decode op: %w", ErrNotCanonical)
	}
	return o, nil
}
