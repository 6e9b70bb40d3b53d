package node

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Field names of a campaign entity.
const (
	fieldTitle       = "title"
	fieldDescription = "description"
	fieldKind        = "kind"
	fieldGoal        = "goal"
	fieldTally       = "tally"
	fieldDeadline    = "deadline"
	fieldLocation    = "location"

	defaultKind           = "volunteer_drive"
	defaultCampaignStatus = "active"
)

func validateCampaign(p *CampaignPatch, create bool) error {
	var v validator
	v.textOpt("title", p.Title, maxName, create, false)
	v.text("description", p.Description, maxText, false)
	v.choice("kind", p.Kind, CampaignKinds)
	v.choice("status", p.Status, CampaignStatuses)
	v.text("location", p.Location, maxShort, false)
	v.number("tally", p.Tally, false)
	if p.Goal != nil {
		v.number("goal.amount", &p.Goal.Amount, true)
		p.Goal.Unit = strings.TrimSpace(p.Goal.Unit)
		v.text("goal.unit", &p.Goal.Unit, maxTag, false)
	}
	if p.Deadline != nil && (p.Deadline.Year() < 2000 || p.Deadline.Year() > 9999) {
		v.add("deadline", "invalid_date", "deadline must be a date between 2000 and 9999")
	}
	return v.err()
}

func campaignOp(id string, p *CampaignPatch) crdt.Op {
	op := crdt.Op{Type: TypeCampaign, ID: id, Set: map[string]any{}}
	setText(&op, fieldTitle, p.Title)
	setText(&op, fieldDescription, p.Description)
	setText(&op, fieldKind, p.Kind)
	setText(&op, fieldStatus, p.Status)
	setText(&op, fieldLocation, p.Location)
	if p.Goal != nil {
		op.Set[fieldGoal] = map[string]any{"amount": p.Goal.Amount, "unit": p.Goal.Unit}
	}
	if p.Tally != nil {
		op.Set[fieldTally] = *p.Tally
	}
	if p.Deadline != nil {
		op.Set[fieldDeadline] = p.Deadline.UTC().Format(time.RFC3339)
	}
	return op
}

// CreateCampaign starts a campaign. Title is required; kind defaults to
// volunteer_drive and status to active.
func (n *Node) CreateCampaign(p CampaignPatch) (Campaign, error) {
	if err := validateCampaign(&p, true); err != nil {
		return Campaign{}, err
	}
	id := newID()
	err := n.write(func(*badger.Txn) ([]crdt.Op, error) {
		op := campaignOp(id, &p)
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
		if p.Kind == nil {
			op.Set[fieldKind] = defaultKind
		}
		if p.Status == nil {
			op.Set[fieldStatus] = defaultCampaignStatus
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Campaign{}, fmt.Errorf("create campaign: %w", err)
	}
	return n.Campaign(id)
}

// UpdateCampaign changes the fields the patch sets.
func (n *Node) UpdateCampaign(id string, p CampaignPatch) (Campaign, error) {
	if err := validateCampaign(&p, false); err != nil {
		return Campaign{}, err
	}
	err := n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		e, err := n.loadEntity(txn, entityKey(TypeCampaign, id), TypeCampaign, id)
		if err != nil {
			return nil, err
		}
		if !e.IsVisible() {
			return nil, fmt.Errorf("campaign %q: %w", id, ErrNotFound)
		}
		op := campaignOp(id, &p)
		if isEmpty(&op) {
			return nil, nil
		}
		return []crdt.Op{op}, nil
	})
	if err != nil {
		return Campaign{}, fmt.Errorf("update campaign: %w", err)
	}
	return n.Campaign(id)
}

// DeleteCampaign removes a campaign for good.
func (n *Node) DeleteCampaign(id string) error { return n.deleteEntity(TypeCampaign, id) }

// Campaign returns one campaign.
func (n *Node) Campaign(id string) (Campaign, error) {
	e, err := n.entity(TypeCampaign, id)
	if err != nil {
		return Campaign{}, err
	}
	return campaignFrom(e), nil
}

// Campaigns lists campaigns, newest first.
func (n *Node) Campaigns(q CampaignQuery) ([]Campaign, error) {
	out := []Campaign{}
	err := n.view(func(txn *badger.Txn) error {
		return scanVisible(txn, entityPrefix(TypeCampaign), func(e *crdt.Entity) error {
			if c := campaignFrom(e); q.Status == "" || q.Status == c.Status {
				out = append(out, c)
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Campaign) int { return newestFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	return out, err
}

func campaignFrom(e *crdt.Entity) Campaign {
	c := Campaign{
		ID:          e.ID,
		Title:       str(e, fieldTitle),
		Description: str(e, fieldDescription),
		Kind:        str(e, fieldKind),
		Location:    str(e, fieldLocation),
		Status:      str(e, fieldStatus),
		Tally:       num(e.Value(fieldTally)),
	}
	if g, ok := e.Value(fieldGoal).(map[string]any); ok {
		unit, _ := g["unit"].(string)
		c.Goal = &Goal{Amount: num(g["amount"]), Unit: unit}
	}
	if s, ok := e.Value(fieldDeadline).(string); ok {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			c.Deadline = &t
		}
	}
	c.CreatedAt, c.UpdatedAt = times(e)
	c.Progress = progress(c)
	return c
}

// progress is the campaign's standing toward its goal, derived from merged
// state alone so that every node computes the same figure.
func progress(c Campaign) Progress {
	p := Progress{Current: c.Tally}
	if c.Goal != nil && c.Goal.Amount > 0 {
		p.Target = c.Goal.Amount
		p.Percent = math.Min(100, math.Round(c.Tally/c.Goal.Amount*1000)/10)
	}
	return p
}

// num reads a CBOR number of any width as float64.
func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case uint64:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}
