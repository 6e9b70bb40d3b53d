package node

// TEMPORARY: signatures of the node's public API so that ui/ and sync/ can
// be written against it while the implementation lands. Each method here is
// replaced by its real implementation in its own file.

import (
	"context"
	"errors"

	"muster/crdt"
)

var errTODO = errors.New("not implemented yet")

// Node is one muster node: its store, its device identity, its change feed.
type Node struct{ cfg Config }

// Open opens (creating if needed) the node in cfg.Dir.
func Open(cfg Config) (*Node, error) { return &Node{cfg: cfg.withDefaults()}, nil }

// Close flushes and closes the store.
func (n *Node) Close() error { return nil }

// Serve runs background maintenance (value-log GC, periodic flush) until
// ctx is done.
func (n *Node) Serve(ctx context.Context) error { <-ctx.Done(); return nil }

// ID is this device's author id (its public key).
func (n *Node) ID() crdt.AuthorID { return crdt.AuthorID{} }

// Dir is the data directory.
func (n *Node) Dir() string { return n.cfg.Dir }

func (n *Node) CreatePerson(p PersonPatch) (Person, error)            { return Person{}, errTODO }
func (n *Node) UpdatePerson(id string, p PersonPatch) (Person, error) { return Person{}, errTODO }
func (n *Node) UpdatePeople(ids []string, p PersonPatch) (int, error) { return 0, errTODO }
func (n *Node) DeletePerson(id string) error                          { return errTODO }
func (n *Node) Person(id string) (Person, error)                      { return Person{}, errTODO }
func (n *Node) People(q PeopleQuery) (PeoplePage, error)              { return PeoplePage{}, errTODO }
func (n *Node) Skills() []string                                      { return nil }
func (n *Node) Roles() []string                                       { return nil }
func (n *Node) CreateCampaign(p CampaignPatch) (Campaign, error)      { return Campaign{}, errTODO }
func (n *Node) UpdateCampaign(id string, p CampaignPatch) (Campaign, error) {
	return Campaign{}, errTODO
}
func (n *Node) DeleteCampaign(id string) error                 { return errTODO }
func (n *Node) Campaign(id string) (Campaign, error)           { return Campaign{}, errTODO }
func (n *Node) Campaigns(q CampaignQuery) ([]Campaign, error)  { return nil, errTODO }
func (n *Node) Status() Status                                 { return Status{} }
func (n *Node) Digest() crdt.Digest                            { return crdt.Digest{} }
func (n *Node) VersionVector() crdt.VersionVector              { return nil }
func (n *Node) Apply(chunks []crdt.Chunk) (ApplyResult, error) { return ApplyResult{}, errTODO }
func (n *Node) ReadLog(a crdt.AuthorID, from uint64, fn func(crdt.Chunk) error) error {
	return errTODO
}

// Subscription is a change-feed subscription.
type Subscription struct{ c chan Change }

// C delivers changes. A subscriber that falls behind gets one Change with
// Lagged set instead of the ones it missed, and should reload.
func (s *Subscription) C() <-chan Change { return s.c }

// Close ends the subscription.
func (s *Subscription) Close() {}

// Subscribe starts a change-feed subscription.
func (n *Node) Subscribe() *Subscription { return &Subscription{c: make(chan Change)} }
