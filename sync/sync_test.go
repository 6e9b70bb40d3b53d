package sync

import (
	"slices"
	"testing"
	"time"
)

func TestThreeNodesConverge(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, nil)
	b := startNode(t, tm, func(c *Config) { c.Peers = []string{a.addr} })
	c := startNode(t, tm, func(c *Config) { c.Peers = []string{a.addr} })
	writePeople(t, a.n, 20, "a")
	writePeople(t, b.n, 20, "b")
	writePeople(t, c.n, 20, "c")
	eventually(t, 10*time.Second, "three nodes converge", func() bool {
		return sameDigest(a, b, c) && a.n.VersionVector().Total() == 60
	})
	eventually(t, 10*time.Second, "everyone gossips with everyone", func() bool {
		return memberCount(a) == 2 && memberCount(b) == 2 && memberCount(c) == 2
	})
	// Gossiped digests catch every node's view of its peers up.
	eventually(t, 5*time.Second, "every peer online, 0 behind, 0 ahead", func() bool {
		for _, x := range []*testNode{a, b, c} {
			st := x.svc.Status()
			if len(st) != 2 {
				return false
			}
			for _, ps := range st {
				if !ps.Online || !ps.Known || ps.Behind != 0 || ps.Ahead != 0 || ps.LastSync == nil {
					t.Logf("%s: %s: %+v", x.addr, ps.Addr, ps)
					return false
				}
			}
		}
		return true
	})
	if peers, inSync := a.svc.Summary(); peers != 2 || inSync != 2 {
		t.Errorf("Summary = %d peers, %d in sync; want 2, 2", peers, inSync)
	}
}

func TestNewOpReachesPeersWithinOneSecond(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, nil)
	b := startNode(t, tm, func(c *Config) { c.Peers = []string{a.addr} })
	c := startNode(t, tm, func(c *Config) { c.Peers = []string{a.addr} })
	eventually(t, 10*time.Second, "gossip forms", func() bool {
		return memberCount(a) == 2 && memberCount(b) == 2 && memberCount(c) == 2
	})
	var took []time.Duration
	for i, w := range []*testNode{b, c, a, b, c} {
		before := w.n.VersionVector().Total()
		start := time.Now()
		writePeople(t, w.n, 1, "push")
		eventually(t, 5*time.Second, "the op reaches every peer", func() bool {
			return sameDigest(a, b, c) && a.n.VersionVector().Total() == before+1
		})
		took = append(took, time.Since(start))
		t.Logf("write %d: on every peer after %s", i, took[i])
	}
	// The median, so that one write delayed by a loaded CI machine does
	// not decide; every write must still arrive (above).
	slices.Sort(took)
	if med := took[len(took)/2]; med > time.Second {
		t.Errorf("median time for a new op to reach every peer = %s, want < 1s", med)
	}
}

// A node that peers cannot dial (no sync address) still gets its new ops
// out at once: it pushes instead of hinting.
func TestDialOutOnlyNodePushes(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, nil)
	b := startNode(t, tm, func(c *Config) { c.SyncAddr = ""; c.Peers = []string{a.addr} })
	eventually(t, 10*time.Second, "gossip forms", func() bool { return memberCount(a) == 1 && memberCount(b) == 1 })
	start := time.Now()
	writePeople(t, b.n, 1, "out")
	eventually(t, 3*time.Second, "b's op reaches a", func() bool { return sameDigest(a, b) && a.n.VersionVector().Total() == 1 })
	t.Logf("pushed in %s", time.Since(start))
	writePeople(t, a.n, 1, "in")
	eventually(t, 5*time.Second, "a's op reaches b", func() bool { return sameDigest(a, b) && b.n.VersionVector().Total() == 2 })
}
