package sync

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	"muster/crdt"
)

// countConn counts the bytes a connection moves and can cut it after
// limit bytes read.
type countConn struct {
	net.Conn
	read, written *atomic.Int64
	limit         int64 // 0: no limit
}

var errCut = errors.New("link cut by test")

func (c *countConn) Read(b []byte) (int, error) {
	if c.limit > 0 {
		left := c.limit - c.read.Load()
		if left <= 0 {
			c.Conn.Close()
			return 0, errCut
		}
		if int64(len(b)) > left {
			b = b[:left]
		}
	}
	n, err := c.Conn.Read(b)
	c.read.Add(int64(n))
	return n, err
}

func (c *countConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.written.Add(int64(n))
	return n, err
}

// meter counts every byte a service's dialled streams move.
type meter struct {
	read, written atomic.Int64
	mu            stdsync.Mutex
	cutFirstAfter int64 // cut the first connection after this many bytes read
	dials         int
}

func (m *meter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dials++
	cc := &countConn{Conn: c, read: &m.read, written: &m.written}
	if m.dials == 1 && m.cutFirstAfter > 0 {
		cc.read = new(atomic.Int64)
		cc.limit = m.cutFirstAfter
	}
	return cc, nil
}

func (m *meter) total() int64 { return m.read.Load() + m.written.Load() }

