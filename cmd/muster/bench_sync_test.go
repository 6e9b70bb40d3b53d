package main

import (
	"bufio"
	"crypto/ed25519"
	crand "crypto/rand"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"muster/crdt"
	"muster/internal/benchproc"
	"muster/node"
	"muster/node/workload"
	"muster/sync/team"
)

// BenchmarkFullSyncProcesses is BenchmarkFullSync (package sync) as it
// runs on a field laptop: two muster processes on their own settings
// (memory limit, garbage collector), a loaded node and an empty one of the
// same team over loopback. The clock runs from starting the empty node
// until it has every op and its roster lists every person, so it includes
// the process start and the first dial (0.1-0.2 s). It also reports the
// CPU both processes used in that time, the sender's part of it, and the
// receiver's peak resident memory. Without MUSTER_BENCH_FULL it runs a tenth of the workload.
func BenchmarkFullSyncProcesses(b *testing.B) {
	people, updates := workload.People/10, workload.Updates/10
	if os.Getenv("MUSTER_BENCH_FULL") != "" {
		people, updates = workload.People, workload.Updates
	}
	total := people + updates
	src := b.TempDir()
	loadRoster(b, src, people, updates)
	t, err := team.LoadOrCreate(src)
	if err != nil {
		b.Fatal(err)
	}
	srcAddr := freeAddr(b)
	srcCmd := startMuster(b, src, srcAddr)
	defer stopMuster(srcCmd)
	if got := listed(b, srcAddr); got != people {
		b.Fatalf("the loaded node lists %d people, want %d", got, people)
	}
	var elapsed, cpu, sendCPU time.Duration
	var peakKB int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dst, dstAddr := b.TempDir(), freeAddr(b)
		raw, err := os.ReadFile(filepath.Join(src, team.FileName))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, team.FileName), raw, 0o600); err != nil {
			b.Fatal(err)
		}
		benchproc.Settle(b, srcCmd.Process.Pid)
		b.StartTimer()
		start, cpu0 := time.Now(), benchproc.CPU(b, srcCmd.Process.Pid)
		cmd, logs := startLogged(b, dst, dstAddr, "--peer", srcAddr)
		if err := awaitReceived(logs, total); err != nil {
			stopMuster(cmd)
			b.Fatal(err)
		}
		if got := listed(b, dstAddr); got != people {
			stopMuster(cmd)
			b.Fatalf("the new node lists %d people after sync, want %d", got, people)
		}
		elapsed += time.Since(start)
		sent := benchproc.CPU(b, srcCmd.Process.Pid) - cpu0
		cpu += sent + benchproc.CPU(b, cmd.Process.Pid)
		sendCPU += sent
		b.StopTimer()
		peakKB = max(peakKB, benchproc.PeakRSSKB(b, cmd.Process.Pid))
		if got, want := opsOf(b, dstAddr), opsOf(b, srcAddr); got != want || got != uint64(total) {
			b.Fatalf("the new node holds %d ops, the loaded one %d, want %d", got, want, total)
		}
		stopMuster(cmd)
		b.StartTimer()
	}
	_ = t
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "indexed-ops/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/round")
	b.ReportMetric(sendCPU.Seconds()/float64(b.N), "sender-cpu-s/round")
	b.ReportMetric(float64(peakKB)/1024, "receiver-peak-rss-MB")
}

