package ui

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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

// langPage is a page and a text it shows in English, Spanish and Arabic.
type langPage struct{ path, en, es, ar string }

// keyLike finds what could be a message key shown as itself ("nav.tasks"
// where "Tasks" belongs); checkLanguages counts it only if the catalog
// has that key, so that a domain or a file name is not taken for one.
var keyLike = regexp.MustCompile(`[>\s"]([a-z_]+(?:\.[a-z_]+)+)[<\s"]`)

// checkLanguages gets each page in each language and checks what a reader
// sees: 200, the expected text, <html lang dir> (Arabic right to left), no
// broken format verb, and no message key in place of its message.
func checkLanguages(t *testing.T, tp *testPages, pages []langPage) {
	t.Helper()
	for _, pg := range pages {
		for _, lang := range []struct{ tag, want, dir string }{{"en", pg.en, "ltr"}, {"es", pg.es, "ltr"}, {"ar", pg.ar, "rtl"}} {
			code, body := tp.get(t, pg.path, "Accept-Language", lang.tag)
			if code != http.StatusOK {
				t.Errorf("GET %s (%s): status %d, want 200", pg.path, lang.tag, code)
				continue
			}
			if !strings.Contains(body, lang.want) {
				t.Errorf("GET %s (%s): missing %q", pg.path, lang.tag, lang.want)
			}
			if want := `<html lang="` + lang.tag + `" dir="` + lang.dir + `">`; !strings.Contains(body, want) {
				t.Errorf("GET %s (%s): missing %s", pg.path, lang.tag, want)
			}
			if strings.Contains(body, "%!") {
				t.Errorf("GET %s (%s): a format verb went wrong", pg.path, lang.tag)
			}
			for _, m := range keyLike.FindAllStringSubmatch(body, -1) {
				if _, isKey := tp.pages.cats.by["en"].msgs[m[1]]; isKey {
					t.Errorf("GET %s (%s): message key shown as is: %s", pg.path, lang.tag, m[1])
				}
			}
		}
	}
}
