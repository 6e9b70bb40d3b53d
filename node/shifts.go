package node

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// maxCapacity bounds a shift's seats.
const maxCapacity = 100000

func validateShift(p *ShiftPatch, create bool) ([]string, []string, error) {
	var v validator
	v.text("title", p.Title, maxName, false)
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"start", p.Start}, {"end", p.End}} {
		switch {
		case f.t == nil && create:
			v.add(f.name, "required", f.name+" is required")
		case f.t != nil && (f.t.Year() < 2000 || f.t.Year() > 9999):
			v.add(f.name, "invalid_date", f.name+" must be a time between 2000 and 9999")
		}
	}
	switch {
	case p.Capacity == nil && create:
		v.add("capacity", "required", "capacity is required")
	case p.Capacity != nil && (*p.Capacity < 1 || *p.Capacity > maxCapacity):
		v.add("capacity", "invalid_number", "capacity must be between 1 and "+itoa(maxCapacity))
	}
	var skills, roles []string
	if p.Skills != nil {
		skills = v.tags("skills", *p.Skills)
	}
	if p.Roles != nil {
		roles = v.tags("roles", *p.Roles)
	}
	return skills, roles, v.err()
}

// checkSpan refuses a shift that would end before it starts once the patch
// is applied to the current state.
func checkSpan(cur Shift, p *ShiftPatch) error {
	start, end := cur.Start, cur.End
	if p.Start != nil {
		start = *p.Start
	}
	if p.End != nil {
		end = *p.End
	}
	if !end.After(start) {
		return &ValidationError{Fields: []FieldError{{Field: "end", Code: "invalid_date", Message: "end must be after start"}}}
	}
	return nil
}

func shiftOp(e *crdt.Entity, p *ShiftPatch, skills, roles []string) crdt.Op {
	op := crdt.Op{Type: TypeShift, ID: e.ID, Set: map[string]any{}}
	setText(&op, fieldTitle, p.Title)
	if p.Start != nil {
		op.Set[fieldStart] = p.Start.UTC().Format(time.RFC3339)
	}
	if p.End != nil {
		op.Set[fieldEnd] = p.End.UTC().Format(time.RFC3339)
	}
	if p.Capacity != nil {
		op.Set[fieldCapacity] = uint64(*p.Capacity)
	}
	if p.Skills != nil {
		setDiff(e, fieldSkills, skills, &op)
	}
	if p.Roles != nil {
		setDiff(e, fieldRoles, roles, &op)
	}
	return op
}

// CreateShift adds a shift to an event. Start, end and capacity are required.
func (n *Node) CreateShift(eventID string, p ShiftPatch) (Shift, error) {
	skills, roles, err := validateShift(&p, true)
	if err == nil {
		err = checkSpan(Shift{}, &p)
	}
	if err != nil {
		return Shift{}, err
	}
	id := childID(eventID, newID())
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if _, err := n.mustVisible(txn, TypeEvent, eventID); err != nil {
			return nil, err
		}
		op := shiftOp(crdt.NewEntity(TypeShift, id), &p, skills, roles)
		op.Set[fieldEvent] = eventID
		op.Set[fieldStatus] = statusActive
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Shift{}, fmt.Errorf("create shift: %w", err)
	}
	return n.Shift(id)
}

// UpdateShift changes the fields the patch sets. Lowering the capacity
// moves the last seated to the waitlist; raising it seats the first waiting.
func (n *Node) UpdateShift(id string, p ShiftPatch) (Shift, error) {
	skills, roles, err := validateShift(&p, false)
	if err != nil {
		return Shift{}, err
	}
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeShift, id)
		if err != nil {
			return nil, err
		}
		if err := checkSpan(shiftFrom(e), &p); err != nil {
			return nil, err
		}
		if op := shiftOp(e, &p, skills, roles); !isEmpty(&op) {
			return []crdt.Op{op}, nil
		}
		return nil, nil
	})
	if err != nil {
		return Shift{}, fmt.Errorf("update shift: %w", err)
	}
	return n.Shift(id)
}

