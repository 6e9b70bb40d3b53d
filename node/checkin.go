package node

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// RosterMatches is one search of the roster by name.
type RosterMatches struct {
	People []RosterMatch `json:"people"`
	More   bool          `json:"more"` // more people match than People holds
}

// RosterMatch is a person found by name: enough to show and to check in.
type RosterMatch struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SearchRoster finds the people whose name, or a word of it, starts with
// q (any case): the first limit of them in the order of the word that
// matched, then of the name, and whether there are more. skip, when set,
// leaves people out (check-in leaves out those already listed as signed
// up). It reads only the in-memory index, and costs the same however many
// people match.
func (n *Node) SearchRoster(q string, limit int, skip func(personID string) bool) (RosterMatches, error) {
	if n.closed.Load() {
		return RosterMatches{}, ErrClosed
	}
	var res RosterMatches
	n.people.read(func(ix *rosterIndex) {
		ids, more := ix.search(q, limit, skip)
		res.More = more
		res.People = make([]RosterMatch, len(ids))
		for i, id := range ids {
			res.People[i] = RosterMatch{ID: id, Name: ix.listed(id).name()}
		}
	})
	return res, nil
}

// CheckInPerson signs a person already on the roster up for a shift and
// checks them in, in one op: the one tap for a volunteer whom the check-in
// search found on the roster though they did not sign up (WalkIn is for
// someone not on the roster, by name and contact). Someone already signed
// up for the shift is just checked in, and someone checked in already
// writes nothing; a cancelled signup joins again, at the back of the line,
// checked in.
func (n *Node) CheckInPerson(eventID, shiftID, personID string) (Signup, error) {
	var id string
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if err := n.eventOpen(txn, eventID); err != nil {
			return nil, err
		}
		if _, err := n.mustVisible(txn, TypePerson, personID); err != nil {
			return nil, err
		}
		op, err := n.signupOp(txn, eventID, shiftID, personID)
		if err != nil {
			return nil, err
		}
		id = op.ID
		if isEmpty(&op) { // signed up already: check in unless in
			s, err := n.mustVisible(txn, TypeSignup, id)
			if err != nil || str(s, fieldStatus) == signupAttended {
				return nil, err
			}
			op.Set = map[string]any{}
		}
		op.Set[fieldStatus] = signupAttended
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("check in person: %w", err)
	}
	return n.SignupByID(id)
}
