package node

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	stdsync "sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/skl"

	"muster/crdt"
)

// vchunk is a chunk together with its verified ops.
type vchunk struct {
	c   crdt.Chunk
	ops []crdt.VerifiedOp
}

// Apply verifies chunks received from anywhere (a peer, headquarters, a
// bundle) and applies them. It returns once the batch is durable. A chunk
// that fails verification, carries a timestamp too far in the future, or
// forks its author's chain is refused and counted in Status.Rejected; then
// nothing of this call is applied. Ops already held are skipped; ops whose
// predecessors are missing are kept and applied when the gap fills.
func (n *Node) Apply(chunks []crdt.Chunk) (ApplyResult, error) {
	v, err := n.Verify(chunks)
	if err != nil {
		return ApplyResult{}, err
	}
	return n.ApplyVerified(v)
}

// Verified is a batch of chunks that passed Verify, ready for
// ApplyVerified. Its ops are decoded into one buffer, which ApplyVerified
// hands back for a later batch: a sync verifies batch after batch, and a
// new buffer for each was a tenth of the receiver's garbage.
type Verified struct {
	batch []vchunk
	ops   []crdt.VerifiedOp
}

// verifiedBuf returns a spare op buffer with room for n ops, or a new one.
func (n *Node) verifiedBuf(ops int) []crdt.VerifiedOp {
	select {
	case b := <-n.verifiedBufs:
		if cap(b) >= ops {
			return b[:ops]
		}
	default:
	}
	return make([]crdt.VerifiedOp, ops)
}

// release hands v's buffer back, cleared so that it holds on to no
// frame or id; v must not be used after.
func (n *Node) release(v *Verified) {
	b := v.ops[:cap(v.ops)]
	v.ops, v.batch = nil, nil
	if b == nil {
		return
	}
	clear(b)
	select {
	case n.verifiedBufs <- b:
	default:
	}
}

// Verify is the first half of Apply: it checks chunks (signatures, hash
// chains, encodings, clock drift) without touching the store, so that a
// caller can verify the next batch while the last one is applied. A
// refused batch counts in Status.Rejected.
func (n *Node) Verify(chunks []crdt.Chunk) (*Verified, error) {
	if n.closed.Load() {
		return nil, ErrClosed
	}
	total := 0
	for i := range chunks {
		total += len(chunks[i].Ops)
	}
	ops := n.verifiedBuf(total)
	batch, err := n.verify(chunks, ops)
	if err != nil {
		n.rejected.Add(1)
		n.release(&Verified{ops: ops})
		return nil, err
	}
	return &Verified{batch: batch, ops: ops}, nil
}

// ApplyVerified is the second half of Apply: it applies a verified batch
// and returns once it is durable. v is spent: it must not be applied or
// read again.
func (n *Node) ApplyVerified(v *Verified) (ApplyResult, error) {
	defer n.release(v)
	n.wmu.Lock()
	defer n.wmu.Unlock()
	if n.closed.Load() {
		return ApplyResult{}, ErrClosed
	}
	return n.applyVerified(v.batch)
}

