package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"muster/crdt"
)

// Type is a frame's first byte.
type Type byte

// Frame types. Values are part of the protocol: never reuse one.
const (
	TypeHello  Type = 1 // handshake: version, team, node, nonce (and proof from the responder)
	TypeProof  Type = 2 // handshake: the initiator's proof
	TypeVector Type = 3 // the sender's version vector
	TypeChunks Type = 4 // a batch of signed chunks
	TypeAck    Type = 5 // the receiver's vector after making a batch durable
	TypeDone   Type = 6 // the sender has nothing more to send this round
	TypeError  Type = 7 // the sender gives up; the stream closes
	TypeHint   Type = 8 // gossip: "I have new ops", with my vector digest
)

func (t Type) String() string {
	switch t {
	case TypeHello:
		return "hello"
	case TypeProof:
		return "proof"
	case TypeVector:
		return "vector"
	case TypeChunks:
		return "chunks"
	case TypeAck:
		return "ack"
	case TypeDone:
		return "done"
	case TypeError:
		return "error"
	case TypeHint:
		return "hint"
	}
	return fmt.Sprintf("type(%d)", byte(t))
}

// Limits on frames. MaxBatchBytes bounds the chunk bytes of one Chunks
// frame; a single chunk larger than that (up to crdt.MaxChunkSize) travels
// alone, because only a chunk's suffixes keep its signature. MaxFrameSize
// is the hard limit on one encoded frame.
const (
	MaxBatchBytes = 1 << 20
	// MaxBatchChunks bounds the chunks of one Chunks frame: the decoder
	// refuses longer arrays (crdt.MaxArrayLen).
	MaxBatchChunks = crdt.MaxArrayLen
	MaxFrameSize   = crdt.MaxChunkSize + 64<<10
	MaxAuthors     = crdt.MaxArrayLen
	MaxMessageLen  = 1024
	MaxTeamLen     = 64
	MaxProofLen    = 64
	MaxAddrLen     = 256
	NonceBytes     = 32
)

// ProtocolVersion is the version this code speaks.
const ProtocolVersion = 1

// ErrFrame is wrapped by every decoding error.
var ErrFrame = errors.New("bad frame")

// Frame is one protocol message.
type Frame interface {
	Type() Type
	Validate() error
}

// Spare is the capacity Marshal leaves free after a batch of chunks, so
// that a stream can seal the frame where it lies (an AEAD tag's length).
const Spare = 16

// Marshal encodes a frame: its type byte, then its CBOR body.
func Marshal(f Frame) ([]byte, error) { return MarshalTo(nil, f) }

// MarshalTo is Marshal encoding into buf's memory when it is large enough
// (a batch leaves Spare bytes free after it there too): a stream sending
// batch after batch uses one buffer.
func MarshalTo(buf []byte, f Frame) ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("encode %s: %w", f.Type(), err)
	}
	if c, ok := f.(*Chunks); ok {
		// A batch, the bulk of a sync, is written by crdt's chunk codec
		// in one allocation: the same bytes as by reflection.
		if b, ok := crdt.AppendChunkArray(append(buf[:0], byte(TypeChunks), cborArray1), c.Chunks, Spare); ok {
			if len(b) > MaxFrameSize {
				return nil, fmt.Errorf("encode %s: %w: %d bytes", f.Type(), ErrFrame, len(b))
			}
			return b, nil
		}
	}
	body, err := crdt.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", f.Type(), err)
	}
	if 1+len(body) > MaxFrameSize {
		return nil, fmt.Errorf("encode %s: %w: %d bytes", f.Type(), ErrFrame, 1+len(body))
	}
	return append(append(buf[:0], byte(f.Type())), body...), nil
}

// cborArray1 is the head of a one-element CBOR array: a Chunks body.
const cborArray1 = 0x81

// Unmarshal decodes one frame from untrusted bytes. A batch's chunks
// share b's memory.
func Unmarshal(b []byte) (Frame, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("decode frame: %w: empty", ErrFrame)
	}
	if len(b) > MaxFrameSize {
		return nil, fmt.Errorf("decode frame: %w: %d bytes (max %d)", ErrFrame, len(b), MaxFrameSize)
	}
	f, err := newFrame(Type(b[0]))
	if err != nil {
		return nil, err
	}
	if c, ok := f.(*Chunks); ok && len(b) > 1 && b[1] == cborArray1 {
		// A canonical batch is read by crdt's chunk codec, its ops left
		// in b rather than copied; anything else goes by reflection.
		if cs, ok := crdt.DecodeChunkArray(b[2:]); ok {
			c.Chunks = cs
			if err := c.Validate(); err != nil {
				return nil, fmt.Errorf("decode %s: %w", f.Type(), err)
			}
			return c, nil
		}
	}
	if err := crdt.Unmarshal(b[1:], f); err != nil {
		return nil, fmt.Errorf("decode %s: %w: %v", f.Type(), ErrFrame, err)
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("decode %s: %w", f.Type(), err)
	}
	return f, nil
}

// newFrame is the one dispatch on the type byte.
func newFrame(t Type) (Frame, error) {
	switch t {
	case TypeHello:
		return &Hello{}, nil
	case TypeProof:
		return &Proof{}, nil
	case TypeVector:
		return &Vector{}, nil
	case TypeChunks:
		return &Chunks{}, nil
	case TypeAck:
		return &Ack{}, nil
	case TypeDone:
		return &Done{}, nil
	case TypeError:
		return &Error{}, nil
	case TypeHint:
		return &Hint{}, nil
	}
	return nil, fmt.Errorf("decode frame: %w: unknown type %d", ErrFrame, byte(t))
}

// WriteFrame writes a frame to a byte stream, preceded by its length.
func WriteFrame(w io.Writer, f Frame) error {
	b, err := Marshal(f)
	if err != nil {
		return err
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(b)))
	if _, err := w.Write(hdr[:]); err != nil {
		return fmt.Errorf("write frame: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write frame: %w", err)
	}
	return nil
}

// ReadFrame reads one length-prefixed frame. At the end of the stream it
// returns io.EOF; a frame cut short is io.ErrUnexpectedEOF.
func ReadFrame(r io.Reader) (Frame, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("read frame: %w", err)
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n == 0 || n > MaxFrameSize {
		return nil, fmt.Errorf("read frame: %w: length %d (max %d)", ErrFrame, n, MaxFrameSize)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("read frame: %w", err)
	}
	return Unmarshal(b)
}
