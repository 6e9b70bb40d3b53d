package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
)

func runSub(t *testing.T, f func([]string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := f(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestInviteJoin(t *testing.T) {
	first, fresh, other := t.TempDir(), t.TempDir(), t.TempDir()
	code, out, stderr := runSub(t, runInvite, "--data", first, "--http", "127.0.0.1:1", "--addr", "192.168.1.5:7420")
	if code != 0 {
		t.Fatalf("invite: %d %s", code, stderr)
	}
	tm, err := team.Load(first)
	if err != nil {
		t.Fatalf("invite created no team: %v", err)
	}
	var joinCode string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "MUSTER-") {
			joinCode = l
		}
	}
	if joinCode == "" || !strings.Contains(out, "█") {
		t.Fatalf("invite printed no code or no QR code:\n%s", out)
	}
	// Flags after the code work too.
	if code, _, stderr := runSub(t, runJoin, joinCode, "--data", fresh); code != 0 {
		t.Fatalf("join: %d %s", code, stderr)
	}
	got, err := team.Load(fresh)
	if err != nil || !got.Equal(tm) {
		t.Fatalf("joined team = %v, %v; want the inviter's", got, err)
	}
	if peers, _ := team.LoadPeers(fresh); len(peers) != 1 || peers[0] != "192.168.1.5:7420" {
		t.Errorf("kept peers = %q", peers)
	}
	if code, _, _ := runSub(t, runJoin, "--data", fresh, joinCode); code != 0 {
		t.Error("joining the same team twice failed")
	}
	if _, err := team.Create(other); err != nil {
		t.Fatal(err)
	}
	// A node with a team of its own but no changes from other devices may
	// switch (TestJoinSwitchesOnlyASoloNode covers the refusal).
	if code, _, stderr := runSub(t, runJoin, "--data", other, joinCode); code != 0 {
		t.Errorf("join an empty node of another team = %d %q; want it to switch", code, stderr)
	}
	typo := joinCode[:len(joinCode)-2] + "AA"
	if typo == joinCode {
		typo = joinCode[:len(joinCode)-2] + "BB"
	}
	if code, _, stderr := runSub(t, runJoin, "--data", t.TempDir(), typo); code != 1 || !strings.Contains(stderr, "invalid join code") {
		t.Errorf("join with a typo = %d %q; want refused", code, stderr)
	}
	if code, _, _ := runSub(t, runJoin, "--data", t.TempDir()); code != 2 {
		t.Errorf("join without a code = %d, want 2", code)
	}
}

func TestStatusCommand(t *testing.T) {
	body := `{"node_id":"ab","ops":7,"vector":{"ab":7},"store_bytes":1,"rejected":0,"pending":0,"digest":"dd",
	"sync":{"sync_addr":"10.0.0.2:7420","team":"t1","applied":3,"peers":[
	 {"node":"0123456789abcdef","addr":"10.0.0.3:7420","source":"gossip","online":true,"behind":2,"ahead":5,"known":true}]}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/status" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().(*net.TCPAddr).String()
	code, out, stderr := runSub(t, runStatus, "--http", addr)
	if code != 0 {
		t.Fatalf("status: %d %s", code, stderr)
	}
	for _, want := range []string{"10.0.0.2:7420", "10.0.0.3:7420", "0123456789ab", "gossip", "yes", `{"ab":7}`} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runSub(t, runStatus, "--http", "127.0.0.1:1"); code != 1 {
		t.Errorf("status with no node = %d, want 1", code)
	}
}

// TestJoinSwitchesOnlyASoloNode: a node that has only its own changes may
// join another team; one holding changes from other devices may not.
func TestJoinSwitchesOnlyASoloNode(t *testing.T) {
	solo, other := t.TempDir(), t.TempDir()
	for _, dir := range []string{solo, other} {
		if _, err := team.Create(dir); err != nil {
			t.Fatal(err)
		}
		n, err := node.Open(node.Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		name := "mine"
		if _, err := n.CreatePerson(node.PersonPatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
		n.Close()
	}
	// other also holds a change from solo's device.
	a, _ := node.Open(node.Config{Dir: solo})
	var chunks []crdt.Chunk
	a.ReadLog(a.ID(), 1, func(c crdt.Chunk) error { chunks = append(chunks, c); return nil })
	a.Close()
	b, _ := node.Open(node.Config{Dir: other})
	if _, err := b.Apply(chunks); err != nil {
		t.Fatal(err)
	}
	b.Close()

	hq := t.TempDir()
	tm, err := team.Create(hq)
	if err != nil {
		t.Fatal(err)
	}
	code := tm.Invite(nil)
	var out, errOut bytes.Buffer
	if c := run([]string{"join", "--data", solo, code}, &out, &errOut); c != 0 {
		t.Fatalf("join a solo node: exit %d: %s", c, errOut.String())
	}
	if got, _ := team.Load(solo); !got.Equal(tm) {
		t.Errorf("solo node did not switch teams")
	}
	errOut.Reset()
	if c := run([]string{"join", "--data", other, code}, &out, &errOut); c == 0 || !strings.Contains(errOut.String(), "other devices") {
		t.Errorf("join a node with others' changes: exit %d: %s", c, errOut.String())
	}
}
