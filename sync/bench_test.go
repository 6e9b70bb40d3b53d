package sync

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"muster/crdt"
	"muster/internal/benchproc"
	"muster/node"
	"muster/sync/team"
)

// The roster workload (issue 4): 100,000 people with every field filled,
// then 200,000 single-field updates to random people, from a fixed seed.
// By default the benchmarks run a tenth of it; MUSTER_BENCH_FULL=1 runs it
// whole.
func workloadSize() (people, updates int) {
	if os.Getenv("MUSTER_BENCH_FULL") != "" {
		return 100_000, 200_000
	}
	return 10_000, 20_000
}

// roster writes signed chunks of the workload, 1,000 ops a chunk.
type roster struct {
	s    *crdt.Signer
	rng  *rand.Rand
	now  time.Time
	tick uint16
}

func newRoster(seed uint64) *roster {
	rng := rand.New(rand.NewPCG(seed, 1))
	var k [32]byte
	for i := range k {
		k[i] = byte(rng.Uint32())
	}
	priv := ed25519.NewKeyFromSeed(k[:])
	return &roster{s: crdt.NewSigner(priv, 0, crdt.Hash{}), rng: rng, now: time.Now()}
}

func (r *roster) ts() crdt.Timestamp {
	r.tick++
	if r.tick == 0 {
		r.now = r.now.Add(time.Millisecond)
	}
	return crdt.MakeTimestamp(r.now, r.tick)
}

func personID(i int) string { return fmt.Sprintf("p%07d", i) }

func (r *roster) create(i int) crdt.Op {
	return crdt.Op{Time: r.ts(), Type: node.TypePerson, ID: personID(i), Set: map[string]any{
		"name": fmt.Sprintf("Person %d", i), "phone": fmt.Sprintf("+1555%07d", i),
		"email": fmt.Sprintf("person%d@example.org", i), "availability": "weekends",
		"status": "available", "notes": "met at the spring canvass; prefers evening shifts",
		"consent_sms": true, "consent_email": i%2 == 0, "created": r.now.Unix(),
	}, Add: map[string][]string{"skills": {"driving", "first-aid"}, "roles": {"canvasser"}}}
}

var updateFields = []string{"phone", "availability", "status", "notes"}

func (r *roster) update(id string, field string) crdt.Op {
	v := any(fmt.Sprintf("update %d", r.rng.Uint32()))
	if field == "status" {
		v = []string{"available", "deployed", "off"}[r.rng.IntN(3)]
	}
	return crdt.Op{Time: r.ts(), Type: node.TypePerson, ID: id, Set: map[string]any{field: v}}
}

