package node

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

func validateWalkin(in *WalkinInput) error {
	var v validator
	v.textOpt("name", &in.Name, maxName, true, false)
	in.Email = normalizeEmail(in.Email)
	v.email("email", &in.Email)
	v.phone("phone", &in.Phone)
	in.Phone = normalizePhone(in.Phone)
	if in.Shift == "" || len(in.Shift) > crdt.MaxIDLen {
		v.add("shift", "required", "pick a shift")
	}
	return v.err()
}

// WalkIn adds someone who came without signing up to one shift and checks
// them in, in one atomic write. Unlike SignUp it needs only a name: an
// organizer is standing in front of the person. With a phone or email the
// person is found or created as a signup would; without, a new person is
// made who has no channel, so gets no messages, but counts in turnout.
func (n *Node) WalkIn(eventID string, in WalkinInput) (Signup, error) {
	if err := validateWalkin(&in); err != nil {
		return Signup{}, err
	}
	var id string
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if err := n.eventOpen(txn, eventID); err != nil {
			return nil, err
		}
		pid, op, err := n.walkinPerson(txn, in)
		if err != nil {
			return nil, err
		}
		sop, err := n.signupOp(txn, eventID, in.Shift, pid)
		if err != nil {
			return nil, err
		}
		id = sop.ID
		if sop.Set == nil {
			sop.Set = map[string]any{}
		}
		sop.Set[fieldStatus] = signupAttended
		var ops []crdt.Op
		if !isEmpty(&op) {
			ops = append(ops, op)
		}
		return append(ops, sop), nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("walk in: %w", err)
	}
	return n.SignupByID(id)
}

// walkinPerson finds the walk-in by contact like a signup, or, with no
// contact, names a new person: without a contact there is nothing to know
// them again by.
func (n *Node) walkinPerson(txn *badger.Txn, in WalkinInput) (string, crdt.Op, error) {
	if in.Email != "" || in.Phone != "" {
		return n.personFor(txn, &SignupInput{Name: in.Name, Email: in.Email, Phone: in.Phone})
	}
	id := newID()
	return id, crdt.Op{Type: TypePerson, ID: id, Set: map[string]any{
		fieldName: in.Name, fieldStatus: defaultStatus, fieldCreated: uint64(n.cfg.Now().UnixMilli()),
	}}, nil
}
