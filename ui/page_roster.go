package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"muster/node"
)

// rosterPageSize is how many people one roster page shows.
const rosterPageSize = 50

// rosterQuery is the roster's search and filters, as the URL carries them.
type rosterQuery struct {
	Q, Skill, Role, Status, After string
}

func readRosterQuery(v url.Values) rosterQuery {
	return rosterQuery{
		Q: strings.TrimSpace(v.Get("q")), Skill: v.Get("skill"), Role: v.Get("role"),
		Status: v.Get("status"), After: v.Get("after"),
	}
}

// values encodes the query without the cursor.
func (q rosterQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": q.Q, "skill": q.Skill, "role": q.Role, "status": q.Status} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Filtered is true when any filter or search is set.
func (q rosterQuery) Filtered() bool {
	return q.Q != "" || q.Skill != "" || q.Role != "" || q.Status != ""
}

type rosterView struct {
	page
	Query    rosterQuery
	People   []personRow
	Total    int
	NextURL  string // the next page, empty on the last
	FirstURL string // the first page, when this is a later one
	Back     string // this page's URL, for the bulk form to come back to
	Skills   []string
	Roles    []string
	Statuses []string
	Selected map[string]bool
	// SelectAll ticks everyone on this page (a link, so it works without
	// JavaScript); AllTicked says it is in effect.
	SelectAll string
	AllTicked bool
	Bulk      bulkForm
	Errors    formErrors
	Done      int // people changed by the bulk action just made
}

// roster lists people with search, filters, cursor pagination and bulk
// actions.
func (p *Pages) roster(w http.ResponseWriter, r *http.Request) {
	q := readRosterQuery(r.URL.Query())
	v, err := p.rosterView(r, q)
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v.Done, _ = strconv.Atoi(r.URL.Query().Get("done"))
	if r.URL.Query().Get("select") == "all" {
		v.AllTicked = true
		for _, person := range v.People {
			v.Selected[person.ID] = true
		}
	}
	p.render(w, r, http.StatusOK, "roster", v)
}

func (p *Pages) rosterView(r *http.Request, q rosterQuery) (*rosterView, error) {
	pg, err := p.node.People(node.PeopleQuery{
		Prefix: q.Q, Skill: q.Skill, Role: q.Role, Status: q.Status, After: q.After, Limit: rosterPageSize,
	})
	if err != nil {
		return nil, err
	}
	v := &rosterView{
		page: p.newPage(r, "roster.title", "roster", "person"), Query: q, Total: pg.Total, Skills: p.node.Skills(), Roles: p.node.Roles(),
		Statuses: node.PersonStatuses, Selected: map[string]bool{}, Errors: formErrors{},
	}
	v.People = make([]personRow, len(pg.People))
	for i, person := range pg.People {
		v.People[i] = newPersonRow(v.L, person)
	}
	base := q.values()
	v.Back = "/people"
	if len(base) > 0 {
		v.Back += "?" + base.Encode()
	}
	if q.After != "" {
		v.FirstURL = v.Back
		v.Back += sepFor(v.Back) + "after=" + url.QueryEscape(q.After)
	}
	v.SelectAll = v.Back + sepFor(v.Back) + "select=all"
	if pg.Next != "" {
		base.Set("after", pg.Next)
		v.NextURL = "/people?" + base.Encode()
	}
	return v, nil
}

// personRow is one roster line, its text prepared here rather than by
// template calls: the roster is the page that must stay fast.
type personRow struct {
	ID, Name, Phone     string
	Status, StatusLabel string
	Tags                string // "first aid, radio · #driver"
	SelectLabel         string
}

func newPersonRow(l *Locale, p node.Person) personRow {
	tags := strings.Join(p.Skills, ", ")
	if len(p.Roles) > 0 {
		if tags != "" {
			tags += " · "
		}
		tags += "#" + strings.Join(p.Roles, ", #")
	}
	return personRow{
		ID: p.ID, Name: p.Name, Phone: p.Phone, Status: p.Status,
		StatusLabel: l.T("person.status." + p.Status), Tags: tags, SelectLabel: l.T("roster.select", p.Name),
	}
}

func sepFor(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}
