package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMShutsDownCleanly: muster prints where its data is, exits 0 on
// SIGTERM, and its data is there at the next start.
func TestSIGTERMShutsDownCleanly(t *testing.T) {
	data, addr := filepath.Join(t.TempDir(), "fresh", "data"), freeAddr(t)
	cmd := startMuster(t, data, addr)
	resp, err := http.Post("http://"+addr+"/api/v1/people", "application/json", strings.NewReader(`{"name":"Ada"}`))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("muster did not exit within 20s of SIGTERM")
	}
	if out := cmd.Stdout.(*bytes.Buffer).String(); !strings.Contains(out, data) {
		t.Errorf("start-up output does not name the data directory %s:\n%s", data, out)
	}
	cmd = startMuster(t, data, addr)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	resp, err = http.Get("http://" + addr + "/api/v1/people?q=ada")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&page)
	if page.Total != 1 {
		t.Errorf("after restart: %d people named Ada, want 1", page.Total)
	}
}

func TestHelpListsEveryFlagAndEnv(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--help"}, &out, &errOut); code != 0 {
		t.Fatalf("muster --help exited %d", code)
	}
	help := errOut.String() + out.String()
	for _, want := range []string{"-data", "MUSTER_DATA", "-http", "MUSTER_HTTP", "-fsync", "MUSTER_FSYNC", "-memory-limit", "MUSTER_MEMORY_LIMIT", "invite", "join", "status", "bundle"} {
		if !strings.Contains(help, want) {
			t.Errorf("help does not mention %q:\n%s", want, help)
		}
	}
}

// TestMemoryLimit: --memory-limit sets a soft limit in MiB unless it is 0
// or GOMEMLIMIT already set one.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		mib  int
		env  string
		want int64
		ok   bool
	}{
		{140, "", 140 << 20, true},
		{0, "", 0, false},
		{140, "1GiB", 0, false},
	} {
		if got, ok := memoryLimit(c.mib, c.env); got != c.want || ok != c.ok {
			t.Errorf("memoryLimit(%d, %q) = %d, %v; want %d, %v", c.mib, c.env, got, ok, c.want, c.ok)
		}
	}
}
