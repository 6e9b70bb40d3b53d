package sync

import (
	"github.com/hashicorp/memberlist"

	"muster/sync/wire"
)

// delegate answers memberlist for this node: its metadata (sync address
// and vector digest) and the hints peers send it.
type delegate struct{ s *Service }

var _ memberlist.Delegate = (*delegate)(nil)

// NodeMeta is this node's sync address and the digest of its vector.
func (d *delegate) NodeMeta(limit int) []byte {
	b, err := wire.EncodeMeta(d.s.meta())
	if err != nil || len(b) > limit {
		d.s.log.Error("node metadata too large", logErr, err)
		return nil
	}
	return b
}

// NotifyMsg handles a message a peer sent us (a hint). It runs on
// memberlist's packet goroutine: it only looks and pokes, never blocks.
func (d *delegate) NotifyMsg(b []byte) {
	f, err := wire.Unmarshal(b)
	if err != nil {
		d.s.log.Debug("bad gossip message", logErr, err)
		return
	}
	switch f := f.(type) {
	case *wire.Hint:
		d.s.onHint(f)
	default:
		d.s.log.Debug("unexpected gossip message", "type", f.Type().String())
	}
}

// GetBroadcasts: hints go point to point (SendBestEffort), not through
// the broadcast queue.
func (d *delegate) GetBroadcasts(overhead, limit int) [][]byte { return nil }

// LocalState and MergeRemoteState: vectors move over streams, not in
// memberlist's push/pull.
func (d *delegate) LocalState(join bool) []byte            { return nil }
func (d *delegate) MergeRemoteState(buf []byte, join bool) {}
