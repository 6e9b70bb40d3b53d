package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
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
// CPU both processes used in that time and the receiver's peak resident
// memory. Without MUSTER_BENCH_FULL it runs a tenth of the workload.
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
	var elapsed, cpu time.Duration
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
		// Debug logging says when a round ends and what it brought.
		cmd := exec.Command(musterBin, "--data", dst, "--http", dstAddr, "--peer", srcAddr,
			"--log", "debug", "--mdns=false", "--gossip", "127.0.0.1:0")
		logs, err := cmd.StderrPipe()
		if err != nil {
			b.Fatal(err)
		}
		if path := os.Getenv("MUSTER_BENCH_LOG"); path != "" {
			// The receiver's log (with GODEBUG=gctrace=1, its collections)
			// is kept in a file as well.
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			logs = io.NopCloser(io.TeeReader(logs, f))
		}
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		if err := awaitReceived(logs, total); err != nil {
			stopMuster(cmd)
			b.Fatal(err)
		}
		if got := listed(b, dstAddr); got != people {
			stopMuster(cmd)
			b.Fatalf("the new node lists %d people after sync, want %d", got, people)
		}
		elapsed += time.Since(start)
		cpu += benchproc.CPU(b, srcCmd.Process.Pid) - cpu0 + benchproc.CPU(b, cmd.Process.Pid)
		b.StopTimer()
		peakKB = max(peakKB, benchproc.PeakRSSKB(b, cmd.Process.Pid))
		go io.Copy(io.Discard, logs)
		if got, want := opsOf(b, dstAddr), opsOf(b, srcAddr); got != want || got != uint64(total) {
			b.Fatalf("the new node holds %d ops, the loaded one %d, want %d", got, want, total)
		}
		stopMuster(cmd)
		b.StartTimer()
	}
	_ = t
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "indexed-ops/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/round")
	b.ReportMetric(float64(peakKB)/1024, "receiver-peak-rss-MB")
}

// loadRoster writes the roster workload into a store at dir, as ops of
// another device (a remote author), and closes it.
func loadRoster(b *testing.B, dir string, people, updates int) {
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	s := crdt.NewSigner(priv, 0, crdt.Hash{})
	w := workload.New(workload.Seed, people, updates)
	for ops := w.Next(1000); ops != nil; ops = w.Next(1000) {
		c, _, err := s.Seal(ops)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := n.Apply([]crdt.Chunk{c}); err != nil {
			b.Fatal(err)
		}
	}
}

var receivedOps = regexp.MustCompile(`msg=synced .*received_ops=(\d+)`)

// awaitReceived reads a node's debug log until its sync rounds have
// brought total ops, within two minutes.
func awaitReceived(logs io.Reader, total int) error {
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		got := 0
		for sc.Scan() {
			if m := receivedOps.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				if got += n; got >= total {
					done <- nil
					return
				}
			}
		}
		done <- fmt.Errorf("the node's log ended after %d of %d ops", got, total)
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
