package node

import (
	"crypto/ed25519"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"muster/crdt"
	"muster/node/workload"
)

// benchRoster is the roster workload, scaled down by MUSTER_BENCH_SCALE
// (a divisor: 10 gives 10,000 people and 20,000 updates) for quick runs.
func benchRoster() *workload.Roster {
	scale, _ := strconv.Atoi(os.Getenv("MUSTER_BENCH_SCALE"))
	if scale < 1 {
		scale = 1
	}
	return workload.New(workload.Seed, workload.People/scale, workload.Updates/scale)
}

// cpuTime is the CPU time (user + system) this process has used: a
// figure that stays honest when other processes share the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssSampler records the peak anonymous and file-backed resident memory
// while a benchmark runs (VmHWM lumps them together; Badger's mmapped
// files count as file-backed and are given back under memory pressure).
type rssSampler struct {
	stop       chan struct{}
	done       chan struct{}
	anon, file float64
}

func sampleRSS() *rssSampler {
	r := &rssSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			a, f := rssParts()
			r.anon, r.file = max(r.anon, a), max(r.file, f)
			select {
			case <-r.stop:
				return
			case <-t.C:
			}
		}
	}()
	return r
}

func (r *rssSampler) report(b *testing.B) {
	close(r.stop)
	<-r.done
	b.ReportMetric(r.anon, "peak-anon-MB")
	b.ReportMetric(r.file, "peak-file-MB")
}

func rssParts() (anon, file float64) {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "RssAnon:":
			anon = kb / 1024
		case "RssFile:", "RssShmem:":
			file += kb / 1024
		}
	}
	return anon, file
}

// peakRSSMB reads the process's peak resident set size (VmHWM).
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

const benchBatch = 1000

// asBinary gives the runtime the soft memory limit the muster binary sets
// (DefaultMemoryLimitMB), so that peak memory is what a running muster
// shows; it returns the undo.
func asBinary() func() {
	old := debug.SetMemoryLimit(DefaultMemoryLimitMB << 20)
	return func() { debug.SetMemoryLimit(old) }
}

// BenchmarkIngestLocal writes the roster workload through the local write
// path: stamp, sign (one signature per 1,000-op chunk), apply, commit.
func BenchmarkIngestLocal(b *testing.B) {
	defer asBinary()()
	rss := sampleRSS()
	defer rss.report(b)
	var ops int
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		n := openTest(b, b.TempDir())
		w := benchRoster()
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		for batch := w.Next(benchBatch); batch != nil; batch = w.Next(benchBatch) {
			n.wmu.Lock()
			err := n.sealAndApply(batch)
			n.wmu.Unlock()
			if err != nil {
				b.Fatal(err)
			}
		}
		n.people.wait() // indexed too
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		ops += w.Len()
		b.StopTimer()
		if got := n.Status().Ops; got != uint64(w.Len()) {
			b.Fatalf("ops = %d, want %d", got, w.Len())
		}
		n.Close()
	}
	b.ReportMetric(float64(ops)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(ops), "cpu-µs/op")
	b.ReportMetric(peakRSSMB(), "peak-rss-MB")
}

// BenchmarkIngestRemote applies the workload as signed chunks from another
// device: verify (hash chain + one signature per chunk), apply, commit.
// Making the chunks is the sender's work and is not timed.
func BenchmarkIngestRemote(b *testing.B) {
	defer asBinary()()
	rss := sampleRSS()
	defer rss.report(b)
	var ops int
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		n := openTest(b, b.TempDir())
		w := benchRoster()
		sealed(b, w, func(c crdt.Chunk) {
			b.StartTimer()
			start, cpu0 := time.Now(), cpuTime()
			_, err := n.Apply([]crdt.Chunk{c})
			if w.Done() == w.Len() {
				n.people.wait() // indexed too
			}
			elapsed += time.Since(start)
			cpu += cpuTime() - cpu0
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
		})
		ops += w.Len()
		if got := n.Status().Ops; got != uint64(w.Len()) {
			b.Fatalf("ops = %d, want %d", got, w.Len())
		}
		n.Close()
	}
	b.ReportMetric(float64(ops)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(ops), "cpu-µs/op")
	b.ReportMetric(peakRSSMB(), "peak-rss-MB")
}

// sealed hands f the workload's ops in signed chunks of benchBatch, one
// author, stamped as they are made.
func sealed(b *testing.B, w *workload.Roster, f func(crdt.Chunk)) {
	signer := crdt.NewSigner(ed25519.NewKeyFromSeed(make([]byte, 32)), 0, crdt.Hash{})
	var clock crdt.Clock
	for batch := w.Next(benchBatch); batch != nil; batch = w.Next(benchBatch) {
		for j := range batch {
			batch[j].Time = clock.Now(time.Now())
		}
		c, _, err := signer.Seal(batch)
		if err != nil {
			b.Fatal(err)
		}
		f(c)
	}
}
