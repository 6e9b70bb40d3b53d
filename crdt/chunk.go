package crdt

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	stdsync "sync"
)

// Chunk is consecutive ops of one author and the author's signature over
// the last of them (the head). Because each op holds the hash of the one
// before it, the head signature covers every op of the chunk, and any
// suffix of a chunk is again a valid chunk with the same signature. Chunks
// are the unit that is stored in the op log, sent to peers and written to
// bundles.
type Chunk struct {
	_      struct{} `cbor:",toarray"`
	Author AuthorID
	Ops    [][]byte // canonical op encodings, Seq ascending by one
	Sig    []byte   // ed25519 over HeadMessage(last op)
	// enc is the canonical encoding the chunk was decoded from, when the
	// fast decoder read it: EncodeChunk returns it rather than writing the
	// same bytes again (the op log stores what a peer sent). Nothing
	// outside this package sets it; Suffix drops it.
	enc []byte
}

// VerifiedOp is an op whose bytes were checked and whose signature covers
// it: its header, not its field changes, which stay in Raw (decode them
// with DecodeStoredOp, or read them with WalkOp). Verifying a sync's ops
// without building each one's maps saved a fifth of its CPU.
type VerifiedOp struct {
	Author AuthorID
	Seq    uint64
	Prev   Hash
	Time   Timestamp
	Type   string
	ID     string
	Raw    []byte
	Hash   Hash
}

const headDomain = "muster/head/v1\x00"

// HeadMessage is what an author signs: the newest op's seq and hash.
func HeadMessage(seq uint64, h Hash) []byte {
	m := make([]byte, 0, len(headDomain)+8+len(h))
	m = append(m, headDomain...)
	m = binary.BigEndian.AppendUint64(m, seq)
	return append(m, h[:]...)
}

// First and Last return the seq range of a verified chunk's ops.
func First(ops []VerifiedOp) uint64 { return ops[0].Seq }
func Last(ops []VerifiedOp) uint64  { return ops[len(ops)-1].Seq }

// Suffix returns the chunk holding only ops with Seq >= from. The signature
// still covers them. from must lie within the chunk's ops.
func (c Chunk) Suffix(firstSeq, from uint64) Chunk {
	if from <= firstSeq {
		return c
	}
	return Chunk{Author: c.Author, Ops: c.Ops[from-firstSeq:], Sig: c.Sig}
}

// Size is the total length of the chunk's op encodings plus its signature.
func (c Chunk) Size() int {
	n := len(c.Sig) + len(c.Author)
	for _, o := range c.Ops {
		n += len(o)
	}
	return n
}

// Verify checks a chunk received from anywhere: every op decodes with
// limits and is canonical, belongs to the chunk's author, the seqs are
// consecutive, each op links to the hash of the one before it, and the
// signature verifies over the last. Only then are the ops returned. The
// first op's link to earlier ops is checked by whoever holds them.
func Verify(c Chunk) ([]VerifiedOp, error) { return VerifyN(c, 1) }

// VerifyN is Verify with the ops of a large chunk decoded by up to
// `workers` goroutines (decoding dominates the cost).
func VerifyN(c Chunk, workers int) ([]VerifiedOp, error) {
	return VerifyTo(c, nil, workers)
}

// VerifyTo is VerifyN that decodes into out when it has room for the
// chunk's ops (a caller that verifies batch after batch reuses one
// buffer), and into a new slice otherwise. What it returns aliases out.
func VerifyTo(c Chunk, out []VerifiedOp, workers int) ([]VerifiedOp, error) {
	if len(c.Ops) == 0 {
		return nil, invalid("empty chunk")
	}
	if len(c.Ops) > MaxChunkOps {
		return nil, fmt.Errorf("verify chunk: %w: %d ops (max %d)", ErrTooLarge, len(c.Ops), MaxChunkOps)
	}
	if len(c.Sig) != SignatureBytes {
		return nil, fmt.Errorf("verify chunk: %w: signature is %d bytes", ErrBadSignature, len(c.Sig))
	}
	if cap(out) < len(c.Ops) {
		out = make([]VerifiedOp, len(c.Ops))
	}
	out = out[:len(c.Ops)]
	if err := decodeOps(c, out, workers); err != nil {
		return nil, err
	}
	for i := 1; i < len(out); i++ {
		if out[i].Seq != out[i-1].Seq+1 {
			return nil, fmt.Errorf("verify chunk: %w: seq %d follows %d", ErrBadChain, out[i].Seq, out[i-1].Seq)
		}
		if out[i].Prev != out[i-1].Hash {
			return nil, fmt.Errorf("verify chunk: %w: op %d does not link to op %d", ErrBadChain, out[i].Seq, out[i-1].Seq)
		}
	}
	last := out[len(out)-1]
	if !ed25519.Verify(ed25519.PublicKey(c.Author[:]), HeadMessage(last.Seq, last.Hash), c.Sig) {
		return nil, fmt.Errorf("verify chunk: %w", ErrBadSignature)
	}
	return out, nil
}