// verify checks chunks in parallel: across chunks, and within a large
// chunk (a peer's merged log) across its ops.
func (n *Node) verify(chunks []crdt.Chunk, buf []crdt.VerifiedOp) ([]vchunk, error) {
	out := make([]vchunk, len(chunks))
	// Each chunk decodes into its own part of buf.
	parts := make([][]crdt.VerifiedOp, len(chunks))
	for i := range chunks {
		m := min(len(chunks[i].Ops), len(buf))
		parts[i], buf = buf[:m:m], buf[m:]
	}
	errs := make([]error, len(chunks))
	wall := n.cfg.Now()
	var wg stdsync.WaitGroup
	next := make(chan int, len(chunks))
	for i := range chunks {
		next <- i
	}
	close(next)
	procs := runtime.GOMAXPROCS(0)
	inner := max(1, procs/len(chunks))
	for w := 0; w < min(procs, len(chunks)); w++ {
		wg.Go(func() {
			for i := range next {
				ops, err := crdt.VerifyTo(chunks[i], parts[i], inner)
				if err == nil {
					for j := range ops {
						if err = n.clock.Check(ops[j].Time, wall); err != nil {
							break
						}
					}
				}
				out[i], errs[i] = vchunk{c: chunks[i], ops: ops}, err
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("apply: chunk %d: %w", i, err)
		}
	}
	return out, nil
}

// applyVerified is the one path every change takes into the store. The
// caller holds wmu.
func (n *Node) applyVerified(batch []vchunk) (ApplyResult, error) {
	t := n.newApplyTx()
	defer t.discard()
	t.sizeFor(batch)
	for _, vc := range batch {
		if err := t.roomFor(vc, 0); err != nil {
			return t.res, err
		}
		if err := t.addChunk(vc); err != nil {
			return t.res, err
		}
	}
	if err := t.commit(); err != nil {
		return t.res, err
	}
	return t.res, nil
}

// applyTx accumulates one or more Badger transactions. Each commit holds
// whole chunks, so every committed state is one the ops define.
//
// An op is stored as a delta under its entity's key plus its author and
// seq (appendDeltaKey), written blind, with no read of the entity; its
// value names the op's bytes in the chunk the same commit writes to the
// op log (appendDeltaRef). Reads merge an entity's record with its deltas (loadRecord,
// scanMerged) and folding writes the merged record back (fold.go). CRDT
// merges commute, so the order in which deltas are folded does not matter.
type applyTx struct {
	n       *Node
	txn     *badger.Txn
	heads   map[crdt.AuthorID]head
	pending map[crdt.AuthorID]int
	refs    []Ref
	offs    []int      // where a chunk's ops start in its stored bytes
	people  indexBatch // the ops on people, in order, for the roster index
	// opsLeft and peopleLeft are the ops and the bytes of person ops of
	// the batch not applied yet: a commit in the middle of a batch sizes
	// the next commit's lists from them.
	opsLeft, peopleLeft int
	maxTime             crdt.Timestamp
	// size and count are the transaction's entries as Badger counts them
	// against its limits (entrySize); budget and maxCount are a tenth
	// under those limits.
	size, count      int
	budget, maxCount int
	threshold        int // Badger's value threshold
	res              ApplyResult
	local            bool
}

func (n *Node) newApplyTx() *applyTx {
	n.smu.RLock()
	heads := make(map[crdt.AuthorID]head, len(n.heads)+1)
	for a, h := range n.heads {
		heads[a] = h
	}
	pending := make(map[crdt.AuthorID]int, len(n.pending))
	for a, c := range n.pending {
		pending[a] = c
	}
	n.smu.RUnlock()
	n.keys = n.keys[:0] // a failed commit may have left some
	// A Badger transaction may hold 15% of a memtable, and as many
	// entries as fit that in skiplist nodes (Options.maxBatchSize and
	// maxBatchCount). Counting entries as Badger does, not by their raw
	// bytes (which for values in the value log over-count several times),
	// a sync commits once per 1 MiB batch of new people, not twice.
	limit := n.cfg.MemTableMB << 20 * 15 / 100
	return &applyTx{
		n: n, txn: n.db.NewTransaction(true), heads: heads,
		pending:   pending,
		budget:    limit * 9 / 10,
		maxCount:  limit / skl.MaxNodeSize * 9 / 10,
		threshold: int(n.db.Opts().ValueThreshold),
	}
}

// entrySize is an entry's size as Badger counts it against a transaction
// (Txn.checkSize): its key and value, or a value pointer (12 bytes) for a
// value at or past the threshold, 2 bytes of metadata and 10 of version.
func (t *applyTx) entrySize(key, val int) int {
	if val >= t.threshold {
		val = 12
	}
	return key + val + 2 + 10
}

// roomFor commits first unless the transaction has room for extending
// vc's ops, and dels deletes besides (drainPending's parked chunk): a
// commit holds whole chunks.
func (t *applyTx) roomFor(vc vchunk, dels int) error {
	size, count := 0, len(vc.ops)+1+dels
	for i := range vc.ops {
		o := &vc.ops[i]
		k := deltaKeyLen(o.Type, o.ID)
		size += max(t.entrySize(k, maxDeltaRef), t.entrySize(k, len(o.Raw))) // named or held
	}
	size += (dels + 1) * t.entrySize(1+len(crdt.AuthorID{})+8, t.threshold) // the chunk's log entry
	if t.count > 0 && (t.size+size > t.budget || t.count+count > t.maxCount) {
		return t.commit()
	}
	return nil
}

func (t *applyTx) discard() { t.txn.Discard() }

// sizeFor makes room for a batch's ops at once: grown op by op, the lists
// of what a commit touched were a tenth of a sync's garbage.
func (t *applyTx) sizeFor(batch []vchunk) {
	ops, people := 0, 0
	for _, vc := range batch {
		ops += len(vc.ops)
		for i := range vc.ops {
			if vc.ops[i].Type == TypePerson {
				people += len(vc.ops[i].Raw)
			}
		}
	}
	t.opsLeft, t.peopleLeft = ops, people
	t.sizeLists()
}

// sizeLists makes room for what is left of the batch in the lists of
// what a commit touched.
func (t *applyTx) sizeLists() {
	ops := max(t.opsLeft, 0) // ops drained from parked chunks were not counted
	t.refs = make([]Ref, 0, ops)
	t.people = indexBatch{ends: make([]int, 0, ops)}
	if t.peopleLeft > 0 {
		t.people.reserve(t.peopleLeft)
	}
}

// addChunk applies the chunk's ops that are new, or parks the chunk when
// ops before it are missing, then drains parked chunks it unblocks.
func (t *applyTx) addChunk(vc vchunk) error {
	a := vc.c.Author
	have := t.heads[a].Seq
	first, last := crdt.First(vc.ops), crdt.Last(vc.ops)
	switch {
	case last <= have:
		t.res.Duplicate += len(vc.ops)
		return nil
	case first > have+1:
		return t.park(vc)
	}
	t.res.Duplicate += int(have + 1 - first)
	if err := t.extend(vc, have+1); err != nil {
		return err
	}
	return t.drainPending(a)
}

// extend applies vc's ops from seq `from` on, which must follow the head.
func (t *applyTx) extend(vc vchunk, from uint64) error {
	a := vc.c.Author
	h := t.heads[a]
	ops := vc.ops[from-crdt.First(vc.ops):]
	if ops[0].Prev != h.Hash {
		return fmt.Errorf("apply: %w: %s op %d does not follow op %d", ErrFork, a.Short(), ops[0].Seq, h.Seq)
	}
	lastOp := ops[len(ops)-1]
	suffix := vc.c.Suffix(crdt.First(vc.ops), from)
	raw, err := crdt.EncodeChunk(suffix)
	if err != nil {
		return fmt.Errorf("apply: encode chunk: %w", err)
	}
	// Each delta names its op's place in the chunk (appendDeltaRef),
	// which this commit writes too.
	offs, named := suffix.OpOffsets(t.offs[:0])
	t.offs = offs
	for i := range ops {
		o := &ops[i]
		off := -1
		if named && offs[i]+len(o.Raw) <= len(raw) && bytes.Equal(raw[offs[i]:offs[i]+len(o.Raw)], o.Raw) {
			off = offs[i]
		}
		if err := t.applyOp(o, lastOp.Seq-o.Seq, off); err != nil {
			return err
		}
	}
	if err := t.set(seqKey(pfxLog, a, lastOp.Seq), raw); err != nil {
		return err
	}
	t.heads[a] = head{Author: a, Seq: lastOp.Seq, Hash: lastOp.Hash}
	t.res.Applied += len(ops)
	return nil
}

func (t *applyTx) park(vc vchunk) error {
	raw, err := crdt.EncodeChunk(vc.c)
	if err != nil {
		return fmt.Errorf("apply: encode chunk: %w", err)
	}
	key := seqKey(pfxPending, vc.c.Author, crdt.First(vc.ops))
	if _, err := t.txn.Get(key); err == nil {
		t.res.Duplicate += len(vc.ops)
		return nil
	}
	if err := t.set(key, raw); err != nil {
		return err
	}
	t.pending[vc.c.Author] += len(vc.ops)
	t.res.Pending += len(vc.ops)
	return nil
}

// drainPending applies parked chunks of author a that now follow its head.
func (t *applyTx) drainPending(a crdt.AuthorID) error {
	for t.pending[a] > 0 {
		parked, err := t.parked(a)
		if err != nil {
			return err
		}
		progress := false
		for _, p := range parked {
			have := t.heads[a].Seq
			first, last := crdt.First(p.vc.ops), crdt.Last(p.vc.ops)
			if first > have+1 {
				continue
			}
			if err := t.roomFor(p.vc, 1); err != nil {
				return err
			}
			t.count++
			if err := t.txn.Delete(p.key); err != nil {
				return fmt.Errorf("apply: %w", err)
			}
			t.pending[a] -= len(p.vc.ops)
			if last > have {
				if err := t.extend(p.vc, have+1); err != nil {
					return err
				}
			}
			progress = true
		}
		if !progress {
			return nil
		}
	}
	return nil
}

type parkedChunk struct {
	key []byte
	vc  vchunk
}

func (t *applyTx) parked(a crdt.AuthorID) ([]parkedChunk, error) {
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: authorPrefix(pfxPending, a)})
	defer it.Close()
	var out []parkedChunk
	for it.Rewind(); it.Valid(); it.Next() {
		raw, err := it.Item().ValueCopy(nil)
		if err != nil {
			return nil, fmt.Errorf("apply: read pending: %w", err)
		}
		c, err := crdt.DecodeChunk(raw)
		if err != nil {
			return nil, fmt.Errorf("apply: read pending: %w", err)
		}
		ops, err := crdt.Verify(c)
		if err != nil {
			return nil, fmt.Errorf("apply: read pending: %w", err)
		}
		out = append(out, parkedChunk{key: it.Item().KeyCopy(nil), vc: vchunk{c: c, ops: ops}})
	}
	return out, nil
}

