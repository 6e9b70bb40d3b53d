package bundle

import (
	"crypto/hmac"
	"fmt"
	"hash"
	"io"
	"os"

	"muster/node"
	"muster/sync/team"
)

// Summary is what checking a bundle found.
type Summary struct {
	Header Header
	Frames uint64
	Chunks uint64
	Ops    uint64
}

// Check reads a whole bundle from r and checks it for team t without
// applying anything: format, team, limits, the trailer's counts and the
// MAC. The error wraps ErrNotBundle, ErrVersion, ErrForeign or ErrDamaged.
// Ops' signatures are left to node.Apply, which checks every chunk of a
// batch before it writes any: checking them here too doubled the cost of
// an import, and a bundle whose MAC holds was sealed by a member of the
// team, who could send the same chunks over sync.
func Check(r io.Reader, t *team.Team) (Summary, error) {
	return check(r, t.IDHash(), newMAC(t))
}

func check(r io.Reader, teamHash string, mac hash.Hash) (Summary, error) {
	var s Summary
	rd := newReader(r, mac)
	h, err := rd.header()
	if err != nil {
		return s, err
	}
	s.Header = h
	if h.Team != teamHash {
		return s, fmt.Errorf("%w (its team is %s, ours is %s)", ErrForeign, h.Team, teamHash)
	}
	for {
		cs, err := rd.next()
		if err != nil {
			return s, err
		}
		if cs == nil {
			break
		}
		s.Frames++
		for _, c := range cs {
			s.Chunks++
			s.Ops += uint64(len(c.Ops))
		}
	}
	tr, sum, err := rd.trailer()
	if err != nil {
		return s, err
	}
	if tr.Frames != s.Frames || tr.Chunks != s.Chunks || tr.Ops != s.Ops {
		return s, damaged("it announces %d chunks of %d ops and holds %d of %d", tr.Chunks, tr.Ops, s.Chunks, s.Ops)
	}
	if !hmac.Equal(sum, mac.Sum(nil)) {
		return s, damaged("its seal does not match this team's key")
	}
	return s, nil
}

// Import checks a whole bundle (see Check) and, only if it passes, applies
// its chunks to n through n.Apply one frame (at most wire.MaxBatchBytes)
// at a time. A bundle that fails the check is refused and nothing is
// applied. Ops n already holds are counted as duplicates, so importing a
// bundle twice changes nothing. progress, if not nil, is called after each
// frame with the ops applied so far and the bundle's ops.
func Import(r io.Reader, n *node.Node, t *team.Team, progress func(done, total uint64)) (node.ApplyResult, error) {
	var res node.ApplyResult
	// Beside the store rather than in /tmp, which is often a small tmpfs:
	// a bundle can be as large as the whole log.
	tmp, err := os.CreateTemp(n.Dir(), ".bundle-import-*")
	if err != nil {
		return res, fmt.Errorf("import bundle: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	s, err := Check(io.TeeReader(r, tmp), t)
	if err != nil {
		return res, fmt.Errorf("import bundle: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return res, fmt.Errorf("import bundle: %w", err)
	}
	res, err = apply(tmp, n, t, s.Ops, progress)
	if err != nil {
		return res, fmt.Errorf("import bundle: %w", err)
	}
	return res, nil
}

// apply reads a checked bundle again and applies it frame by frame.
func apply(r io.Reader, n *node.Node, t *team.Team, total uint64, progress func(done, total uint64)) (node.ApplyResult, error) {
	var res node.ApplyResult
	if progress == nil {
		progress = func(uint64, uint64) {}
	}
	rd := newReader(r, newMAC(t))
	if _, err := rd.header(); err != nil {
		return res, err
	}
	var done uint64
	progress(0, total)
	for {
		cs, err := rd.next()
		if err != nil || cs == nil {
			return res, err
		}
		got, err := n.Apply(cs)
		if err != nil {
			return res, err
		}
		res.Applied += got.Applied
		res.Duplicate += got.Duplicate
		res.Pending += got.Pending
		for _, c := range cs {
			done += uint64(len(c.Ops))
		}
		progress(done, total)
	}
}
