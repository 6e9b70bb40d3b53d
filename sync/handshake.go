package sync

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"muster/crdt"
	"muster/sync/wire"
)

// maxHandshakeMessage is the read limit before the peer has proved it is
// of the team: a stranger can make us read no more than this.
const maxHandshakeMessage = 4 << 10

// Proof labels keep the two proofs apart, so that neither side can reflect
// the other's proof back.
const (
	labelResponder = "muster/stream/responder/v1"
	labelInitiator = "muster/stream/initiator/v1"
)

// peerHello is what the handshake learned about the other side.
type peerHello struct {
	node   crdt.AuthorID
	addr   string
	gossip string
}

// transcript binds a proof to the team, both nonces and both node ids.
func transcript(label, teamHash string, ni, nr [wire.NonceBytes]byte, idI, idR crdt.AuthorID) []byte {
	b := []byte(label)
	b = append(b, 0)
	b = append(b, teamHash...)
	b = append(b, 0)
	b = append(b, ni[:]...)
	b = append(b, nr[:]...)
	b = append(b, idI[:]...)
	return append(b, idR[:]...)
}

func (s *Service) proof(label string, ni, nr [wire.NonceBytes]byte, idI, idR crdt.AuthorID) []byte {
	m := hmac.New(sha256.New, s.streamKey)
	m.Write(transcript(label, s.team.IDHash(), ni, nr, idI, idR))
	return m.Sum(nil)
}

// sessionKeys derives the two directions' AEAD keys from the stream key
// and both nonces: each stream gets fresh keys even between the same two
// nodes.
func (s *Service) sessionKeys(ni, nr [wire.NonceBytes]byte) (i2r, r2i []byte, err error) {
	salt := append(ni[:], nr[:]...)
	if i2r, err = hkdf.Key(sha256.New, s.streamKey, salt, "muster/stream/i2r/v1", 32); err != nil {
		return nil, nil, err
	}
	if r2i, err = hkdf.Key(sha256.New, s.streamKey, salt, "muster/stream/r2i/v1", 32); err != nil {
		return nil, nil, err
	}
	return i2r, r2i, nil
}

func (s *Service) myHello(nonce [wire.NonceBytes]byte) *wire.Hello {
	return &wire.Hello{
		Version: wire.ProtocolVersion,
		Team:    s.team.IDHash(),
		Node:    s.node.ID(),
		Nonce:   nonce,
		Addr:    s.SyncAddr(),
		Gossip:  s.gossipAddr(),
	}
}

func newNonce() ([wire.NonceBytes]byte, error) {
	var n [wire.NonceBytes]byte
	if _, err := rand.Read(n[:]); err != nil {
		return n, fmt.Errorf("make nonce: %w", err)
	}
	return n, nil
}

// initiate runs the dialling side of the handshake:
//
//	I -> R  Hello{nonce nI}
//	R -> I  Hello{nonce nR, proof HMAC(k, responder label, transcript)}
//	I -> R  Proof{HMAC(k, initiator label, transcript)}
//
// then both sides seal every later frame.
func (s *Service) initiate(st *stream) (peerHello, error) {
	var ph peerHello
	ni, err := newNonce()
	if err != nil {
		return ph, err
	}
	if err := st.send(s.myHello(ni)); err != nil {
		return ph, err
	}
	f, err := st.recv()
	if err != nil {
		return ph, fmt.Errorf("handshake: %w", err)
	}
	h, ok := f.(*wire.Hello)
	if !ok {
		return ph, fmt.Errorf("handshake: %w: got %s, want hello", ErrProtocol, f.Type())
	}
	if err := s.checkHello(h); err != nil {
		return ph, err
	}
	me := s.node.ID()
	want := s.proof(labelResponder, ni, h.Nonce, me, h.Node)
	if !hmac.Equal(h.Proof, want) {
		return ph, fmt.Errorf("handshake: %w: responder's proof does not verify", ErrTeam)
	}
	if err := st.send(&wire.Proof{Proof: s.proof(labelInitiator, ni, h.Nonce, me, h.Node)}); err != nil {
		return ph, err
	}
	i2r, r2i, err := s.sessionKeys(ni, h.Nonce)
	if err != nil {
		return ph, err
	}
	if err := st.secure(i2r, r2i); err != nil {
		return ph, err
	}
	return peerHello{node: h.Node, addr: h.Addr, gossip: h.Gossip}, nil
}

// respond runs the accepting side of the handshake.
func (s *Service) respond(st *stream) (peerHello, error) {
	var ph peerHello
	f, err := st.recv()
	if err != nil {
		return ph, fmt.Errorf("handshake: %w", err)
	}
	h, ok := f.(*wire.Hello)
	if !ok {
		return ph, fmt.Errorf("handshake: %w: got %s, want hello", ErrProtocol, f.Type())
	}
	if err := s.checkHello(h); err != nil {
		return ph, err
	}
	nr, err := newNonce()
	if err != nil {
		return ph, err
	}
	me := s.node.ID()
	reply := s.myHello(nr)
	reply.Proof = s.proof(labelResponder, h.Nonce, nr, h.Node, me)
	if err := st.send(reply); err != nil {
		return ph, err
	}
	f, err = st.recv()
	if err != nil {
		return ph, fmt.Errorf("handshake: %w", err)
	}
	p, ok := f.(*wire.Proof)
	if !ok {
		return ph, fmt.Errorf("handshake: %w: got %s, want proof", ErrProtocol, f.Type())
	}
	if !hmac.Equal(p.Proof, s.proof(labelInitiator, h.Nonce, nr, h.Node, me)) {
		return ph, fmt.Errorf("handshake: %w: initiator's proof does not verify", ErrTeam)
	}
	i2r, r2i, err := s.sessionKeys(h.Nonce, nr)
	if err != nil {
		return ph, err
	}
	if err := st.secure(r2i, i2r); err != nil {
		return ph, err
	}
	return peerHello{node: h.Node, addr: h.Addr, gossip: h.Gossip}, nil
}

func (s *Service) checkHello(h *wire.Hello) error {
	if h.Version != wire.ProtocolVersion {
		return fmt.Errorf("handshake: %w: %d", ErrVersion, h.Version)
	}
	if h.Team != s.team.IDHash() {
		return fmt.Errorf("handshake: %w: team %q", ErrTeam, h.Team)
	}
	if h.Node == s.node.ID() {
		return fmt.Errorf("handshake: %w: connected to itself", ErrProtocol)
	}
	return nil
}