// decodeOps decodes and hashes every op of c into out, splitting the work
// into contiguous parts when the chunk is large enough to be worth it.
func decodeOps(c Chunk, out []VerifiedOp, workers int) error {
	if workers < 1 || len(c.Ops) < 256 {
		workers = 1
	}
	part := (len(c.Ops) + workers - 1) / workers
	errs := make([]error, workers)
	var wg stdsync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*part, min((w+1)*part, len(c.Ops))
		if lo >= hi {
			break
		}
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				v, err := verifyOp(c.Ops[i])
				if err == nil && v.Author != c.Author {
					err = invalid("op %d is by another author", i)
				}
				if err != nil {
					errs[w] = fmt.Errorf("verify chunk: op %d: %w", i, err)
					return
				}
				out[i] = v
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// verifyOp checks one op's bytes as DecodeOp does, reading only its
// header when it lies in the fast subset.
func verifyOp(b []byte) (VerifiedOp, error) {
	if len(b) <= MaxOpSize {
		if h, ok := walkOp(b, &opWalk{}, false); ok && h.valid {
			return VerifiedOp{Author: h.Author, Seq: h.Seq, Prev: h.Prev, Time: h.Time, Type: h.Type, ID: string(h.ID),
				Raw: b, Hash: HashOf(b)}, nil
		}
	}
	o, err := DecodeOp(b)
	if err != nil {
		return VerifiedOp{}, err
	}
	return verified(&o, b, HashOf(b)), nil
}

func verified(o *Op, raw []byte, h Hash) VerifiedOp {
	return VerifiedOp{Author: o.Author, Seq: o.Seq, Prev: o.Prev, Time: o.Time, Type: o.Type, ID: o.ID, Raw: raw, Hash: h}
}

// EncodeChunk and DecodeChunk move chunks as bytes (bundles, the wire,
// the op log).
func EncodeChunk(c Chunk) ([]byte, error) {
	if c.enc != nil {
		return c.enc, nil
	}
	if b, ok := encodeChunkFast(&c); ok {
		return b, nil
	}
	return encMode.Marshal(c)
}

// DecodeChunk decodes untrusted bytes into a chunk, with limits, and
// refuses bytes that are not the chunk's canonical encoding. The ops
// inside are still raw: Verify them. They share b's memory: b must not
// change while the chunk is in use.
func DecodeChunk(b []byte) (Chunk, error) {
	if len(b) > MaxChunkSize {
		return Chunk{}, fmt.Errorf("decode chunk: %w: %d bytes", ErrTooLarge, len(b))
	}
	if c, ok := decodeChunkFast(b); ok {
		return c, nil // the fast decoder reads only canonical bytes
	}
	var c Chunk
	if err := decMode.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("decode chunk: %w", err)
	}
	again, err := encMode.Marshal(c)
	if err != nil || !bytes.Equal(again, b) {
		return c, fmt.Errorf("decode chunk: %w", ErrNotCanonical)
	}
	return c, nil
}

// DecodeStoredChunk decodes a chunk this node verified before it stored
// it. Like DecodeChunk, its ops share b's memory.
func DecodeStoredChunk(b []byte) (Chunk, error) {
	if c, ok := decodeChunkFast(b); ok {
		return c, nil
	}
	var c Chunk
	if err := decMode.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("decode chunk: %w", err)
	}
	return c, nil
}

// Signer makes this device's ops: it numbers them, links them and signs
// the head. It is not safe for concurrent use; the node serializes writes.
type Signer struct {
	priv ed25519.PrivateKey
	id   AuthorID
	seq  uint64
	prev Hash
}

// NewSigner resumes an author's chain after seq, whose op hashed to prev.
func NewSigner(priv ed25519.PrivateKey, seq uint64, prev Hash) *Signer {
	s := &Signer{priv: priv, seq: seq, prev: prev}
	copy(s.id[:], priv.Public().(ed25519.PublicKey))
	return s
}

// ID is the signer's author id.
func (s *Signer) ID() AuthorID { return s.id }

// Seq is the seq of the last op sealed.
func (s *Signer) Seq() uint64 { return s.seq }

// Seal numbers, links, encodes and signs ops (their Author, Seq and Prev
// are filled in here). On error nothing is consumed.
func (s *Signer) Seal(ops []Op) (Chunk, []VerifiedOp, error) {
	if len(ops) == 0 || len(ops) > MaxChunkOps {
		return Chunk{}, nil, invalid("a chunk holds 1 to %d ops", MaxChunkOps)
	}
	c := Chunk{Author: s.id, Ops: make([][]byte, len(ops))}
	out := make([]VerifiedOp, len(ops))
	seq, prev := s.seq, s.prev
	for i := range ops {
		o := ops[i]
		seq++
		o.Author, o.Seq, o.Prev = s.id, seq, prev
		raw, err := EncodeOp(&o)
		if err != nil {
			return Chunk{}, nil, err
		}
		prev = HashOf(raw)
		c.Ops[i] = raw
		out[i] = verified(&o, raw, prev)
	}
	c.Sig = ed25519.Sign(s.priv, HeadMessage(seq, prev))
	s.seq, s.prev = seq, prev
	return c, out, nil
}
