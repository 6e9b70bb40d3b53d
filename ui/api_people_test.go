package ui

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"muster/node"
)

func TestAPIPeopleCRUD(t *testing.T) {
	a := newTestAPI(t)
	in := node.PersonPatch{
		Name:         ptrTo("Ada Okafor"),
		Phone:        ptrTo("+254700000001"),
		Email:        ptrTo("ada@example.org"),
		Skills:       &[]string{"driving", "first_aid"},
		Roles:        &[]string{"captain"},
		Availability: ptrTo("weekends"),
		Status:       ptrTo("available"),
		Notes:        ptrTo("has a van"),
		Consent:      &node.Consent{SMS: true},
	}
	var created node.Person
	res := a.must(http.StatusCreated, "POST", "/api/v1/people", in, &created)
	if got, want := res.Header.Get("Location"), "/api/v1/people/"+created.ID; got != want {
		t.Errorf("Location: got %q, want %q", got, want)
	}
	if got, want := res.Header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
		t.Errorf("Content-Type: got %q, want %q", got, want)
	}
	if created.ID == "" || created.Name != "Ada Okafor" || created.Email != "ada@example.org" || !created.Consent.SMS {
		t.Fatalf("created: got %+v", created)
	}
	if got, want := created.Skills, []string{"driving", "first_aid"}; !slices.Equal(got, want) {
		t.Errorf("skills: got %v, want %v", got, want)
	}

	var got node.Person
	a.must(http.StatusOK, "GET", "/api/v1/people/"+created.ID, nil, &got)
	if got.ID != created.ID || got.Name != created.Name || got.Phone != created.Phone {
		t.Errorf("get: got %+v, want %+v", got, created)
	}

	var updated node.Person
	a.must(http.StatusOK, "PATCH", "/api/v1/people/"+created.ID,
		map[string]any{"status": "deployed", "add_roles": []string{"driver"}}, &updated)
	if got, want := updated.Status, "deployed"; got != want {
		t.Errorf("status after patch: got %q, want %q", got, want)
	}
	if got, want := updated.Name, "Ada Okafor"; got != want {
		t.Errorf("name after partial patch: got %q, want %q", got, want)
	}
	if got, want := updated.Roles, []string{"captain", "driver"}; !slices.Equal(got, want) {
		t.Errorf("roles after patch: got %v, want %v", got, want)
	}

	a.must(http.StatusNoContent, "DELETE", "/api/v1/people/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "GET", "/api/v1/people/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "DELETE", "/api/v1/people/"+created.ID, nil, nil)
	a.must(http.StatusNotFound, "PATCH", "/api/v1/people/"+created.ID, map[string]any{"notes": "x"}, nil)
}

func TestAPIPeopleListFilters(t *testing.T) {
	a := newTestAPI(t)
	for _, p := range []node.PersonPatch{
		{Name: ptrTo("Amina"), Skills: &[]string{"driving"}, Roles: &[]string{"captain"}, Status: ptrTo("available")},
		{Name: ptrTo("Amos"), Skills: &[]string{"cooking"}, Status: ptrTo("deployed")},
		{Name: ptrTo("Bea"), Skills: &[]string{"driving", "cooking"}, Roles: &[]string{"medic"}, Status: ptrTo("off")},
		{Name: ptrTo("Carl"), Status: ptrTo("available")},
	} {
		a.createPerson(p)
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{"Amina", "Amos", "Bea", "Carl"}},
		{"?q=am", []string{"Amina", "Amos"}},
		{"?q=AMI", []string{"Amina"}},
		{"?skill=driving", []string{"Amina", "Bea"}},
		{"?role=medic", []string{"Bea"}},
		{"?status=available", []string{"Amina", "Carl"}},
		{"?skill=cooking&status=off", []string{"Bea"}},
		{"?q=zed", []string{}},
	}
	for _, c := range cases {
		var page node.PeoplePage
		a.must(http.StatusOK, "GET", "/api/v1/people"+c.query, nil, &page)
		var names []string
		for _, p := range page.People {
			names = append(names, p.Name)
		}
		if got := names; !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.query, got, c.want)
		}
		if got, want := page.Total, len(c.want); got != want {
			t.Errorf("%q: total: got %d, want %d", c.query, got, want)
		}
	}
}

func TestAPIPeoplePaginationWalk(t *testing.T) {
	a := newTestAPI(t)
	const n = 120
	want := map[string]bool{}
	for i := range n {
		p, err := a.node.CreatePerson(node.PersonPatch{Name: ptrTo(fmt.Sprintf("Person %03d", i%40))})
		if err != nil {
			t.Fatalf("create person: %v", err)
		}
		want[p.ID] = true
	}
	seen := map[string]int{}
	next, pages := "", 0
	for {
		var page node.PeoplePage
		a.must(http.StatusOK, "GET", "/api/v1/people?limit=7&after="+next, nil, &page)
		pages++
		if got, want := page.Total, n; got != want {
			t.Fatalf("page %d: total: got %d, want %d", pages, got, want)
		}
		for _, p := range page.People {
			seen[p.ID]++
		}
		if page.Next == "" {
			break
		}
		if pages > n {
			t.Fatalf("pagination does not end")
		}
		next = page.Next
	}
	if got, want := pages, (n+6)/7; got != want {
		t.Errorf("pages: got %d, want %d", got, want)
	}
	for id := range want {
		if seen[id] != 1 {
			t.Errorf("person %s seen %d times, want 1", id, seen[id])
		}
	}
	if got, want := len(seen), n; got != want {
		t.Errorf("distinct people seen: got %d, want %d", got, want)
	}
}

func TestAPIPeopleBulk(t *testing.T) {
	a := newTestAPI(t)
	var ids []string
	for _, name := range []string{"Ann", "Ben", "Cy"} {
		ids = append(ids, a.createPerson(node.PersonPatch{Name: ptrTo(name), Roles: &[]string{"crew"}}).ID)
	}
	var res bulkResponse
	a.must(http.StatusOK, "POST", "/api/v1/people/bulk", map[string]any{
		"ids":   ids[:2],
		"patch": map[string]any{"status": "deployed", "add_roles": []string{"driver"}, "remove_roles": []string{"crew"}},
	}, &res)
	if got, want := res.Updated, 2; got != want {
		t.Errorf("updated: got %d, want %d", got, want)
	}
	for i, id := range ids {
		var p node.Person
		a.must(http.StatusOK, "GET", "/api/v1/people/"+id, nil, &p)
		wantStatus, wantRoles := "deployed", []string{"driver"}
		if i == 2 {
			wantStatus, wantRoles = "available", []string{"crew"}
		}
		if p.Status != wantStatus || !slices.Equal(p.Roles, wantRoles) {
			t.Errorf("%s: got status %q roles %v, want %q %v", p.Name, p.Status, p.Roles, wantStatus, wantRoles)
		}
	}
	var roles rolesResponse
	a.must(http.StatusOK, "GET", "/api/v1/roles", nil, &roles)
	if got, want := roles.Roles, []string{"crew", "driver"}; !slices.Equal(got, want) {
		t.Errorf("roles: got %v, want %v", got, want)
	}
}
