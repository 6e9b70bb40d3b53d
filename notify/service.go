package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"muster/node"
)

// Outbox is what the service needs of a node.
type Outbox interface {
	DueMessages(now time.Time) ([]node.Message, error)
	SetMessageState(id string, u node.MessageUpdate) error
}

var _ Outbox = (*node.Node)(nil)

// Config configures a Service. The zero value is valid: no channels (every
// due message then waits with a note saying its channel is not set up),
// the defaults below.
type Config struct {
	// Email sends the email channel; nil means none is configured.
	Email Sender
	// SMS sends the SMS channel; nil means none is configured.
	SMS Sender
	// Interval is how often due messages are looked for. Default 30s.
	Interval time.Duration
	// Now is the wall clock deciding what is due. Nil means time.Now.
	Now func() time.Time
	// Logger receives the service's logs. Nil discards them.
	Logger *slog.Logger
	// Link returns the absolute URL of a signup's personal page (where the
	// volunteer confirms or cancels), put in the messages that ask. Nil
	// means messages carry no link. cmd/muster makes it from the team's
	// "signup" key (ui.SignupLink), so every node makes the same link.
	Link func(signupID string) string
}

// DefaultConfig returns a config with no channels and the defaults.
func DefaultConfig() Config { return Config{Interval: 30 * time.Second} }

func (c Config) withDefaults() Config {
	if c.Interval <= 0 {
		c.Interval = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Service delivers this node's due messages.
type Service struct {
	cfg    Config
	outbox Outbox
	log    *slog.Logger
	round  sync.Mutex // one round at a time, so no message is picked twice
}

// New returns a service delivering ob's messages.
func New(cfg Config, ob Outbox) *Service {
	cfg = cfg.withDefaults()
	return &Service{cfg: cfg, outbox: ob, log: cfg.Logger.With("component", "notify")}
}

// Serve runs a round now and then every Interval until ctx is done. A
// failed round is logged and the next one tries again.
func (s *Service) Serve(ctx context.Context) error {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	for {
		if err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("outbox round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RunOnce delivers what is due now: each due message goes to its channel
// and its outcome is recorded. A channel that fails for now is not tried
// again in the same round, so a dead gateway costs one timeout per round.
func (s *Service) RunOnce(ctx context.Context) error {
	s.round.Lock()
	defer s.round.Unlock()
	now := s.cfg.Now()
	due, err := s.outbox.DueMessages(now)
	if err != nil {
		return fmt.Errorf("outbox round: %w", err)
	}
	down := map[string]bool{}
	for _, m := range due {
		if ctx.Err() != nil {
			return nil
		}
		if err := s.deliver(ctx, m, now, down); err != nil {
			return fmt.Errorf("outbox round: %w", err)
		}
	}
	return nil
}

// deliver settles one due message. Only its error of recording is returned;
// a channel's failure is recorded on the message.
func (s *Service) deliver(ctx context.Context, m node.Message, now time.Time, down map[string]bool) error {
	set := func(state, detail string) error {
		return s.outbox.SetMessageState(m.ID, node.MessageUpdate{State: state, Detail: detail})
	}
	switch {
	case !now.Before(m.Expires):
		return set(node.StateSkipped, "expired: its time passed before it could go")
	case m.Channel == "":
		return set(node.StateSkipped, "no consent to a channel the person has a contact for")
	case down[m.Channel]:
		return nil
	}
	sender := s.sender(m.Channel)
	if sender == nil {
		return set(node.StateQueued, "no "+m.Channel+" channel is configured on this node")
	}
	if m.State == node.StateQueued && m.Detail == "" {
		if err := set(node.StateSending, ""); err != nil {
			return err
		}
	}
	link := ""
	if s.cfg.Link != nil {
		link = s.cfg.Link(m.Signup)
	}
	subject, text := Compose(m, link) // an SMS gateway sends the text alone
	err := sender.Send(ctx, m.To, subject, text)
	switch {
	case err == nil:
		s.log.Info("message sent", "id", m.ID, "channel", m.Channel)
		// Record what it told (a seat or the waitlist): a sent
		// confirmation that said "you have a seat" is the news a
		// "promoted" message would repeat.
		seated := m.Seated
		return s.outbox.SetMessageState(m.ID, node.MessageUpdate{State: node.StateSent, Seated: &seated})
	case IsPermanent(err):
		s.log.Warn("message refused", "id", m.ID, "channel", m.Channel, "err", err)
		return set(node.StateFailed, err.Error())
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return nil // shutting down: it stays as it is and goes next time
	default:
		down[m.Channel] = true
		s.log.Info("channel unreachable; message waits", "id", m.ID, "channel", m.Channel, "err", err)
		return set(node.StateQueued, err.Error())
	}
}

func (s *Service) sender(channel string) Sender {
	switch channel {
	case node.ChannelEmail:
		return s.cfg.Email
	case node.ChannelSMS:
		return s.cfg.SMS
	}
	return nil
}
