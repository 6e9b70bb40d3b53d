package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"muster/node"
)

// newSyncPages serves a real node's whole route table (API and pages), so
// that the bundle routes are there too. The hooks are left to the test.
func newSyncPages(t *testing.T) *testPages {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))}, n)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Pages().Close()
		srv.Close()
		_ = n.Close()
	})
	return &testPages{t: t, node: n, pages: s.Pages(), srv: srv}
}

// fakeBundles exports "BUNDLE" plus the vector asked for, refuses a vector
// that is not a JSON object, and imports "good" as 412 added and 3
// already here; anything else is a damaged file.
var fakeBundles = BundleHooks{
	Export: func(w io.Writer, since string) error {
		if since != "" && !strings.HasPrefix(since, "{") {
			return fmt.Errorf("parse vector: %w", ErrBadVector)
		}
		_, err := io.WriteString(w, "BUNDLE"+since)
		return err
	},
	Import: func(r io.Reader) (int, int, error) {
		b, err := io.ReadAll(r)
		if err != nil {
			return 0, 0, err
		}
		if string(b) != "good" {
			return 0, 0, errors.New("import bundle: bundle is damaged or was altered")
		}
		return 412, 3, nil
	},
}

func TestPeersPageSummaries(t *testing.T) {
	now := time.Now()
	a, b, c := strings.Repeat("a", 64), strings.Repeat("b", 64), strings.Repeat("c", 64)
	inSync := func(node, addr string) PeerRow {
		return PeerRow{Node: node, Addr: addr, Online: true, Known: true, LastSync: now.Add(-150 * time.Second)}
	}
	cases := []struct {
		name       string
		peers      []PeerRow
		en, es, ar string   // the summary line
		want       []string // more English the page must show
	}{
		{"no peers", nil,
			"This device only: no peer yet.", "Solo este dispositivo: aún no hay equipos.", "هذا الجهاز فقط: لا أجهزة أخرى بعد.",
			[]string{"<code dir=\"ltr\">muster invite</code>", "<code dir=\"ltr\">muster join CODE</code>", "Carry a bundle instead"}},
		{"all in sync", []PeerRow{inSync(a, "10.0.0.2:7420"), inSync(b, "10.0.0.3:7420"), inSync(c, "10.0.0.4:7420")},
			"3 peers, all in sync", "3 equipos, todos sincronizados", "3 أجهزة، كلها متزامنة",
			[]string{"Nothing to do", "aaaaaaaaaaaa", "10.0.0.3:7420", "2 min ago", "0 changes to receive", "0 changes to send", "In sync"}},
		{"some behind", []PeerRow{inSync(a, "10.0.0.2:7420"), inSync(b, "10.0.0.3:7420"),
			{Node: c, Addr: "10.0.0.4:7420", Online: true, Known: true, Behind: 1234, Ahead: 1}},
			"2 of 3 peers in sync", "2 de 3 equipos sincronizados", "متزامن: 2 من 3 أجهزة",
			[]string{"Changes are on their way", "3 peers, 2 in sync", "1,234 changes to receive", "1 change to send<", "never"}},
		{"offline, unknown", []PeerRow{{Addr: "10.0.0.9:7420", Error: "dial: connection refused"}},
			"0 of 1 peer in sync", "0 de 1 equipo sincronizado", "متزامن: 0 من جهاز واحد",
			[]string{"No peer can be reached", `href="/api/v1/bundle"`, "not known yet", "device not identified yet",
				"Offline", `<dd lang="en" dir="ltr">dial: connection refused</dd>`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp := newSyncPages(t)
			tp.pages.SetBundles(fakeBundles)
			tp.pages.SetSyncView(func() SyncView {
				return SyncView{SyncAddr: "10.0.0.1:7420", Team: "7e4a91c2", Peers: tc.peers}
			})
			for _, lang := range []struct{ tag, want, dir string }{{"en", tc.en, "ltr"}, {"es", tc.es, "ltr"}, {"ar", tc.ar, "rtl"}} {
				code, body := tp.get(t, "/peers", "Accept-Language", lang.tag)
				if code != http.StatusOK {
					t.Fatalf("GET /peers (%s): status %d, want 200", lang.tag, code)
				}
				if !strings.Contains(body, "<strong>"+lang.want+"</strong>") {
					t.Errorf("GET /peers (%s): summary %q missing", lang.tag, lang.want)
				}
				if want := `<html lang="` + lang.tag + `" dir="` + lang.dir + `">`; !strings.Contains(body, want) {
					t.Errorf("GET /peers (%s): missing %s", lang.tag, want)
				}
				if strings.Contains(body, "%!") {
					t.Errorf("GET /peers (%s): a format verb went wrong", lang.tag)
				}
			}
			_, body := tp.get(t, "/peers", "Accept-Language", "en")
			for _, want := range append(tc.want, tp.node.ID().Short(), "7e4a91c2", "10.0.0.1:7420",
				`aria-current="page">Sync</a>`, `data-live="peers"`, `data-live-every="5"`) {
				if !strings.Contains(body, want) {
					t.Errorf("GET /peers lacks %q", want)
				}
			}
		})
	}
}