func TestBrokenLinkResumes(t *testing.T) {
	tm := newTeam(t)
	a := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	// 4,000 ops of about 300 bytes. The node hands them out in merged
	// chunks of up to 1,024 ops; the first link is cut after about 1.5
	// such chunks have been read.
	start := time.Now()
	load(t, a.n, newAuthor(t).chunks(t, 4000, 50, 200))
	t.Logf("loaded in %s", time.Since(start))
	total := a.n.VersionVector().Total()
	// The node stores chunks as it likes: size the batches and the cut by
	// the largest chunk it returns.
	biggest := 0
	for au := range a.n.VersionVector() {
		if err := a.n.ReadLog(au, 1, func(c crdt.Chunk) error { biggest = max(biggest, c.Size()); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("largest chunk: %d bytes", biggest)
	a.svc.cfg.batchBytes = biggest // a has no peer yet: no round reads it
	m := &meter{cutFirstAfter: int64(biggest) * 3 / 2}
	b := startNode(t, tm, func(c *Config) {
		c.DisableGossip = true
		c.Peers = []string{a.addr}
		c.dialContext = m.dial
		c.RetryMin = time.Hour // no retry but the one the test asks for
		c.RetryMax = time.Hour
	})
	var p *peer
	eventually(t, 10*time.Second, "the first round fails", func() bool {
		b.svc.mu.Lock()
		p = b.svc.peers[a.addr]
		b.svc.mu.Unlock()
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.lastErr != ""
	})
	got := b.n.VersionVector().Total()
	t.Logf("first round: %s", p.lastErr)
	if got == 0 || got >= total {
		t.Fatalf("after the cut b holds %d of %d ops; want some but not all", got, total)
	}
	t.Logf("%s: cut after %d of %d ops were durable", time.Since(start), got, total)
	before := m.total()
	p.poke()
	eventually(t, 10*time.Second, "the next round resumes and converges", func() bool {
		return sameDigest(a, b) && b.n.VersionVector().Total() == total
	})
	// The second round moved only what was missing, not everything again.
	resent := m.total() - before
	if want := int64(total-got) * 400; resent > want {
		t.Errorf("second round moved %d bytes; the %d missing ops are about %d", resent, total-got, want)
	}
}

func TestOtherTeamRefused(t *testing.T) {
	a := startNode(t, newTeam(t), nil)
	writePeople(t, a.n, 5, "secret")
	x := startNode(t, newTeam(t), func(c *Config) { c.Peers = []string{a.addr} })
	writePeople(t, x.n, 3, "stranger")
	eventually(t, 10*time.Second, "the stranger's round fails", func() bool {
		st := x.svc.Status()
		return len(st) == 1 && st[0].Error != ""
	})
	if st := x.svc.Status()[0]; !st.Online && st.Error == "" || st.LastSync != nil {
		t.Errorf("stranger's status of a = %+v; want an error and no sync", st)
	}
	// Gossip refuses it too: the label and key differ.
	if _, err := x.svc.ml.Join([]string{a.svc.gossipAddr()}); err == nil {
		t.Error("another team's node joined the gossip")
	}
	if got := x.n.VersionVector().Total(); got != 3 {
		t.Errorf("stranger holds %d ops, want its own 3", got)
	}
	if got := a.n.VersionVector().Total(); got != 5 {
		t.Errorf("a holds %d ops, want its own 5", got)
	}
	if n := memberCount(a); n != 0 {
		t.Errorf("a has %d members, want 0", n)
	}
}

func TestUpstream(t *testing.T) {
	tm := newTeam(t)
	hq := startNode(t, tm, func(c *Config) { c.DisableGossip = true })
	field := startNode(t, tm, func(c *Config) {
		c.DisableGossip = true
		c.SyncAddr = "" // behind NAT: nobody can dial it
		c.Upstream = "http://" + hq.addr
	})
	writePeople(t, hq.n, 5, "hq")
	writePeople(t, field.n, 7, "field")
	eventually(t, 10*time.Second, "field and headquarters converge", func() bool {
		return sameDigest(hq, field) && hq.n.VersionVector().Total() == 12
	})
	st := field.svc.Status()
	if len(st) != 1 || st[0].Source != sourceUpstream || st[0].Addr != "http://"+hq.addr {
		t.Errorf("field status = %+v, want one upstream peer", st)
	}
	eventually(t, 5*time.Second, "headquarters lists the field node as inbound", func() bool {
		st := hq.svc.Status()
		return len(st) == 1 && st[0].Source == sourceInbound && st[0].Online && st[0].Node == field.n.ID().String()
	})
	// New ops on the field node are pushed at once.
	writePeople(t, field.n, 1, "pushed")
	eventually(t, 2*time.Second, "a new field op reaches headquarters", func() bool {
		return hq.n.VersionVector().Total() == 13
	})
}

func TestStatusCounts(t *testing.T) {
	a, b, c := crdt.AuthorID{1}, crdt.AuthorID{2}, crdt.AuthorID{3}
	cases := []struct {
		name          string
		mine, theirs  crdt.VersionVector
		behind, ahead uint64
	}{
		{"equal", crdt.VersionVector{a: 3}, crdt.VersionVector{a: 3}, 0, 0},
		{"behind", crdt.VersionVector{a: 3}, crdt.VersionVector{a: 10, b: 2}, 9, 0},
		{"ahead", crdt.VersionVector{a: 10, c: 5}, crdt.VersionVector{a: 4}, 0, 11},
		{"both", crdt.VersionVector{a: 10, b: 1}, crdt.VersionVector{a: 7, b: 4, c: 2}, 5, 3},
		{"empty peer", crdt.VersionVector{a: 2}, crdt.VersionVector{}, 0, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newPeer("x", "", sourceStatic)
			p.learnVector(tc.theirs, time.Now())
			st := p.status(tc.mine, tc.mine.Digest(), time.Time{})
			if st.Behind != tc.behind || st.Ahead != tc.ahead || !st.Known {
				t.Errorf("behind, ahead = %d, %d; want %d, %d", st.Behind, st.Ahead, tc.behind, tc.ahead)
			}
		})
	}
	// A gossiped digest equal to ours means the peer holds exactly our ops.
	p := newPeer("x", "", sourceGossip)
	mine := crdt.VersionVector{a: 5}
	p.learnVector(crdt.VersionVector{a: 1}, time.Now())
	p.metaDigest, p.hasMeta = mine.Digest(), true
	if st := p.status(mine, mine.Digest(), time.Time{}); st.Behind != 0 || st.Ahead != 0 {
		t.Errorf("with equal digests: behind, ahead = %d, %d; want 0, 0", st.Behind, st.Ahead)
	}
}

func TestUpstreamTLS(t *testing.T) {
	tm := newTeam(t)
	n := openNode(t)
	hqSvc, err := New(Config{DisableGossip: true, Logger: testLogger()}, n, tm)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(StreamPath, hqSvc.Handler())
	srv := httptest.NewTLSServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- hqSvc.Serve(ctx) }()
	defer func() {
		cancel()
		<-served
		srv.Close()
		n.Close()
	}()
	writePeople(t, n, 4, "hq")
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	field := startNode(t, tm, func(c *Config) {
		c.DisableGossip = true
		c.SyncAddr = ""
		c.Upstream = srv.URL // https://127.0.0.1:port
		c.TLSConfig = &tls.Config{RootCAs: pool}
	})
	eventually(t, 10*time.Second, "the field node syncs with headquarters over TLS", func() bool {
		return field.n.VersionVector().Total() == 4 && field.n.Digest() == n.Digest()
	})
}
