package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	stdsync "sync"
	"syscall"
	"testing"
	"time"
)

var musterBin string

func TestMain(m *testing.M) {
	// MUSTER_BENCH_BIN runs the tests and benchmarks against a muster
	// binary built before, so that two builds can be compared in
	// interleaved runs.
	if bin := os.Getenv("MUSTER_BENCH_BIN"); bin != "" {
		musterBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "muster-bin")
	if err != nil {
		panic(err)
	}
	musterBin = filepath.Join(dir, "muster")
	if out, err := exec.Command("go", "build", "-o", musterBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build muster: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startMuster starts a real muster process and waits until its API answers.
func startMuster(t testing.TB, data, addr string) *exec.Cmd {
	t.Helper()
	// Loopback only: no mDNS on the host's interfaces, gossip on loopback.
	cmd := exec.Command(musterBin, "--data", data, "--http", addr, "--log", "warn", "--mdns=false", "--gossip", "127.0.0.1:0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		resp, err := http.Get("http://" + addr + "/api/v1/status")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("muster did not answer within 30s; output:\n%s", out.String())
		}
	}
	return cmd
}

type acked struct {
	id, name, notes string
}

// TestCrashKeepsAcknowledgedWrites kills muster with SIGKILL at random
// moments while writers create and update people, then restarts it and
// checks that every write that got a 2xx is there and the store opens.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	cycles := 50
	if testing.Short() {
		cycles = 5
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	data, addr := t.TempDir(), freeAddr(t)
	var mu stdsync.Mutex
	all := map[string]acked{}  // id -> last acknowledged state
	prev := map[string]acked{} // the last cycle's writes
	for cycle := 0; cycle < cycles; cycle++ {
		// The store must open after every kill and hold every write that
		// was acknowledged before it.
		cmd := startMuster(t, data, addr)
		verify(t, addr, prev, cycle)
		got := map[string]acked{}
		stop := make(chan struct{})
		var wg stdsync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Go(func() { writer(addr, fmt.Sprintf("c%d-w%d", cycle, w), stop, &mu, got) })
		}
		<-time.After(time.Duration(20+rng.Intn(300)) * time.Millisecond) // the random moment of the crash
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		close(stop)
		wg.Wait()
		for id, a := range got {
			all[id] = a
		}
		prev = got
	}
	cmd := startMuster(t, data, addr)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	verify(t, addr, all, cycles)
	t.Logf("%d kill -9 cycles, %d acknowledged people all present", cycles, len(all))
	if len(all) < cycles {
		t.Errorf("only %d acknowledged writes over %d cycles: the writers did not get through", len(all), cycles)
	}
}

// writer creates a person, then updates it, again and again, recording
// each write that was acknowledged.
func writer(addr, tag string, stop chan struct{}, mu *stdsync.Mutex, got map[string]acked) {
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		name := fmt.Sprintf("%s-%d", tag, i)
		body, _ := json.Marshal(map[string]any{"name": name, "skills": []string{"crash"}})
		resp, err := client.Post("http://"+addr+"/api/v1/people", "application/json", bytes.NewReader(body))
		if err != nil {
			continue // killed: not acknowledged
		}
		var p struct{ ID string }
		err = json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusCreated {
			continue
		}
		mu.Lock()
		got[p.ID] = acked{id: p.ID, name: name}
		mu.Unlock()
		notes := name + "-updated"
		req, _ := http.NewRequest(http.MethodPatch, "http://"+addr+"/api/v1/people/"+p.ID, bytes.NewReader([]byte(`{"notes":"`+notes+`"}`)))
		req.Header.Set("Content-Type", "application/json")
		resp, err = client.Do(req)
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			mu.Lock()
			got[p.ID] = acked{id: p.ID, name: name, notes: notes}
			mu.Unlock()
		}
	}
}

func verify(t *testing.T, addr string, got map[string]acked, cycle int) {
	t.Helper()
	for id, want := range got {
		resp, err := http.Get("http://" + addr + "/api/v1/people/" + id)
		if err != nil {
			t.Fatalf("cycle %d: get %s: %v", cycle, id, err)
		}
		var p struct{ Name, Notes string }
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("cycle %d: acknowledged person %s lost: status %d", cycle, id, resp.StatusCode)
		}
		if p.Name != want.name || (want.notes != "" && p.Notes != want.notes) {
			t.Fatalf("cycle %d: person %s = %+v, want %+v", cycle, id, p, want)
		}
	}
}
