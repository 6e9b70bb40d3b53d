package sync

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors.
var (
	// ErrTeam: the peer is of another team, or failed to prove it holds
	// the team secret.
	ErrTeam = errors.New("peer is not of this team")
	// ErrVersion: the peer speaks another protocol version.
	ErrVersion = errors.New("protocol version not supported")
	// ErrProtocol: the peer sent something the protocol does not allow.
	ErrProtocol = errors.New("protocol violation")
	// ErrBusy: the peer has too many streams open.
	ErrBusy = errors.New("peer is busy")

	errApply = errors.New("apply batch")
)

// PeerError is an Error frame the peer sent before closing the stream.
type PeerError struct {
	Code    uint64
	Message string
}

func (e *PeerError) Error() string {
	return fmt.Sprintf("peer refused: %s (code %d)", e.Message, e.Code)
}

func toValidUTF8(s string) string { return strings.ToValidUTF8(s, "?") }
