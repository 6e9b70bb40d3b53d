package node

import (
	"bytes"
	"errors"

	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// claim is what seating needs of a signup: the stamp of its "joined" field
// (written once when the signup is made) and whether it is cancelled.
type claim struct {
	ID        string
	Time      crdt.Timestamp
	Author    crdt.AuthorID
	Seq       uint64
	Cancelled bool
}

// cmpClaim orders claims by the stamp of their joined field: HLC time, then
// author key, then seq, then id. Arrival order never enters, so every node
// that holds the same signups orders them the same way.
func cmpClaim(a, b claim) int {
	if a.Time != b.Time {
		if a.Time < b.Time {
			return -1
		}
		return 1
	}
	if c := bytes.Compare(a.Author[:], b.Author[:]); c != 0 {
		return c
	}
	if a.Seq != b.Seq {
		if a.Seq < b.Seq {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

// seatClaims is the seating rule, a pure function of the shift's capacity
// and its signups: the first capacity non-cancelled claims in stamp order
// are seated, the rest wait in the same order. A cancellation frees a seat
// for the first on the waitlist with no further op, and a merge that brings
// in an earlier claim moves the last seated to the head of the waitlist.
func seatClaims(capacity int, cs []claim) (seated, waitlist []claim) {
	live := make([]claim, 0, len(cs))
	for _, c := range cs {
		if !c.Cancelled {
			live = append(live, c)
		}
	}
	slices.SortFunc(live, cmpClaim)
	capacity = max(0, min(capacity, len(live)))
	return live[:capacity:capacity], live[capacity:]
}

// claimOf reads a signup entity's claim. A signup whose joined field has
// not arrived yet (another author's status change got here first) makes no
// claim until it does.
func claimOf(e *crdt.Entity) (claim, bool) {
	i, ok := slices.BinarySearchFunc(e.Fields, fieldJoined, func(f crdt.Field, n string) int { return strings.Compare(f.Name, n) })
	if !ok || e.Fields[i].Value == nil || int(e.Fields[i].A) >= len(e.Authors) {
		return claim{}, false
	}
	f := e.Fields[i]
	return claim{
		ID:        e.ID,
		Time:      f.Time,
		Author:    e.Authors[f.A],
		Seq:       f.Seq,
		Cancelled: str(e, fieldStatus) == signupCancelled,
	}, true
}

// seatFree says whether a signup made now for the shift takes a seat: its
// claim is stamped after every claim this node holds, so it is seated if
// fewer than capacity live claims (other than its own) are ahead of it.
//
// The scan stops at the capacity-th live claim: a signup to a shift with a
// long waitlist decodes a shift's worth of signups, not all of them.
func seatFree(txn *badger.Txn, shiftID, signupID string, capacity int) (bool, error) {
	if capacity <= 0 {
		return false, nil
	}
	live := 0
	err := scanVisible(txn, childPrefix(TypeSignup, shiftID), func(e *crdt.Entity) error {
		if c, ok := claimOf(e); ok && !c.Cancelled && e.ID != signupID {
			live++
			if live >= capacity {
				return errSeatsTaken
			}
		}
		return nil
	})
	if errors.Is(err, errSeatsTaken) {
		return false, nil
	}
	return live < capacity, err
}

// errSeatsTaken stops seatFree's scan.
var errSeatsTaken = errors.New("every seat taken")

// fieldStamp returns the stamp of a field's winning write: its HLC time and
// author. ok is false when the field was never written.
func fieldStamp(e *crdt.Entity, name string) (t crdt.Timestamp, author crdt.AuthorID, ok bool) {
	i, found := slices.BinarySearchFunc(e.Fields, name, func(f crdt.Field, n string) int { return strings.Compare(f.Name, n) })
	if !found || int(e.Fields[i].A) >= len(e.Authors) {
		return 0, crdt.AuthorID{}, false
	}
	return e.Fields[i].Time, e.Authors[e.Fields[i].A], true
}
