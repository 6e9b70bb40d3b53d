package sync

import (
	"context"
	"testing"
	"time"

	"muster/node"
)

// slowStore makes every batch take longer than the stream timeout, like a
// Raspberry Pi whose disk stalls.
type slowStore struct {
	*node.Node
	delay time.Duration
}

func (s slowStore) ApplyVerified(v *node.Verified) (node.ApplyResult, error) {
	time.Sleep(s.delay) // simulated slow disk, not a wait for a condition
	return s.Node.ApplyVerified(v)
}

func TestSlowApplyKeepsStreamAlive(t *testing.T) {
	tm := newTeam(t)
	const timeout = 300 * time.Millisecond
	a := startNode(t, tm, func(c *Config) { c.DisableGossip = true; c.StreamTimeout = timeout })
	load(t, a.n, newAuthor(t).chunks(t, 100, 50, 10))

	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	svc, err := newService(Config{DisableGossip: true, StreamTimeout: timeout}, slowStore{n, 3 * timeout}, tm)
	if err != nil {
		t.Fatal(err)
	}
	p := newPeer(a.addr, streamURL(a.addr), sourceStatic)
	if err := svc.dialRound(context.Background(), p.url, p); err != nil {
		t.Fatalf("round with a slow receiver: %v", err)
	}
	if got := n.VersionVector().Total(); got != 100 {
		t.Errorf("slow receiver holds %d ops, want 100", got)
	}
}
