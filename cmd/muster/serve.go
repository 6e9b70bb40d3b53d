package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	stdsync "sync"
	"syscall"

	"muster/node"
	"muster/ui"
)

// serveConfig is everything `muster serve` is built from.
type serveConfig struct {
	Data  string
	HTTP  string
	Fsync bool
	Log   string
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "muster [serve] [flags]", stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.Data, "data", envDefault("MUSTER_DATA", defaultDataDir()), "data directory: store, device key, team (env MUSTER_DATA)")
	fs.StringVar(&cfg.HTTP, "http", envDefault("MUSTER_HTTP", "127.0.0.1:7420"), "address of the web UI and JSON API (env MUSTER_HTTP); 0.0.0.0:7420 serves phones on the Wi-Fi")
	fs.BoolVar(&cfg.Fsync, "fsync", envBool("MUSTER_FSYNC", false), "fsync every write: survives power loss, slower (env MUSTER_FSYNC)")
	fs.StringVar(&cfg.Log, "log", envDefault("MUSTER_LOG", "info"), "log level: debug, info, warn, error (env MUSTER_LOG)")
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "muster: %v\n", err)
		return 1
	}
	return 0
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
	srv, err := ui.New(ui.Config{Addr: cfg.HTTP, Logger: log}, n)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTP)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(stdout, "muster node %s\n  data: %s\n  open: http://%s/\n", n.ID().Short(), cfg.Data, ln.Addr())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	services := []func(context.Context) error{
		n.Serve,
		func(ctx context.Context) error { return srv.Serve(ctx, ln) },
	}
	return runAll(ctx, cancel, services)
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