// CancelShift cancels a shift; its signups stay, for the record.
func (n *Node) CancelShift(id string) (Shift, error) {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if _, err := n.mustVisible(txn, TypeShift, id); err != nil {
			return nil, err
		}
		return []crdt.Op{{Type: TypeShift, ID: id, Set: map[string]any{fieldStatus: statusCancelled}}}, nil
	})
	if err != nil {
		return Shift{}, fmt.Errorf("cancel shift: %w", err)
	}
	return n.Shift(id)
}

// DuplicateShift copies a shift — its times, seats, title, skills and
// roles, not its signups — into the same event, offsetDays later (0 makes
// a second shift at the same time, for another team).
func (n *Node) DuplicateShift(id string, offsetDays int) (Shift, error) {
	if offsetDays < -3660 || offsetDays > 3660 {
		var v validator
		v.add("offset_days", "invalid_number", "offset_days must be between -3660 and 3660")
		return Shift{}, v.err()
	}
	var newShift string
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeShift, id)
		if err != nil {
			return nil, err
		}
		s := shiftFrom(e)
		if _, err := n.mustVisible(txn, TypeEvent, s.Event); err != nil {
			return nil, err
		}
		newShift = childID(s.Event, newID())
		by := time.Duration(offsetDays) * 24 * time.Hour
		return []crdt.Op{copyShiftOp(s, newShift, s.Event, by, n.cfg.Now())}, nil
	})
	if err != nil {
		return Shift{}, fmt.Errorf("duplicate shift: %w", err)
	}
	return n.Shift(newShift)
}

// copyShiftOp is the op that creates a copy of s under an event.
func copyShiftOp(s Shift, id, eventID string, by time.Duration, now time.Time) crdt.Op {
	start, end, capacity := s.Start.Add(by), s.End.Add(by), s.Capacity
	p := ShiftPatch{Start: &start, End: &end, Capacity: &capacity}
	if s.Title != "" {
		p.Title = &s.Title
	}
	op := shiftOp(crdt.NewEntity(TypeShift, id), &p, nil, nil)
	for _, x := range s.Skills {
		addElem(&op, fieldSkills, x)
	}
	for _, x := range s.Roles {
		addElem(&op, fieldRoles, x)
	}
	op.Set[fieldEvent] = eventID
	op.Set[fieldStatus] = statusActive
	op.Set[fieldCreated] = uint64(now.UnixMilli())
	return op
}

// Shift returns one shift.
func (n *Node) Shift(id string) (Shift, error) {
	e, err := n.entity(TypeShift, id)
	if err != nil {
		return Shift{}, err
	}
	return shiftFrom(e), nil
}

// Shifts lists an event's shifts by start time.
func (n *Node) Shifts(eventID string) ([]Shift, error) {
	out := []Shift{}
	err := n.view(func(txn *badger.Txn) error {
		if _, err := n.mustVisible(txn, TypeEvent, eventID); err != nil {
			return err
		}
		return scanVisible(txn, childPrefix(TypeShift, eventID), func(e *crdt.Entity) error {
			out = append(out, shiftFrom(e))
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Shift) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

func shiftFrom(e *crdt.Entity) Shift {
	s := Shift{
		ID:       e.ID,
		Event:    str(e, fieldEvent),
		Title:    str(e, fieldTitle),
		Capacity: int(num(e.Value(fieldCapacity))),
		Skills:   nonNil(e.Elements(fieldSkills)),
		Roles:    nonNil(e.Elements(fieldRoles)),
		Status:   str(e, fieldStatus),
	}
	s.Start, _ = time.Parse(time.RFC3339, str(e, fieldStart))
	s.End, _ = time.Parse(time.RFC3339, str(e, fieldEnd))
	if s.Status == "" {
		s.Status = statusActive
	}
	s.CreatedAt, s.UpdatedAt = times(e)
	return s
}
