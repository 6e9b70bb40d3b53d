package node

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Field names of a message's delivery state.
const (
	fieldState  = "state"
	fieldDetail = "detail"
	// fieldSaidSeated: what a sent message told, a seat or the waitlist.
	fieldSaidSeated = "said_seated"
	fieldSignup     = "signup"
)

// messageID is a message's id: its signup's id, a dot, its kind. Every node
// derives the same ids from the same signups (at most 50+1+12 bytes, within
// crdt.MaxIDLen), and a signup's messages are one key prefix.
func messageID(signupID, kind string) string { return childID(signupID, kind) }

// Outbox lists the messages that merged state schedules, with the state
// their home node recorded, by due time then id.
func (n *Node) Outbox(q OutboxQuery) ([]Message, error) {
	out := []Message{}
	err := n.view(func(txn *badger.Txn) error {
		return n.eachSignupFacts(txn, func(f signupFacts) error {
			for _, m := range planMessages(f) {
				if !q.matches(&m) {
					continue
				}
				if err := n.withState(txn, &m); err != nil {
					return err
				}
				if q.State == "" || q.State == m.State {
					out = append(out, m)
				}
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Message) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

func (q OutboxQuery) matches(m *Message) bool {
	return (q.Kind == "" || q.Kind == m.Kind) && (q.Event == "" || q.Event == m.Event) &&
		(q.Person == "" || q.Person == m.Person)
}

// DueMessages lists the messages this node must act on at now: those whose
// home it is, that are due and not yet settled (queued, or sending when a
// crash cut a hand-off short). Expired ones are included, for the caller
// to mark skipped.
func (n *Node) DueMessages(now time.Time) ([]Message, error) {
	all, err := n.Outbox(OutboxQuery{})
	if err != nil {
		return nil, err
	}
	me := n.id.String()
	due := all[:0]
	for _, m := range all {
		if m.Home == me && !m.Due.After(now) && (m.State == StateQueued || m.State == StateSending) {
			due = append(due, m)
		}
	}
	return due, nil
}

// withState overlays the delivery state recorded for m, if any.
func (n *Node) withState(txn *badger.Txn, m *Message) error {
	e, err := n.loadEntity(txn, entityKey(TypeMessage, m.ID), TypeMessage, m.ID)
	if err != nil || !e.IsVisible() {
		return err
	}
	if s := str(e, fieldState); s != "" {
		m.State = s
	}
	m.Detail = str(e, fieldDetail)
	if _, updated := times(e); !updated.IsZero() {
		m.UpdatedAt = &updated
	}
	return nil
}

// eachSignupFacts calls fn for every live signup of a shift of an event
// that are not deleted, with its seat decided by seatClaims and whether the
// shift (or its event) is cancelled.
func (n *Node) eachSignupFacts(txn *badger.Txn, fn func(signupFacts) error) error {
	byShift := map[string][]*crdt.Entity{}
	var shifts []string
	err := scanVisible(txn, entityPrefix(TypeSignup), func(e *crdt.Entity) error {
		sid := str(e, fieldShift)
		if _, ok := byShift[sid]; !ok {
			shifts = append(shifts, sid)
		}
		byShift[sid] = append(byShift[sid], e)
		return nil
	})
	if err != nil {
		return err
	}
	for _, sid := range shifts {
		if err := n.shiftSignupFacts(txn, sid, byShift[sid], fn); err != nil {
			return err
		}
	}
	return nil
}

func (n *Node) shiftSignupFacts(txn *badger.Txn, sid string, signups []*crdt.Entity, fn func(signupFacts) error) error {
	se, err := n.loadEntity(txn, entityKey(TypeShift, sid), TypeShift, sid)
	if err != nil || !se.IsVisible() {
		return err
	}
	shift := shiftFrom(se)
	ee, err := n.loadEntity(txn, entityKey(TypeEvent, shift.Event), TypeEvent, shift.Event)
	if err != nil || !ee.IsVisible() {
		return err
	}
	event := eventFrom(ee)
	cancelled, ok := cancelledAt(se)
	if !ok {
		cancelled, _ = cancelledAt(ee)
	}
	var claims []claim
	byID := map[string]*crdt.Entity{}
	for _, e := range signups {
		if c, ok := claimOf(e); ok && !c.Cancelled {
			claims = append(claims, c)
			byID[e.ID] = e
		}
	}
	seated, waiting := seatClaims(shift.Capacity, claims)
	told, err := n.shiftTold(txn, sid)
	if err != nil {
		return err
	}
	for i, c := range slices.Concat(seated, waiting) {
		e := byID[c.ID]
		pid := str(e, fieldPerson)
		pe, err := n.loadEntity(txn, entityKey(TypePerson, pid), TypePerson, pid)
		if err != nil {
			return err
		}
		if !pe.IsVisible() { // erased: no one to write to
			continue
		}
		f := signupFacts{signup: e, claim: c, seated: i < len(seated), shift: shift, event: event,
			person: personFrom(pe), cancelled: cancelled}
		if !f.seated {
			f.position = i - len(seated) + 1
		} else {
			f.toldWaiting = promotedNews(e, told[e.ID])
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// cancelledAt is when an event or shift was cancelled: the wall time of
// the stamp of its status field, the same on every node. ok is false when
// it is not cancelled.
func cancelledAt(e *crdt.Entity) (time.Time, bool) {
	if str(e, fieldStatus) != statusCancelled {
		return time.Time{}, false
	}
	t, _, _ := fieldStamp(e, fieldStatus)
	return t.Wall(), true
}

// SetMessageState records what this node did with one of its messages.
// Only a message's home node calls it (see docs/outbox.md). A settled
// message (sent, failed, skipped) keeps its state, and writing the state it
// already has writes nothing, so retrying a channel that stays down does
// not grow the op log.
func (n *Node) SetMessageState(id string, u MessageUpdate) error {
	signupID, kind, ok := splitMessageID(id)
	if !ok {
		return &ValidationError{Fields: []FieldError{{Field: "id", Code: "invalid_value", Message: "not a message id"}}}
	}
	if !slices.Contains(MessageStates, u.State) {
		return &ValidationError{Fields: []FieldError{{Field: "state", Code: "invalid_choice", Message: "unknown state " + u.State}}}
	}
	u.Detail = truncate(u.Detail, maxShort)
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.loadEntity(txn, entityKey(TypeMessage, id), TypeMessage, id)
		if err != nil {
			return nil, err
		}
		cur := str(e, fieldState)
		if settled(cur) || (cur == u.State && str(e, fieldDetail) == u.Detail) {
			return nil, nil
		}
		op := crdt.Op{Type: TypeMessage, ID: id, Set: map[string]any{fieldState: u.State, fieldDetail: u.Detail}}
		if u.State == StateSent && u.Seated != nil {
			op.Set[fieldSaidSeated] = *u.Seated
		}
		if !e.IsVisible() {
			op.Set[fieldSignup], op.Set[fieldKind] = signupID, kind
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return fmt.Errorf("set message %s %s: %w", id, u.State, err)
	}
	return nil
}

func settled(state string) bool {
	return state == StateSent || state == StateFailed || state == StateSkipped
}

func splitMessageID(id string) (signupID, kind string, ok bool) {
	i := strings.LastIndexByte(id, '.')
	if i <= 0 || !slices.Contains(MessageKinds, id[i+1:]) {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// truncate cuts s to at most max bytes on a rune boundary.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}
