package node

import (
	"errors"
	"testing"
	"time"
)

func openTest(t testing.TB, dir string) *Node {
	t.Helper()
	n, err := Open(Config{Dir: dir})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func ptr[T any](v T) *T { return &v }

func TestPersonLifecycle(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	p, err := n.CreatePerson(PersonPatch{Name: ptr("  Ada Lovelace "), Skills: &[]string{"First Aid", "driving"}, Email: ptr("ada@example.org")})
	if err != nil {
		t.Fatalf("CreatePerson: %v", err)
	}
	if got, want := p.Name, "Ada Lovelace"; got != want {
		t.Errorf("name = %q, want %q", got, want)
	}
	if got, want := len(p.Skills), 2; got != want {
		t.Errorf("skills = %v, want %d", p.Skills, want)
	}
	if p.Status != "available" {
		t.Errorf("status = %q, want available", p.Status)
	}
	p, err = n.UpdatePerson(p.ID, PersonPatch{Skills: &[]string{"driving", "radio"}, Status: ptr("deployed")})
	if err != nil {
		t.Fatalf("UpdatePerson: %v", err)
	}
	if got := p.Skills; len(got) != 2 || got[0] != "driving" || got[1] != "radio" {
		t.Errorf("skills = %v, want [driving radio]", got)
	}
	page, err := n.People(PeopleQuery{Skill: "radio"})
	if err != nil || page.Total != 1 || page.People[0].ID != p.ID {
		t.Fatalf("People(skill=radio) = %+v, %v", page, err)
	}
	if page, _ := n.People(PeopleQuery{Skill: "first aid"}); page.Total != 0 {
		t.Errorf("removed skill still indexed: %+v", page)
	}
	n.Close()

	n = openTest(t, dir)
	got, err := n.Person(p.ID)
	if err != nil || got.Status != "deployed" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	if page, _ := n.People(PeopleQuery{Status: "deployed"}); page.Total != 1 {
		t.Errorf("index not rebuilt on open: %+v", page)
	}
	if err := n.DeletePerson(p.ID); err != nil {
		t.Fatalf("DeletePerson: %v", err)
	}
	if _, err := n.Person(p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Person after delete: err = %v, want ErrNotFound", err)
	}
	if _, err := n.UpdatePerson(p.ID, PersonPatch{Name: ptr("x")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdatePerson after delete: err = %v, want ErrNotFound", err)
	}
	if got, want := n.Status().Ops, uint64(3); got != want {
		t.Errorf("ops = %d, want %d", got, want)
	}
}

func TestCampaignLifecycle(t *testing.T) {
	n := openTest(t, t.TempDir())
	dl := time.Date(2026, 12, 24, 18, 0, 0, 0, time.UTC)
	c, err := n.CreateCampaign(CampaignPatch{Title: ptr("Flood relief"), Goal: &Goal{Amount: 200, Unit: "volunteers"}, Deadline: &dl})
	if err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	if c.Kind != "volunteer_drive" || c.Status != "active" || c.Goal.Amount != 200 || !c.Deadline.Equal(dl) {
		t.Errorf("created %+v", c)
	}
	c, err = n.UpdateCampaign(c.ID, CampaignPatch{Tally: ptr(50.0)})
	if err != nil {
		t.Fatalf("UpdateCampaign: %v", err)
	}
	if got, want := c.Progress.Percent, 25.0; got != want {
		t.Errorf("percent = %v, want %v", got, want)
	}
	list, err := n.Campaigns(CampaignQuery{Status: "active"})
	if err != nil || len(list) != 1 {
		t.Fatalf("Campaigns = %v, %v", list, err)
	}
}

func TestValidation(t *testing.T) {
	n := openTest(t, t.TempDir())
	before := n.Digest()
	cases := []struct {
		name  string
		patch PersonPatch
		field string
	}{
		{"missing name", PersonPatch{}, "name"},
		{"blank name", PersonPatch{Name: ptr("   ")}, "name"},
		{"bad email", PersonPatch{Name: ptr("a"), Email: ptr("not-an-email")}, "email"},
		{"bad phone", PersonPatch{Name: ptr("a"), Phone: ptr("call me")}, "phone"},
		{"bad status", PersonPatch{Name: ptr("a"), Status: ptr("asleep")}, "status"},
	}
	for _, tc := range cases {
		_, err := n.CreatePerson(tc.patch)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Field != tc.field {
			t.Errorf("%s: err = %v, want a ValidationError on %q", tc.name, err, tc.field)
		}
	}
	if n.Digest() != before || n.Status().Ops != 0 {
		t.Errorf("a refused write changed the store")
	}
}

// TestIndexSnapshot: a clean restart loads the index from the snapshot,
// and a snapshot made stale by later ops (here: ops applied, then a crash
// that skipped Close) is ignored in favour of a rebuild.
func TestIndexSnapshot(t *testing.T) {
	dir := t.TempDir()
	n := openTest(t, dir)
	a := mustCreate(t, n, "Ada", "medic")
	mustCreate(t, n, "Bo", "radio")
	n.Close()

	n = openTest(t, dir)
	if page, _ := n.People(PeopleQuery{Skill: "medic"}); page.Total != 1 || page.People[0].ID != a.ID {
		t.Fatalf("after clean restart: %+v", page)
	}
	if _, err := n.UpdatePerson(a.ID, PersonPatch{Skills: &[]string{"radio"}}); err != nil {
		t.Fatal(err)
	}
	// Simulate a crash: close the store without the node's shutdown.
	n.closed.Store(true)
	n.people.close()
	n.db.Close()

	n = openTest(t, dir)
	if page, _ := n.People(PeopleQuery{Skill: "radio"}); page.Total != 2 {
		t.Errorf("stale snapshot used: radio = %+v", page)
	}
	if page, _ := n.People(PeopleQuery{Skill: "medic"}); page.Total != 0 {
		t.Errorf("stale snapshot used: medic = %+v", page)
	}
}

func TestRequiredFieldsCannotBeBlanked(t *testing.T) {
	n := openTest(t, t.TempDir())
	p := mustCreate(t, n, "Ada")
	var ve *ValidationError
	if _, err := n.UpdatePerson(p.ID, PersonPatch{Name: ptr("  ")}); !errors.As(err, &ve) || ve.Fields[0].Field != "name" {
		t.Errorf("blanking a name: err = %v, want a ValidationError on name", err)
	}
	if _, err := n.UpdatePerson(p.ID, PersonPatch{Phone: ptr("")}); err != nil {
		t.Errorf("clearing the phone: %v", err)
	}
	c, _ := n.CreateCampaign(CampaignPatch{Title: ptr("Drive")})
	if _, err := n.UpdateCampaign(c.ID, CampaignPatch{Title: ptr("")}); !errors.As(err, &ve) || ve.Fields[0].Field != "title" {
		t.Errorf("blanking a title: err = %v, want a ValidationError on title", err)
	}
	ids := make([]string, MaxBulk+1)
	if _, err := n.UpdatePeople(ids, PersonPatch{Status: ptr("off")}); !errors.As(err, &ve) {
		t.Errorf("bulk of %d: err = %v, want a ValidationError", len(ids), err)
	}
	if got, _ := n.Person(p.ID); got.Name != "Ada" {
		t.Errorf("name = %q", got.Name)
	}
}
