package ui

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"muster/node"
)

// testAPI is a real node behind a real HTTP server on loopback.
type testAPI struct {
	t    *testing.T
	node *node.Node
	srv  *httptest.Server
}

func newTestAPI(t *testing.T) *testAPI {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	s, err := New(Config{}, n)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &testAPI{t: t, node: n, srv: srv}
}

// response is what a request got back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends body (nil for none) as JSON.
func (a *testAPI) do(method, path string, body []byte) response {
	a.t.Helper()
	return a.doType(method, path, "application/json", body)
}

func (a *testAPI) doType(method, path, contentType string, body []byte) response {
	a.t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		a.t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatalf("read %s %s: %v", method, path, err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// must sends a request that must answer want, and decodes the body into out
// (if not nil).
func (a *testAPI) must(want int, method, path string, body any, out any) response {
	a.t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			a.t.Fatalf("marshal: %v", err)
		}
	}
	res := a.do(method, path, b)
	if res.Status != want {
		a.t.Fatalf("%s %s: got status %d, want %d; body %s", method, path, res.Status, want, res.Body)
	}
	if out != nil {
		if err := json.Unmarshal(res.Body, out); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", method, path, res.Body, err)
		}
	}
	return res
}

// createPerson adds a person through the API.
func (a *testAPI) createPerson(p node.PersonPatch) node.Person {
	a.t.Helper()
	var got node.Person
	a.must(http.StatusCreated, "POST", "/api/v1/people", p, &got)
	return got
}

func (a *testAPI) createCampaign(p node.CampaignPatch) node.Campaign {
	a.t.Helper()
	var got node.Campaign
	a.must(http.StatusCreated, "POST", "/api/v1/campaigns", p, &got)
	return got
}

// snapshot is everything a refused request must leave unchanged.
type snapshot struct {
	Digest    string
	Ops       uint64
	People    string
	Campaigns string
}

func (a *testAPI) snapshot() snapshot {
	a.t.Helper()
	people := a.must(http.StatusOK, "GET", "/api/v1/people?limit=500", nil, nil)
	campaigns := a.must(http.StatusOK, "GET", "/api/v1/campaigns", nil, nil)
	return snapshot{
		Digest:    a.node.Digest().String(),
		Ops:       a.node.Status().Ops,
		People:    string(people.Body),
		Campaigns: string(campaigns.Body),
	}
}

func ptrTo[T any](v T) *T { return &v }
