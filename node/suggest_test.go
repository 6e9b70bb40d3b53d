package node

import (
	"slices"
	"testing"
	"time"
)

var suggestNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func TestRecentHours(t *testing.T) {
	h := func(d time.Duration) time.Time { return suggestNow.Add(-d) }
	worked := []workedShift{
		{Person: "a", Start: h(5 * time.Hour), End: h(2 * time.Hour)},                           // 3 h, counts
		{Person: "a", Start: h(50 * time.Hour), End: h(48 * time.Hour)},                         // 2 h, counts
		{Person: "a", Start: h(7*24*time.Hour + time.Hour), End: h(7*24*time.Hour - time.Hour)}, // 2 h, ended inside
		{Person: "b", Start: h(9 * 24 * time.Hour), End: h(8 * 24 * time.Hour)},                 // too old
		{Person: "b", Start: h(time.Hour), End: suggestNow.Add(time.Hour)},                      // not over yet
		{Person: "c", Start: h(7*24*time.Hour + time.Hour), End: h(7 * 24 * time.Hour)},
	}
	got := recentHours(worked, suggestNow)
	cases := []struct {
		person string
		want   float64
	}{
		{"a", 7},
		{"b", 0},
		{"c", 0}, // ended exactly 7 days ago: outside the window
	}
	for _, c := range cases {
		if got, want := got[c.person], c.want; got != want {
			t.Errorf("hours[%s] = %v, want %v", c.person, got, want)
		}
	}
}

func TestRankSuggestions(t *testing.T) {
	task := Task{Skills: []string{"driving", "first aid"}, Assignees: []string{"taken"}}
	person := func(id, name, avail, status string, skills ...string) Person {
		return Person{ID: id, Name: name, Availability: avail, Status: status, Skills: skills}
	}
	people := []Person{
		person("p1", "Ana", "", "available", "driving"),
		person("p2", "Ben", "weekends", "available", "driving"),
		person("p3", "Cy", "evenings", "available", "driving", "first aid"),
		person("p4", "Dee", "evenings", "available", "driving", "first aid"),
		person("p5", "Eve", "any time", "deployed", "driving", "first aid"),
		person("taken", "Fay", "any time", "available", "driving", "first aid"),
		person("p7", "Ben", "weekends", "available", "driving"),
		person("p8", "Gus", "", "available"),
	}
	hours := map[string]float64{"p3": 12, "p4": 3, "p2": 1}
	cases := []struct {
		name  string
		limit int
		want  []string
	}{
		{"all", 100, []string{"p4", "p3", "p7", "p2", "p1", "p8"}},
		{"limit", 2, []string{"p4", "p3"}},
		{"default limit", 0, []string{"p4", "p3", "p7", "p2", "p1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, s := range rankSuggestions(task, people, hours, c.limit) {
				got = append(got, s.Person.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	first := rankSuggestions(task, people, hours, 1)[0]
	if first.Score != 1 || first.HoursLast7Days != 3 || !first.HasAvailability ||
		!slices.Equal(first.MatchedSkills, task.Skills) || len(first.MissingSkills) != 0 {
		t.Errorf("reasons of the first = %+v", first)
	}
	half := rankSuggestions(task, people, hours, 3)[2]
	if got, want := half.MissingSkills, []string{"first aid"}; half.Score != 0.5 || !slices.Equal(got, want) {
		t.Errorf("half match: score %v missing %v, want 0.5 and %v", half.Score, got, want)
	}
}

// TestSuggestAssignees ranks from the node's own data: who attended which
// shift recently, at a fixed now.
func TestSuggestAssignees(t *testing.T) {
	n, err := Open(Config{Dir: t.TempDir(), Now: func() time.Time { return suggestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	ev := mustEvent(t, n, "Food bank")
	start := suggestNow.Add(-30 * time.Hour)
	end, capacity := start.Add(6*time.Hour), 10
	shift, err := n.CreateShift(ev.ID, ShiftPatch{Start: &start, End: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	busy, err := n.SignUp(ev.ID, SignupInput{Name: "Busy", Email: "busy@example.org", Shifts: []string{shift.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.CheckIn(busy.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	skills := &[]string{"cooking"}
	if _, err := n.UpdatePerson(busy.Person.ID, PersonPatch{Skills: skills}); err != nil {
		t.Fatal(err)
	}
	rested, _ := n.CreatePerson(PersonPatch{Name: ptr("Rested"), Skills: skills})
	novice, _ := n.CreatePerson(PersonPatch{Name: ptr("Novice")})
	task, err := n.CreateTask(TaskPatch{Title: ptr("Lunch"), Skills: skills})
	if err != nil {
		t.Fatal(err)
	}
	got, err := n.SuggestAssignees(task.ID, 10)
	if err != nil {
		t.Fatalf("SuggestAssignees: %v", err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.Person.ID)
	}
	if want := []string{rested.ID, busy.Person.ID, novice.ID}; !slices.Equal(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
	if got, want := got[1].HoursLast7Days, 6.0; got != want {
		t.Errorf("busy hours = %v, want %v", got, want)
	}
	if _, err := n.AssignTask(task.ID, []string{rested.ID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := n.SuggestAssignees(task.ID, 10); len(got) != 2 || got[0].Person.ID != busy.Person.ID {
		t.Errorf("after assigning Rested: %v, want Busy first and Rested gone", got)
	}
}
