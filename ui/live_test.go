package ui

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"muster/node"
)

// TestLiveSocketPushesChanges: a write on the node reaches a connected
// websocket as one coalesced "changed" message naming the entity.
func TestLiveSocketPushesChanges(t *testing.T) {
	tp := newTestPages(t)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(tp.srv.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer ws.Close()
	waitClients(t, tp.pages.hub, 1)
	var hello liveMsg
	if err := ws.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		t.Fatalf("first message = %+v, %v; want hello", hello, err)
	}
	var ids []string
	for _, name := range []string{"Eve", "Fay", "Gus"} {
		ids = append(ids, tp.person(t, name, node.PersonPatch{}).ID)
	}
	seen := map[string]bool{}
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(seen) < len(ids) {
		_, b, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v (seen %v)", err, seen)
		}
		var m liveMsg
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if m.Type != "changed" || !strings.Contains(strings.Join(m.Types, " "), node.TypePerson) {
			t.Fatalf("message %s, want changed with type person", b)
		}
		for _, r := range m.Refs {
			seen[r.ID] = true
		}
	}
}

// TestLiveSocketRefusesOtherOrigins: another web site cannot listen.
func TestLiveSocketRefusesOtherOrigins(t *testing.T) {
	tp := newTestPages(t)
	hdr := map[string][]string{"Origin": {"http://evil.example"}}
	_, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(tp.srv.URL, "http")+"/ws", hdr)
	if err == nil {
		t.Fatalf("dial from another origin succeeded")
	}
	if res == nil || res.StatusCode != 403 {
		t.Errorf("status = %v, want 403", res)
	}
}

// TestHubStopsWhenIdle: the feed subscription lives only while pages are
// connected, and Close drops every page.
func TestHubStopsWhenIdle(t *testing.T) {
	tp := newTestPages(t)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(tp.srv.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	waitClients(t, tp.pages.hub, 1)
	tp.pages.Close()
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	err = nil
	for err == nil { // the hello, then the close
		_, _, err = ws.ReadMessage()
	}
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("after Close: %v, want close going away", err)
	}
	waitClients(t, tp.pages.hub, 0)
	tp.pages.hub.mu.Lock()
	running := tp.pages.hub.stop != nil
	tp.pages.hub.mu.Unlock()
	if running {
		t.Errorf("pump still running with no page connected")
	}
}

func waitClients(t *testing.T, h *hub, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		n := len(h.clients)
		h.mu.Unlock()
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("clients = %d, want %d", n, want)
		}
		time.Sleep(5 * time.Millisecond) // polling with a deadline
	}
}

func TestEncodeLive(t *testing.T) {
	p := func(id string) node.Ref { return node.Ref{Type: node.TypePerson, ID: id} }
	c := node.Ref{Type: node.TypeCampaign, ID: "c1"}
	many := map[node.Ref]struct{}{}
	for i := range liveMaxRefs + 1 {
		many[p(strconv.Itoa(i))] = struct{}{}
	}
	cases := []struct {
		name string
		refs map[node.Ref]struct{}
		all  bool
		want string
	}{
		{"one person", map[node.Ref]struct{}{p("a"): {}}, false, `{"type":"changed","types":["person"],"refs":[{"type":"person","id":"a"}]}`},
		{"lagged", map[node.Ref]struct{}{c: {}}, true, `{"type":"changed","types":["*","campaign"],"refs":[{"type":"campaign","id":"c1"}]}`},
		{"too many refs", many, false, `{"type":"changed","types":["person"]}`},
		{"lagged, nothing known", nil, true, `{"type":"changed","types":["*"]}`},
	}
	for _, tc := range cases {
		if got := string(encodeLive(tc.refs, tc.all)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}
