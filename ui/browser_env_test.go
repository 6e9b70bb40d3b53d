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
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
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

// chromiumPath finds the browser; on CI its absence fails the run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("MUSTER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found (set MUSTER_CHROMIUM): browser tests must run on CI")
	}
	t.Skip("chromium not found: install chromium (or set MUSTER_CHROMIUM) to run the browser tests")
	return ""
}

func newBrowserEnv(t *testing.T) *browserEnv {
	chrome := chromiumPath(t)
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
	e.startBrowser(chrome, filepath.Join(tmp, "chrome-profile"))
	return e
}

// build compiles cmd/muster once for this run (without -race: the process
// under test is not what the race detector is watching here).
func (e *browserEnv) build() {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	start := time.Now()
	cmd := exec.Command(goBin, "build", "-o", e.bin, "muster/cmd/muster")
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

func (e *browserEnv) startBrowser(chrome, profile string) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome), chromedp.UserDataDir(profile),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	e.t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil { // starts the browser
		e.t.Fatalf("start chromium: %v", err)
	}
	e.browser = browser
}

// tab opens a fresh tab, closed when the test ends; every action in it has
// a deadline.
func (e *browserEnv) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelT(); cancel() })
	return ctx
}

// do runs browser steps and fails the test with the step's error.
func (e *browserEnv) do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// click clicks the first element matching the CSS selector sel. A live
// update may replace the element between chromedp finding it and clicking
// it ("Could not find node with given id"); then it finds it again, as a
// person would tap the button they now see.
func click(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for try := 1; ; try++ {
			_, err := chromedp.Click(chromedp.CSS(sel))(ctx, tg)
			if err == nil || try == 5 || !staleNode(err) {
				return chromedp.Void{}, err
			}
		}
	}
}

// staleNode reports whether err says an element chromedp held is gone.
func staleNode(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Could not find node with given id") || strings.Contains(s, "No node with given id") || strings.Contains(s, "Node is detached")
}

// eval evaluates JavaScript and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("eval %q: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript condition until it is true or the deadline
// passes. Unlike chromedp.Poll it survives the page navigating meanwhile
// (a form post), which is the point: it waits for the next page.
func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %q not true within 15s (last error: %v)", what, js, err)
		}
		time.Sleep(20 * time.Millisecond) // polling the page with a deadline
	}
}

// submit clicks a submit button and waits for the page the post leads to.
func (e *browserEnv) submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	e.do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.__before = true`))
	// Wait for the next page's load event, so that chromedp's view of the
	// document is the new one before the next query.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, click(button))); err != nil {
		t.Fatalf("submit %s: %v", button, err)
	}
	waitJS(t, ctx, "submit "+button, `!window.__before && document.readyState === "complete"`)
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
