package ui

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"muster/node"
)

// testPages serves the pages of a real node on a real loopback socket.
type testPages struct {
	t     *testing.T
	node  *node.Node
	pages *Pages
	srv   *httptest.Server
}

func newTestPages(t testing.TB) *testPages {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	p, err := NewPages(n, slog.New(slog.NewTextHandler(testWriter{t}, nil)))
	if err != nil {
		t.Fatalf("NewPages: %v", err)
	}
	mux := http.NewServeMux()
	p.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		p.Close()
		srv.Close()
		_ = n.Close()
	})
	return &testPages{node: n, pages: p, srv: srv}
}

// client does not follow redirects, so tests see the 303 itself.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (tp *testPages) get(t testing.TB, path string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", tp.srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return do(t, req)
}

func (tp *testPages) post(t testing.TB, path string, form url.Values, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", tp.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if loc := res.Header.Get("Location"); loc != "" {
		return res.StatusCode, loc
	}
	return res.StatusCode, string(b)
}

func (tp *testPages) person(t testing.TB, name string, p node.PersonPatch) node.Person {
	t.Helper()
	p.Name = &name
	got, err := tp.node.CreatePerson(p)
	if err != nil {
		t.Fatalf("create person: %v", err)
	}
	return got
}

// testWriter sends logs to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
