package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// mailbox is a real SMTP server on loopback that keeps what it receives.
type mailbox struct {
	mu   stdsync.Mutex
	msgs []string
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: m}, nil }

type mailSession struct {
	box *mailbox
	to  []string
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, strings.Join(s.to, ",")+"\n"+string(b))
	s.box.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

func (m *mailbox) received() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.msgs...)
}

// TestSignupConfirmationByEmail: a real muster process started with
// --smtp sends the confirmation of a signup made through the API to a real
// SMTP server, once.
func TestSignupConfirmationByEmail(t *testing.T) {
	box := &mailbox{}
	srv := smtp.NewServer(box)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	addr := freeAddr(t)
	startMusterArgs(t, t.TempDir(), addr, "--smtp", ln.Addr().String(), "--smtp-from", "muster@example.org", "--outbox-interval", "100ms")
	var ev struct{ ID string }
	postJSON(t, "http://"+addr+"/api/v1/events", `{"title":"Sandbag line"}`, &ev)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	postJSON(t, "http://"+addr+"/api/v1/events/"+ev.ID+"/shifts", `{"title":"Morning","start":"`+start.Format(time.RFC3339)+`","end":"`+start.Add(3*time.Hour).Format(time.RFC3339)+`","capacity":5}`, nil)
	var evFull struct{ Shifts []struct{ ID string } }
	getJSON(t, "http://"+addr+"/api/v1/events/"+ev.ID, &evFull)
	if len(evFull.Shifts) != 1 {
		t.Fatalf("event has %d shifts", len(evFull.Shifts))
	}
	postJSON(t, "http://"+addr+"/api/v1/events/"+ev.ID+"/signup", `{"name":"Ana Ruiz","email":"ana@example.org","shifts":["`+evFull.Shifts[0].ID+`"],"consent_email":true}`, nil)

	waitFor(t, 20*time.Second, "the confirmation email arrives", func() bool { return len(box.received()) > 0 })
	msg := box.received()[0]
	if !strings.Contains(msg, "ana@example.org") || !strings.Contains(msg, "Sandbag line") {
		t.Errorf("confirmation email:\n%s", msg)
	}
	var out struct {
		Messages []struct{ Kind, State string }
	}
	waitFor(t, 10*time.Second, "the outbox shows the confirmation sent", func() bool {
		getJSON(t, "http://"+addr+"/api/v1/outbox?kind=confirmation", &out)
		return len(out.Messages) == 1 && out.Messages[0].State == "sent"
	})
	if n := len(box.received()); n != 1 {
		t.Errorf("%d emails, want exactly 1", n)
	}
}

func postJSON(t *testing.T, url, body string, v any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, b)
	}
	if v != nil {
		if err := json.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
			t.Fatalf("POST %s: %v in %s", url, err, b)
		}
	}
}