func (r *roster) seal(tb testing.TB, ops []crdt.Op) []crdt.Chunk {
	var out []crdt.Chunk
	for i := 0; i < len(ops); i += 1000 {
		c, _, err := r.s.Seal(ops[i:min(i+1000, len(ops))])
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// peopleAndUpdates is the workload: creates, then random updates.
func (r *roster) peopleAndUpdates(tb testing.TB, people, updates int) []crdt.Chunk {
	ops := make([]crdt.Op, 0, people+updates)
	for i := range people {
		ops = append(ops, r.create(i))
	}
	for range updates {
		ops = append(ops, r.update(personID(r.rng.IntN(people)), updateFields[r.rng.IntN(len(updateFields))]))
	}
	return r.seal(tb, ops)
}

func encodedBytes(chunks []crdt.Chunk) int64 {
	var n int64
	for _, c := range chunks {
		for _, o := range c.Ops {
			n += int64(len(o))
		}
	}
	return n
}

func openNode(tb testing.TB) *node.Node {
	n, err := node.Open(node.Config{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func applyAll(tb testing.TB, n *node.Node, chunks []crdt.Chunk) {
	for i := 0; i < len(chunks); i += 10 {
		if _, err := n.Apply(chunks[i:min(i+10, len(chunks))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// profileTimed writes a CPU profile of the timed part of a benchmark to
// $MUSTER_BENCH_CPUPROFILE.<name> when that is set (go test -cpuprofile
// would include making the workload); it returns the stop.
func profileTimed(tb testing.TB, name string) func() {
	dir := os.Getenv("MUSTER_BENCH_CPUPROFILE")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(dir + "." + name)
	if err != nil {
		tb.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		tb.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// indexed waits until n's roster index holds everything applied (a roster
// query waits for it) and returns how many people it lists.
func indexed(tb testing.TB, n *node.Node) int {
	page, err := n.People(node.PeopleQuery{Limit: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return page.Total
}

// benchDialer is a sync service for node n that is not served: the
// benchmark runs its rounds by hand, counting bytes.
func benchDialer(tb testing.TB, n *node.Node, tm *team.Team, m *meter) *Service {
	svc, err := newService(Config{DisableGossip: true, dialContext: m.dial, StreamTimeout: time.Minute}, n, tm)
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

func round(tb testing.TB, svc *Service, addr string) {
	p := newPeer(addr, streamURL(addr), sourceStatic)
	if err := svc.dialRound(context.Background(), p.url, p); err != nil {
		tb.Fatal(err)
	}
}

func benchServer(b *testing.B, n *node.Node, tm *team.Team) *testNode {
	return startWith(b, n, tm, func(c *Config) {
		c.DisableGossip = true
		c.StreamTimeout = time.Minute
		c.Logger = testLogger()
	})
}

// BenchmarkFullSync: a loaded node to an empty one over loopback.
// Reports ops/s and the bytes on the wire per byte of encoded ops.
func BenchmarkFullSync(b *testing.B) {
	people, updates := workloadSize()
	tm, _ := team.New()
	chunks := newRoster(1).peopleAndUpdates(b, people, updates)
	src := openNode(b)
	start := time.Now()
	applyAll(b, src, chunks)
	indexed(b, src) // a loaded node: its roster index is built
	total := people + updates
	// For comparison: the same ops straight into node.Apply, no network.
	applyOnly := float64(total) / time.Since(start).Seconds()
	srv := benchServer(b, src, tm)
	b.ResetTimer()
	var elapsed, withIndex, cpu time.Duration
	var wire int64
	for range b.N {
		b.StopTimer()
		dst := openNode(b)
		m := &meter{}
		svc := benchDialer(b, dst, tm, m)
		benchproc.Settle(b, os.Getpid())
		b.StartTimer()
		stop := profileTimed(b, "fullsync")
		start, cpu0 := time.Now(), benchproc.CPU(b, os.Getpid())
		round(b, svc, srv.addr)
		elapsed += time.Since(start)
		if got := indexed(b, dst); got != people {
			b.Fatalf("the roster lists %d people after sync, want %d", got, people)
		}
		withIndex += time.Since(start)
		cpu += benchproc.CPU(b, os.Getpid()) - cpu0
		stop()
		b.StopTimer()
		if got := dst.VersionVector().Total(); got != uint64(total) {
			b.Fatalf("empty node holds %d ops after sync, want %d", got, total)
		}
		if dst.Digest() != src.Digest() {
			b.Fatal("digests differ after sync")
		}
		wire += m.total()
		dst.Close()
		b.StartTimer()
	}
	b.ReportMetric(applyOnly, "apply-only-ops/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/round")
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(total*b.N)/withIndex.Seconds(), "indexed-ops/s")
	b.ReportMetric(float64(wire)/float64(encodedBytes(chunks)*int64(b.N)), "wire/encoded")
	b.ReportMetric(float64(wire)/float64(b.N), "wire-bytes/round")
}

// BenchmarkInSyncRound: one round between two nodes that hold the same
// ops. Reports the bytes it moves, websocket upgrade included.
func BenchmarkInSyncRound(b *testing.B) {
	tm, _ := team.New()
	chunks := newRoster(2).peopleAndUpdates(b, 1000, 1000)
	// A handful of authors, as on a real team.
	for s := uint64(3); s < 8; s++ {
		chunks = append(chunks, newRoster(s).peopleAndUpdates(b, 10, 10)...)
	}
	a, c := openNode(b), openNode(b)
	applyAll(b, a, chunks)
	applyAll(b, c, chunks)
	srv := benchServer(b, a, tm)
	m := &meter{}
	svc := benchDialer(b, c, tm, m)
	b.ResetTimer()
	for range b.N {
		round(b, svc, srv.addr)
	}
	b.StopTimer()
	b.ReportMetric(float64(m.total())/float64(b.N), "wire-bytes/round")
	c.Close()
}

// BenchmarkConcurrentReconcile: two nodes share the people; apart, each
// applies its own updates (10% to the same field of the same person as
// the other side); one round reconciles both ways.
func BenchmarkConcurrentReconcile(b *testing.B) {
	people, updates := workloadSize()
	updates /= 2 // 100,000 each side in the full workload
	tm, _ := team.New()
	base := newRoster(10).peopleAndUpdates(b, people, 0)
	ra, rb := newRoster(11), newRoster(12)
	var oa, ob []crdt.Op
	for i := range updates {
		if i%10 == 0 { // a conflict: the same field of the same person
			id, f := personID(ra.rng.IntN(people)), updateFields[i/10%len(updateFields)]
			oa, ob = append(oa, ra.update(id, f)), append(ob, rb.update(id, f))
			continue
		}
		oa = append(oa, ra.update(personID(ra.rng.IntN(people)), "notes"))
		ob = append(ob, rb.update(personID(rb.rng.IntN(people)), "phone"))
	}
	ca, cb := ra.seal(b, oa), rb.seal(b, ob)
	b.ResetTimer()
	var elapsed, withIndex, applyOnly, cpu time.Duration
	for range b.N {
		b.StopTimer()
		na, nb := openNode(b), openNode(b)
		applyAll(b, na, base)
		applyAll(b, nb, base)
		start := time.Now()
		applyAll(b, na, ca)
		applyAll(b, nb, cb)
		indexed(b, na)
		indexed(b, nb)
		// For comparison: both sides' updates straight into node.Apply,
		// one side after the other, and indexed.
		applyOnly += time.Since(start)
		srv := benchServer(b, na, tm)
		m := &meter{}
		svc := benchDialer(b, nb, tm, m)
		benchproc.Settle(b, os.Getpid())
		b.StartTimer()
		stop := profileTimed(b, "reconcile")
		start, cpu0 := time.Now(), benchproc.CPU(b, os.Getpid())
		round(b, svc, srv.addr)
		elapsed += time.Since(start)
		indexed(b, na)
		indexed(b, nb)
		withIndex += time.Since(start)
		cpu += benchproc.CPU(b, os.Getpid()) - cpu0
		stop()
		b.StopTimer()
		if na.Digest() != nb.Digest() || na.VersionVector().Total() != uint64(people+2*updates) {
			b.Fatal("nodes differ after reconcile")
		}
		srv.stop()
		nb.Close()
		b.StartTimer()
	}
	b.ReportMetric(applyOnly.Seconds()/float64(b.N), "apply-only-s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/round")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/reconcile")
	b.ReportMetric(withIndex.Seconds()/float64(b.N), "s/reconcile+index")
}
