package team

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCreateLoadSave(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); !errors.Is(err, ErrNoTeam) {
		t.Fatalf("Load(empty) = %v, want ErrNoTeam", err)
	}
	tm, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tm.ID), 32; got != want {
		t.Fatalf("len(ID) = %d, want %d", got, want)
	}
	st, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("mode = %v, want %v", got, want)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(tm) {
		t.Errorf("Load = %+v, want %+v", back, tm)
	}
	if _, err := Create(dir); err == nil {
		t.Error("Create over an existing team succeeded")
	}
	again, err := LoadOrCreate(dir)
	if err != nil || !again.Equal(tm) {
		t.Errorf("LoadOrCreate = %v, %v; want the saved team", again, err)
	}
}

func TestLoadBad(t *testing.T) {
	cases := []struct{ name, body string }{
		{"not json", "{"},
		{"short secret", `{"id":"00112233445566778899aabbccddeeff","secret":"00"}`},
		{"bad id", `{"id":"zz","secret":"` + strings.Repeat("00", 32) + `"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(dir); !errors.Is(err, ErrBadTeam) {
				t.Errorf("Load = %v, want ErrBadTeam", err)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	a, _ := New()
	b, _ := New()
	if bytes.Equal(a.Key("memberlist"), a.Key("stream")) {
		t.Error("two purposes share a key")
	}
	if bytes.Equal(a.Key("stream"), b.Key("stream")) {
		t.Error("two teams share a key")
	}
	if got, want := len(a.Key("x")), 32; got != want {
		t.Errorf("len(Key) = %d, want %d", got, want)
	}
	if !bytes.Equal(a.Key("stream"), a.Key("stream")) {
		t.Error("Key is not deterministic")
	}
	if a.IDHash() == b.IDHash() || len(a.IDHash()) != 16 || strings.Contains(a.IDHash(), a.ID) {
		t.Errorf("IDHash = %q", a.IDHash())
	}
}

func TestInviteRoundTrip(t *testing.T) {
	tm, _ := New()
	long := strings.Repeat("x", MaxAddrLen+1)
	cases := []struct {
		name  string
		addrs []string
		want  []string
	}{
		{"none", nil, nil},
		{"two", []string{"192.168.1.4:7420", "[fe80::1]:7420"}, []string{"192.168.1.4:7420", "[fe80::1]:7420"}},
		{"too long dropped", []string{long, "10.0.0.1:1"}, []string{"10.0.0.1:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code := tm.Invite(c.addrs)
			inv, err := ParseInvite(code)
			if err != nil {
				t.Fatal(err)
			}
			if !inv.Team.Equal(tm) {
				t.Errorf("team = %+v, want %+v", inv.Team, tm)
			}
			if !slices.Equal(inv.Addrs, c.want) {
				t.Errorf("addrs = %q, want %q", inv.Addrs, c.want)
			}
			// Case, spaces and dashes do not matter.
			loose := strings.ToLower(code[:20]) + " " + code[20:40] + "-" + code[40:]
			if inv2, err := ParseInvite(loose); err != nil || !inv2.Team.Equal(tm) {
				t.Errorf("ParseInvite(loose) = %v", err)
			}
		})
	}
}

func TestInviteTypos(t *testing.T) {
	tm, _ := New()
	code := tm.Invite([]string{"10.1.2.3:7420"})
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for i := len(invitePrefix); i < len(code); i++ {
		for _, r := range []byte{alphabet[(strings.IndexByte(alphabet, code[i])+1)%32]} {
			typo := code[:i] + string(r) + code[i+1:]
			if _, err := ParseInvite(typo); !errors.Is(err, ErrBadInvite) {
				t.Fatalf("typo at %d accepted: %v", i, err)
			}
		}
	}
	for _, bad := range []string{"", "MUSTER-", "HELLO", "MUSTER-!!!", code[:len(code)-3]} {
		if _, err := ParseInvite(bad); !errors.Is(err, ErrBadInvite) {
			t.Errorf("ParseInvite(%q) = %v, want ErrBadInvite", bad, err)
		}
	}
}

func FuzzParseInvite(f *testing.F) {
	tm := &Team{ID: "00112233445566778899aabbccddeeff"}
	f.Add(tm.Invite(nil))
	f.Add(tm.Invite([]string{"127.0.0.1:7420", "host:1"}))
	f.Add("MUSTER-AAAA")
	f.Fuzz(func(t *testing.T, code string) {
		inv, err := ParseInvite(code)
		if err != nil {
			return
		}
		again, err := ParseInvite(inv.Team.Invite(inv.Addrs))
		if err != nil || !again.Team.Equal(&inv.Team) || !slices.Equal(again.Addrs, inv.Addrs) {
			t.Fatalf("round trip of %q: %v", code, err)
		}
	})
}

func TestPeers(t *testing.T) {
	dir := t.TempDir()
	if got, err := LoadPeers(dir); err != nil || got != nil {
		t.Fatalf("LoadPeers(empty) = %q, %v", got, err)
	}
	if err := SavePeers(dir, []string{"a:1", "b:2"}); err != nil {
		t.Fatal(err)
	}
	if err := SavePeers(dir, []string{"b:2", "c:3"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadPeers(dir); !slices.Equal(got, []string{"a:1", "b:2", "c:3"}) {
		t.Errorf("LoadPeers = %q", got)
	}
}
