package sync

import (
	"context"
	"errors"
	"fmt"

	"muster/crdt"
	"muster/node"
	"muster/sync/wire"
)

// roundStats is what one anti-entropy round moved.
type roundStats struct {
	SentOps, RecvOps         uint64
	SentBatches, RecvBatches int
}

// session is one anti-entropy round on an authenticated stream. Both sides
// run the same code: send my vector, read theirs, then at once send what
// they lack (batches, at most window of them unacknowledged, then Done)
// and apply what they send (batch, make it durable, ack). The round ends when both sides have
// sent Done.
type session struct {
	svc      *Service
	st       *stream
	peer     *peer
	acks     chan *wire.Ack // the reader hands acks to the sender
	inflight []int          // ops of each batch sent and not yet acked, oldest first
	done     chan struct{}  // the reader saw the peer's Done
	errs     chan error     // the reader's end
	stats    roundStats
}

func (s *Service) runSession(ctx context.Context, st *stream, p *peer) (stats roundStats, err error) {
	ss := &session{svc: s, st: st, peer: p,
		acks: make(chan *wire.Ack, window), done: make(chan struct{}, 1), errs: make(chan error, 1)}
	mine := s.node.VersionVector()
	if err := st.send(&wire.Vector{Entries: mine.Entries()}); err != nil {
		return stats, err
	}
	f, err := st.recv()
	if err != nil {
		return stats, err
	}
	v, ok := f.(*wire.Vector)
	if !ok {
		return stats, fmt.Errorf("sync round: %w: got %s, want vector", ErrProtocol, f.Type())
	}
	theirs := crdt.FromEntries(v.Entries)
	p.learnVector(theirs, s.now())

	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		ss.errs <- ss.read()
	}()
	stop := context.AfterFunc(ctx, st.close)
	defer func() {
		stop()
		st.close()
		<-readerDone
		stats = ss.stats // the reader has ended: no race
	}()
	if err := ss.sendMissing(mine.Missing(theirs)); err != nil {
		return stats, err
	}
	if err := st.send(&wire.Done{}); err != nil {
		return stats, err
	}
	return stats, ss.wait(ss.done)
}

// wait waits for the reader to signal on c. If the reader ended first, a
// signal it sent before ending still counts.
func (ss *session) wait(c <-chan struct{}) error {
	select {
	case <-c:
		return nil
	case err := <-ss.errs:
		select {
		case <-c:
			return nil
		default:
			return err
		}
	}
}

var (
	errBatchFull = errors.New("batch full")
	errRangeDone = errors.New("range done")
)

// sendMissing streams the ops in ranges, in batches of at most
// wire.MaxBatchBytes and wire.MaxBatchChunks, with at most window batches
// unacknowledged, and
// returns once every batch is acknowledged.
func (ss *session) sendMissing(ranges []crdt.Range) error {
	var (
		batch []crdt.Chunk
		size  int
		// buf holds the bytes of batch's chunks, and of the one read past
		// it: used again once the batch is sent (flush encodes a copy).
		buf []byte
	)
	for _, r := range ranges {
		from := r.From + 1
		for from <= r.To {
			if buf == nil {
				buf = make([]byte, 0, 2*ss.svc.cfg.batchBytes+64<<10)
			}
			err := ss.svc.node.ReadLogInto(r.Author, from, &buf, func(c crdt.Chunk) error {
				if size > 0 && (size+c.Size() > ss.svc.cfg.batchBytes || len(batch) >= wire.MaxBatchChunks) {
					return errBatchFull
				}
				batch, size = append(batch, c), size+c.Size()
				from += uint64(len(c.Ops))
				if from > r.To {
					return errRangeDone
				}
				return nil
			})
			switch {
			case errors.Is(err, errBatchFull):
				if err := ss.flush(batch); err != nil {
					return err
				}
				batch, size, buf = batch[:0], 0, buf[:0]
			case errors.Is(err, errRangeDone):
			case err != nil:
				return fmt.Errorf("read log: %w", err)
			default:
				from = r.To + 1 // the log ends here
			}
		}
	}
	if len(batch) > 0 {
		if err := ss.flush(batch); err != nil {
			return err
		}
	}
	return ss.drain()
}

// window is how many batches may await their ack: four, so that while
// the receiver makes one durable it has the next verified and two more on
// the way.
const window = 4

