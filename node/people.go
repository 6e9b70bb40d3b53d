package node

import (
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Field names of a person entity.
const (
	fieldName         = "name"
	fieldPhone        = "phone"
	fieldEmail        = "email"
	fieldSkills       = "skills"
	fieldRoles        = "roles"
	fieldAvailability = "availability"
	fieldStatus       = "status"
	fieldNotes        = "notes"
	fieldConsentSMS   = "consent_sms"
	fieldConsentEmail = "consent_email"
	fieldCreated      = "created"

	defaultStatus = "available"
)

// validatePerson checks and normalizes a patch in place.
func validatePerson(p *PersonPatch, create bool) ([]string, []string, error) {
	var v validator
	v.textOpt("name", p.Name, maxName, create, false)
	v.phone("phone", p.Phone)
	v.email("email", p.Email)
	v.text("availability", p.Availability, maxShort, false)
	v.choice("status", p.Status, PersonStatuses)
	v.text("notes", p.Notes, maxText, false)
	if p.Lang != nil {
		v.lang("lang", p.Lang)
	}
	var skills, roles []string
	if p.Skills != nil {
		skills = v.tags("skills", *p.Skills)
	}
	if p.Roles != nil {
		roles = v.tags("roles", *p.Roles)
	}
	p.AddSkills = v.tags("add_skills", p.AddSkills)
	p.RemoveSkills = v.tags("remove_skills", p.RemoveSkills)
	p.AddRoles = v.tags("add_roles", p.AddRoles)
	p.RemoveRoles = v.tags("remove_roles", p.RemoveRoles)
	return skills, roles, v.err()
}

// personOp turns a validated patch into an op against the current state e.
func personOp(e *crdt.Entity, p *PersonPatch, skills, roles []string) crdt.Op {
	op := crdt.Op{Type: TypePerson, ID: e.ID, Set: map[string]any{}}
	setText(&op, fieldName, p.Name)
	setText(&op, fieldPhone, p.Phone)
	setText(&op, fieldEmail, p.Email)
	setText(&op, fieldAvailability, p.Availability)
	setText(&op, fieldStatus, p.Status)
	setText(&op, fieldNotes, p.Notes)
	setText(&op, fieldLang, p.Lang)
	if p.Consent != nil {
		op.Set[fieldConsentSMS] = p.Consent.SMS
		op.Set[fieldConsentEmail] = p.Consent.Email
	}
	if p.Skills != nil {
		setDiff(e, fieldSkills, skills, &op)
	}
	if p.Roles != nil {
		setDiff(e, fieldRoles, roles, &op)
	}
	for _, x := range p.AddSkills {
		addElem(&op, fieldSkills, x)
	}
	for _, x := range p.RemoveSkills {
		removeElem(e, &op, fieldSkills, x)
	}
	for _, x := range p.AddRoles {
		addElem(&op, fieldRoles, x)
	}
	for _, x := range p.RemoveRoles {
		removeElem(e, &op, fieldRoles, x)
	}
	if len(op.Set) == 0 {
		op.Set = nil
	}
	return op
}

// setText sets a text field; an empty string clears it.
func setText(op *crdt.Op, field string, s *string) {
	switch {
	case s == nil:
	case *s == "":
		op.Set[field] = nil
	default:
		op.Set[field] = *s
	}
}

// CreatePerson adds a person to the roster. Name is the one required field.
func (n *Node) CreatePerson(p PersonPatch) (Person, error) {
	skills, roles, err := validatePerson(&p, true)
	if err != nil {
		return Person{}, err
	}
	id := newID()
	err = n.write(func(*badger.Txn) ([]crdt.Op, error) {
		op := personOp(crdt.NewEntity(TypePerson, id), &p, skills, roles)
		if op.Set == nil {
			op.Set = map[string]any{}
		}
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		if p.Status == nil {
			op.Set[fieldStatus] = defaultStatus
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Person{}, fmt.Errorf("create person: %w", err)
	}
	return n.Person(id)
}

// UpdatePerson changes the fields the patch sets.
func (n *Node) UpdatePerson(id string, p PersonPatch) (Person, error) {
	if _, err := n.UpdatePeople([]string{id}, p); err != nil {
		return Person{}, err
	}
	return n.Person(id)
}

// MaxBulk is how many people one UpdatePeople may change: they are changed
// in one atomic batch, which one store transaction must hold.
const MaxBulk = 1000

// UpdatePeople applies one patch to many people in one atomic batch and
// returns how many it changed. Unknown ids are an ErrNotFound when there is
// only one id, and are skipped otherwise (someone may have deleted them).
func (n *Node) UpdatePeople(ids []string, p PersonPatch) (int, error) {
	if len(ids) > MaxBulk {
		return 0, &ValidationError{Fields: []FieldError{{Field: "ids", Code: "too_long", Message: "at most " + itoa(MaxBulk) + " people at once"}}}
	}
	skills, roles, err := validatePerson(&p, false)
	if err != nil {
		return 0, err
	}
	var ops []crdt.Op
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		for _, id := range ids {
			e, err := n.loadEntity(txn, entityKey(TypePerson, id), TypePerson, id)
			if err != nil {
				return nil, err
			}
			if !e.IsVisible() {
				if len(ids) == 1 {
					return nil, fmt.Errorf("person %q: %w", id, ErrNotFound)
				}
				continue
			}
			if op := personOp(e, &p, skills, roles); !isEmpty(&op) {
				ops = append(ops, op)
			}
		}
		return ops, nil
	})
	if err != nil {
		return 0, fmt.Errorf("update people: %w", err)
	}
	return len(ops), nil
}

// DeletePerson removes a person for good (see crdt: deletion wins).
func (n *Node) DeletePerson(id string) error {
	return n.deleteEntity(TypePerson, id)
}

func (n *Node) deleteEntity(typ, id string) error {
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.loadEntity(txn, entityKey(typ, id), typ, id)
		if err != nil {
			return nil, err
		}
		if !e.IsVisible() {
			return nil, fmt.Errorf("%s %q: %w", typ, id, ErrNotFound)
		}
		return []crdt.Op{{Type: typ, ID: id, Delete: true}}, nil
	})
	if err != nil {
		return fmt.Errorf("delete %s: %w", typ, err)
	}
	return nil
}

