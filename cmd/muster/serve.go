package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	stdsync "sync"
	"syscall"

	"muster/crdt"
	"muster/node"
	musync "muster/sync"
	"muster/sync/bundle"
	"muster/sync/discovery"
	"muster/sync/team"
	"muster/ui"
)

// serveConfig is everything `muster serve` is built from.
type serveConfig struct {
	Data      string
	HTTP      string
	Fsync     bool
	Log       string
	Peers     []string
	Upstream  string
	Interface string
	Gossip    string
	MDNS      bool
	MemoryMB  int
	Notify    notifyConfig
}

// listFlag is a repeatable flag (--peer a --peer b), also given as one
// comma-separated environment variable.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "muster [serve] [flags]", stderr)
	var cfg serveConfig
	peers := listFlag(splitList(os.Getenv("MUSTER_PEERS")))
	fs.StringVar(&cfg.Data, "data", envDefault("MUSTER_DATA", defaultDataDir()), "data directory: store, device key, team (env MUSTER_DATA)")
	fs.StringVar(&cfg.HTTP, "http", envDefault("MUSTER_HTTP", "127.0.0.1:7420"), "address of the web UI, JSON API and sync endpoint (env MUSTER_HTTP); 0.0.0.0:7420 serves phones and peers on the Wi-Fi")
	fs.BoolVar(&cfg.Fsync, "fsync", envBool("MUSTER_FSYNC", false), "fsync every write: survives power loss, slower (env MUSTER_FSYNC)")
	fs.StringVar(&cfg.Log, "log", envDefault("MUSTER_LOG", "info"), "log level: debug, info, warn, error (env MUSTER_LOG)")
	fs.Var(&peers, "peer", "a peer's address host:port (its --http), repeatable, for networks that block multicast (env MUSTER_PEERS, comma-separated)")
	fs.StringVar(&cfg.Upstream, "upstream", envDefault("MUSTER_UPSTREAM", ""), "headquarters' URL (http, https, ws or wss) to sync with when a link is up (env MUSTER_UPSTREAM)")
	fs.StringVar(&cfg.Interface, "interface", envDefault("MUSTER_INTERFACE", ""), "network interface for mDNS discovery, e.g. wlan0 (env MUSTER_INTERFACE; default all)")
	fs.StringVar(&cfg.Gossip, "gossip", envDefault("MUSTER_GOSSIP", "0.0.0.0:7946"), "address for membership gossip (UDP and TCP), or \"off\" (env MUSTER_GOSSIP)")
	fs.BoolVar(&cfg.MDNS, "mdns", envBool("MUSTER_MDNS", true), "find peers on the local network by mDNS (env MUSTER_MDNS)")
	fs.IntVar(&cfg.MemoryMB, "memory-limit", envInt("MUSTER_MEMORY_LIMIT", node.DefaultMemoryLimitMB), "soft memory limit in MiB for the Go runtime, 0 for none; GOMEMLIMIT, if set, wins (env MUSTER_MEMORY_LIMIT)")
	cfg.Notify.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags of serve (each also read from the environment variable named):\n")
		fs.PrintDefaults()
	}
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "muster serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg.Peers = peers
	if limit, ok := memoryLimit(cfg.MemoryMB, os.Getenv("GOMEMLIMIT")); ok {
		debug.SetMemoryLimit(limit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "muster: %v\n", err)
		return 1
	}
	return 0
}

// memoryLimit is the soft memory limit to set from --memory-limit (MiB):
// none when it is 0 or negative, or when GOMEMLIMIT is set (the runtime
// has applied it already).
func memoryLimit(mib int, gomemlimit string) (int64, bool) {
	if mib <= 0 || gomemlimit != "" {
		return 0, false
	}
	return int64(mib) << 20, true
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// serve builds the node and its services and runs them until ctx is done
// or one of them fails; then it stops the rest and closes the store.
func serve(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) error {
	log := newLogger(stderr, cfg.Log)
	n, err := node.Open(node.Config{Dir: cfg.Data, Logger: log, SyncWrites: cfg.Fsync})
	if err != nil {
		return err
	}
	defer n.Close()
	tm, err := team.LoadOrCreate(cfg.Data)
	if err != nil {
		return err
	}
	srv, err := ui.New(ui.Config{Addr: cfg.HTTP, Logger: log}, n)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTP)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	svc, err := newSync(cfg, n, tm, ln.Addr().String(), log)
	if err != nil {
		ln.Close()
		return err
	}
	srv.Mount("GET "+musync.StreamPath, svc.Handler())
	srv.Pages().SetBundles(bundleHooks(n, tm))
	srv.Pages().SetSyncView(func() ui.SyncView { return syncView(svc.Report()) })
	srv.SetSyncStatus(func() any { return svc.Report() })
	srv.SetCalendarKey(tm.Key("calendar"))
	// Signup links, like calendar feeds, are keyed by the team: every node
	// makes and accepts the same /s/{signup}/{token}.
	signupKey := tm.Key("signup")
	srv.SetSignupKey(signupKey)
	srv.Pages().SetPeerStatus(func() ui.PeerSummary {
		p, in := svc.Summary()
		return ui.PeerSummary{Peers: p, InSync: in}
	})
	fmt.Fprintf(stdout, "muster node %s (team %s)\n  data: %s\n  open: http://%s/\n", n.ID().Short(), tm.IDHash(), cfg.Data, ln.Addr())

	base := publicURL(cfg.Notify.PublicURL, ln.Addr())
	outbox, err := newNotify(cfg.Notify, n, log, func(id string) string { return ui.SignupLink(base, signupKey, id) })
	if err != nil {
		return err
	}
	srv.Pages().SetChannels(cfg.Notify.channels())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	services := []func(context.Context) error{
		n.Serve,
		func(ctx context.Context) error { return srv.Serve(ctx, ln) },
		svc.Serve,
		outbox.Serve,
	}
	if cfg.MDNS {
		d, err := newDiscovery(cfg, n, tm, ln.Addr(), svc, log)
		if err != nil {
			return err
		}
		services = append(services, d.Serve)
	}
	return runAll(ctx, cancel, services)
}

