package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// apiCall sends a request to the bundle routes as a script would.
func apiCall(t *testing.T, tp *testPages, method, path, ctype string, body []byte, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, tp.srv.URL+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func TestBundleAPIWithoutHooks(t *testing.T) {
	tp := newSyncPages(t)
	for _, method := range []string{"GET", "POST"} {
		code, _, body := apiCall(t, tp, method, "/api/v1/bundle", "application/octet-stream", []byte("x"))
		var e errorBody
		if err := json.Unmarshal(body, &e); err != nil || code != http.StatusServiceUnavailable || e.Error.Message != "bundles are not available" {
			t.Errorf("%s /api/v1/bundle without hooks: %d %s, want 503 bundles are not available", method, code, body)
		}
	}
}

func TestBundleAPI(t *testing.T) {
	tp := newSyncPages(t)
	tp.pages.SetBundles(fakeBundles)
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("bundle", "x.bundle")
	io.WriteString(fw, "good")
	mw.Close()
	cases := []struct {
		name, method, path, ctype string
		body                      string
		hdr                       []string
		status                    int
		want                      string // in the body
	}{
		{"download all", "GET", "/api/v1/bundle", "", "", nil, 200, "BUNDLE"},
		{"download since", "GET", "/api/v1/bundle?since=" + url.QueryEscape(`{"ab":3}`), "", "", nil, 200, `BUNDLE{"ab":3}`},
		{"bad since", "GET", "/api/v1/bundle?since=nope", "", "", nil, 400, `"message":"since: parse vector: bad version vector"`},
		{"bad since from the page", "GET", "/api/v1/bundle?since=nope", "", "", []string{"Accept", "text/html"}, 400, "This is not a vector from muster status."},
		{"upload raw", "POST", "/api/v1/bundle", "application/octet-stream", "good", nil, 200, `{"applied":412,"duplicate":3}`},
		{"upload multipart", "POST", "/api/v1/bundle", mw.FormDataContentType(), form.String(), nil, 200, `{"applied":412,"duplicate":3}`},
		{"upload damaged", "POST", "/api/v1/bundle", "application/octet-stream", "bad", nil, 422, `"message":"import bundle: bundle is damaged or was altered"`},
		{"upload nothing", "POST", "/api/v1/bundle", "application/octet-stream", "", nil, 400, `"message":"bundle: choose a bundle file to upload"`},
	}
	for _, c := range cases {
		code, h, body := apiCall(t, tp, c.method, c.path, c.ctype, []byte(c.body), c.hdr...)
		if code != c.status || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: %d %s, want %d with %s", c.name, code, body, c.status, c.want)
		}
		if code == 200 && c.method == "GET" {
			if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=muster-"+tp.node.ID().Short()) || !strings.HasSuffix(cd, ".bundle") {
				t.Errorf("%s: Content-Disposition %q, want an attachment named muster-ID-TIME.bundle", c.name, cd)
			}
		}
	}
}

func TestBundleAPIExportFails(t *testing.T) {
	tp := newSyncPages(t)
	broken := errors.New("disk on fire")
	tp.pages.SetBundles(BundleHooks{
		Export: func(io.Writer, string) error { return broken },
		Import: fakeBundles.Import,
	})
	if code, h, body := apiCall(t, tp, "GET", "/api/v1/bundle", "", nil); code != http.StatusInternalServerError || h.Get("Content-Disposition") != "" || strings.Contains(string(body), "fire") {
		t.Errorf("export failing before writing: %d %v %s, want a plain 500 without the details", code, h, body)
	}
}