// Person returns one person.
func (n *Node) Person(id string) (Person, error) {
	e, err := n.entity(TypePerson, id)
	if err != nil {
		return Person{}, err
	}
	return personFrom(e), nil
}

// People returns one page of the roster in name order.
func (n *Node) People(q PeopleQuery) (PeoplePage, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, 500)
	var ids []string
	var next string
	var total int
	n.people.read(func(ix *rosterIndex) { ids, next, total = ix.query(q) })
	page := PeoplePage{People: make([]Person, 0, len(ids)), Next: next, Total: total}
	if n.closed.Load() {
		return page, ErrClosed
	}
	err := n.db.View(func(txn *badger.Txn) error {
		byID, err := loadPeopleIn(txn, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if e := byID[id]; e.IsVisible() {
				page.People = append(page.People, personFrom(e))
			}
		}
		return nil
	})
	return page, err
}

// Skills lists the distinct skills on the roster.
func (n *Node) Skills() (out []string) {
	n.people.read(func(ix *rosterIndex) { out = ix.values('s') })
	return out
}

// Roles lists the distinct role tags on the roster.
func (n *Node) Roles() (out []string) {
	n.people.read(func(ix *rosterIndex) { out = ix.values('r') })
	return out
}

func personFrom(e *crdt.Entity) Person {
	p := Person{
		ID:           e.ID,
		Name:         str(e, fieldName),
		Phone:        str(e, fieldPhone),
		Email:        str(e, fieldEmail),
		Skills:       nonNil(e.Elements(fieldSkills)),
		Roles:        nonNil(e.Elements(fieldRoles)),
		Availability: str(e, fieldAvailability),
		Status:       str(e, fieldStatus),
		Notes:        str(e, fieldNotes),
		Consent:      Consent{SMS: e.Value(fieldConsentSMS) == true, Email: e.Value(fieldConsentEmail) == true},
		Lang:         str(e, fieldLang),
	}
	if p.Status == "" {
		p.Status = defaultStatus
	}
	p.CreatedAt, p.UpdatedAt = times(e)
	return p
}

func str(e *crdt.Entity, f string) string { s, _ := e.Value(f).(string); return s }

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// times returns when an entity was created (its "created" field) and last
// changed (the newest stamp among its plain fields).
func times(e *crdt.Entity) (created, updated time.Time) {
	var last crdt.Timestamp
	for _, f := range e.Fields {
		last = max(last, f.Time)
	}
	switch ms := e.Value(fieldCreated).(type) {
	case uint64:
		created = time.UnixMilli(int64(ms)).UTC()
	case int64:
		created = time.UnixMilli(ms).UTC()
	}
	if last > 0 {
		updated = last.Wall()
	}
	return created, updated
}
