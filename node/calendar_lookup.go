package node

import (
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// CalendarEntry is one signup with its shift and event: what a calendar
// invite shows. Modified is the latest change to any of the three, read
// from the merged state's clocks, so every node that holds the same state
// gives the same entry (and so the same invite, byte for byte).
type CalendarEntry struct {
	Signup   Signup
	Shift    Shift
	Event    Event
	Modified time.Time
}

// CalendarEntry returns the entry of one signup.
func (n *Node) CalendarEntry(signupID string) (CalendarEntry, error) {
	var ce CalendarEntry
	err := n.view(func(txn *badger.Txn) error {
		e, err := n.mustVisible(txn, TypeSignup, signupID)
		if err != nil {
			return err
		}
		ce, err = n.calendarEntry(txn, e)
		return err
	})
	return ce, err
}

// CalendarEntries returns the entries of every signup of a person (those
// cancelled too, so that a calendar can strike them), by shift start. It
// scans all signups: a person's signups have no index of their own yet.
func (n *Node) CalendarEntries(personID string) ([]CalendarEntry, error) {
	out := []CalendarEntry{}
	err := n.view(func(txn *badger.Txn) error {
		if _, err := n.mustVisible(txn, TypePerson, personID); err != nil {
			return err
		}
		return scanVisible(txn, entityPrefix(TypeSignup), func(e *crdt.Entity) error {
			if str(e, fieldPerson) != personID {
				return nil
			}
			ce, err := n.calendarEntry(txn, e)
			if err != nil {
				return err
			}
			out = append(out, ce)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b CalendarEntry) int {
		if c := a.Shift.Start.Compare(b.Shift.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Signup.ID, b.Signup.ID)
	})
	return out, err
}

func (n *Node) calendarEntry(txn *badger.Txn, e *crdt.Entity) (CalendarEntry, error) {
	var ce CalendarEntry
	var err error
	if ce.Signup, err = n.signupFrom(txn, e); err != nil {
		return ce, err
	}
	se, err := n.loadEntity(txn, entityKey(TypeShift, ce.Signup.Shift), TypeShift, ce.Signup.Shift)
	if err != nil {
		return ce, err
	}
	ee, err := n.loadEntity(txn, entityKey(TypeEvent, ce.Signup.Event), TypeEvent, ce.Signup.Event)
	if err != nil {
		return ce, err
	}
	ce.Shift, ce.Event = shiftFrom(se), eventFrom(ee)
	_, ce.Modified = times(e)
	ce.Modified = latest(ce.Modified, ce.Shift.UpdatedAt, ce.Event.UpdatedAt)
	return ce, nil
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