// applyOp stores o as a delta. Its value names o's bytes at offset off
// of its chunk, which ends `back` ops after o; with off < 0 it holds them.
func (t *applyTx) applyOp(o *crdt.VerifiedOp, back uint64, off int) error {
	t.refs = append(t.refs, Ref{Type: o.Type, ID: o.ID}) // made unique in publish
	t.opsLeft--
	if o.Time > t.maxTime {
		t.maxTime = o.Time
	}
	if o.Type == TypePerson {
		t.people.add(o.Raw)
		t.peopleLeft -= len(o.Raw)
	}
	// The key and the value are written into the node's key buffer,
	// which the next commit uses again: Badger copies both when it
	// commits (a key per op was 4% of a full sync's garbage).
	start := len(t.n.keys)
	t.n.keys = appendDeltaKey(t.n.keys, o.Type, o.ID, o.Author, o.Seq)
	key := t.n.keys[start:len(t.n.keys):len(t.n.keys)]
	if off < 0 {
		return t.set(key, o.Raw)
	}
	start = len(t.n.keys)
	t.n.keys = appendDeltaRef(t.n.keys, back, off, len(o.Raw))
	return t.set(key, t.n.keys[start:len(t.n.keys):len(t.n.keys)])
}

func (t *applyTx) set(key, val []byte) error {
	t.size += t.entrySize(len(key), len(val))
	t.count++
	if err := t.txn.Set(key, val); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	return nil
}