func TestPeersPageWithoutHooks(t *testing.T) {
	tp := newTestPages(t)
	code, body := tp.get(t, "/peers")
	if code != http.StatusOK {
		t.Fatalf("GET /peers: status %d, want 200", code)
	}
	for _, want := range []string{"This device only: no peer yet.", "Bundles are not available on this node.", "none: this device only dials out"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /peers without hooks lacks %q", want)
		}
	}
	if strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Errorf("GET /peers without hooks offers an upload form")
	}
	_, home := tp.get(t, "/")
	if got, want := strings.Count(home, `href="/peers"`), 2; got != want {
		t.Errorf("links to /peers on the dashboard = %d, want %d (navigation and status line)", got, want)
	}
}

func TestAgo(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		t      time.Time
		en, ar string
	}{
		{time.Time{}, "never", "أبدًا"},
		{now.Add(-20 * time.Second), "just now", "الآن"},
		{now.Add(-2 * time.Minute), "2 min ago", "منذ دقيقتين"},
		{now.Add(-59 * time.Minute), "59 min ago", "منذ 59 دقيقة"},
		{now.Add(-5 * time.Hour), "5 h ago", "منذ 5 ساعات"},
		{now.Add(-72 * time.Hour), "3 days ago", "منذ 3 أيام"},
	}
	for _, c := range cases {
		if got := ago(cats.by["en"], c.t, now); got != c.en {
			t.Errorf("ago(%v) en = %q, want %q", now.Sub(c.t), got, c.en)
		}
		if got := ago(cats.by["ar"], c.t, now); got != c.ar {
			t.Errorf("ago(%v) ar = %q, want %q", now.Sub(c.t), got, c.ar)
		}
	}
}

// uploadForm posts file as the Sync page's form does, from a browser.
func (tp *testPages) uploadForm(t *testing.T, file string, hdr ...string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("bundle", "muster.bundle")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, file)
	mw.Close()
	req, _ := http.NewRequest("POST", tp.srv.URL+"/api/v1/bundle", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return do(t, req)
}

func TestBundleUploadForm(t *testing.T) {
	tp := newSyncPages(t)
	tp.pages.SetBundles(fakeBundles)
	code, loc := tp.uploadForm(t, "good")
	if code != http.StatusSeeOther || loc != "/peers?applied=412&duplicate=3" {
		t.Fatalf("upload a good bundle: %d %q, want 303 to /peers with the result", code, loc)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "412 changes added. 3 were already here."},
		{"es", "412 cambios añadidos. 3 ya estaban aquí."},
		{"ar", "أُضيف 412 تغييرًا. 3 تغييرات كانت هنا من قبل."},
	} {
		_, body := tp.get(t, loc, "Accept-Language", c.lang)
		if !strings.Contains(body, `<p class="flash" role="status">`+c.want+`</p>`) {
			t.Errorf("result page (%s) lacks %q", c.lang, c.want)
		}
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "This file is damaged or from another team; nothing was changed."},
		{"es", "Este archivo está dañado o es de otro grupo; no se cambió nada."},
		{"ar", "هذا الملف تالف أو من فريق آخر؛ لم يتغير شيء."},
	} {
		code, body := tp.uploadForm(t, "damaged", "Accept-Language", c.lang)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("upload a damaged bundle (%s): status %d, want 422", c.lang, code)
		}
		for _, want := range []string{`<p id="bundle-err" class="err">` + c.want + `</p>`, `role="alert"`, `href="#bundle"`,
			`aria-describedby="bundle-hint bundle-err" aria-invalid="true"`, `<input type="hidden" name="next" value="/peers">`} {
			if !strings.Contains(body, want) {
				t.Errorf("damaged bundle page (%s) lacks %q", c.lang, want)
			}
		}
		if strings.Contains(body, "data-live-every") || strings.Contains(body, `data-live-types="campaign`) {
			t.Errorf("the error page (%s) is live: its URL would import again", c.lang)
		}
	}
	if code, body := tp.uploadForm(t, ""); code != http.StatusBadRequest || !strings.Contains(body, "Choose a bundle file to upload.") {
		t.Errorf("upload no file: status %d, want 400 asking for a file", code)
	}
	if code, _ := tp.uploadForm(t, "good", "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden {
		t.Errorf("upload from another site: status %d, want 403", code)
	}
}
