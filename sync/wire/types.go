package wire

import (
	"fmt"
	"unicode/utf8"

	"muster/crdt"
)

// Hello opens a stream. The initiator sends it with no Proof; the
// responder answers with its own Hello carrying its Proof (see package
// sync for what the proofs cover).
type Hello struct {
	_       struct{} `cbor:",toarray"`
	Version uint64
	Team    string // team.IDHash(): who we think we talk to
	Node    crdt.AuthorID
	Nonce   [NonceBytes]byte
	Addr    string // the sender's sync address (host:port), if peers can dial it
	Gossip  string // the sender's memberlist address (host:port), if it gossips
	Proof   []byte
}

// Proof is the initiator's answer to the responder's Hello.
type Proof struct {
	_     struct{} `cbor:",toarray"`
	Proof []byte
}

// Vector is the sender's version vector, sorted by author.
type Vector struct {
	_       struct{} `cbor:",toarray"`
	Entries []crdt.Entry
}

// Chunks is one batch of signed chunks, at most MaxBatchBytes of chunk
// bytes unless it holds a single chunk.
type Chunks struct {
	_      struct{} `cbor:",toarray"`
	Chunks []crdt.Chunk
}

// Ack says a batch is durable, and the receiver's vector after it.
type Ack struct {
	_       struct{} `cbor:",toarray"`
	Entries []crdt.Entry
}

// Done says the sender has sent every op the receiver lacked.
type Done struct {
	_ struct{} `cbor:",toarray"`
}

// Error ends a stream with a reason.
type Error struct {
	_       struct{} `cbor:",toarray"`
	Code    uint64
	Message string
}

// Error codes.
const (
	CodeProtocol  = 1 // unexpected or malformed frame
	CodeTeam      = 2 // another team, or a failed proof
	CodeVersion   = 3 // protocol version not spoken
	CodeApply     = 4 // the batch could not be applied
	CodeBusy      = 5 // too many streams
	CodeShutdown  = 6 // the node is stopping
	CodeBadChunks = 7 // chunks refused (bad signature, fork)
	// CodeAlreadySyncing: a round with the dialling node already runs;
	// the dialler counts the round as done, not failed.
	CodeAlreadySyncing = 8
)

// Hint is gossiped when a node has new ops: peers whose vector digest
// differs pull from it.
type Hint struct {
	_      struct{} `cbor:",toarray"`
	Node   crdt.AuthorID
	Digest crdt.Hash
}

func (*Hello) Type() Type  { return TypeHello }
func (*Proof) Type() Type  { return TypeProof }
func (*Vector) Type() Type { return TypeVector }
func (*Chunks) Type() Type { return TypeChunks }
func (*Ack) Type() Type    { return TypeAck }
func (*Done) Type() Type   { return TypeDone }
func (*Error) Type() Type  { return TypeError }
func (*Hint) Type() Type   { return TypeHint }

func (h *Hello) Validate() error {
	if len(h.Team) > MaxTeamLen || len(h.Proof) > MaxProofLen || len(h.Addr) > MaxAddrLen || len(h.Gossip) > MaxAddrLen {
		return fmt.Errorf("%w: hello fields too long", ErrFrame)
	}
	return nil
}

func (p *Proof) Validate() error {
	if len(p.Proof) > MaxProofLen {
		return fmt.Errorf("%w: proof too long", ErrFrame)
	}
	return nil
}

func (v *Vector) Validate() error { return validEntries(v.Entries) }
func (a *Ack) Validate() error    { return validEntries(a.Entries) }
func (*Done) Validate() error     { return nil }
func (*Hint) Validate() error     { return nil }

func (e *Error) Validate() error {
	if len(e.Message) > MaxMessageLen || !utf8.ValidString(e.Message) {
		return fmt.Errorf("%w: bad error message", ErrFrame)
	}
	return nil
}

func (c *Chunks) Validate() error {
	if len(c.Chunks) == 0 {
		return fmt.Errorf("%w: empty batch", ErrFrame)
	}
	if len(c.Chunks) > MaxBatchChunks {
		return fmt.Errorf("%w: batch of %d chunks (max %d)", ErrFrame, len(c.Chunks), MaxBatchChunks)
	}
	if n := BatchSize(c.Chunks); len(c.Chunks) > 1 && n > MaxBatchBytes {
		return fmt.Errorf("%w: batch of %d bytes (max %d)", ErrFrame, n, MaxBatchBytes)
	}
	for _, ch := range c.Chunks {
		if len(ch.Ops) == 0 || len(ch.Ops) > crdt.MaxChunkOps || ch.Size() > crdt.MaxChunkSize {
			return fmt.Errorf("%w: chunk of %d ops, %d bytes", ErrFrame, len(ch.Ops), ch.Size())
		}
	}
	return nil
}

// BatchSize is the chunk bytes of a batch, as MaxBatchBytes counts them.
func BatchSize(cs []crdt.Chunk) int {
	n := 0
	for _, c := range cs {
		n += c.Size()
	}
	return n
}

// validEntries wants authors strictly ascending, as Entries makes them, so
// a vector has one encoding and no author twice.
func validEntries(es []crdt.Entry) error {
	if len(es) > MaxAuthors {
		return fmt.Errorf("%w: %d authors", ErrFrame, len(es))
	}
	for i := 1; i < len(es); i++ {
		if string(es[i-1].Author[:]) >= string(es[i].Author[:]) {
			return fmt.Errorf("%w: vector authors not ascending", ErrFrame)
		}
	}
	return nil
}
