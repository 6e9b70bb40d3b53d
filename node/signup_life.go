package node

import (
	"bytes"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// The signup lifecycle (docs/api.md, "Signup status"): signed up, then
// confirmed by the volunteer or an organizer, or cancelled; after the
// shift, attended (checked in) or no-show.
//
// Only signed_up, cancelled and attended are ever written to the status
// field. Confirmation is a field of its own, and no-show is derived when
// the signup is read, so:
//
//   - a confirmation never overwrites a check-in or a cancellation, in
//     whatever order the ops arrive: the displayed status is a pure
//     function of the merged fields (lifeStatus);
//   - a cancellation and a confirmation made apart end cancelled;
//   - a cancellation and a check-in made apart: last writer wins on the
//     status field, as before;
//   - no-show needs no write and every node agrees on it: a seated signup
//     of a shift that went ahead and has ended, not checked in.
const (
	signupConfirmed = "confirmed"
	signupNoShow    = "no_show"

	// fieldConfirmed is true once the volunteer (or an organizer for them)
	// said they will come. A fresh signup after a cancellation clears it.
	fieldConfirmed = "confirmed"
)

// lifeStatus is a signup's status as people see it, from its merged fields,
// whether it holds a seat, its shift and now.
func lifeStatus(e *crdt.Entity, seated bool, shift Shift, now time.Time) string {
	switch st := str(e, fieldStatus); {
	case st == signupCancelled || st == signupAttended || st == signupNoShow:
		return st
	case seated && shift.Status != statusCancelled && !shift.End.IsZero() && !now.Before(shift.End):
		return signupNoShow
	case st == signupConfirmed || e.Value(fieldConfirmed) == true:
		return signupConfirmed
	}
	return signupSignedUp
}

// confirmedFlag says whether the volunteer confirmed, whatever came after
// (they may since have been checked in, or not come).
func confirmedFlag(e *crdt.Entity) bool {
	return e.Value(fieldConfirmed) == true || str(e, fieldStatus) == signupConfirmed
}

// ConfirmSignup records that the volunteer will come. A waitlisted signup
// stays on the waitlist, confirmed: it is ready if a seat opens. Confirming
// twice, or confirming someone already checked in, changes nothing; a
// cancelled signup cannot be confirmed (sign up again instead).
func (n *Node) ConfirmSignup(id string) (Signup, error) {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeSignup, id)
		if err != nil {
			return nil, err
		}
		switch str(e, fieldStatus) {
		case signupCancelled:
			return nil, &ValidationError{Fields: []FieldError{{Field: "status", Code: "cancelled",
				Message: "a cancelled signup cannot be confirmed: sign up again"}}}
		case signupAttended:
			return nil, nil
		}
		if confirmedFlag(e) {
			return nil, nil
		}
		return []crdt.Op{{Type: TypeSignup, ID: id, Set: map[string]any{fieldConfirmed: true}}}, nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("signup confirm: %w", err)
	}
	return n.SignupByID(id)
}

// UndoCheckIn takes back a check-in tapped by mistake: the signup is
// signed up again (still confirmed if it was), and after its shift a
// seated one is a no-show. It changes nothing on a signup not checked in.
func (n *Node) UndoCheckIn(id string) (Signup, error) {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeSignup, id)
		if err != nil || str(e, fieldStatus) != signupAttended {
			return nil, err
		}
		return []crdt.Op{{Type: TypeSignup, ID: id, Set: map[string]any{fieldStatus: signupSignedUp}}}, nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("signup undo check-in: %w", err)
	}
	return n.SignupByID(id)
}

// SignupPlace is a signup with its shift and event and where it stands:
// seated, or its place on the waitlist. The volunteer's own page shows it.
type SignupPlace struct {
	Signup   Signup `json:"signup"`
	Shift    Shift  `json:"shift"`
	Event    Event  `json:"event"`
	Seated   bool   `json:"seated"`
	Position int    `json:"position,omitempty"` // place on the waitlist; 0 when seated or cancelled
}