// startLogged starts muster on dir with debug logging, which says when a
// round ends and what it brought, and returns its log. MUSTER_BENCH_LOG
// keeps a copy in a file (with GODEBUG=gctrace=1, the collections too).
func startLogged(b *testing.B, dir, addr string, extra ...string) (*exec.Cmd, io.Reader) {
	args := append([]string{"--data", dir, "--http", addr, "--log", "debug", "--mdns=false", "--gossip", "127.0.0.1:0"}, extra...)
	cmd := exec.Command(musterBin, args...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	var logs io.Reader = pipe
	if path := os.Getenv("MUSTER_BENCH_LOG"); path != "" {
		f, err := os.Create(path + "." + filepath.Base(dir))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		logs = io.TeeReader(pipe, f)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return cmd, logs
}

// BenchmarkReconcileProcesses is BenchmarkConcurrentReconcile (package
// sync) between two muster processes on their own settings: both hold the
// same 100,000 people, each has applied 100,000 different updates while
// apart (10% of them to the same field of the same person as the other),
// then the second starts with --peer the first. The clock runs from
// starting it until both have every op and list every person, so it
// includes its start (loading its roster index) and first dial. Without
// MUSTER_BENCH_FULL it runs a tenth of the workload.
func BenchmarkReconcileProcesses(b *testing.B) {
	people, updates := workload.People/10, workload.Updates/20
	if os.Getenv("MUSTER_BENCH_FULL") != "" {
		people, updates = workload.People, workload.Updates/2
	}
	golden := b.TempDir()
	a0, b0 := filepath.Join(golden, "a"), filepath.Join(golden, "b")
	loadRoster(b, a0, people, 0)
	if _, err := team.LoadOrCreate(a0); err != nil { // copied: one team
		b.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", "--sparse=always", a0, b0).CombinedOutput(); err != nil {
		b.Fatalf("copy the store: %v: %s", err, out)
	}
	// The copy is another device of the same team.
	if err := os.Remove(filepath.Join(b0, "device.key")); err != nil {
		b.Fatal(err)
	}
	ua, ub := apartUpdates(people, updates)
	applyOps(b, a0, ua)
	applyOps(b, b0, ub)
	total := uint64(people + 2*updates)
	var elapsed, cpu time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		da, db := filepath.Join(b.TempDir(), fmt.Sprint("a", i)), filepath.Join(b.TempDir(), fmt.Sprint("b", i))
		for _, cp := range [][2]string{{a0, da}, {b0, db}} {
			if out, err := exec.Command("cp", "-a", "--sparse=always", cp[0], cp[1]).CombinedOutput(); err != nil {
				b.Fatalf("copy the store: %v: %s", err, out)
			}
		}
		addrA, addrB := freeAddr(b), freeAddr(b)
		ca, logsA := startLogged(b, da, addrA)
		// Its log waits in the pipe (a few lines) until awaitReceived.
		awaitUp(b, addrA)
		if got := listed(b, addrA); got != people {
			b.Fatalf("the first node lists %d people, want %d", got, people)
		}
		benchproc.Settle(b, ca.Process.Pid)
		b.StartTimer()
		start, cpu0 := time.Now(), benchproc.CPU(b, ca.Process.Pid)
		cb, logsB := startLogged(b, db, addrB, "--peer", addrA)
		errs := make(chan error, 2)
		go func() { errs <- awaitReceived(logsA, updates) }()
		go func() { errs <- awaitReceived(logsB, updates) }()
		for range 2 {
			if err := <-errs; err != nil {
				stopMuster(cb)
				stopMuster(ca)
				b.Fatal(err)
			}
		}
		if listed(b, addrA) != people || listed(b, addrB) != people {
			b.Fatal("a node lists fewer people after reconcile")
		}
		elapsed += time.Since(start)
		cpu += benchproc.CPU(b, ca.Process.Pid) - cpu0 + benchproc.CPU(b, cb.Process.Pid)
		b.StopTimer()
		if oa, ob := opsOf(b, addrA), opsOf(b, addrB); oa != total || ob != total {
			b.Fatalf("after reconcile the nodes hold %d and %d ops, want %d", oa, ob, total)
		}
		if da, db := digestOf(b, addrA), digestOf(b, addrB); da != db {
			b.Fatalf("after reconcile the digests differ: %s, %s", da, db)
		}
		stopMuster(cb)
		stopMuster(ca)
		b.StartTimer()
	}
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/reconcile+index")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/round")
}

