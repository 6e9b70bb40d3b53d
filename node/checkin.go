package node

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// RosterMatches is one search of the roster by name.
type RosterMatches struct {
	People []Person `json:"people"`
	More   bool     `json:"more"` // more people match than People holds
}

// SearchRoster finds the people whose name, or a word of it, starts with
// q (any case): the first limit of them in the order of the word that
// matched, then of the name, and whether there are more. skip, when set,
// leaves people out (check-in leaves out those already listed as signed
// up). It reads the in-memory word index and costs the same however many
// people match.
func (n *Node) SearchRoster(q string, limit int, skip func(personID string) bool) (RosterMatches, error) {
	var ids []string
	var res RosterMatches
	n.people.read(func(ix *rosterIndex) { ids, res.More = ix.search(q, limit, skip) })
	res.People = make([]Person, 0, len(ids))
	if n.closed.Load() {
		return res, ErrClosed
	}
	err := n.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			e, err := n.loadEntity(txn, entityKey(TypePerson, id), TypePerson, id)
			if err != nil {
				return err
			}
			if e.IsVisible() {
				res.People = append(res.People, personFrom(e))
			}
		}
		return nil
	})
	return res, err
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
