package team

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Join code layout, before base32:
//
//	version  1 byte (inviteVersion)
//	team id  16 bytes
//	secret   32 bytes
//	addrs    count (1 byte), then per address: length (1 byte), bytes
//	checksum first 4 bytes of SHA-256 over everything before it
//
// The text form is "MUSTER-" then unpadded RFC 4648 base32: upper-case
// letters and digits only, which QR codes carry in their compact
// alphanumeric mode. Parsing ignores case, spaces and dashes.
const (
	invitePrefix  = "MUSTER-"
	inviteVersion = 1
	checksumBytes = 4
	// MaxInviteAddrs and MaxAddrLen bound what a join code carries.
	MaxInviteAddrs = 8
	MaxAddrLen     = 255
	maxCodeLen     = 4096
)

// ErrBadInvite is returned for a join code that does not parse or whose
// checksum does not match (a typo).
var ErrBadInvite = errors.New("invalid join code")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Invite is what a join code carries.
type Invite struct {
	Team  Team
	Addrs []string // host:port of peers to sync with first; may be empty
}

// Invite returns a join code for t carrying up to MaxInviteAddrs of addrs
// (longer addresses are left out).
func (t *Team) Invite(addrs []string) string {
	idb, _ := hex.DecodeString(t.ID)
	b := []byte{inviteVersion}
	b = append(b, idb...)
	b = append(b, t.Secret[:]...)
	var keep []string
	for _, a := range addrs {
		if len(a) > 0 && len(a) <= MaxAddrLen && len(keep) < MaxInviteAddrs {
			keep = append(keep, a)
		}
	}
	b = append(b, byte(len(keep)))
	for _, a := range keep {
		b = append(b, byte(len(a)))
		b = append(b, a...)
	}
	sum := sha256.Sum256(b)
	b = append(b, sum[:checksumBytes]...)
	return invitePrefix + b32.EncodeToString(b)
}

// ParseInvite parses a join code made by Team.Invite.
func ParseInvite(code string) (Invite, error) {
	var inv Invite
	if len(code) > maxCodeLen {
		return inv, fmt.Errorf("parse join code: %w: too long", ErrBadInvite)
	}
	s := strings.ToUpper(code)
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	p := strings.ReplaceAll(invitePrefix, "-", "")
	if !strings.HasPrefix(s, p) {
		return inv, fmt.Errorf("parse join code: %w: it does not start with %s", ErrBadInvite, invitePrefix)
	}
	b, err := b32.DecodeString(s[len(p):])
	if err != nil || b32.EncodeToString(b) != s[len(p):] {
		return inv, fmt.Errorf("parse join code: %w: not base32 (a typo?)", ErrBadInvite)
	}
	if len(b) < 1+16+SecretBytes+1+checksumBytes {
		return inv, fmt.Errorf("parse join code: %w: too short", ErrBadInvite)
	}
	body, sum := b[:len(b)-checksumBytes], b[len(b)-checksumBytes:]
	want := sha256.Sum256(body)
	if !bytes.Equal(sum, want[:checksumBytes]) {
		return inv, fmt.Errorf("parse join code: %w: checksum does not match (a typo?)", ErrBadInvite)
	}
	if body[0] != inviteVersion {
		return inv, fmt.Errorf("parse join code: %w: version %d is not supported", ErrBadInvite, body[0])
	}
	return decodeInviteBody(body[1:])
}

func decodeInviteBody(b []byte) (Invite, error) {
	var inv Invite
	inv.Team.ID = hex.EncodeToString(b[:16])
	copy(inv.Team.Secret[:], b[16:16+SecretBytes])
	b = b[16+SecretBytes:]
	n := int(b[0])
	b = b[1:]
	if n > MaxInviteAddrs {
		return inv, fmt.Errorf("parse join code: %w: %d addresses", ErrBadInvite, n)
	}
	for range n {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return inv, fmt.Errorf("parse join code: %w: truncated address", ErrBadInvite)
		}
		inv.Addrs = append(inv.Addrs, string(b[1:1+int(b[0])]))
		b = b[1+int(b[0]):]
	}
	if len(b) != 0 {
		return inv, fmt.Errorf("parse join code: %w: trailing bytes", ErrBadInvite)
	}
	return inv, nil
}
