package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"muster/node"
	"muster/notify"
	"muster/ui"
)

// notifyConfig is how this node sends the outbox's messages: email over
// SMTP and SMS through an HTTP gateway (for example an SMS-gateway app on
// a phone on the LAN).
type notifyConfig struct {
	SMTP, SMTPFrom, SMTPUser, SMTPPassword  string
	SMSGateway, SMSTemplate, SMSContentType string
	Interval                                time.Duration
	// PublicURL is where volunteers' phones reach this node, for the
	// personal link in messages; "" derives it from the listener.
	PublicURL string
}

func (c *notifyConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTP, "smtp", envDefault("MUSTER_SMTP", ""), "SMTP server host:port for email reminders (env MUSTER_SMTP)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", envDefault("MUSTER_SMTP_FROM", ""), "sender address of email reminders (env MUSTER_SMTP_FROM)")
	fs.StringVar(&c.SMTPUser, "smtp-user", envDefault("MUSTER_SMTP_USER", ""), "SMTP user name (env MUSTER_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", envDefault("MUSTER_SMTP_PASSWORD", ""), "SMTP password; better given in the environment (env MUSTER_SMTP_PASSWORD)")
	fs.StringVar(&c.SMSGateway, "sms-gateway", envDefault("MUSTER_SMS_GATEWAY", ""), "URL of an HTTP SMS gateway for SMS reminders (env MUSTER_SMS_GATEWAY)")
	fs.StringVar(&c.SMSTemplate, "sms-template", envDefault("MUSTER_SMS_TEMPLATE", notify.DefaultSMSTemplate), "request body sent to the SMS gateway, a Go template with .To and .Text (env MUSTER_SMS_TEMPLATE)")
	fs.StringVar(&c.SMSContentType, "sms-content-type", envDefault("MUSTER_SMS_CONTENT_TYPE", "application/json"), "content type of the SMS gateway request (env MUSTER_SMS_CONTENT_TYPE)")
	interval, err := time.ParseDuration(envDefault("MUSTER_OUTBOX_INTERVAL", "30s"))
	if err != nil {
		interval = 30 * time.Second
	}
	fs.DurationVar(&c.Interval, "outbox-interval", interval, "how often due messages are sent (env MUSTER_OUTBOX_INTERVAL)")
	fs.StringVar(&c.PublicURL, "public-url", envDefault("MUSTER_PUBLIC_URL", ""), "URL at which volunteers' phones reach this node, put in their messages' personal links, e.g. http://192.168.1.20:7420 (env MUSTER_PUBLIC_URL; default: http:// and this machine's LAN address with the --http port)")
}

// publicURL is the base of the links in messages: the --public-url, else
// http:// and the listening address, with an unspecified IP (0.0.0.0)
// replaced by this machine's first non-loopback IPv4 address.
func publicURL(flag string, addr net.Addr) string {
	if flag != "" {
		return strings.TrimRight(flag, "/")
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
					host = n.IP.String()
					break
				}
			}
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// newNotify builds the outbox's delivery service. It runs even with no
// channel: it still marks expired and opted-out messages, and notes why
// the others wait.
func newNotify(c notifyConfig, n *node.Node, log *slog.Logger, link func(signupID string) string) (*notify.Service, error) {
	cfg := notify.DefaultConfig()
	cfg.Logger, cfg.Interval, cfg.Link = log, c.Interval, link
	if c.SMTP != "" {
		if c.SMTPFrom == "" {
			return nil, fmt.Errorf("--smtp needs --smtp-from")
		}
		s, err := notify.NewSMTPSender(notify.SMTPConfig{Addr: c.SMTP, From: c.SMTPFrom, Username: c.SMTPUser, Password: c.SMTPPassword})
		if err != nil {
			return nil, err
		}
		cfg.Email = s
	}
	if c.SMSGateway != "" {
		g, err := notify.NewHTTPGateway(notify.GatewayConfig{URL: c.SMSGateway, Template: c.SMSTemplate, ContentType: c.SMSContentType})
		if err != nil {
			return nil, err
		}
		cfg.SMS = g
	}
	return notify.New(cfg, n), nil
}

// channels tells the Messages page which channels this node sends on.
func (c notifyConfig) channels() ui.Channels {
	return ui.Channels{Email: c.SMTP != "", SMS: c.SMSGateway != ""}
}
