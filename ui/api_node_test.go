package ui

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"muster/node"
)

func TestAPIStatusDigestSkills(t *testing.T) {
	a := newTestAPI(t)
	var before digestResponse
	a.must(http.StatusOK, "GET", "/api/v1/digest", nil, &before)
	a.createPerson(node.PersonPatch{Name: ptrTo("Dee"), Skills: &[]string{"sewing", "cooking"}})

	var after digestResponse
	a.must(http.StatusOK, "GET", "/api/v1/digest", nil, &after)
	if after.Digest == before.Digest || after.Digest == "" {
		t.Errorf("digest: got %q after a write, before %q: want a different non-empty digest", after.Digest, before.Digest)
	}
	if got, want := after.Digest, a.node.Digest().String(); got != want {
		t.Errorf("digest: got %q, want the node's %q", got, want)
	}

	var st node.Status
	a.must(http.StatusOK, "GET", "/api/v1/status", nil, &st)
	if got, want := st.NodeID, a.node.ID().String(); got != want {
		t.Errorf("node id: got %q, want %q", got, want)
	}
	if st.Ops == 0 || st.Vector[st.NodeID] == 0 {
		t.Errorf("status after one write: got ops %d vector %v, want both > 0", st.Ops, st.Vector)
	}

	var skills skillsResponse
	a.must(http.StatusOK, "GET", "/api/v1/skills", nil, &skills)
	if got, want := skills.Skills, []string{"cooking", "sewing"}; !slices.Equal(got, want) {
		t.Errorf("skills: got %v, want %v", got, want)
	}
}

func TestAPIUnknownRoute(t *testing.T) {
	a := newTestAPI(t)
	cases := []struct {
		method, path string
		wantStatus   int
		wantAllow    string
	}{
		{"GET", "/api/v1/nope", http.StatusNotFound, ""},
		{"GET", "/api/v2/people", http.StatusNotFound, ""},
		{"GET", "/api/v1/people/", http.StatusNotFound, ""},
		{"DELETE", "/api/v1/people", http.StatusMethodNotAllowed, "GET, POST"},
		{"PUT", "/api/v1/campaigns/abc", http.StatusMethodNotAllowed, "GET, PATCH, DELETE"},
	}
	for _, c := range cases {
		res := a.do(c.method, c.path, nil)
		if got, want := res.Status, c.wantStatus; got != want {
			t.Errorf("%s %s: got %d, want %d", c.method, c.path, got, want)
		}
		if got, want := res.Header.Get("Allow"), c.wantAllow; got != want {
			t.Errorf("%s %s: Allow: got %q, want %q", c.method, c.path, got, want)
		}
		if got, want := res.Header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
			t.Errorf("%s %s: Content-Type: got %q, want %q", c.method, c.path, got, want)
		}
		checkErrorBody(t, res.Body, "", "")
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	defer n.Close()
	s, err := New(DefaultConfig(), n)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/api/v1/digest")
	if err != nil {
		t.Fatalf("get digest: %v", err)
	}
	res.Body.Close()
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Errorf("digest: got %d, want %d", got, want)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: got %v, want nil after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after cancel")
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Errorf("dial after shutdown: got %v, want connection refused", err)
	}
}

func TestServerMount(t *testing.T) {
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	defer n.Close()
	s, err := New(Config{}, n)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	s.Mount("GET /sync/v1/stream", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/sync/v1/stream")
	if err != nil {
		t.Fatalf("get mounted route: %v", err)
	}
	res.Body.Close()
	if got, want := res.StatusCode, http.StatusTeapot; got != want {
		t.Errorf("mounted route: got %d, want %d", got, want)
	}
}
