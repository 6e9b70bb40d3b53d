package bundle

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"muster/crdt"
	"muster/sync/team"
	"muster/sync/wire"
)

// Magic opens every bundle file.
const Magic = "MUSTERBU"

// Version is the format version written after the magic.
const Version = 1

// Limits for decoding a bundle.
const (
	MaxHeaderSize  = 256 << 10 // header record: a vector of wire.MaxAuthors entries fits
	MaxTrailerSize = 64
	MACSize        = sha256.Size
)

// KeyPurpose is the team.Key purpose of the bundle MAC key.
const KeyPurpose = "bundle"

// Errors that Import wraps; callers branch on them to explain a refusal.
var (
	ErrNotBundle = errors.New("not a muster bundle")
	ErrVersion   = errors.New("unsupported bundle version")
	ErrForeign   = errors.New("bundle belongs to another team")
	ErrDamaged   = errors.New("bundle is damaged or was altered")
)

// Header describes a bundle.
type Header struct {
	_      struct{}      `cbor:",toarray"`
	Team   string        // team.IDHash() of the exporting team
	Node   crdt.AuthorID // the exporting node
	Vector []crdt.Entry  // the exporter's version vector when it started
	Ops    uint64        // ops the exporter meant to write (for progress)
}

// trailer closes the frames with their counts, so that a file cut at a
// frame boundary is still caught before the MAC is even checked.
type trailer struct {
	_      struct{} `cbor:",toarray"`
	Frames uint64
	Chunks uint64
	Ops    uint64
}

func newMAC(t *team.Team) hash.Hash { return hmac.New(sha256.New, t.Key(KeyPurpose)) }

// writeRecord writes a length-prefixed CBOR record.
func writeRecord(w io.Writer, v any) error {
	b, err := crdt.Marshal(v)
	if err != nil {
		return err
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// reader decodes a bundle's parts in order. Everything read through in is
// fed to the MAC.
type reader struct {
	br  *bufio.Reader
	in  io.Reader
	mac hash.Hash
}

func newReader(r io.Reader, mac hash.Hash) *reader {
	br := bufio.NewReaderSize(r, 64<<10)
	return &reader{br: br, in: io.TeeReader(br, mac), mac: mac}
}

func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, args...))
}

// readRecord reads a length-prefixed CBOR record of at most max bytes.
func (r *reader) readRecord(max int, v any) error {
	var n [4]byte
	if _, err := io.ReadFull(r.in, n[:]); err != nil {
		return damaged("cut short: %v", err)
	}
	size := binary.BigEndian.Uint32(n[:])
	if size == 0 || size > uint32(max) {
		return damaged("record of %d bytes (max %d)", size, max)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r.in, b); err != nil {
		return damaged("cut short: %v", err)
	}
	if err := crdt.Unmarshal(b, v); err != nil {
		return damaged("bad record: %v", err)
	}
	return nil
}

// header reads the magic, version and header.
func (r *reader) header() (Header, error) {
	var h Header
	m := make([]byte, len(Magic)+1)
	if _, err := io.ReadFull(r.in, m); err != nil || string(m[:len(Magic)]) != Magic {
		return h, ErrNotBundle
	}
	if m[len(Magic)] != Version {
		return h, fmt.Errorf("%w: %d (this muster reads %d)", ErrVersion, m[len(Magic)], Version)
	}
	if err := r.readRecord(MaxHeaderSize, &h); err != nil {
		return h, err
	}
	if !isHex(h.Team) {
		return h, damaged("team hash %q", h.Team)
	}
	if len(h.Vector) > wire.MaxAuthors {
		return h, damaged("header vector of %d authors", len(h.Vector))
	}
	return h, nil
}

// next returns the next batch of chunks, or nil after the Done frame.
func (r *reader) next() ([]crdt.Chunk, error) {
	f, err := wire.ReadFrame(r.in)
	if err != nil {
		return nil, damaged("frame: %v", err)
	}
	switch f := f.(type) {
	case *wire.Chunks:
		return f.Chunks, nil
	case *wire.Done:
		return nil, nil
	default:
		return nil, damaged("unexpected %s frame", f.Type())
	}
}

// trailer reads the trailer, then the MAC (outside the MAC's input), then
// insists on the end of the file.
func (r *reader) trailer() (trailer, []byte, error) {
	var t trailer
	if err := r.readRecord(MaxTrailerSize, &t); err != nil {
		return t, nil, err
	}
	sum := make([]byte, MACSize)
	if _, err := io.ReadFull(r.br, sum); err != nil {
		return t, nil, damaged("cut short in its seal")
	}
	if _, err := r.br.ReadByte(); err != io.EOF {
		return t, nil, damaged("extra bytes after its seal")
	}
	return t, sum, nil
}

// isHex accepts what team.IDHash makes: up to 64 lowercase hex digits.
func isHex(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
