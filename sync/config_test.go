package sync

import (
	"log/slog"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestUpstreamURL(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"http://hq.example.org", "ws://hq.example.org/sync", ""},
		{"https://hq.example.org/", "wss://hq.example.org/sync", ""},
		{"wss://hq.example.org:8443/muster/sync", "wss://hq.example.org:8443/muster/sync", ""},
		{"WS://10.0.0.1:7420", "ws://10.0.0.1:7420/sync", ""},
		{"ftp://hq", "", "scheme"},
		{"http://", "", "no host"},
	}
	for _, c := range cases {
		got, err := upstreamURL(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("upstreamURL(%q) = %q, %v; want error %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("upstreamURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestResolveSyncAddr(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{}, ""},
		{Config{SyncAddr: "192.168.1.9:7420"}, "192.168.1.9:7420"},
		{Config{SyncAddr: "0.0.0.0:7420", AdvertiseAddr: "10.1.2.3:7946"}, "10.1.2.3:7420"},
		{Config{SyncAddr: ":7420", BindAddr: "127.0.0.9:0"}, "127.0.0.9:7420"},
	}
	for _, c := range cases {
		if got, err := resolveSyncAddr(c.cfg); err != nil || got != c.want {
			t.Errorf("resolveSyncAddr(%+v) = %q, %v; want %q", c.cfg, got, err, c.want)
		}
	}
	if _, err := resolveSyncAddr(Config{SyncAddr: "nonsense"}); err == nil {
		t.Error("resolveSyncAddr accepted an address without a port")
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if c.BindAddr != "0.0.0.0:7946" || c.AntiEntropyInterval != 30*time.Second || c.MaxStreams != 16 || c.Logger == nil {
		t.Errorf("DefaultConfig = %+v", c)
	}
}

// TestServeStopsEverything: after Serve returns and the nodes close, no
// goroutine of ours is left.
func TestServeStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	tm := newTeam(t)
	a := startNode(t, tm, nil)
	b := startNode(t, tm, func(c *Config) { c.Peers = []string{a.addr} })
	writePeople(t, a.n, 3, "x")
	eventually(t, 10*time.Second, "converge", func() bool { return sameDigest(a, b) && memberCount(a) == 1 })
	b.stop()
	a.stop()
	eventually(t, 10*time.Second, "goroutines end", func() bool {
		return runtime.NumGoroutine() <= before+2
	})
	buf := make([]byte, 1<<20)
	if s := string(buf[:runtime.Stack(buf, true)]); strings.Contains(s, "muster/sync.(*") {
		t.Errorf("a sync goroutine is left:\n%s", s)
	}
}

func TestGossipPortBusy(t *testing.T) {
	ip := loopbackIP()
	busy, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tm := newTeam(t)
	a := startNode(t, tm, func(c *Config) { c.BindAddr = busy.Addr().String() })
	eventually(t, 5*time.Second, "gossip starts on another port", func() bool {
		g := a.svc.gossipAddr()
		return g != "" && g != busy.Addr().String()
	})
}

func TestLogWriterLevels(t *testing.T) {
	var buf strings.Builder
	w := &logWriter{log: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, l := range []string{"[ERR] memberlist: x\n", "[WARN] memberlist: y\n", "[DEBUG] memberlist: z\n"} {
		if _, err := w.Write([]byte(l)); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"level=ERROR", "level=WARN", "level=DEBUG"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, buf.String())
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1:7420": true, "localhost:7420": true, "[::1]:7420": true,
		"192.168.1.2:7420": false, "0.0.0.0:7420": false, "": false, "nonsense": false,
	}
	for in, want := range cases {
		if got := loopbackOnly(in); got != want {
			t.Errorf("loopbackOnly(%q) = %v, want %v", in, got, want)
		}
	}
}
