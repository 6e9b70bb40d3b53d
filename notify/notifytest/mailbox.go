// Package notifytest gives other packages' tests a real SMTP server on
// loopback to deliver the outbox to (the ui's Messages page tests use it).
package notifytest

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mailbox is a real SMTP server on 127.0.0.1 that keeps what it receives.
type Mailbox struct {
	Addr   string // host:port to give notify.SMTPConfig
	mu     sync.Mutex
	got    []Mail
	refuse string
}

// Mail is one message the mailbox received.
type Mail struct{ To, Subject, Body string }

// NewMailbox starts a mailbox that stops when t ends.
func NewMailbox(t testing.TB) *Mailbox {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb := &Mailbox{Addr: l.Addr().String()}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{mb: mb}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return mb
}

// Refuse makes RCPT TO answer 550 (a permanent refusal) for addr.
func (mb *Mailbox) Refuse(addr string) {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	mb.refuse = addr
}

// Messages returns what was received so far.
func (mb *Mailbox) Messages() []Mail {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]Mail(nil), mb.got...)
}

type session struct {
	mb *Mailbox
	to string
}

func (s *session) Reset()                               { s.to = "" }
func (s *session) Logout() error                        { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error { return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	if to == s.mb.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = to
	return nil
}

func (s *session) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	var br io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		br = quotedprintable.NewReader(br)
	}
	body, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.got = append(s.mb.got, Mail{To: s.to, Subject: subject, Body: string(body)})
	return nil
}
