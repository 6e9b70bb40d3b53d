package sync

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
	"muster/sync/wire"
)

// attacker is a client that holds the team secret (or not) and speaks
// the stream protocol by hand.
type attacker struct {
	t   *testing.T
	svc *Service
}

func newAttacker(t *testing.T, tm *team.Team) *attacker {
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	svc, err := New(Config{DisableGossip: true, StreamTimeout: 5 * time.Second}, n, tm)
	if err != nil {
		t.Fatal(err)
	}
	return &attacker{t: t, svc: svc}
}

func (at *attacker) dial(addr string) *stream {
	ws, _, err := websocket.DefaultDialer.Dial(streamURL(addr), nil)
	if err != nil {
		at.t.Fatal(err)
	}
	st := newStream(ws, 5*time.Second)
	at.t.Cleanup(st.close)
	return st
}

// session dials and authenticates, then sends its (empty) vector and
// reads the victim's. While the victim is still ending the attacker's
// last round it refuses a new one (one round at a time with a node):
// then it dials again, within 5 s.
func (at *attacker) session(addr string) *stream {
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		st := at.dial(addr)
		if _, err := at.svc.initiate(st); err != nil {
			at.t.Fatal(err)
		}
		if err := st.send(&wire.Vector{}); err != nil {
			at.t.Fatal(err)
		}
		f, err := st.recv()
		if alreadySyncing(err) && time.Now().Before(deadline) {
			st.close()
			<-tick.C
			continue
		}
		if err != nil || f.Type() != wire.TypeVector {
			at.t.Fatalf("first frame = %v, %v; want vector", f, err)
		}
		return st
	}
}

// closedWith reads until the victim ends the stream and returns why.
func closedWith(st *stream) error {
	for {
		if _, err := st.recv(); err != nil {
			return err
		}
	}
}

func TestHostilePeer(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	writePeople(t, a.n, 3, "victim")
	at := newAttacker(t, tm)
	bad := newAuthor(t).chunks(t, 5, 5, 10)[0]
	bad.Sig = bytes.Repeat([]byte{1}, crdt.SignatureBytes)

	cases := []struct {
		name string
		do   func(st *stream) error
		code uint64 // the Error the victim sends, 0 if it just closes
	}{
		{"garbage frame", func(st *stream) error { return st.sendRaw([]byte{0xff, 1, 2, 3}) }, 0},
		{"bad cbor", func(st *stream) error { return st.sendRaw([]byte{byte(wire.TypeChunks), 0xff}) }, 0},
		{"huge frame", func(st *stream) error {
			_ = st.sendRaw(make([]byte, wire.MaxFrameSize+sealOverhead+1)) // the victim may hang up mid-write
			return nil
		}, 0},
		{"bad signature", func(st *stream) error { return st.send(&wire.Chunks{Chunks: []crdt.Chunk{bad}}) }, wire.CodeApply},
		{"ack flood", func(st *stream) error {
			for range 100 {
				if err := st.send(&wire.Ack{}); err != nil {
					return nil // the victim hung up: good
				}
			}
			return nil
		}, wire.CodeProtocol},
		{"second vector", func(st *stream) error { return st.send(&wire.Vector{}) }, wire.CodeProtocol},
		{"unsealed frame", func(st *stream) error {
			b, _ := wire.Marshal(&wire.Done{})
			st.wmu.Lock()
			defer st.wmu.Unlock()
			return st.ws.WriteMessage(websocket.BinaryMessage, b)
		}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := at.session(a.addr)
			if err := c.do(st); err != nil {
				t.Fatal(err)
			}
			err := closedWith(st)
			var pe *PeerError
			if c.code != 0 && (!errors.As(err, &pe) || pe.Code != c.code) {
				t.Errorf("victim ended with %v; want code %d", err, c.code)
			}
		})
	}
	if got := a.n.Status().Rejected; got == 0 {
		t.Error("the bad chunk was not counted as rejected")
	}
	// The victim is unharmed and still syncs with an honest peer.
	b := startNode(t, tm, func(c *Config) { c.DisableGossip = true; c.Peers = []string{a.addr} })
	eventually(t, 10*time.Second, "an honest peer syncs with the victim", func() bool {
		return sameDigest(a, b) && b.n.VersionVector().Total() == 3
	})
}

func TestHandshakeRefusesStrangers(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	writePeople(t, a.n, 2, "victim")

	t.Run("other team", func(t *testing.T) {
		at := newAttacker(t, newTeam(t))
		st := at.dial(a.addr)
		_, err := at.svc.initiate(st)
		var pe *PeerError
		if !errors.As(err, &pe) || pe.Code != wire.CodeTeam {
			t.Errorf("initiate = %v; want a team error from the victim", err)
		}
	})
	t.Run("right team hash, wrong secret", func(t *testing.T) {
		forged := *tm
		forged.Secret[0] ^= 1
		at := newAttacker(t, &forged)
		st := at.dial(a.addr)
		if _, err := at.svc.initiate(st); !errors.Is(err, ErrTeam) {
			t.Errorf("initiate = %v; want ErrTeam (the victim's proof fails)", err)
		}
	})
	t.Run("forged proof", func(t *testing.T) {
		at := newAttacker(t, tm)
		st := at.dial(a.addr)
		if err := st.send(at.svc.myHello([wire.NonceBytes]byte{1})); err != nil {
			t.Fatal(err)
		}
		if _, err := st.recv(); err != nil {
			t.Fatal(err)
		}
		if err := st.send(&wire.Proof{Proof: bytes.Repeat([]byte{7}, 32)}); err != nil {
			t.Fatal(err)
		}
		var pe *PeerError
		if _, err := st.recv(); !errors.As(err, &pe) || pe.Code != wire.CodeTeam {
			t.Errorf("after a forged proof: %v; want a team error", err)
		}
	})
	t.Run("oversize hello", func(t *testing.T) {
		at := newAttacker(t, tm)
		st := at.dial(a.addr)
		// The victim may hang up while the hello is still being written.
		if err := st.sendRaw(make([]byte, 64<<10)); err != nil {
			return
		}
		if _, err := st.recv(); err == nil {
			t.Error("victim answered an oversize hello")
		}
	})
	t.Run("victim as initiator against a stranger", func(t *testing.T) {
		x := startNode(t, newTeam(t), func(c *Config) { c.DisableGossip = true })
		a.svc.AddPeer(x.addr)
		eventually(t, 5*time.Second, "the round with the stranger fails", func() bool {
			for _, ps := range a.svc.Status() {
				if ps.Addr == x.addr && ps.Error != "" {
					return true
				}
			}
			return false
		})
		if got := x.n.VersionVector().Total(); got != 0 {
			t.Errorf("stranger got %d ops", got)
		}
	})
}
