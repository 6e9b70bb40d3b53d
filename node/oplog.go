package node

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// maxReadChunkBytes bounds the op bytes of one chunk ReadLog hands out.
const maxReadChunkBytes = 1 << 20

// ReadLog calls fn with chunks that hold author's ops from seq `from` on,
// in order; the first starts exactly at `from`. Consecutive stored chunks
// are handed out merged, up to crdt.MaxChunkOps ops and 1 MiB: the last
// one's signature covers them all through the hash chain, so a peer checks
// one signature per merged chunk instead of one per local write. Each
// chunk can be passed to another node's Apply as it is. ReadLog stops at
// the first error fn returns and returns it.
func (n *Node) ReadLog(author crdt.AuthorID, from uint64, fn func(crdt.Chunk) error) error {
	return n.ReadLogInto(author, from, nil, fn)
}

// ReadLogInto is ReadLog with the chunks' bytes copied into *buf after
// what it holds, while they fit its capacity (past that, or with a nil
// buf, each is allocated): a caller done with the chunks it was handed can
// reuse the buffer. A sync's sender does, batch after batch: a new copy
// of every chunk it read was most of its garbage, which its collector
// marked its whole roster index to reclaim.
func (n *Node) ReadLogInto(author crdt.AuthorID, from uint64, buf *[]byte, fn func(crdt.Chunk) error) error {
	if n.closed.Load() {
		return ErrClosed
	}
	if from == 0 {
		from = 1
	}
	return n.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: authorPrefix(pfxLog, author)})
		defer it.Close()
		var acc crdt.Chunk
		size := 0
		emit := func() error {
			if len(acc.Ops) == 0 {
				return nil
			}
			c := acc
			acc, size = crdt.Chunk{}, 0
			return fn(c)
		}
		// Log keys end in the chunk's last seq: the first key >= from is
		// the chunk that holds op `from`.
		for it.Seek(seqKey(pfxLog, author, from)); it.Valid(); it.Next() {
			// A copy: the chunk's ops share the bytes they are decoded
			// from, and they outlive this item.
			var dst []byte
			if buf != nil {
				dst = (*buf)[len(*buf):len(*buf):cap(*buf)]
			}
			b, err := it.Item().ValueCopy(dst)
			if err != nil {
				return fmt.Errorf("read log: %w", err)
			}
			if buf != nil && len(b) <= cap(dst) { // copied into buf
				*buf = (*buf)[:len(*buf)+len(b)]
			}
			c, err := crdt.DecodeStoredChunk(b)
			if err != nil {
				return fmt.Errorf("read log: %w", err)
			}
			last := seqOfKey(it.Item().Key())
			c = c.Suffix(last-uint64(len(c.Ops))+1, from)
			if len(acc.Ops)+len(c.Ops) > crdt.MaxChunkOps || size+c.Size() > maxReadChunkBytes {
				if err := emit(); err != nil {
					return err
				}
			}
			acc = crdt.Chunk{Author: c.Author, Ops: append(acc.Ops, c.Ops...), Sig: c.Sig}
			size += c.Size()
			from = last + 1
		}
		return emit()
	})
}
