package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"muster/internal/browsertest"
)

// browserEnv is a real muster process and a real headless Chromium, the
// way a person meets muster.
type browserEnv struct {
	t       *testing.T
	bin     string // the muster binary built for this run
	data    string
	addr    string
	base    string // http://addr
	shots   string // where screenshots go
	browser context.Context

	mu   sync.Mutex
	proc *exec.Cmd
	logs *syncBuffer
}

func newBrowserEnv(t *testing.T) *browserEnv {
	chrome := browsertest.ChromiumPath(t)
	tmp := t.TempDir()
	e := &browserEnv{t: t, bin: filepath.Join(tmp, "muster"), data: filepath.Join(tmp, "data"), shots: filepath.Join(tmp, "shots")}
	if d := os.Getenv("MUSTER_SCREENSHOTS"); d != "" {
		e.shots = d
	}
	if err := os.MkdirAll(e.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	e.build()
	e.addr = freeAddr(t)
	e.base = "http://" + e.addr
	e.startMuster()
	t.Cleanup(e.stopMuster)
	e.startBrowser(chrome)
	return e
}

// build compiles cmd/muster once for this run (without -race: the process
// under test is not what the race detector is watching here).
func (e *browserEnv) build() {
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", e.bin, "muster/cmd/muster") // the go that runs the tests is on PATH
	if out, err := cmd.CombinedOutput(); err != nil {
		e.t.Fatalf("go build cmd/muster: %v\n%s", err, out)
	}
	e.t.Logf("built muster in %v", time.Since(start).Round(time.Millisecond))
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startMuster runs the binary and waits until its API answers.
func (e *browserEnv) startMuster() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.logs = &syncBuffer{}
	cmd := exec.Command(e.bin, "--data", e.data, "--http", e.addr, "--mdns=false", "--gossip", "127.0.0.1:0") // loopback only
	cmd.Stdout, cmd.Stderr = e.logs, e.logs
	if err := cmd.Start(); err != nil {
		e.t.Fatalf("start muster: %v", err)
	}
	e.proc = cmd
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(e.base + "/api/v1/status")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("muster did not answer within 30s: %v\n%s", err, e.logs.String())
		}
		time.Sleep(20 * time.Millisecond) // polling the process with a deadline
	}
}

// stopMuster ends the process with SIGTERM, as a person's Ctrl-C would.
func (e *browserEnv) stopMuster() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.proc == nil {
		return
	}
	_ = e.proc.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- e.proc.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = e.proc.Process.Kill()
		<-done
		e.t.Errorf("muster did not stop within 10s of SIGTERM\n%s", e.logs.String())
	}
	e.proc = nil
}

func (e *browserEnv) startBrowser(chrome string) {
	e.browser = browsertest.Start(e.t, chrome, chromedp.WindowSize(1280, 900))
}

// tab opens a fresh tab, closed when the test ends; every action in it has
// a deadline.
func (e *browserEnv) tab(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Tab(t, e.browser, 60*time.Second)
}

// do runs browser steps and fails the test with the step's error.
func (e *browserEnv) do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, what, steps...)
}

// click, eval and waitJS are browsertest's, under short names.
var click = browsertest.Click

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return browsertest.Eval[T](t, ctx, js)
}

func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	browsertest.WaitJS(t, ctx, what, js, 15*time.Second)
}

// submit clicks a submit button and waits for the page the post leads to.
func (e *browserEnv) submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	browsertest.Submit(t, ctx, button, 15*time.Second)
}

// count returns how many entities a JSON list route holds.
func (e *browserEnv) count(t *testing.T, path, key string) int {
	t.Helper()
	res, err := http.Get(e.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]json.RawMessage
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	var items []json.RawMessage
	_ = json.Unmarshal(m[key], &items)
	return len(items)
}

// api sends a JSON request to the muster process.
func (e *browserEnv) api(t *testing.T, method, path, body string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	res.Body.Close()
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: status %d", method, path, res.StatusCode)
	}
}

// screenshot saves the page at width as shots/name-width.png.
func (e *browserEnv) screenshot(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	e.do(t, ctx, "set viewport", chromedp.EmulateViewport(width, 800))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(e.shots, fmt.Sprintf("%s-%d.png", name, width))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer collects the process's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