// apartUpdates are the updates two nodes make while apart: one field of a
// random person each; every tenth pair sets the same field of the same
// person on both sides (a conflict), the others different fields.
func apartUpdates(people, updates int) (a, b []crdt.Op) {
	rng := rand.New(rand.NewPCG(workload.Seed, 2))
	id := func() string { return fmt.Sprintf("p%07d", rng.IntN(people)) }
	for i := range updates {
		if i%10 == 0 {
			p := id()
			a = append(a, crdt.Op{Type: "person", ID: p, Set: map[string]any{"status": "deployed"}})
			b = append(b, crdt.Op{Type: "person", ID: p, Set: map[string]any{"status": "off"}})
			continue
		}
		a = append(a, crdt.Op{Type: "person", ID: id(), Set: map[string]any{"notes": fmt.Sprint("A side note ", i)}})
		b = append(b, crdt.Op{Type: "person", ID: id(), Set: map[string]any{"phone": fmt.Sprintf("+1 555 %07d", i)}})
	}
	return a, b
}

// applyOps opens the store at dir and applies ops there as another
// device's (a remote author, as a sync would bring them), 1,000 a chunk,
// stamped now.
func applyOps(b *testing.B, dir string, ops []crdt.Op) {
	now := crdt.MakeTimestamp(time.Now(), 0)
	for i := range ops {
		ops[i].Time = now + crdt.Timestamp(i)
	}
	applySigned(b, dir, func() []crdt.Op {
		k := min(1000, len(ops))
		if k == 0 {
			return nil
		}
		next := ops[:k]
		ops = ops[k:]
		return next
	})
}

// applySigned opens the store at dir, applies the ops next yields (until
// nil) as one new device's, a chunk each time, and closes the store.
func applySigned(b *testing.B, dir string, next func() []crdt.Op) {
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	_, priv, err := ed25519.GenerateKey(crand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	s := crdt.NewSigner(priv, 0, crdt.Hash{})
	for ops := next(); ops != nil; ops = next() {
		c, _, err := s.Seal(ops)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := n.Apply([]crdt.Chunk{c}); err != nil {
			b.Fatal(err)
		}
	}
}

// awaitUp waits until a node started with startLogged answers, for up
// to 30 s.
func awaitUp(b *testing.B, addr string) {
	waitFor(b, 30*time.Second, "muster on "+addr+" answers", func() bool {
		resp, err := http.Get("http://" + addr + "/api/v1/people?limit=1")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
}

// digestOf is a node's state digest.
func digestOf(tb testing.TB, addr string) string {
	var d struct {
		Digest string `json:"digest"`
	}
	getJSON(tb, "http://"+addr+"/api/v1/digest", &d)
	return d.Digest
}

// loadRoster writes the roster workload into a store at dir, as ops of
// another device (a remote author), and closes it.
func loadRoster(b *testing.B, dir string, people, updates int) {
	w := workload.New(workload.Seed, people, updates)
	applySigned(b, dir, func() []crdt.Op { return w.Next(1000) })
}

var receivedOps = regexp.MustCompile(`msg=synced .*received_ops=(\d+)`)

// awaitReceived reads a node's debug log until its sync rounds have
// brought total ops, within two minutes; it goes on reading (and
// dropping) the log until the node ends.
func awaitReceived(logs io.Reader, total int) error {
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		got := 0
		for sc.Scan() {
			if m := receivedOps.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				if got += n; got >= total && got-n < total {
					done <- nil // and read on: a full pipe would stop the node
				}
			}
		}
		if got < total {
			done <- fmt.Errorf("the node's log ended after %d of %d ops", got, total)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("no full sync within two minutes")
	}
}

// listed is how many people a node's roster lists (the query waits for
// the roster index to catch up).
func listed(tb testing.TB, addr string) int {
	var page struct {
		Total int `json:"total"`
	}
	getJSON(tb, "http://"+addr+"/api/v1/people?limit=1", &page)
	return page.Total
}

// opsOf is how many ops a node holds.
func opsOf(tb testing.TB, addr string) uint64 {
	var st node.Status
	getJSON(tb, "http://"+addr+"/api/v1/status", &st)
	return st.Ops
}

func stopMuster(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
}
