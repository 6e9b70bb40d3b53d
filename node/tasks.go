package node

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Field names of a task beyond those other entities already name.
const (
	fieldPeopleNeeded = "people_needed"
	fieldPriority     = "priority"
	fieldAssignees    = "assignees"

	taskOpen      = "open"
	taskAssigned  = "assigned"
	taskDone      = "done"
	taskPriority  = "normal"
	maxPeopleNeed = 10000
)

func validateTask(p *TaskPatch, create bool) ([]string, error) {
	var v validator
	v.textOpt("title", p.Title, maxName, create, false)
	v.text("location", p.Location, maxShort, false)
	v.text("event", p.Event, crdt.MaxIDLen, false)
	v.choice("priority", p.Priority, TaskPriorities)
	v.choice("status", p.Status, TaskStatuses)
	if p.PeopleNeeded != nil && (*p.PeopleNeeded < 1 || *p.PeopleNeeded > maxPeopleNeed) {
		v.add("people_needed", "invalid_number", "people_needed must be between 1 and "+itoa(maxPeopleNeed))
	}
	var skills []string
	if p.Skills != nil {
		skills = v.tags("skills", *p.Skills)
	}
	return skills, v.err()
}

// taskOp turns a validated patch into an op against the current state e.
// A named event must exist.
func (n *Node) taskOp(txn *badger.Txn, e *crdt.Entity, p *TaskPatch, skills []string) (crdt.Op, error) {
	op := crdt.Op{Type: TypeTask, ID: e.ID, Set: map[string]any{}}
	setText(&op, fieldTitle, p.Title)
	setText(&op, fieldLocation, p.Location)
	setText(&op, fieldPriority, p.Priority)
	setText(&op, fieldStatus, p.Status)
	setText(&op, fieldEvent, p.Event)
	if p.PeopleNeeded != nil {
		op.Set[fieldPeopleNeeded] = uint64(*p.PeopleNeeded)
	}
	if p.Skills != nil {
		setDiff(e, fieldSkills, skills, &op)
	}
	if p.Event != nil && *p.Event != "" {
		if _, err := n.mustVisible(txn, TypeEvent, *p.Event); err != nil {
			return op, &ValidationError{Fields: []FieldError{{Field: "event", Code: "not_found", Message: "no event " + *p.Event}}}
		}
	}
	return op, nil
}

// CreateTask adds a task. Title is required.
func (n *Node) CreateTask(p TaskPatch) (Task, error) {
	skills, err := validateTask(&p, true)
	if err != nil {
		return Task{}, err
	}
	id := newID()
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		op, err := n.taskOp(txn, crdt.NewEntity(TypeTask, id), &p, skills)
		defaults := map[string]any{fieldPeopleNeeded: uint64(1), fieldPriority: taskPriority, fieldStatus: taskOpen}
		for f, x := range defaults {
			if _, ok := op.Set[f]; !ok {
				op.Set[f] = x
			}
		}
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		return []crdt.Op{op}, err
	})
	if err != nil {
		return Task{}, fmt.Errorf("create task: %w", err)
	}
	return n.Task(id)
}

// UpdateTask changes the fields the patch sets, status included.
func (n *Node) UpdateTask(id string, p TaskPatch) (Task, error) {
	skills, err := validateTask(&p, false)
	if err != nil {
		return Task{}, err
	}
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeTask, id)
		if err != nil {
			return nil, err
		}
		op, err := n.taskOp(txn, e, &p, skills)
		if err != nil || isEmpty(&op) {
			return nil, err
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Task{}, fmt.Errorf("update task: %w", err)
	}
	return n.Task(id)
}

// AssignTask adds people to a task's assignees; an open task becomes
// assigned. Every person must be on the roster.
func (n *Node) AssignTask(id string, personIDs []string) (Task, error) {
	return n.changeAssignees(id, personIDs, true)
}

