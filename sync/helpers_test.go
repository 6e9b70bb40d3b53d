package sync

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
)

var nextIP atomic.Uint32

// loopbackIP hands each test node its own 127.0.0.x address.
func loopbackIP() string {
	return fmt.Sprintf("127.0.0.%d", 2+nextIP.Add(1)%250)
}

type testNode struct {
	t    testing.TB
	n    *node.Node
	svc  *Service
	addr string
	stop func()
}

// testConfig is a sync config with short timings for in-process tests.
func testConfig(ip, syncAddr string) Config {
	return Config{
		SyncAddr:            syncAddr,
		BindAddr:            ip + ":0",
		AntiEntropyInterval: 2 * time.Second,
		UpstreamInterval:    500 * time.Millisecond,
		HintDelay:           5 * time.Millisecond,
		MetaInterval:        50 * time.Millisecond,
		StreamTimeout:       5 * time.Second,
		RetryMin:            50 * time.Millisecond,
		RetryMax:            500 * time.Millisecond,
		GossipTimings: &GossipTimings{
			ProbeInterval: 100 * time.Millisecond, ProbeTimeout: 50 * time.Millisecond,
			GossipInterval: 20 * time.Millisecond, PushPullInterval: 500 * time.Millisecond,
			SuspicionMult: 2,
		},
		Logger: testLogger(),
	}
}

func testLogger() *slog.Logger {
	if os.Getenv("MUSTER_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// startNode opens a node in a temp dir, serves its stream endpoint on a
// fresh loopback address and runs its sync service until the test ends.
func startNode(t *testing.T, tm *team.Team, mod func(*Config)) *testNode {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return startWith(t, n, tm, mod)
}

func startWith(t testing.TB, n *node.Node, tm *team.Team, mod func(*Config)) *testNode {
	t.Helper()
	ip := loopbackIP()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(ip, ln.Addr().String())
	if mod != nil {
		mod(&cfg)
	}
	svc, err := New(cfg, n, tm)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(StreamPath, svc.Handler())
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- svc.Serve(ctx) }()
	tn := &testNode{t: t, n: n, svc: svc, addr: ln.Addr().String()}
	var stopped atomic.Bool
	tn.stop = func() {
		if stopped.Swap(true) {
			return
		}
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		srv.Close()
		n.Close()
	}
	t.Cleanup(tn.stop)
	return tn
}

func newTeam(t *testing.T) *team.Team {
	t.Helper()
	tm, err := team.New()
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func writePeople(t testing.TB, n *node.Node, k int, prefix string) {
	t.Helper()
	for i := range k {
		name := fmt.Sprintf("%s %d", prefix, i)
		if _, err := n.CreatePerson(node.PersonPatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
}

// author makes signed chunks of person ops for a device of its own: a
// fast way to load a node with many ops.
type author struct {
	s *crdt.Signer
	i int
}

func newAuthor(t testing.TB) *author {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &author{s: crdt.NewSigner(priv, 0, crdt.Hash{})}
}

// chunks makes n ops, each with a note of noteLen bytes, in chunks of per.
func (a *author) chunks(t testing.TB, n, per, noteLen int) []crdt.Chunk {
	t.Helper()
	var out []crdt.Chunk
	note := strings.Repeat("n", noteLen)
	now := time.Now()
	for n > 0 {
		k := min(n, per)
		ops := make([]crdt.Op, k)
		for j := range ops {
			a.i++
			ops[j] = crdt.Op{Time: crdt.MakeTimestamp(now, uint16(a.i)), Type: node.TypePerson,
				ID: fmt.Sprintf("p%07d", a.i), Set: map[string]any{"name": fmt.Sprintf("Person %d", a.i), "notes": note}}
		}
		c, _, err := a.s.Seal(ops)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
		n -= k
	}
	return out
}

func load(t testing.TB, n *node.Node, chunks []crdt.Chunk) {
	t.Helper()
	for i := 0; i < len(chunks); i += 10 {
		if _, err := n.Apply(chunks[i:min(i+10, len(chunks))]); err != nil {
			t.Fatal(err)
		}
	}
}

func sameDigest(nodes ...*testNode) bool {
	d := nodes[0].n.Digest()
	v := nodes[0].n.VersionVector().Digest()
	for _, x := range nodes[1:] {
		if x.n.Digest() != d || x.n.VersionVector().Digest() != v {
			return false
		}
	}
	return true
}

func memberCount(tn *testNode) int { return len(tn.svc.liveMembers()) }
