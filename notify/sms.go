package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"text/template"
	"time"
)

// DefaultSMSTemplate is the gateway request body unless configured:
// JSON with the number and the text.
const DefaultSMSTemplate = `{"to":{{json .To}},"text":{{json .Text}}}`

// GatewayConfig says how to reach an HTTP SMS gateway.
type GatewayConfig struct {
	// URL receives one POST per message. Required.
	URL string
	// Template is the body, a text/template with {{.To}} and {{.Text}};
	// {{json .X}} writes X as a JSON string and {{query .X}} URL-escapes
	// it. Default DefaultSMSTemplate.
	Template string
	// ContentType of the body. Default "application/json".
	ContentType string
	// Header holds extra request headers, such as Authorization.
	Header http.Header
	// Client makes the requests. Default: a client with Timeout.
	Client *http.Client
	// Timeout bounds one request. Default 30s.
	Timeout time.Duration
}

// HTTPGateway sends SMS by posting to a gateway.
type HTTPGateway struct {
	cfg  GatewayConfig
	body *template.Template
}

var gatewayFuncs = template.FuncMap{
	"json": func(s string) (string, error) {
		b, err := json.Marshal(s)
		return string(b), err
	},
	"query": url.QueryEscape,
}

// NewHTTPGateway checks the config and parses the template.
func NewHTTPGateway(cfg GatewayConfig) (*HTTPGateway, error) {
	if u, err := url.Parse(cfg.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sms gateway url %q: want http(s)://host/…", cfg.URL)
	}
	if cfg.Template == "" {
		cfg.Template = DefaultSMSTemplate
	}
	if cfg.ContentType == "" {
		cfg.ContentType = "application/json"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: cfg.Timeout}
	}
	t, err := template.New("sms").Funcs(gatewayFuncs).Option("missingkey=error").Parse(cfg.Template)
	if err != nil {
		return nil, fmt.Errorf("sms template: %w", err)
	}
	return &HTTPGateway{cfg: cfg, body: t}, nil
}

// Send posts one SMS. A 2xx answer is acceptance; 4xx other than 408 and
// 429 is a permanent refusal; anything else, or no answer, is temporary.
func (g *HTTPGateway) Send(ctx context.Context, to, _, text string) error {
	var body bytes.Buffer
	if err := g.body.Execute(&body, struct{ To, Text string }{to, text}); err != nil {
		return Permanent(fmt.Errorf("sms template: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, g.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.cfg.URL, &body)
	if err != nil {
		return Permanent(fmt.Errorf("sms request: %w", err))
	}
	for k, vs := range g.cfg.Header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", g.cfg.ContentType)
	res, err := g.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("send sms: %w", err)
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 200))
	switch c := res.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c >= 400 && c < 500 && c != http.StatusRequestTimeout && c != http.StatusTooManyRequests:
		return Permanent(fmt.Errorf("send sms: gateway answered %s: %s", res.Status, bytes.TrimSpace(msg)))
	default:
		return fmt.Errorf("send sms: gateway answered %s", res.Status)
	}
}
