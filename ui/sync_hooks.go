package ui

import (
	"errors"
	"io"
	"time"
)

// ui does not import sync: cmd/muster hands it what the Sync page shows
// and what bundles need as plain functions (SetSyncView, SetBundles).

// SyncView is what the Sync page shows of this node's sync service.
type SyncView struct {
	SyncAddr string // where peers reach this node; "" when it only dials out
	Team     string // the team id's hash, as shown on the network
	Peers    []PeerRow
}

// PeerRow is one peer as the sync service knows it.
type PeerRow struct {
	Node     string    // its author id (hex) once known, else ""
	Addr     string    // sync address or upstream URL
	Online   bool      // reachable now
	LastSync time.Time // last successful sync; zero when never
	Behind   uint64    // ops the peer holds that this node lacks
	Ahead    uint64    // ops this node holds that the peer lacks
	Known    bool      // the peer's vector is known; else Behind and Ahead mean nothing
	Error    string    // why the last round failed, untranslated
}

// InSync is true when the peer is known to hold exactly this node's ops.
func (r PeerRow) InSync() bool { return r.Known && r.Behind == 0 && r.Ahead == 0 }

// BundleHooks move ops by file. Export writes a bundle of what this node
// holds beyond since (a JSON version vector as `muster status` prints it;
// "" for everything); it returns an error wrapping ErrBadVector when since
// cannot be read, before writing anything. Import reads a whole bundle and
// applies it only if it checks out, counting the ops added and those
// already here.
type BundleHooks struct {
	Export func(w io.Writer, since string) error
	Import func(r io.Reader) (applied, duplicate int, err error)
}

// ErrBadVector is what BundleHooks.Export wraps when since is not a
// version vector: the download answers 400.
var ErrBadVector = errors.New("bad version vector")

// SetSyncView installs the function the Sync page asks for peers and
// addresses. Nil shows "this device only".
func (p *Pages) SetSyncView(f func() SyncView) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.syncView = f
}

// SetBundles installs bundle export and import. Until both are set, GET
// and POST /api/v1/bundle answer 503 and the Sync page says so.
func (p *Pages) SetBundles(h BundleHooks) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bundles = h
}

func (p *Pages) syncStatus() SyncView {
	p.mu.RLock()
	f := p.syncView
	p.mu.RUnlock()
	if f == nil {
		return SyncView{}
	}
	return f()
}

// bundleHooks returns the hooks, ok only when both are set.
func (p *Pages) bundleHooks() (BundleHooks, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.bundles, p.bundles.Export != nil && p.bundles.Import != nil
}
