package discovery

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/grandcat/zeroconf"
)

const (
	testTeam = "team0hash"
	testNode = "node0aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	peerNode = "node1bbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

func entry(txt []string, port int, ips ...string) *zeroconf.ServiceEntry {
	e := zeroconf.NewServiceEntry("x", "_muster._tcp", "local.")
	e.Text, e.Port = txt, port
	for _, s := range ips {
		ip := net.ParseIP(s)
		if ip.To4() != nil {
			e.AddrIPv4 = append(e.AddrIPv4, ip)
		} else {
			e.AddrIPv6 = append(e.AddrIPv6, ip)
		}
	}
	return e
}

func TestPeerOf(t *testing.T) {
	set := ifaceSet{local: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/24")}, zone: "eth0"}
	good := encodeTXT(testTeam, peerNode)
	tests := []struct {
		name string
		e    *zeroconf.ServiceEntry
		want string // Addr, "" = ignored
	}{
		{"peer of our team", entry(good, 7421, "172.17.0.1", "10.0.0.2"), "10.0.0.2:7421"},
		{"other team", entry(encodeTXT("otherteam", peerNode), 7421, "10.0.0.2"), ""},
		{"ourselves", entry(encodeTXT(testTeam, testNode), 7421, "10.0.0.2"), ""},
		{"other version", entry([]string{"v=2", "team=" + testTeam, "node=" + peerNode}, 7421, "10.0.0.2"), ""},
		{"no node", entry([]string{"v=1", "team=" + testTeam}, 7421, "10.0.0.2"), ""},
		{"node with odd characters", entry([]string{"v=1", "team=" + testTeam, "node=a b"}, 7421, "10.0.0.2"), ""},
		{"bad port", entry(good, 0, "10.0.0.2"), ""},
		{"port too large", entry(good, 70000, "10.0.0.2"), ""},
		{"public address only", entry(good, 7421, "8.8.8.8"), ""},
		{"first key wins", entry(append([]string{"team=" + testTeam}, "team=x", "v=1", "node="+peerNode), 7421, "10.0.0.2"), "10.0.0.2:7421"},
		{"keys case-insensitive", entry([]string{"V=1", "TEAM=" + testTeam, "Node=" + peerNode}, 7421, "10.0.0.2"), "10.0.0.2:7421"},
	}
	d, err := newDiscovery(Config{Port: 7420, NodeID: testNode, TeamHash: testTeam}, fakeBackend(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := d.peerOf(tt.e, set)
			if tt.want == "" {
				if ok {
					t.Fatalf("peerOf = %+v, want ignored", p)
				}
				return
			}
			if !ok || p.Addr != tt.want || p.NodeID != peerNode {
				t.Fatalf("peerOf = %+v, %v; want %s at %s", p, ok, peerNode, tt.want)
			}
		})
	}
}

func TestConfigRequired(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no port", Config{NodeID: testNode, TeamHash: testTeam}},
		{"port out of range", Config{Port: 65536, NodeID: testNode, TeamHash: testTeam}},
		{"no node", Config{Port: 1, TeamHash: testTeam}},
		{"no team", Config{Port: 1, NodeID: testNode}},
		{"txt-breaking node", Config{Port: 1, NodeID: "a=b", TeamHash: testTeam}},
	}
	for _, tt := range tests {
		if _, err := newDiscovery(tt.cfg, fakeBackend(nil)); err == nil {
			t.Errorf("%s: New succeeded, want error", tt.name)
		}
	}
}

// fakeBackend browses by calling round with each round's context and
// entries channel; round must close entries.
func fakeBackend(round func(ctx context.Context, entries chan *zeroconf.ServiceEntry)) backend {
	return backend{
		interfaces: func(string) (ifaceSet, error) {
			return ifaceSet{ips: []string{"10.0.0.1"}, local: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/24")}}, nil
		},
		register: func(Config, ifaceSet) (func(), error) { return func() {}, nil },
		browse: func(ctx context.Context, _ Config, _ ifaceSet, entries chan *zeroconf.ServiceEntry) error {
			go round(ctx, entries)
			return nil
		},
	}
}

// TestServeRestartsBrowse checks the workaround for zeroconf giving up:
// whether a round ends by our timer or because zeroconf closed it early,
// Serve starts a fresh round and peers keep being reported.
func TestServeRestartsBrowse(t *testing.T) {
	tests := []struct {
		name  string
		round func(ctx context.Context, entries chan *zeroconf.ServiceEntry)
	}{
		{"round times out", func(ctx context.Context, entries chan *zeroconf.ServiceEntry) {
			entries <- entry(encodeTXT(testTeam, peerNode), 7421, "10.0.0.2")
			<-ctx.Done()
			close(entries)
		}},
		{"zeroconf gives up", func(ctx context.Context, entries chan *zeroconf.ServiceEntry) {
			entries <- entry(encodeTXT(testTeam, peerNode), 7421, "10.0.0.2")
			close(entries)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []Peer
			rounds := 0
			cfg := Config{Port: 7420, NodeID: testNode, TeamHash: testTeam, RestartEvery: 20 * time.Millisecond,
				OnPeer: func(p Peer) { mu.Lock(); seen = append(seen, p); mu.Unlock() }}
			d, err := newDiscovery(cfg, fakeBackend(tt.round))
			if err != nil {
				t.Fatal(err)
			}
			d.rounds = func(n int) { mu.Lock(); rounds = n; mu.Unlock() }
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- d.Serve(ctx) }()
			waitFor(t, 5*time.Second, "five rounds with a sighting each", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return rounds >= 5 && len(seen) >= 5
			})
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("Serve = %v", err)
			}
			for _, p := range seen {
				if p.Addr != "10.0.0.2:7421" {
					t.Fatalf("peer at %s, want 10.0.0.2:7421", p.Addr)
				}
			}
		})
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not a wait for an event
	}
}

func TestNoAdvertise(t *testing.T) {
	be := fakeBackend(func(ctx context.Context, entries chan *zeroconf.ServiceEntry) {
		entries <- entry(encodeTXT(testTeam, peerNode), 7421, "10.0.0.2")
		<-ctx.Done()
		close(entries)
	})
	registered := false
	be.register = func(Config, ifaceSet) (func(), error) { registered = true; return func() {}, nil }
	found := make(chan Peer, 1)
	cfg := Config{NoAdvertise: true, NodeID: testNode, TeamHash: testTeam, RestartEvery: time.Minute,
		OnPeer: func(p Peer) {
			select {
			case found <- p:
			default:
			}
		}}
	d, err := newDiscovery(cfg, be)
	if err != nil {
		t.Fatalf("New without a port but NoAdvertise: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Serve(ctx) }()
	select {
	case p := <-found:
		if p.Addr != "10.0.0.2:7421" {
			t.Errorf("found %+v", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no peer found within 5s")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if registered {
		t.Error("NoAdvertise registered a service")
	}
}