// SignupPlace returns where a signup stands now.
func (n *Node) SignupPlace(id string) (SignupPlace, error) {
	var out SignupPlace
	err := n.view(func(txn *badger.Txn) error {
		e, err := n.mustVisible(txn, TypeSignup, id)
		if err != nil {
			return err
		}
		if out.Signup, err = n.signupFrom(txn, e); err != nil {
			return err
		}
		se, err := n.mustVisible(txn, TypeShift, out.Signup.Shift)
		if err != nil {
			return err
		}
		out.Shift = shiftFrom(se)
		ee, err := n.mustVisible(txn, TypeEvent, out.Shift.Event)
		if err != nil {
			return err
		}
		out.Event = eventFrom(ee)
		seats, err := seatsOf(txn, out.Shift)
		if err != nil {
			return err
		}
		out.Seated, out.Position = placeIn(seats, id)
		out.Signup.Status = lifeStatus(e, out.Seated, out.Shift, n.cfg.Now())
		if out.Seated {
			out.Signup.Promoted, err = n.toldWaiting(txn, e)
		}
		return err
	})
	return out, err
}

// placeIn finds a signup among a shift's seats: seated, or its place on
// the waitlist (both zero when it holds neither, being cancelled).
func placeIn(s shiftSeats, id string) (seated bool, position int) {
	for _, c := range s.seated {
		if c.ID == id {
			return true, 0
		}
	}
	for i, c := range s.waiting {
		if c.ID == id {
			return false, i + 1
		}
	}
	return false, 0
}

// toldWaiting says whether the signup's person was last told they were on
// the waitlist: the signup page said so (seated_at_signup is false, not
// merely missing as on signups older than the field), or a "waitlisted"
// message went. Seated now, such a signup is "promoted" (docs/outbox.md).
func (n *Node) toldWaiting(txn *badger.Txn, e *crdt.Entity) (bool, error) {
	if e.Value(fieldSeatedAtSignup) == false {
		return true, nil
	}
	id := messageID(e.ID, KindWaitlisted)
	m, err := n.loadEntity(txn, entityKey(TypeMessage, id), TypeMessage, id)
	if err != nil || !m.IsVisible() {
		return false, err
	}
	return str(m, fieldState) == StateSent, nil
}

// told is what the messages of one signup that went told its person.
type told struct {
	waitlisted   bool   // the "waitlisted" message was sent
	confirmation string // the confirmation's state; "" while none is recorded
	saidSeated   any    // the sent confirmation's said_seated: true, false or nil
}

// shiftTold lists, per signup of a shift, what its messages that went told
// (toldWaitingIn, promotedNews): one walk over the keys of the shift's
// message records (a message id starts with its signup's, which starts
// with the shift's) instead of reads per signup, most of which find
// nothing.
func (n *Node) shiftTold(txn *badger.Txn, shiftID string) (map[string]*told, error) {
	out := map[string]*told{}
	wanted := func(key []byte) bool {
		return bytes.HasSuffix(key, []byte("."+KindWaitlisted)) || bytes.HasSuffix(key, []byte("."+KindConfirmation))
	}
	err := scanMergedIf(txn, childPrefix(TypeMessage, shiftID), wanted, func(m *crdt.Entity) error {
		signupID, kind, ok := splitMessageID(m.ID)
		if !ok || !m.IsVisible() {
			return nil
		}
		t := out[signupID]
		if t == nil {
			t = &told{}
			out[signupID] = t
		}
		switch state := str(m, fieldState); kind {
		case KindWaitlisted:
			t.waitlisted = state == StateSent
		case KindConfirmation:
			t.confirmation = state
			if state == StateSent {
				t.saidSeated = m.Value(fieldSaidSeated)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read messages: %w", err)
	}
	return out, nil
}

// toldWaitingIn is toldWaiting with the shift's messages already listed
// (shiftTold): the signup page or a sent "waitlisted" message said the
// person waits. The event page flags such a signup, seated now, promoted.
func toldWaitingIn(e *crdt.Entity, t *told) bool {
	return e.Value(fieldSeatedAtSignup) == false || (t != nil && t.waitlisted)
}

// promotedNews says whether a seated signup's person still needs to hear
// that a seat opened: a "waitlisted" message went, or the signup page said
// they wait and their confirmation has settled without saying they have a
// seat. While the confirmation is still to go it carries the news itself
// (it is composed when it goes, from the seat held then), and one that
// went saying "you have a seat" told them already.
func promotedNews(e *crdt.Entity, t *told) bool {
	if t != nil && t.waitlisted {
		return true
	}
	if e.Value(fieldSeatedAtSignup) != false || t == nil {
		return false
	}
	return settled(t.confirmation) && t.saidSeated != true
}
