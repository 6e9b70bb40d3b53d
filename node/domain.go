package node

import (
	"time"

	"muster/crdt"
)

// Entity types.
const (
	TypePerson   = "person"
	TypeCampaign = "campaign"
)

// Campaign kinds and statuses.
var (
	CampaignKinds    = []string{"petition", "volunteer_drive", "fundraiser", "decision"}
	CampaignStatuses = []string{"draft", "active", "closed"}
	PersonStatuses   = []string{"available", "deployed", "off"}
)

// Goal is what a campaign counts toward.
type Goal struct {
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
}

// Campaign is a campaign as people see it.
type Campaign struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Kind        string     `json:"kind"`
	Goal        *Goal      `json:"goal,omitempty"`
	Tally       float64    `json:"tally"` // counted toward the goal so far
	Deadline    *time.Time `json:"deadline,omitempty"`
	Location    string     `json:"location,omitempty"`
	Status      string     `json:"status"`
	Progress    Progress   `json:"progress"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Progress is derived from merged state by a pure function (see progress).
type Progress struct {
	Current float64 `json:"current"`
	Target  float64 `json:"target"`
	Percent float64 `json:"percent"` // 0..100, capped
}

// CampaignPatch carries the fields a create or a partial update sets; nil
// means "leave as is". Unknown JSON fields are refused by the API.
type CampaignPatch struct {
	Title       *string    `json:"title,omitempty"`
	Description *string    `json:"description,omitempty"`
	Kind        *string    `json:"kind,omitempty"`
	Goal        *Goal      `json:"goal,omitempty"`
	Tally       *float64   `json:"tally,omitempty"`
	Deadline    *time.Time `json:"deadline,omitempty"`
	Location    *string    `json:"location,omitempty"`
	Status      *string    `json:"status,omitempty"`
}

// Consent records how a person agreed to be contacted.
type Consent struct {
	SMS   bool `json:"sms"`
	Email bool `json:"email"`
}

// Person is one entry of the roster.
type Person struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone,omitempty"`
	Email        string    `json:"email,omitempty"`
	Skills       []string  `json:"skills"`
	Roles        []string  `json:"roles"`
	Availability string    `json:"availability,omitempty"`
	Status       string    `json:"status"`
	Notes        string    `json:"notes,omitempty"`
	Consent      Consent   `json:"consent"`
	Lang         string    `json:"lang,omitempty"` // language of their messages; "" is English
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// PersonPatch carries the fields a create or a partial update sets; nil
// means "leave as is". Skills and Roles replace the whole set;
// AddRoles/RemoveRoles/AddSkills/RemoveSkills change it element-wise.
type PersonPatch struct {
	Name         *string   `json:"name,omitempty"`
	Phone        *string   `json:"phone,omitempty"`
	Email        *string   `json:"email,omitempty"`
	Skills       *[]string `json:"skills,omitempty"`
	Roles        *[]string `json:"roles,omitempty"`
	AddSkills    []string  `json:"add_skills,omitempty"`
	RemoveSkills []string  `json:"remove_skills,omitempty"`
	AddRoles     []string  `json:"add_roles,omitempty"`
	RemoveRoles  []string  `json:"remove_roles,omitempty"`
	Availability *string   `json:"availability,omitempty"`
	Status       *string   `json:"status,omitempty"`
	Notes        *string   `json:"notes,omitempty"`
	Consent      *Consent  `json:"consent,omitempty"`
	Lang         *string   `json:"lang,omitempty"`
}

// PeopleQuery selects a page of the roster, ordered by name then id.
type PeopleQuery struct {
	Prefix string // name prefix, case-insensitive
	Skill  string
	Role   string
	Status string
	After  string // cursor: the Next of the previous page
	Limit  int    // 1..500; 0 means 50
}

// PeoplePage is one page of a roster query.
type PeoplePage struct {
	People []Person `json:"people"`
	Next   string   `json:"next,omitempty"` // empty on the last page
	Total  int      `json:"total"`          // matches of the whole query
}

// CampaignQuery filters campaigns; zero matches all.
type CampaignQuery struct {
	Status string
}

// Ref names one entity.
type Ref struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Change is one committed batch, as the change feed reports it.
type Change struct {
	Refs   []Ref              // entities whose visible state may have changed
	Local  bool               // made on this node
	Vector crdt.VersionVector // the node's vector after the batch
	Lagged bool               // the subscriber fell behind and missed changes: reload
}

// Status is what GET /api/v1/status reports about the node.
type Status struct {
	NodeID     string            `json:"node_id"`
	Ops        uint64            `json:"ops"`
	Vector     map[string]uint64 `json:"vector"`
	StoreBytes int64             `json:"store_bytes"`
	Rejected   uint64            `json:"rejected"` // chunks refused: bad signature, bad encoding, fork
	Pending    int               `json:"pending"`  // ops held until their predecessors arrive
	Digest     string            `json:"digest"`
}

// ApplyResult counts what Apply did with a batch.
type ApplyResult struct {
	Applied   int // ops newly applied
	Duplicate int // ops already held
	Pending   int // ops held back until a gap is filled
}
