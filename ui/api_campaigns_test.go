package ui

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"muster/node"
)

func TestAPICampaignsCRUD(t *testing.T) {
	a := newTestAPI(t)
	deadline := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	in := map[string]any{
		"title":       "Clean the river",
		"description": "Saturday clean-up",
		"kind":        "volunteer_drive",
		"goal":        map[string]any{"amount": 40, "unit": "volunteers"},
		"deadline":    deadline.Format(time.RFC3339),
		"location":    "North bank",
		"status":      "active",
	}
	var created node.Campaign
	res := a.must(http.StatusCreated, "POST", "/api/v1/campaigns", in, &created)
	if got, want := res.Header.Get("Location"), "/api/v1/campaigns/"+created.ID; got != want {
		t.Errorf("Location: got %q, want %q", got, want)
	}
	if created.Title != "Clean the river" || created.Kind != "volunteer_drive" || created.Status != "active" {
		t.Fatalf("created: got %+v", created)
	}
	if created.Goal == nil || created.Goal.Amount != 40 || created.Goal.Unit != "volunteers" {
		t.Errorf("goal: got %+v, want 40 volunteers", created.Goal)
	}
	if created.Deadline == nil || !created.Deadline.Equal(deadline) {
		t.Errorf("deadline: got %v, want %v", created.Deadline, deadline)
	}

	var got node.Campaign
	a.must(http.StatusOK, "GET", "/api/v1/campaigns/"+created.ID, nil, &got)
	if got.ID != created.ID || got.Title != created.Title || got.Location != "North bank" {
		t.Errorf("get: got %+v, want %+v", got, created)
	}

	var updated node.Campaign
	a.must(http.StatusOK, "PATCH", "/api/v1/campaigns/"+created.ID,
		map[string]any{"tally": 10, "status": "closed"}, &updated)
	if updated.Status != "closed" || updated.Tally != 10 || updated.Title != "Clean the river" {
		t.Errorf("after patch: got %+v", updated)
	}
	if got, want := updated.Progress.Percent, 25.0; got != want {
		t.Errorf("progress: got %v%%, want %v%%", got, want)
	}

	a.must(http.StatusNoContent, "DELETE", "/api/v1/campaigns/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "GET", "/api/v1/campaigns/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "DELETE", "/api/v1/campaigns/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "PATCH", "/api/v1/campaigns/"+created.ID, map[string]any{"title": "x"}, nil)
}

func TestAPICampaignsList(t *testing.T) {
	a := newTestAPI(t)
	for _, c := range []struct{ title, status string }{
		{"Petition A", "active"}, {"Drive B", "draft"}, {"Fund C", "active"},
	} {
		a.createCampaign(node.CampaignPatch{Title: ptrTo(c.title), Kind: ptrTo("petition"), Status: ptrTo(c.status)})
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{"Drive B", "Fund C", "Petition A"}},
		{"?status=active", []string{"Fund C", "Petition A"}},
		{"?status=closed", []string{}},
	}
	for _, c := range cases {
		var res campaignsResponse
		a.must(http.StatusOK, "GET", "/api/v1/campaigns"+c.query, nil, &res)
		titles := []string{}
		for _, x := range res.Campaigns {
			titles = append(titles, x.Title)
		}
		slices.Sort(titles)
		if !slices.Equal(titles, c.want) {
			t.Errorf("%q: got %v, want %v", c.query, titles, c.want)
		}
	}
}
