package bundle

import (
	"bufio"
	"errors"
	"fmt"
	"hash"
	"io"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
	"muster/sync/wire"
)

// writer writes a bundle: header, batches of chunks, trailer and MAC.
type writer struct {
	bw    *bufio.Writer
	out   io.Writer // bw and the MAC
	mac   hash.Hash
	batch []crdt.Chunk
	size  int
	count trailer
}

func newWriter(w io.Writer, t *team.Team, h Header) (*writer, error) {
	wr := &writer{bw: bufio.NewWriterSize(w, 256<<10), mac: newMAC(t)}
	wr.out = io.MultiWriter(wr.bw, wr.mac)
	if _, err := io.WriteString(wr.out, Magic); err != nil {
		return nil, err
	}
	if _, err := wr.out.Write([]byte{Version}); err != nil {
		return nil, err
	}
	if err := writeRecord(wr.out, h); err != nil {
		return nil, err
	}
	return wr, nil
}

// maxFrameChunks caps the chunks of one frame: the CBOR decoder refuses
// longer arrays, and a megabyte of one-op chunks can be more than that.
const maxFrameChunks = crdt.MaxArrayLen

// add queues a chunk, writing a Chunks frame when the batch would pass
// wire.MaxBatchBytes or maxFrameChunks.
func (w *writer) add(c crdt.Chunk) error {
	if len(w.batch) > 0 && (w.size+c.Size() > wire.MaxBatchBytes || len(w.batch) == maxFrameChunks) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.batch = append(w.batch, c)
	w.size += c.Size()
	w.count.Chunks++
	w.count.Ops += uint64(len(c.Ops))
	return nil
}

func (w *writer) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	if err := wire.WriteFrame(w.out, &wire.Chunks{Chunks: w.batch}); err != nil {
		return err
	}
	w.count.Frames++
	w.batch, w.size = w.batch[:0], 0
	return nil
}

// close writes the last batch, Done, the trailer and the MAC.
func (w *writer) close() error {
	if err := w.flush(); err != nil {
		return err
	}
	if err := wire.WriteFrame(w.out, &wire.Done{}); err != nil {
		return err
	}
	if err := writeRecord(w.out, w.count); err != nil {
		return err
	}
	if _, err := w.bw.Write(w.mac.Sum(nil)); err != nil {
		return err
	}
	return w.bw.Flush()
}

// errEnough stops a ReadLog once a range is written.
var errEnough = errors.New("range written")

// Export writes a bundle of n's ops to w: all of them when since is empty,
// else only those since lacks (since is the receiving node's version
// vector, as `muster status` prints it). progress, if not nil, is called
// after each chunk with the ops written so far and the ops to write.
func Export(w io.Writer, n *node.Node, t *team.Team, since crdt.VersionVector, progress func(done, total uint64)) error {
	vv := n.VersionVector()
	missing := vv.Missing(since)
	total := crdt.Count(missing)
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	wr, err := newWriter(w, t, Header{Team: t.IDHash(), Node: n.ID(), Vector: vv.Entries(), Ops: total})
	if err != nil {
		return fmt.Errorf("export bundle: %w", err)
	}
	progress(0, total)
	for _, r := range missing {
		next := r.From + 1
		err := n.ReadLog(r.Author, next, func(c crdt.Chunk) error {
			if next > r.To {
				return errEnough
			}
			if err := wr.add(c); err != nil {
				return err
			}
			next += uint64(len(c.Ops))
			progress(min(wr.count.Ops, total), total)
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return fmt.Errorf("export bundle: %w", err)
		}
	}
	if err := wr.close(); err != nil {
		return fmt.Errorf("export bundle: %w", err)
	}
	return nil
}
