package discovery

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// lanNode is one Discovery running in its own namespace.
type lanNode struct {
	mu     sync.Mutex
	seen   map[string]string // node id -> last addr
	hits   map[string]int    // node id -> sightings
	rounds int
	done   <-chan error
	cancel context.CancelFunc
}

func (n *lanNode) addr(id string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.seen[id]
}

func (n *lanNode) count() (peers, rounds int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.seen), n.rounds
}

func startLANNode(t *testing.T, ns string, cfg Config) *lanNode {
	t.Helper()
	n := &lanNode{seen: map[string]string{}, hits: map[string]int{}}
	cfg.OnPeer = func(p Peer) {
		n.mu.Lock()
		n.seen[p.NodeID] = p.Addr
		n.hits[p.NodeID]++
		n.mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	n.done = inNetns(ns, func() error {
		d, err := New(cfg)
		if err != nil {
			return err
		}
		d.rounds = func(r int) { n.mu.Lock(); n.rounds = r; n.mu.Unlock() }
		return d.Serve(ctx)
	})
	t.Cleanup(cancel)
	return n
}

func (n *lanNode) stop(t *testing.T) {
	t.Helper()
	n.cancel()
	select {
	case err := <-n.done:
		if err != nil {
			t.Fatalf("Serve = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return within 10s of cancel")
	}
}

// TestDiscoveryOnLAN runs real zeroconf in network namespaces on one
// bridge. Node A has a second interface whose address comes first in its
// answers (zeroconf's "other interface" flaw); B must still dial A on the
// shared subnet. B restarts browsing every 300 ms, and a node D started
// after several restarts is still found. C belongs to another team and is
// neither reported nor reports. When everything stops, no goroutine of
// zeroconf or of this package is left.
func TestDiscoveryOnLAN(t *testing.T) {
	l := newNetLab(t)
	nsA := l.node("10.77.0.1/24", func(ns string) {
		// A second network, created first so its address leads A's answers.
		l.ip("-n", ns, "link", "add", "side0", "type", "veth", "peer", "name", "side1")
		l.ip("-n", ns, "addr", "add", "172.31.9.1/24", "dev", "side0")
		l.ip("-n", ns, "link", "set", "side1", "up")
		l.ip("-n", ns, "link", "set", "side0", "up")
	})
	nsB := l.node("10.77.0.2/24", nil)
	nsC := l.node("10.77.0.3/24", nil)
	nsD := l.node("10.77.0.4/24", nil)

	err := <-inNetns(nsA, func() error {
		set, err := systemInterfaces("")
		var v4 []string
		for _, ip := range set.ips {
			if !strings.Contains(ip, ":") {
				v4 = append(v4, ip)
			}
		}
		if err == nil && strings.Join(v4, " ") != "172.31.9.1 10.77.0.1" {
			t.Errorf("A advertises IPv4 %v, want 172.31.9.1 first for this test to mean anything", v4)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	const team = "teamhash1"
	ids := map[string]string{"A": "aaaaaaaaaaaaaaaaaaaaaaaa", "B": "bbbbbbbbbbbbbbbbbbbbbbbb",
		"C": "cccccccccccccccccccccccc", "D": "dddddddddddddddddddddddd"}
	a := startLANNode(t, nsA, Config{Port: 7421, NodeID: ids["A"], TeamHash: team}) // all interfaces
	b := startLANNode(t, nsB, Config{Port: 7422, NodeID: ids["B"], TeamHash: team, Interface: "eth0", RestartEvery: 300 * time.Millisecond})
	c := startLANNode(t, nsC, Config{Port: 7423, NodeID: ids["C"], TeamHash: "otherteam", Interface: "eth0"})

	waitFor(t, 15*time.Second, "A and B to find each other", func() bool {
		return b.addr(ids["A"]) != "" && a.addr(ids["B"]) != ""
	})
	if got, want := b.addr(ids["A"]), "10.77.0.1:7421"; got != want {
		t.Errorf("B dials A at %s, want %s (the address on B's subnet)", got, want)
	}
	if got, want := a.addr(ids["B"]), "10.77.0.2:7422"; got != want {
		t.Errorf("A dials B at %s, want %s", got, want)
	}

	// Each fresh round asks again and hears A again: the restarts browse
	// for real rather than idle.
	waitFor(t, 15*time.Second, "B to restart browsing and see A in several rounds", func() bool {
		_, r := b.count()
		b.mu.Lock()
		defer b.mu.Unlock()
		return r >= 5 && b.hits[ids["A"]] >= 4
	})
	start := time.Now()
	d := startLANNode(t, nsD, Config{Port: 7424, NodeID: ids["D"], TeamHash: team, Interface: "eth0"})
	waitFor(t, 15*time.Second, "B (after restarts) to find the new node D", func() bool {
		return b.addr(ids["D"]) == "10.77.0.4:7424"
	})
	_, r := b.count()
	t.Logf("B found D %s after D started; B is in browse round %d", time.Since(start).Round(time.Millisecond), r)

	for name, n := range map[string]*lanNode{"A": a, "B": b, "D": d} {
		if got := n.addr(ids["C"]); got != "" {
			t.Errorf("%s reported C of another team at %s", name, got)
		}
	}
	if peers, _ := c.count(); peers != 0 {
		t.Errorf("C of another team reported %d peers, want 0", peers)
	}

	for _, n := range []*lanNode{a, b, c, d} {
		n.stop(t)
	}
	waitFor(t, 5*time.Second, "no zeroconf or discovery goroutine left", func() bool {
		return leftover() == ""
	})
}

// leftover returns the stacks of goroutines that belong to zeroconf or to
// a running Discovery.
func leftover() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "grandcat/zeroconf") || strings.Contains(g, "discovery.(*Discovery)") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}