// UnassignTask takes people off a task; an assigned task left with no one
// is open again.
func (n *Node) UnassignTask(id string, personIDs []string) (Task, error) {
	return n.changeAssignees(id, personIDs, false)
}

func (n *Node) changeAssignees(id string, personIDs []string, add bool) (Task, error) {
	var v validator
	ids := v.tags("people", personIDs)
	if len(ids) == 0 && v.err() == nil {
		v.add("people", "required", "name at least one person")
	}
	if err := v.err(); err != nil {
		return Task{}, err
	}
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.mustVisible(txn, TypeTask, id)
		if err != nil {
			return nil, err
		}
		op, err := n.assigneesOp(txn, e, ids, add)
		if err != nil || isEmpty(&op) {
			return nil, err
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Task{}, fmt.Errorf("assign task: %w", err)
	}
	return n.Task(id)
}

func (n *Node) assigneesOp(txn *badger.Txn, e *crdt.Entity, ids []string, add bool) (crdt.Op, error) {
	op := crdt.Op{Type: TypeTask, ID: e.ID, Set: map[string]any{}}
	left := e.Elements(fieldAssignees)
	for _, pid := range ids {
		if !add {
			removeElem(e, &op, fieldAssignees, pid)
			left = slices.DeleteFunc(left, func(x string) bool { return x == pid })
			continue
		}
		if _, err := n.mustVisible(txn, TypePerson, pid); err != nil {
			return op, &ValidationError{Fields: []FieldError{{Field: "people", Code: "not_found", Message: "no person " + pid}}}
		}
		if !contains(left, pid) {
			addElem(&op, fieldAssignees, pid)
		}
	}
	switch status := str(e, fieldStatus); {
	case add && status == taskOpen && len(op.Add) > 0:
		op.Set[fieldStatus] = taskAssigned
	case !add && status == taskAssigned && len(left) == 0 && len(op.Remove) > 0:
		op.Set[fieldStatus] = taskOpen
	}
	return op, nil
}

// Task returns one task.
func (n *Node) Task(id string) (Task, error) {
	e, err := n.entity(TypeTask, id)
	if err != nil {
		return Task{}, err
	}
	return taskFrom(e), nil
}

// Tasks lists tasks, most pressing first, then oldest first.
func (n *Node) Tasks(q TaskQuery) ([]Task, error) {
	var v validator
	if q.Status != "" {
		v.choice("status", &q.Status, TaskStatuses)
	}
	if q.Priority != "" {
		v.choice("priority", &q.Priority, TaskPriorities)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	out := []Task{}
	err := n.view(func(txn *badger.Txn) error {
		return scanVisible(txn, entityPrefix(TypeTask), func(e *crdt.Entity) error {
			t := taskFrom(e)
			if (q.Status == "" || q.Status == t.Status) && (q.Priority == "" || q.Priority == t.Priority) {
				out = append(out, t)
			}
			return nil
		})
	})
	slices.SortFunc(out, compareTasks)
	return out, err
}

// compareTasks orders by priority (urgent first), then creation, then id.
func compareTasks(a, b Task) int {
	if c := slices.Index(TaskPriorities, b.Priority) - slices.Index(TaskPriorities, a.Priority); c != 0 {
		return c
	}
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func taskFrom(e *crdt.Entity) Task {
	t := Task{
		ID:           e.ID,
		Title:        str(e, fieldTitle),
		Location:     str(e, fieldLocation),
		PeopleNeeded: int(num(e.Value(fieldPeopleNeeded))),
		Skills:       nonNil(e.Elements(fieldSkills)),
		Priority:     str(e, fieldPriority),
		Status:       str(e, fieldStatus),
		Assignees:    nonNil(e.Elements(fieldAssignees)),
		Event:        str(e, fieldEvent),
	}
	if t.Priority == "" {
		t.Priority = taskPriority
	}
	if t.Status == "" {
		t.Status = taskOpen
	}
	t.PeopleNeeded = max(t.PeopleNeeded, 1)
	t.CreatedAt, t.UpdatedAt = times(e)
	return t
}
