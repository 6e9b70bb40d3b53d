package node

import (
	"runtime"
	"runtime/pprof"
	"os"
	"testing"
)

func TestZZMem(t *testing.T) {
	if os.Getenv("ZZMEM") == "" {
		t.Skip()
	}
	n := openTest(t, t.TempDir())
	w := benchRoster()
	i := 0
	for batch := w.Next(benchBatch); batch != nil; batch = w.Next(benchBatch) {
		n.wmu.Lock()
		if err := n.sealAndApply(batch); err != nil {
			t.Fatal(err)
		}
		n.wmu.Unlock()
		i++
		if i%25 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			a, f := rssParts()
			t.Logf("%d ops: heapInuse %d MB heapSys %d MB stack %d sys %d MB | anon %.0f file %.0f", w.Done(), ms.HeapInuse>>20, ms.HeapSys>>20, ms.StackSys>>20, ms.Sys>>20, a, f)
		}
		if i == 75 {
			f, _ := os.Create("/tmp/heap.prof")
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
}
