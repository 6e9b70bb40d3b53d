package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"muster/node"
)

func TestPagesRenderInEveryLanguage(t *testing.T) {
	tp := newTestPages(t)
	c, err := tp.node.CreateCampaign(node.CampaignPatch{
		Title: ptr("Clean the river"), Kind: ptr("volunteer_drive"), Status: ptr("active"),
		Goal: &node.Goal{Amount: 200, Unit: "volunteers"}, Tally: ptr(50.0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ana := tp.person(t, "Ana Lima", node.PersonPatch{Skills: &[]string{"first aid"}})
	pages := []langPage{
		{"/", "What to do next", "Qué hacer ahora", "ماذا تفعل الآن"},
		{"/campaigns", "Clean the river", "Campañas", "الحملات"},
		{"/campaigns/new", "Create campaign", "Crear campaña", "أنشئ الحملة"},
		{"/campaigns/" + c.ID, "50</strong> of 200 volunteers", "50</strong> de 200 volunteers", "50</strong> من 200 volunteers"},
		{"/campaigns/" + c.ID + "/edit", "Save changes", "Guardar cambios", "احفظ التغييرات"},
		{"/people", "Ana Lima", "1 persona", "شخص واحد"},
		{"/people/new", "Add person", "Añadir persona", "أضف الشخص"},
		{"/people/" + ana.ID, "Ana Lima", "Editar persona", "تعديل بيانات الشخص"},
	}
	checkLanguages(t, tp, pages)
}

func TestNotFound(t *testing.T) {
	tp := newTestPages(t)
	for _, path := range []string{"/campaigns/nope", "/people/nope", "/campaigns/nope/edit", "/nope", "/people/nope/more"} {
		if code, body := tp.get(t, path); code != http.StatusNotFound || !strings.Contains(body, "Not found") {
			t.Errorf("GET %s: status %d, want 404 with a page", path, code)
		}
	}
}

func TestCampaignFormErrorsKeepInput(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{
		"title": {""}, "kind": {"petition"}, "goal_amount": {"lots"}, "goal_unit": {"signatures"},
		"description": {"Keep me <b>safe</b>"}, "status": {"active"}, "deadline": {"31/12/2026"},
	}
	code, body := tp.post(t, "/campaigns", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("POST bad campaign: status %d, want 422", code)
	}
	for _, want := range []string{
		`id="title-err"`, `aria-describedby="title-err"`, "This is required.",
		`id="goal_amount-err"`, "Enter a number", `id="deadline-err"`,
		`value="signatures"`, `value="lots"`, "Keep me &lt;b&gt;safe&lt;/b&gt;", `<option value="petition" selected>`,
		`role="alert"`, "3 problems to fix",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("bad form page lacks %q", want)
		}
	}
	if cs, _ := tp.node.Campaigns(node.CampaignQuery{}); len(cs) != 0 {
		t.Errorf("campaigns stored after a refused form: %d, want 0", len(cs))
	}
}

func TestCampaignNodeValidationShownInSpanish(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{"title": {"Ok"}, "kind": {"petition"}, "status": {"active"}, "goal_amount": {"-5"}}
	code, body := tp.post(t, "/campaigns", form, "Accept-Language", "es-MX,es;q=0.9")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", code)
	}
	if !strings.Contains(body, `id="goal_amount-err" class="err">Escribe un número`) {
		t.Errorf("node's goal.amount error not shown in Spanish next to goal_amount")
	}
}

func TestCampaignCreateEditTally(t *testing.T) {
	tp := newTestPages(t)
	form := url.Values{"title": {"Water for Riverside"}, "kind": {"fundraiser"}, "status": {"active"},
		"goal_amount": {"1000"}, "goal_unit": {"litres"}, "deadline": {"2026-12-31"}}
	code, loc := tp.post(t, "/campaigns", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns/") {
		t.Fatalf("POST campaign: %d %s, want 303 to the campaign", code, loc)
	}
	id := strings.TrimPrefix(loc, "/campaigns/")
	if code, _ := tp.post(t, "/campaigns/"+id+"/tally", url.Values{"tally": {"250"}}); code != http.StatusSeeOther {
		t.Fatalf("POST tally: %d, want 303", code)
	}
	if code, body := tp.post(t, "/campaigns/"+id+"/tally", url.Values{"tally": {"many"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="many"`) {
		t.Errorf("POST bad tally: %d, want 422 keeping the value", code)
	}
	form.Set("title", "Water for Riverside East")
	form.Set("tally", "250")
	if code, _ := tp.post(t, "/campaigns/"+id, form); code != http.StatusSeeOther {
		t.Fatalf("POST edit: %d, want 303", code)
	}
	c, err := tp.node.Campaign(id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Title, "Water for Riverside East"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := c.Progress.Percent, 25.0; got != want {
		t.Errorf("progress = %v%%, want %v%%", got, want)
	}
	if code, _ := tp.post(t, "/campaigns/"+id+"/delete", nil); code != http.StatusSeeOther {
		t.Fatalf("POST delete: %d, want 303", code)
	}
	if _, err := tp.node.Campaign(id); err == nil {
		t.Errorf("campaign still there after delete")
	}
}

func TestPersonAddEditBadEmail(t *testing.T) {
	tp := newTestPages(t)
	code, loc := tp.post(t, "/people", url.Values{"name": {"Bo Chen"}})
	if code != http.StatusSeeOther || loc != "/people/new?added=Bo+Chen" {
		t.Fatalf("POST person: %d %q, want 303 to /people/new?added=Bo+Chen", code, loc)
	}
	pg, _ := tp.node.People(node.PeopleQuery{})
	if len(pg.People) != 1 {
		t.Fatalf("people = %d, want 1", len(pg.People))
	}
	id := pg.People[0].ID
	form := url.Values{"name": {"Bo Chen"}, "email": {"not-an-email"}, "skills": {"driving, radio"}, "status": {"deployed"}}
	code, body := tp.post(t, "/people/"+id, form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="email-err"`) || !strings.Contains(body, `value="driving, radio"`) {
		t.Fatalf("POST bad email: %d, want 422 with the error and the skills kept", code)
	}
	if p, _ := tp.node.Person(id); len(p.Skills) != 0 {
		t.Errorf("skills stored from a refused form: %v", p.Skills)
	}
	form.Set("email", "bo@example.org")
	if code, _ := tp.post(t, "/people/"+id, form); code != http.StatusSeeOther {
		t.Fatalf("POST edit: %d, want 303", code)
	}
	p, _ := tp.node.Person(id)
	if got, want := strings.Join(p.Skills, ","), "driving,radio"; got != want {
		t.Errorf("skills = %q, want %q", got, want)
	}
	cases := []struct {
		path   string
		form   url.Values
		errIDs []string
	}{
		{"/people", url.Values{"name": {"  "}, "email": {"x@"}, "phone": {"call me"}}, []string{"name-err", "email-err", "phone-err"}},
		{"/people/" + id, url.Values{"name": {""}}, []string{"name-err"}},
	}
	for _, c := range cases {
		code, body := tp.post(t, c.path, c.form)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("POST %s %v: %d, want 422", c.path, c.form, code)
		}
		for _, id := range c.errIDs {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("POST %s %v: no %s", c.path, c.form, id)
			}
		}
	}
	if p, _ := tp.node.Person(id); p.Name != "Bo Chen" {
		t.Errorf("name after refused edits = %q, want Bo Chen", p.Name)
	}
}

func TestRosterFiltersAndBulk(t *testing.T) {
	tp := newTestPages(t)
	var ids []string
	for _, name := range []string{"Ana", "Andrés", "Bea", "Carlos"} {
		ids = append(ids, tp.person(t, name, node.PersonPatch{Skills: &[]string{"radio"}}).ID)
	}
	tp.person(t, "Dana", node.PersonPatch{Skills: &[]string{"cooking"}})
	cases := []struct{ query, want, not string }{
		{"?q=an", "Andrés", "Bea"},
		{"?skill=cooking", "Dana", "Carlos"},
		{"?q=zz", "Nobody matches", "Ana"},
	}
	for _, c := range cases {
		_, body := tp.get(t, "/people"+c.query)
		if !strings.Contains(body, c.want) || strings.Contains(body, ">"+c.not+"<") {
			t.Errorf("GET /people%s: want %q and not %q", c.query, c.want, c.not)
		}
	}
	form := url.Values{"id": ids[:3], "action": {"role:add"}, "role_tag": {"driver"}, "back": {"/people?skill=radio"}}
	code, loc := tp.post(t, "/people/bulk", form)
	if got, want := loc, "/people?skill=radio&done=3"; code != http.StatusSeeOther || got != want {
		t.Fatalf("POST bulk: %d %q, want 303 %q", code, got, want)
	}
	if pg, _ := tp.node.People(node.PeopleQuery{Role: "driver"}); pg.Total != 3 {
		t.Errorf("people with role driver = %d, want 3", pg.Total)
	}
	form = url.Values{"id": ids[:2], "action": {"status:deployed"}, "back": {"/people"}}
	tp.post(t, "/people/bulk", form)
	if pg, _ := tp.node.People(node.PeopleQuery{Status: "deployed"}); pg.Total != 2 {
		t.Errorf("deployed = %d, want 2", pg.Total)
	}
	form = url.Values{"id": ids[:1], "action": {"role:remove"}, "back": {"/people"}}
	code, body := tp.post(t, "/people/bulk", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="role_tag-err"`) || !strings.Contains(body, `value="`+ids[0]+`" id="sel-`+ids[0]+`" aria-label="Select Ana" checked`) {
		t.Errorf("bulk role action without a tag: %d, want 422 with the tick kept", code)
	}
	_, body = tp.get(t, "/people?skill=radio&select=all")
	if got := strings.Count(body, `" checked>`); got != 4 {
		t.Errorf("select=all ticks %d people, want 4", got)
	}
	if !strings.Contains(body, `href="/people?skill=radio">Clear the ticks`) {
		t.Errorf("select=all page lacks the link that clears the ticks")
	}
	if code, body := tp.post(t, "/people/bulk", url.Values{"action": {"status:off"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Select at least one person") {
		t.Errorf("bulk with nobody selected: %d, want 422 with a message", code)
	}
}

func TestRosterPagination(t *testing.T) {
	tp := newTestPages(t)
	for i := range rosterPageSize + 5 {
		tp.person(t, "Person "+string(rune('A'+i/26))+string(rune('a'+i%26)), node.PersonPatch{})
	}
	_, body := tp.get(t, "/people")
	if !strings.Contains(body, `rel="next"`) || !strings.Contains(body, "55 people") {
		t.Fatalf("first page lacks the next link or the total")
	}
	next := body[strings.Index(body, `href="/people?after=`)+6:]
	next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
	_, body = tp.get(t, next)
	if got := strings.Count(body, `name="id"`); got != 5 {
		t.Errorf("second page shows %d people, want 5", got)
	}
	if !strings.Contains(body, "First page") || strings.Contains(body, `rel="next"`) {
		t.Errorf("last page: want a first-page link and no next link")
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	tp := newTestPages(t)
	cases := []struct {
		name string
		hdr  []string
		want int
	}{
		{"same origin", []string{"Origin", tp.srv.URL, "Sec-Fetch-Site", "same-origin"}, http.StatusSeeOther},
		{"no headers (curl)", nil, http.StatusSeeOther},
		{"other origin", []string{"Origin", "http://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
	}
	for _, c := range cases {
		if got, _ := tp.post(t, "/people", url.Values{"name": {"X"}}, c.hdr...); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
}

func TestLanguageSwitchSticks(t *testing.T) {
	tp := newTestPages(t)
	req, _ := http.NewRequest("POST", tp.srv.URL+"/lang", strings.NewReader("lang=ar&next=%2Fpeople%3Fq%3Da"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Header.Get("Location"), "/people?q=a"; got != want {
		t.Errorf("redirect to %q, want %q", got, want)
	}
	var ck *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == langCookie {
			ck = c
		}
	}
	if ck == nil || ck.Value != "ar" {
		t.Fatalf("language cookie = %v, want ar", ck)
	}
	_, body := tp.get(t, "/", "Cookie", langCookie+"=ar", "Accept-Language", "es")
	if !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("cookie did not win over Accept-Language")
	}
	if got := localPath("//evil.example/x"); got != "/" {
		t.Errorf("localPath(//evil) = %q, want /", got)
	}
}

func TestStaticAssetsFingerprinted(t *testing.T) {
	tp := newTestPages(t)
	u, err := tp.pages.assets.url("app.css")
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(tp.srv.URL + u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
		t.Errorf("Cache-Control = %q, want %q", got, want)
	}
	if got, want := res.Header.Get("Content-Type"), "text/css; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	if code, _ := tp.get(t, "/static/app.css"); code != http.StatusNotFound {
		t.Errorf("unfingerprinted name: %d, want 404", code)
	}
}
