package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

func startMusterArgs(t *testing.T, data, addr string, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(musterBin, append([]string{"--data", data, "--http", addr, "--log", "warn", "--gossip", "127.0.0.1:0", "--mdns=false"}, extra...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, 30*time.Second, "muster answers on "+addr, func() bool {
		resp, err := http.Get("http://" + addr + "/api/v1/status")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return cmd
}

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting until %s", d, what)
		}
		<-tick.C
	}
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func total(t *testing.T, addr, q string) int {
	var page struct{ Total int }
	getJSON(t, "http://"+addr+"/api/v1/people?q="+q, &page)
	return page.Total
}

// TestTwoProcessesSync: a node joined with `muster join` and pointed at
// another by --peer gets its writes, and the other gets its own; a bundle
// downloaded from one imports into the other as duplicates; a damaged one
// is refused with nothing changed.
func TestTwoProcessesSync(t *testing.T) {
	dataA, dataB := t.TempDir(), t.TempDir()
	addrA, addrB := freeAddr(t), freeAddr(t)
	startMusterArgs(t, dataA, addrA)
	var out, errOut bytes.Buffer
	if code := run([]string{"invite", "--data", dataA, "--http", addrA}, &out, &errOut); code != 0 {
		t.Fatalf("invite: %d %s", code, errOut.String())
	}
	code := regexp.MustCompile(`MUSTER-[A-Z0-9]+`).FindString(out.String())
	if code == "" {
		t.Fatalf("no join code in:\n%s", out.String())
	}
	if c := run([]string{"join", "--data", dataB, code}, &out, &errOut); c != 0 {
		t.Fatalf("join: %d %s", c, errOut.String())
	}
	startMusterArgs(t, dataB, addrB, "--peer", addrA)

	post(t, addrA, `{"name":"Written On A"}`)
	waitFor(t, 10*time.Second, "B has A's write", func() bool { return total(t, addrB, "written") == 1 })
	post(t, addrB, `{"name":"Back From B"}`)
	waitFor(t, 10*time.Second, "A has B's write", func() bool { return total(t, addrA, "back") == 1 })
	var sa, sb struct{ Digest string }
	waitFor(t, 10*time.Second, "equal digests", func() bool {
		getJSON(t, "http://"+addrA+"/api/v1/status", &sa)
		getJSON(t, "http://"+addrB+"/api/v1/status", &sb)
		return sa.Digest == sb.Digest
	})

	resp, err := http.Get("http://" + addrA + "/api/v1/bundle")
	if err != nil {
		t.Fatal(err)
	}
	file, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".bundle") {
		t.Fatalf("download: %d %v", resp.StatusCode, resp.Header)
	}
	var res struct{ Applied, Duplicate int }
	upload(t, addrB, file, http.StatusOK, &res)
	if res.Applied != 0 || res.Duplicate != 2 {
		t.Errorf("import of what B holds = %+v, want 2 duplicates", res)
	}
	damaged := append([]byte(nil), file...)
	damaged[len(damaged)/2] ^= 0xff
	upload(t, addrB, damaged, http.StatusUnprocessableEntity, nil)
	getJSON(t, "http://"+addrB+"/api/v1/status", &sb)
	if sb.Digest != sa.Digest {
		t.Errorf("a damaged bundle changed B")
	}
}

func post(t *testing.T, addr, body string) {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/api/v1/people", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create on %s: %v %v", addr, resp, err)
	}
	resp.Body.Close()
}

func upload(t *testing.T, addr string, file []byte, want int, v any) {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/api/v1/bundle", "application/octet-stream", bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("upload: status %d, want %d: %s", resp.StatusCode, want, b)
	}
	if v != nil {
		json.NewDecoder(resp.Body).Decode(v)
	}
}
