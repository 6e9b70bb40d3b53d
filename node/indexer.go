package node

import (
	stdsync "sync"

	"muster/crdt"
)

// indexer keeps the roster index up to date on its own goroutine, so that
// on a two-core machine the writer applies the next batch while the last
// one is being indexed. Queries call wait first: they see every commit
// that finished before they started (read-your-writes), never a partial one.
type indexer struct {
	in      chan indexBatch
	done    chan struct{}
	mu      stdsync.Mutex // guards ix (queries build tag lists lazily)
	ix      *rosterIndex
	cmu     stdsync.Mutex
	cond    *stdsync.Cond
	queued  uint64 // batches handed over (writer side, under cmu)
	applied uint64 // batches indexed (under cmu)
}

// indexBatch is what one commit changed on the roster.
type indexBatch []personUpdate

type personUpdate struct {
	id      string
	visible bool
	s       *summary
}

func newIndexer(ix *rosterIndex) *indexer {
	x := &indexer{in: make(chan indexBatch, 64), done: make(chan struct{}), ix: ix}
	x.cond = stdsync.NewCond(&x.cmu)
	go x.run()
	return x
}

func (x *indexer) run() {
	defer close(x.done)
	for b := range x.in {
		x.mu.Lock()
		for _, u := range b {
			x.ix.apply(u)
		}
		x.mu.Unlock()
		x.cmu.Lock()
		x.applied++
		x.cond.Broadcast()
		x.cmu.Unlock()
	}
}

// submit hands a commit's roster changes over; it blocks while 64 batches
// are waiting, which bounds the memory a fast writer can pile up.
func (x *indexer) submit(b indexBatch) {
	x.cmu.Lock()
	x.queued++
	x.cmu.Unlock()
	x.in <- b
}

// wait returns once every batch submitted before the call is indexed.
func (x *indexer) wait() {
	x.cmu.Lock()
	target := x.queued
	for x.applied < target {
		x.cond.Wait()
	}
	x.cmu.Unlock()
}

// close stops the goroutine after it has indexed what it was given.
func (x *indexer) close() {
	close(x.in)
	<-x.done
}

// read runs f on the caught-up index.
func (x *indexer) read(f func(ix *rosterIndex)) {
	x.wait()
	x.mu.Lock()
	defer x.mu.Unlock()
	f(x.ix)
}

// personUpdateOf captures what the index needs of a person now: the
// entity may change again before the indexer gets to it.
func personUpdateOf(e *crdt.Entity) personUpdate {
	if !e.IsVisible() {
		return personUpdate{id: e.ID}
	}
	name, _ := e.Value(fieldName).(string)
	status, _ := e.Value(fieldStatus).(string)
	if status == "" {
		status = defaultStatus
	}
	return personUpdate{id: e.ID, visible: true, s: &summary{
		id: e.ID, name: name, fold: fold(name), status: status,
		skills: e.Elements(fieldSkills), roles: e.Elements(fieldRoles),
		email: normalizeEmail(str(e, fieldEmail)), phone: normalizePhone(str(e, fieldPhone)),
	}}
}
