package node

import (
	"testing"

	"muster/crdt"
)

// BenchmarkIndexerFast indexes the roster workload's ops (100,000 people
// created, 200,000 updates) on the fast path into an empty index: the
// work a receiving node's indexer does during a full sync, without the
// store. Each op is indexed from its verified bytes, as a sync hands them
// over.
func BenchmarkIndexerFast(b *testing.B) {
	w := benchRoster()
	var batches [][][]byte
	sealed(b, w, func(c crdt.Chunk) {
		ops, err := crdt.Verify(c)
		if err != nil {
			b.Fatal(err)
		}
		raws := make([][]byte, len(ops))
		for i, o := range ops {
			raws[i] = o.Raw
		}
		batches = append(batches, raws)
	})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		x := &indexer{ix: newRosterIndex(), authors: newAuthorTable(), complete: true}
		slow := map[string]struct{}{}
		for _, raws := range batches {
			var ib indexBatch
			for _, r := range raws {
				ib.add(r)
			}
			x.fast(ib, slow)
		}
		if len(slow) > 0 || x.ix.n == 0 || x.ix.all.Len() != int(x.ix.n) {
			b.Fatalf("%d people left the fast path; %d listed of %d", len(slow), x.ix.all.Len(), x.ix.n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*w.Len()), "ns/op-indexed")
}
