package node

import (
	"muster/crdt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// benchDataDir returns a data directory holding the whole roster workload,
// made once and kept (MUSTER_BENCH_DATA, default in the temp dir) so that
// read and cold-start benchmarks and scripts/bench can share it.
func benchDataDir(b *testing.B) string {
	dir := os.Getenv("MUSTER_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "muster-bench-roster")
	}
	marker := filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	n, err := Open(Config{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	w := benchRoster()
	for batch := w.Next(benchBatch); batch != nil; batch = w.Next(benchBatch) {
		n.wmu.Lock()
		err := n.sealAndApply(batch)
		n.wmu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := n.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

func p99(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)*99/100].Microseconds()) / 1000
}

// BenchmarkColdStart opens the node on the roster workload's data and
// answers a first roster query: what a restart costs before the API works.
func BenchmarkColdStart(b *testing.B) {
	dir := benchDataDir(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, err := Open(Config{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		page, err := n.People(PeopleQuery{Limit: 50})
		if err != nil || len(page.People) != 50 {
			b.Fatalf("first query: %d people, %v", len(page.People), err)
		}
		b.StopTimer()
		n.Close()
		b.StartTimer()
	}
}

// BenchmarkGetPerson reads random people by id from the roster workload.
func BenchmarkGetPerson(b *testing.B) {
	n := openTest(b, benchDataDir(b))
	page, _ := n.People(PeopleQuery{Limit: 500})
	ids := make([]string, len(page.People))
	for i, p := range page.People {
		ids[i] = p.ID
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := n.Person(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.ReportMetric(p99(lat), "p99-ms")
}

// BenchmarkListPeopleFiltered lists pages of 50 people by skill, by status,
// by role and by name prefix, walking a few pages deep, over 100,000 people.
func BenchmarkListPeopleFiltered(b *testing.B) {
	n := openTest(b, benchDataDir(b))
	queries := []PeopleQuery{
		{Skill: "radio"}, {Status: "deployed"}, {Role: "medic", Skill: "boat"},
		{Prefix: "ma"}, {Prefix: "nour o", Status: "available"}, {},
	}
	cursors := make([]string, len(queries))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(queries)
		q := queries[k]
		q.After, q.Limit = cursors[k], 50
		start := time.Now()
		page, err := n.People(q)
		lat = append(lat, time.Since(start))
		if err != nil || len(page.People) == 0 {
			b.Fatalf("query %+v: %d people, %v", q, len(page.People), err)
		}
		cursors[k] = page.Next
		if i%(len(queries)*5) == 0 {
			clear(cursors) // back to the first page now and then
		}
	}
	b.ReportMetric(p99(lat), "p99-ms")
}

// BenchmarkContactLookups builds the contact and name-word lookups over the
// roster workload, as the first signup or check-in search after a start
// does, and reports the time and the heap they take; then it looks up
// random contacts of people on the roster (p99).
func BenchmarkContactLookups(b *testing.B) {
	n := openTest(b, benchDataDir(b))
	page, _ := n.People(PeopleQuery{Limit: 500})
	var emails []string
	for _, p := range page.People {
		emails = append(emails, normalizeEmail(p.Email))
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	n.people.read(func(ix *rosterIndex) { ix.ensureLookups() })
	build := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		var ids []string
		n.people.read(func(ix *rosterIndex) { ids = ix.byContact(emails[i%len(emails)], "") })
		lat = append(lat, time.Since(t))
		if len(ids) == 0 {
			b.Fatalf("no one with %s", emails[i%len(emails)])
		}
	}
	b.ReportMetric(p99(lat), "p99-ms")
	b.ReportMetric(float64(build.Microseconds())/1000, "build-ms")
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
}

// copyDir copies a data directory (the store's files and the device key).
func copyDir(b *testing.B, from, to string) {
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o600)
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStartAfterCrash: the roster workload's node was killed after
// 1,000 people changed since its last index save (replay: the saved index
// plus those changes), or with no saved index at all (rebuild: every
// person decoded). Timed: open until the first roster query answers.
func BenchmarkStartAfterCrash(b *testing.B) {
	src := benchDataDir(b)
	for _, c := range []struct {
		name     string
		snapshot bool
	}{{"replay-1000", true}, {"rebuild", false}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				dir := b.TempDir()
				copyDir(b, src, dir)
				n, err := Open(Config{Dir: dir})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := n.snapshotNow(crdt.Hash{}); err != nil { // the last periodic save
					b.Fatal(err)
				}
				page, err := n.People(PeopleQuery{Limit: 500})
				if err != nil {
					b.Fatal(err)
				}
				var ids []string
				for _, p := range page.People {
					ids = append(ids, p.ID)
				}
				for i := 0; i < 2; i++ {
					if _, err := n.UpdatePeople(ids, PersonPatch{Status: ptr([]string{"deployed", "off"}[i])}); err != nil {
						b.Fatal(err)
					}
				}
				if !c.snapshot {
					if err := n.db.Update(func(txn *badger.Txn) error { return txn.Delete(keyIndexSnapshot) }); err != nil {
						b.Fatal(err)
					}
				}
				crash(b, n)
				b.StartTimer()
				n, err = Open(Config{Dir: dir})
				if err != nil {
					b.Fatal(err)
				}
				if page, err := n.People(PeopleQuery{Limit: 50}); err != nil || len(page.People) != 50 {
					b.Fatalf("first query: %d people, %v", len(page.People), err)
				}
				b.StopTimer()
				if want := map[bool]string{true: "replay", false: "rebuild"}[c.snapshot]; n.indexStart != want {
					b.Fatalf("start: %s, want %s", n.indexStart, want)
				}
				n.Close()
			}
		})
	}
}

// BenchmarkFoldAll folds every entity of the roster workload's data, all
// of whose 300,000 ops are still deltas: the background work after a large
// sync, until reads take records alone. It reports the deltas folded per
// second and checks that none are left.
func BenchmarkFoldAll(b *testing.B) {
	src := benchDataDir(b)
	var elapsed time.Duration
	deltas := 0
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		copyDir(b, src, dir)
		n := openTest(b, dir)
		before := len(deltaValues(b, n))
		b.StartTimer()
		start := time.Now()
		if err := n.foldAll(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if left := len(deltaValues(b, n)); left != 0 || before == 0 {
			b.Fatalf("%d deltas before folding, %d after", before, left)
		}
		deltas += before
		n.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(deltas)/elapsed.Seconds(), "deltas/s")
}

// BenchmarkDigest computes the state digest of the roster workload's data
// (what GET /api/v1/status and muster status report) with every op still
// a delta, and once folded.
func BenchmarkDigest(b *testing.B) {
	dir := b.TempDir()
	copyDir(b, benchDataDir(b), dir)
	n := openTest(b, dir)
	var want crdt.Digest
	for _, state := range []string{"deltas", "folded"} {
		if state == "folded" {
			if err := n.foldAll(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(state, func(b *testing.B) {
			for range b.N {
				n.dmu.Lock()
				n.dvalid = false
				n.dmu.Unlock()
				d := n.Digest()
				if want == (crdt.Digest{}) {
					want = d
				}
				if d != want || d == (crdt.Digest{}) {
					b.Fatalf("digest %s, want %s (folding must not change it)", d, want)
				}
			}
		})
	}
}
