package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"muster/node"
)

// Config configures the HTTP server. The zero value is valid.
type Config struct {
	// Addr is the address cmd/muster listens on. Default "127.0.0.1:7420":
	// loopback only, so nothing on the LAN can reach the API by accident.
	Addr string

	// Logger receives the server's logs. Nil discards them.
	Logger *slog.Logger
}

// DefaultAddr is where a node serves its UI and API unless told otherwise.
const DefaultAddr = "127.0.0.1:7420"

// shutdownGrace is how long Serve waits for in-flight requests to finish
// once its context is done, before it closes the remaining connections.
const shutdownGrace = 5 * time.Second

// DefaultConfig returns the defaults documented on Config.
func DefaultConfig() Config { return Config{Addr: DefaultAddr} }

func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Server serves the JSON API and the pages of one node.
type Server struct {
	cfg   Config
	node  *node.Node
	log   *slog.Logger
	pages *Pages
	mux   *http.ServeMux
	// syncStatus, when set, adds a "sync" object to GET /api/v1/status.
	syncStatus atomic.Pointer[func() any]
}

// New builds the server and its route table. Routes added with Mount must
// be added before Serve.
func New(cfg Config, n *node.Node) (*Server, error) {
	cfg = cfg.withDefaults()
	log := cfg.Logger.With(logKeyComponent, "ui")
	pages, err := NewPages(n, log)
	if err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	s := &Server{cfg: cfg, node: n, log: log, pages: pages, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// Handler is the server's whole route table, for tests and for embedding.
func (s *Server) Handler() http.Handler { return s.mux }

// Pages gives cmd/muster the page server, e.g. to install the sync status.
func (s *Server) Pages() *Pages { return s.pages }

// SetSyncStatus installs what GET /api/v1/status reports under "sync"
// (peers, sync address): ui does not import sync, cmd wires it.
func (s *Server) SetSyncStatus(f func() any) { s.syncStatus.Store(&f) }

// Mount adds a route that another part serves (the sync websocket). pattern is a Go 1.22 ServeMux pattern; it panics on a
// conflict with an existing route, as http.ServeMux does.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Serve answers requests on ln until ctx is done, then stops accepting,
// lets in-flight requests finish for up to shutdownGrace and returns nil.
// Request contexts are cancelled when shutdown starts, so long-lived
// handlers (websockets) end too.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	srv := &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(cancel)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving http", logKeyAddr, ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	return s.shutdown(srv, errc)
}

func (s *Server) shutdown(srv *http.Server, errc <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		s.log.Warn("http shutdown timed out, closing connections", logKeyErr, err)
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http: %w", err)
	}
	return nil
}

// Log keys of the ui package.
const (
	logKeyComponent = "component"
	logKeyAddr      = "addr"
	logKeyErr       = "err"
	logKeyMethod    = "method"
	logKeyPath      = "path"
)