// flush sends one batch; it waits for acks while window batches are
// unacknowledged.
func (ss *session) flush(batch []crdt.Chunk) error {
	if err := ss.st.send(&wire.Chunks{Chunks: batch}); err != nil {
		return err
	}
	ops := 0
	for _, c := range batch {
		ops += len(c.Ops)
	}
	ss.inflight = append(ss.inflight, ops)
	for len(ss.inflight) >= window {
		if err := ss.awaitAck(); err != nil {
			return err
		}
	}
	return nil
}

// drain waits until every batch sent is acknowledged.
func (ss *session) drain() error {
	for len(ss.inflight) > 0 {
		if err := ss.awaitAck(); err != nil {
			return err
		}
	}
	return nil
}

// awaitAck waits for the oldest batch's ack: the peer has made it durable.
func (ss *session) awaitAck() error {
	var a *wire.Ack
	select {
	case a = <-ss.acks:
	case err := <-ss.errs:
		select {
		case a = <-ss.acks:
			ss.errs <- err // the reader's end is still news for the next wait
		default:
			return err
		}
	}
	ss.peer.learnVector(crdt.FromEntries(a.Entries), ss.svc.now())
	ss.stats.SentOps += uint64(ss.inflight[0])
	ss.stats.SentBatches++
	ss.inflight = ss.inflight[1:]
	return nil
}

// read handles the peer's frames until the stream ends: it verifies
// batches and hands them to the applier, and hands acks and Done to the
// sender. Verifying the next batch while the applier makes the last one
// durable keeps both cores busy during a large catch-up.
func (ss *session) read() error {
	q := make(chan verifiedFrame, 1)
	dead := make(chan struct{}) // the applier has stopped
	var aerr error
	go func() {
		defer close(dead)
		aerr = ss.applyLoop(q)
	}()
	err := ss.readFrames(q, dead)
	close(q)
	<-dead
	if aerr != nil {
		return aerr
	}
	return err
}

// verifiedFrame is a verified batch and the buffer of the frame it came
// in, which the applier hands back to the stream once the batch is
// durable (the store and the roster index keep copies).
type verifiedFrame struct {
	v   *node.Verified
	buf []byte
}

func (ss *session) readFrames(q chan<- verifiedFrame, dead <-chan struct{}) error {
	peerDone := false
	for {
		f, buf, err := ss.st.recvFrame()
		if err != nil {
			return err
		}
		switch f := f.(type) {
		case *wire.Chunks:
			v, err := ss.svc.node.Verify(f.Chunks)
			if err != nil {
				err = fmt.Errorf("%w: %w", errApply, err)
				ss.st.fail(codeOf(err), err)
				return err
			}
			select {
			case q <- verifiedFrame{v, buf}:
			case <-dead:
				return errApplierStopped
			}
		case *wire.Ack:
			select {
			case ss.acks <- f:
			default:
				return ss.violation("ack with no batch outstanding")
			}
		case *wire.Done:
			if peerDone {
				return ss.violation("second done")
			}
			peerDone = true
			ss.done <- struct{}{}
		default:
			return ss.violation("unexpected " + f.Type().String())
		}
	}
}

var errApplierStopped = errors.New("sync round: applier stopped")

// applyLoop applies verified batches in order and acks each. On an error
// it tells the peer and closes the stream, which ends readFrames.
func (ss *session) applyLoop(q <-chan verifiedFrame) error {
	for vf := range q {
		if err := ss.apply(vf.v); err != nil {
			ss.st.fail(codeOf(err), err)
			ss.st.close()
			return err
		}
		ss.st.reuse(vf.buf)
	}
	return nil
}

func (ss *session) violation(what string) error {
	err := fmt.Errorf("sync round: %w: %s", ErrProtocol, what)
	ss.st.fail(wire.CodeProtocol, err)
	return err
}

// apply makes a batch durable, then acks it with the vector after it.
func (ss *session) apply(v *node.Verified) error {
	applied := make(chan struct{})
	pinger := make(chan struct{})
	go func() {
		defer close(pinger)
		ss.st.busy(applied)
	}()
	res, err := ss.svc.node.ApplyVerified(v)
	close(applied)
	<-pinger
	if err != nil {
		return fmt.Errorf("%w: %w", errApply, err)
	}
	ss.svc.log.Debug("applied batch", logPeer, ss.peer.key, "applied", res.Applied, "duplicate", res.Duplicate, "pending", res.Pending)
	ss.stats.RecvOps += uint64(res.Applied)
	ss.stats.RecvBatches++
	ss.svc.countApplied(res)
	return ss.st.send(&wire.Ack{Entries: ss.svc.node.VersionVector().Entries()})
}
