package notify

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"muster/notify/notifytest"
)

// mailbox is notifytest's real SMTP server on loopback, under the names
// these tests use.
type mailbox struct {
	*notifytest.Mailbox
	addr string
}

type received = notifytest.Mail

func newMailbox(t *testing.T) *mailbox {
	m := notifytest.NewMailbox(t)
	return &mailbox{Mailbox: m, addr: m.Addr}
}

func (mb *mailbox) messages() []received { return mb.Messages() }

// gateway is a real HTTP SMS gateway on loopback that keeps what it gets.
type gateway struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []received
}

func newGateway(t *testing.T, l net.Listener) *gateway {
	t.Helper()
	g := &gateway{}
	g.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ To, Text string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.To == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		g.got = append(g.got, received{To: body.To, Body: body.Text})
		g.mu.Unlock()
	}))
	if l != nil {
		g.srv.Listener.Close()
		g.srv.Listener = l
	}
	g.srv.Start()
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) messages() []received {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]received(nil), g.got...)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-time.After(5 * time.Millisecond)
	}
}
