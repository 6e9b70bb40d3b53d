package notify

import (
	"context"
	"io"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func mustSMTP(t *testing.T, addr string) *SMTPSender {
	t.Helper()
	s, err := NewSMTPSender(SMTPConfig{Addr: addr, From: "Muster <drive@example.org>"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSMTPSender(t *testing.T) {
	mb := newMailbox(t)
	s := mustSMTP(t, mb.addr)
	text := "Héllo, a line long enough that quoted-printable has to fold it somewhere past seventy-six characters."
	if err := s.Send(context.Background(), "ada@x.org", "Réminder", text); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := mb.messages()
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1", len(got))
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(got[0].Body)))
	if got[0].To != "ada@x.org" || got[0].Subject != "Réminder" || strings.TrimRight(string(body), "\r\n") != text {
		t.Errorf("got %+v (body %q)", got[0], body)
	}

	mb.Refuse("bad@x.org")
	if err := s.Send(context.Background(), "bad@x.org", "x", "y"); !IsPermanent(err) {
		t.Errorf("refused recipient: %v, want a permanent error", err)
	}
}

func TestSMTPSenderUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	if err := mustSMTP(t, addr).Send(context.Background(), "ada@x.org", "x", "y"); err == nil || IsPermanent(err) {
		t.Errorf("closed port: %v, want a temporary error", err)
	}
}

func TestNewSenderConfig(t *testing.T) {
	if _, err := NewSMTPSender(SMTPConfig{Addr: "nohost", From: "a@b.c"}); err == nil {
		t.Error("address without a port accepted")
	}
	if _, err := NewSMTPSender(SMTPConfig{Addr: "h:25", From: "not an address"}); err == nil {
		t.Error("bad from accepted")
	}
	if _, err := NewHTTPGateway(GatewayConfig{URL: "ftp://x"}); err == nil {
		t.Error("ftp url accepted")
	}
	if _, err := NewHTTPGateway(GatewayConfig{URL: "http://x", Template: "{{.To"}); err == nil {
		t.Error("broken template accepted")
	}
}

func TestHTTPGatewayStatus(t *testing.T) {
	cases := []struct {
		status   int
		ok, perm bool
	}{
		{http.StatusOK, true, false},
		{http.StatusAccepted, true, false},
		{http.StatusBadRequest, false, true},
		{http.StatusTooManyRequests, false, false},
		{http.StatusServiceUnavailable, false, false},
	}
	for _, c := range cases {
		var body, ctype string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			body, ctype = string(b), r.Header.Get("Content-Type")
			w.WriteHeader(c.status)
		}))
		g, err := NewHTTPGateway(GatewayConfig{URL: srv.URL + "/send?key=1", Template: `phone={{query .To}}&msg={{query .Text}}`, ContentType: "application/x-www-form-urlencoded"})
		if err != nil {
			t.Fatal(err)
		}
		err = g.Send(context.Background(), "+15550100", "", "see you & thanks")
		srv.Close()
		if got := err == nil; got != c.ok {
			t.Errorf("status %d: err %v, want ok=%v", c.status, err, c.ok)
		}
		if got := IsPermanent(err); got != c.perm {
			t.Errorf("status %d: permanent=%v, want %v", c.status, got, c.perm)
		}
		if want := "phone=%2B15550100&msg=see+you+%26+thanks"; body != want || ctype != "application/x-www-form-urlencoded" {
			t.Errorf("status %d: body %q (%s), want %q", c.status, body, ctype, want)
		}
	}
}