// commit writes the vector, commits, and then publishes the new state to
// readers and subscribers.
func (t *applyTx) commit() error {
	if err := t.writeMeta(); err != nil {
		return err
	}
	if err := t.txn.Commit(); err != nil {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return fmt.Errorf("apply: batch too large for one transaction: %w", err)
		}
		return fmt.Errorf("apply: commit: %w", err)
	}
	t.publish()
	t.n.keys = t.n.keys[:0] // Badger holds none of them once committed
	t.size, t.count = 0, 0
	t.sizeLists()
	t.txn = t.n.db.NewTransaction(true)
	return nil
}

func (t *applyTx) writeMeta() error {
	heads := make([]head, 0, len(t.heads))
	for _, h := range t.heads {
		heads = append(heads, h)
	}
	raw, err := crdt.Marshal(heads)
	if err != nil {
		return fmt.Errorf("apply: encode vector: %w", err)
	}
	return t.set(keyVector, raw)
}

func (t *applyTx) publish() {
	n := t.n
	if t.maxTime > 0 {
		_ = n.clock.Observe(t.maxTime, n.cfg.Now()) // checked in verify
	}
	n.smu.Lock()
	for a, h := range t.heads {
		n.heads[a] = h
	}
	for a, c := range t.pending {
		if c > 0 {
			n.pending[a] = c
		} else {
			delete(n.pending, a)
		}
	}
	vec := n.vectorLocked()
	n.smu.Unlock()
	if t.people.len() > 0 {
		n.people.submit(t.people)
	}
	if len(t.refs) > 0 || t.res.Applied > 0 {
		// Each entity once: sorting beats a set that grows with the batch.
		slices.SortFunc(t.refs, cmpRef)
		refs := slices.Compact(t.refs)
		n.feed.publish(Change{Refs: refs, Vector: vec, Local: t.local})
	}
}

func cmpRef(a, b Ref) int {
	if c := strings.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
