package node

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// ReadLog calls fn with the chunks that hold author's ops from seq `from`
// on, in order; the first is cut to start at `from`. Each chunk is signed
// and can be passed to another node's Apply as it is. It stops at the
// first error fn returns and returns it.
func (n *Node) ReadLog(author crdt.AuthorID, from uint64, fn func(crdt.Chunk) error) error {
	if n.closed.Load() {
		return ErrClosed
	}
	if from == 0 {
		from = 1
	}
	return n.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: authorPrefix(pfxLog, author)})
		defer it.Close()
		// Log keys end in the chunk's last seq: the first key >= from is
		// the chunk that holds op `from`.
		for it.Seek(seqKey(pfxLog, author, from)); it.Valid(); it.Next() {
			var c crdt.Chunk
			err := it.Item().Value(func(b []byte) error {
				var err error
				c, err = crdt.DecodeChunk(b)
				return err
			})
			if err != nil {
				return fmt.Errorf("read log: %w", err)
			}
			last := seqOfKey(it.Item().Key())
			first := last - uint64(len(c.Ops)) + 1
			if err := fn(c.Suffix(first, from)); err != nil {
				return err
			}
		}
		return nil
	})
}
