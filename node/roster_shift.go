package node

import (
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// SignupByID returns one signup, with the person's name and its status
// as of now (a seated signup not checked in is a no-show once its shift
// has ended).
func (n *Node) SignupByID(id string) (Signup, error) {
	p, err := n.SignupPlace(id)
	return p.Signup, err
}

// CheckIn marks a signup attended. It is one last-writer-wins field of one
// entity, so two devices checking the same person in count once.
func (n *Node) CheckIn(id string) (Signup, error) {
	return n.setSignupStatus(id, signupAttended)
}

// CancelSignup cancels a signup; if it held a seat, the first on the
// waitlist has it now (see seatClaims).
func (n *Node) CancelSignup(id string) (Signup, error) {
	return n.setSignupStatus(id, signupCancelled)
}

func (n *Node) setSignupStatus(id, status string) (Signup, error) {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeSignup, id)
		if err != nil {
			return nil, err
		}
		switch cur := str(e, fieldStatus); {
		case cur == status:
			return nil, nil
		case cur == signupCancelled && status == signupAttended:
			return nil, &ValidationError{Fields: []FieldError{{Field: "status", Code: "cancelled",
				Message: "a cancelled signup cannot be checked in: sign up again"}}}
		}
		return []crdt.Op{{Type: TypeSignup, ID: id, Set: map[string]any{fieldStatus: status}}}, nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("signup %s: %w", status, err)
	}
	return n.SignupByID(id)
}

// ShiftRoster returns a shift with who is seated, who waits, and turnout.
func (n *Node) ShiftRoster(shiftID string) (ShiftView, error) {
	var v ShiftView
	err := n.view(func(txn *badger.Txn) error {
		se, err := n.mustVisible(txn, TypeShift, shiftID)
		if err != nil {
			return err
		}
		v.Shift = shiftFrom(se)
		var claims []claim
		byID := map[string]*crdt.Entity{}
		err = scanVisible(txn, childPrefix(TypeSignup, shiftID), func(e *crdt.Entity) error {
			if c, ok := claimOf(e); ok {
				claims = append(claims, c)
				byID[e.ID] = e
			}
			return nil
		})
		if err != nil {
			return err
		}
		seated, waiting := seatClaims(v.Shift.Capacity, claims)
		if v.Seated, err = n.signupsOf(txn, seated, byID); err != nil {
			return err
		}
		if v.Waitlist, err = n.signupsOf(txn, waiting, byID); err != nil {
			return err
		}
		for i := range v.Waitlist {
			v.Waitlist[i].Bumped = v.Waitlist[i].SeatedAtSignup
		}
		now := n.cfg.Now()
		told, err := n.shiftTold(txn, shiftID)
		if err != nil {
			return err
		}
		for i, c := range seated {
			e := byID[c.ID]
			v.Seated[i].Status = lifeStatus(e, true, v.Shift, now)
			v.Seated[i].Promoted = toldWaitingIn(e, told[e.ID])
		}
		return nil
	})
	if err != nil {
		return ShiftView{}, err
	}
	v.CheckedIn, v.Turnout = turnout(v.Seated)
	return v, nil
}

// turnout counts the seated who checked in, and their share of the seated.
func turnout(seated []Signup) (int, float64) {
	in := 0
	for _, s := range seated {
		if s.Status == signupAttended {
			in++
		}
	}
	if len(seated) == 0 {
		return 0, 0
	}
	return in, float64(in) / float64(len(seated))
}

// signupsOf makes the signups of claims, with the names from the roster
// index rather than from each person's record: a shift's roster is read on
// every check-in search and every live refresh, and decoding a few
// hundred people each time was most of its cost.
func (n *Node) signupsOf(txn *badger.Txn, cs []claim, byID map[string]*crdt.Entity) ([]Signup, error) {
	out := make([]Signup, 0, len(cs))
	for _, c := range cs {
		out = append(out, signupOf(byID[c.ID]))
	}
	n.people.read(func(ix *rosterIndex) {
		for i := range out {
			if s := ix.listed(out[i].Person); s != nil {
				out[i].Name = s.name()
			}
		}
	})
	return out, nil
}

// signupOf is a signup without its person's name.
func signupOf(e *crdt.Entity) Signup {
	s := Signup{
		ID:     e.ID,
		Person: str(e, fieldPerson),
		Shift:  str(e, fieldShift),
		Event:  str(e, fieldEvent),
		// Seat unknown here: callers that seat it derive no-show.
		Status:    lifeStatus(e, false, Shift{}, time.Time{}),
		Confirmed: confirmedFlag(e),
		// A signup made before this field existed was told nothing.
		SeatedAtSignup: e.Value(fieldSeatedAtSignup) == true,
	}
	// Joined is the time of the stamp that orders seats (and that the
	// outbox's confirmation is due at), not the value written beside it: a
	// clock reading taken a moment earlier.
	if c, ok := claimOf(e); ok {
		s.Joined = c.Time.Wall()
	}
	return s
}

func (n *Node) signupFrom(txn *badger.Txn, e *crdt.Entity) (Signup, error) {
	s := signupOf(e)
	if s.Person != "" {
		p, err := n.loadEntity(txn, entityKey(TypePerson, s.Person), TypePerson, s.Person)
		if err != nil {
			return s, err
		}
		s.Name = str(p, fieldName)
	}
	return s, nil
}