// bundleHooks lets the ui offer bundles (GET and POST /api/v1/bundle, the
// Sync page) without importing sync.
func bundleHooks(n *node.Node, tm *team.Team) ui.BundleHooks {
	return ui.BundleHooks{
		Export: func(w io.Writer, since string) error {
			var vv crdt.VersionVector
			if since != "" {
				var err error
				if vv, err = bundle.ParseVector([]byte(since)); err != nil {
					return fmt.Errorf("%w: %w", ui.ErrBadVector, err)
				}
			}
			return bundle.Export(w, n, tm, vv, nil)
		},
		Import: func(r io.Reader) (int, int, error) {
			res, err := bundle.Import(r, n, tm, nil)
			return res.Applied, res.Duplicate, err
		},
	}
}

// syncView is what the Sync page shows of the sync service's report.
func syncView(rep musync.Report) ui.SyncView {
	v := ui.SyncView{SyncAddr: rep.SyncAddr, Team: rep.Team, Peers: make([]ui.PeerRow, 0, len(rep.Peers))}
	for _, p := range rep.Peers {
		row := ui.PeerRow{Node: p.Node, Addr: p.Addr, Online: p.Online, Behind: p.Behind, Ahead: p.Ahead, Known: p.Known, Error: p.Error}
		if p.LastSync != nil {
			row.LastSync = *p.LastSync
		}
		v.Peers = append(v.Peers, row)
	}
	return v
}

// newSync builds the sync service: peers from flags and from `muster
// join`, gossip on its own port, the sync endpoint on the HTTP listener.
func newSync(cfg serveConfig, n *node.Node, tm *team.Team, httpAddr string, log *slog.Logger) (*musync.Service, error) {
	joined, err := team.LoadPeers(cfg.Data)
	if err != nil {
		return nil, err
	}
	sc := musync.DefaultConfig()
	sc.SyncAddr = httpAddr
	if cfg.Gossip == "off" {
		sc.DisableGossip = true
	} else {
		sc.BindAddr = cfg.Gossip
	}
	sc.Peers = append(append([]string{}, cfg.Peers...), joined...)
	sc.Upstream = cfg.Upstream
	sc.Logger = log
	return musync.New(sc, n, tm)
}

// newDiscovery advertises this node by mDNS (unless its HTTP server is on
// loopback, where peers could not reach it) and hands peers it finds to
// the sync service.
func newDiscovery(cfg serveConfig, n *node.Node, tm *team.Team, httpAddr net.Addr, svc *musync.Service, log *slog.Logger) (*discovery.Discovery, error) {
	tcp, _ := httpAddr.(*net.TCPAddr)
	port := 0
	if tcp != nil {
		port = tcp.Port
	}
	dc := discovery.DefaultConfig(n.ID().String(), tm.IDHash(), port)
	dc.Interface = cfg.Interface
	dc.NoAdvertise = tcp == nil || tcp.IP.IsLoopback()
	dc.OnPeer = func(p discovery.Peer) { svc.AddPeer(p.Addr) }
	dc.Logger = log
	d, err := discovery.New(dc)
	if err != nil {
		return nil, fmt.Errorf("mdns: %w", err)
	}
	return d, nil
}

// runAll runs services until ctx ends or one fails, then cancels the rest
// and waits for them. It returns the first failure.
func runAll(ctx context.Context, cancel context.CancelFunc, services []func(context.Context) error) error {
	var wg stdsync.WaitGroup
	errs := make(chan error, len(services))
	for _, s := range services {
		wg.Go(func() {
			if err := s(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- err
				cancel()
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

var _ flag.Value = (*listFlag)(nil)
