package node

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// BenchmarkStoreFloor measures what the store alone costs per op of the
// roster workload, with muster's Badger options and none of muster's own
// work: for each of 300,000 ops, read one of 100,000 entity records, write
// it back (450 bytes, the size of a full person record) and append 200
// bytes to the batch's log chunk, committing as often as Apply does. No
// decoding, merging, hashing, verifying or indexing. It is the ceiling for
// an apply path that rewrites the entity's record per op, as muster's did
// before ops were stored as deltas (FLOOR_BLIND is that layout); the sync
// targets (100,000 ops/s; 2 s to reconcile 2 x 100,000)
// leave 20 CPU-µs per op on two cores for everything.
//
// Knobs, to compare store layouts (docs/benchmarks.md has the figures):
// FLOOR_MEMTABLE_MB sets Config.MemTableMB (and so the commit size);
// FLOOR_INLINE=1 keeps records in the LSM tree instead of the value log;
// FLOOR_BLIND=1 writes each op as its own 200-byte delta key with no read,
// as a store that merges on read would.
func BenchmarkStoreFloor(b *testing.B) {
	const people, ops = 100_000, 300_000
	blind := os.Getenv("FLOOR_BLIND") != ""
	var elapsed time.Duration
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		cfg := Config{Dir: b.TempDir(), MemTableMB: floorMemTableMB()}.withDefaults()
		budget := cfg.MemTableMB << 20 * 15 / 100 // as applyTx
		opts := badgerOptions(cfg)
		if os.Getenv("FLOOR_INLINE") != "" {
			opts = opts.WithValueThreshold(1 << 10)
		}
		db, err := badger.Open(opts)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		rec := make([]byte, 450)
		chunk := make([]byte, 0, 2<<20)
		b.StartTimer()
		start, cpu0 := time.Now(), cpuTime()
		txn := db.NewTransaction(true)
		size := 0
		for i := range ops {
			id := i
			if i >= people {
				id = rng.IntN(people)
			}
			key := entityKey(TypePerson, fmt.Sprintf("p%07d", id))
			if blind {
				// A blind write of the op as a delta, as a store that
				// merges on read would do: no read, 200 bytes.
				if err := txn.Set(append(key, byte(i), byte(i>>8), byte(i>>16)), append([]byte(nil), rec[:200]...)); err != nil {
					b.Fatal(err)
				}
			} else if item, err := txn.Get(key); err == nil {
				if _, err := item.ValueCopy(nil); err != nil {
					b.Fatal(err)
				}
			}
			for j := range rec[:8] {
				rec[j] = byte(rng.Uint32())
			}
			if !blind {
				if err := txn.Set(key, append([]byte(nil), rec...)); err != nil {
					b.Fatal(err)
				}
			}
			chunk = append(chunk, rec[:200]...)
			// applyTx counts 600 bytes per dirty record plus the op.
			if size += 600 + 200; blind {
				size -= 600
			}
			if size > budget || i == ops-1 {
				if err := txn.Set(fmt.Appendf(nil, "L%08d", i), append([]byte(nil), chunk...)); err != nil {
					b.Fatal(err)
				}
				if err := txn.Commit(); err != nil {
					b.Fatal(err)
				}
				txn, chunk, size = db.NewTransaction(true), chunk[:0], 0
			}
		}
		txn.Discard()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		db.Close()
	}
	b.ReportMetric(float64(ops*b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(ops*b.N), "cpu-µs/op")
}

func floorMemTableMB() int {
	n, _ := strconv.Atoi(os.Getenv("FLOOR_MEMTABLE_MB"))
	return n
}
