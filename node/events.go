package node

import (
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Field names of events, shifts and signups beyond those people and
// campaigns already name.
const (
	fieldLat      = "lat"
	fieldLon      = "lon"
	fieldCampaign = "campaign"
	fieldEvent    = "event"
	fieldStart    = "start"
	fieldEnd      = "end"
	fieldCapacity = "capacity"
	fieldPerson   = "person"
	fieldShift    = "shift"
	fieldJoined   = "joined"
	fieldLang     = "lang"

	// fieldSeatedAtSignup records, on the node where a signup is made,
	// whether it took a seat at that moment: what its person was told.
	fieldSeatedAtSignup = "seated_at_signup"

	statusActive    = "active"
	statusCancelled = "cancelled"
)

func validateEvent(p *EventPatch, create bool) error {
	var v validator
	v.textOpt("title", p.Title, maxName, create, false)
	v.text("description", p.Description, maxText, false)
	v.text("location", p.Location, maxShort, false)
	v.text("campaign", p.Campaign, crdt.MaxIDLen, false)
	if (p.Lat == nil) != (p.Lon == nil) {
		v.add("lat", "required", "lat and lon go together")
	}
	if p.Lat != nil && !(*p.Lat >= -90 && *p.Lat <= 90) {
		v.add("lat", "invalid_number", "lat must be between -90 and 90")
	}
	if p.Lon != nil && !(*p.Lon >= -180 && *p.Lon <= 180) {
		v.add("lon", "invalid_number", "lon must be between -180 and 180")
	}
	return v.err()
}

// eventOp turns a validated patch into an op. A named campaign must exist.
func (n *Node) eventOp(txn *badger.Txn, id string, p *EventPatch) (crdt.Op, error) {
	op := crdt.Op{Type: TypeEvent, ID: id, Set: map[string]any{}}
	setText(&op, fieldTitle, p.Title)
	setText(&op, fieldDescription, p.Description)
	setText(&op, fieldLocation, p.Location)
	setText(&op, fieldCampaign, p.Campaign)
	if p.Lat != nil {
		op.Set[fieldLat], op.Set[fieldLon] = *p.Lat, *p.Lon
	}
	if p.Campaign != nil && *p.Campaign != "" {
		if _, err := n.mustVisible(txn, TypeCampaign, *p.Campaign); err != nil {
			return op, &ValidationError{Fields: []FieldError{{Field: "campaign", Code: "not_found", Message: "no campaign " + *p.Campaign}}}
		}
	}
	return op, nil
}

// CreateEvent adds an event. Title is required; status starts active.
func (n *Node) CreateEvent(p EventPatch) (Event, error) {
	if err := validateEvent(&p, true); err != nil {
		return Event{}, err
	}
	id := newID()
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		op, err := n.eventOp(txn, id, &p)
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		op.Set[fieldStatus] = statusActive
		return []crdt.Op{op}, err
	})
	if err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	return n.Event(id)
}

// UpdateEvent changes the fields the patch sets.
func (n *Node) UpdateEvent(id string, p EventPatch) (Event, error) {
	if err := validateEvent(&p, false); err != nil {
		return Event{}, err
	}
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if _, err := n.mustVisible(txn, TypeEvent, id); err != nil {
			return nil, err
		}
		op, err := n.eventOp(txn, id, &p)
		if err != nil || isEmpty(&op) {
			return nil, err
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Event{}, fmt.Errorf("update event: %w", err)
	}
	return n.Event(id)
}

// CancelEvent cancels an event and every shift of it in one atomic write.
func (n *Node) CancelEvent(id string) (Event, error) {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if _, err := n.mustVisible(txn, TypeEvent, id); err != nil {
			return nil, err
		}
		ops := []crdt.Op{{Type: TypeEvent, ID: id, Set: map[string]any{fieldStatus: statusCancelled}}}
		err := scanVisible(txn, childPrefix(TypeShift, id), func(e *crdt.Entity) error {
			if str(e, fieldStatus) != statusCancelled {
				ops = append(ops, crdt.Op{Type: TypeShift, ID: e.ID, Set: map[string]any{fieldStatus: statusCancelled}})
			}
			return nil
		})
		return ops, err
	})
	if err != nil {
		return Event{}, fmt.Errorf("cancel event: %w", err)
	}
	return n.Event(id)
}

// DuplicateEvent copies an event and its active shifts (moved OffsetDays
// later) into a new active event, in one atomic write. Signups stay behind.
func (n *Node) DuplicateEvent(id string, in DuplicateInput) (Event, error) {
	var v validator
	v.textOpt("title", in.Title, maxName, false, false)
	if in.OffsetDays < -3660 || in.OffsetDays > 3660 {
		v.add("offset_days", "invalid_number", "offset_days must be between -3660 and 3660")
	}
	if err := v.err(); err != nil {
		return Event{}, err
	}
	newEvent := newID()
	shift := time.Duration(in.OffsetDays) * 24 * time.Hour
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeEvent, id)
		if err != nil {
			return nil, err
		}
		op := crdt.Op{Type: TypeEvent, ID: newEvent, Set: map[string]any{}}
		for _, f := range []string{fieldTitle, fieldDescription, fieldLocation, fieldLat, fieldLon, fieldCampaign} {
			if x := e.Value(f); x != nil {
				op.Set[f] = x
			}
		}
		setText(&op, fieldTitle, in.Title)
		op.Set[fieldStatus] = statusActive
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		ops := []crdt.Op{op}
		err = scanVisible(txn, childPrefix(TypeShift, id), func(s *crdt.Entity) error {
			if str(s, fieldStatus) == statusCancelled {
				return nil
			}
			c := shiftFrom(s)
			ops = append(ops, copyShiftOp(c, childID(newEvent, newID()), newEvent, shift, n.cfg.Now()))
			return nil
		})
		return ops, err
	})
	if err != nil {
		return Event{}, fmt.Errorf("duplicate event: %w", err)
	}
	return n.Event(newEvent)
}

// Event returns one event.
func (n *Node) Event(id string) (Event, error) {
	e, err := n.entity(TypeEvent, id)
	if err != nil {
		return Event{}, err
	}
	return eventFrom(e), nil
}

// Events lists events, newest first.
func (n *Node) Events(q EventQuery) ([]Event, error) {
	out := []Event{}
	err := n.view(func(txn *badger.Txn) error {
		return scanVisible(txn, entityPrefix(TypeEvent), func(e *crdt.Entity) error {
			ev := eventFrom(e)
			if (q.Status == "" || q.Status == ev.Status) && (q.Campaign == "" || q.Campaign == ev.Campaign) {
				out = append(out, ev)
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Event) int { return newestFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	return out, err
}

func eventFrom(e *crdt.Entity) Event {
	ev := Event{
		ID:          e.ID,
		Title:       str(e, fieldTitle),
		Description: str(e, fieldDescription),
		Location:    str(e, fieldLocation),
		Campaign:    str(e, fieldCampaign),
		Status:      str(e, fieldStatus),
	}
	if e.Value(fieldLat) != nil {
		lat, lon := num(e.Value(fieldLat)), num(e.Value(fieldLon))
		ev.Lat, ev.Lon = &lat, &lon
	}
	if ev.Status == "" {
		ev.Status = statusActive
	}
	ev.CreatedAt, ev.UpdatedAt = times(e)
	return ev
}
