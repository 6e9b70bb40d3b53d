package ui

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"muster/node"
)

var (
	firstNames = []string{"Ana", "Bo", "Carlos", "Dana", "Eve", "Farid", "Gita", "Hana", "Ivan", "Jun", "Kofi", "Lea", "Mona", "Nadia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vera", "Wen", "Ximena", "Yusuf", "Zoe"}
	lastNames  = []string{"Lima", "Chen", "Diaz", "Haddad", "Okafor", "Novak", "Silva", "Khan", "Rossi", "Sato", "Ibrahim", "Garcia", "Müller", "Nguyen", "Kowalski", "Mensah"}
	skillPool  = []string{"first aid", "driving", "radio", "cooking", "translation", "logistics", "carpentry", "childcare", "nursing", "plumbing", "electrics", "counselling", "boat", "forklift", "it", "photography", "search", "sign language", "teaching", "water"}
	rolePool   = []string{"driver", "lead", "medic", "runner", "cook", "comms", "shelter", "intake", "night", "weekend"}
)

// fakePerson fills every field, from a fixed seed.
func fakePerson(rng *rand.Rand, i int) node.PersonPatch {
	name := firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))] + " " + strconv.Itoa(i)
	skills := []string{skillPool[rng.IntN(len(skillPool))], skillPool[rng.IntN(len(skillPool))]}
	roles := []string{rolePool[rng.IntN(len(rolePool))]}
	return node.PersonPatch{
		Name: &name, Phone: ptr(fmt.Sprintf("+34 600 %03d %03d", i/1000%1000, i%1000)),
		Email: ptr(fmt.Sprintf("p%d@example.org", i)), Skills: &skills, Roles: &roles,
		Availability: ptr("weekends"), Status: ptr(node.PersonStatuses[rng.IntN(3)]),
		Notes:   ptr("Knows the east side of town; has a van."),
		Consent: &node.Consent{SMS: true, Email: i%2 == 0},
	}
}

// loadPeople adds n people with 4 writers and a fixed seed per writer.
func loadPeople(tb testing.TB, nd *node.Node, n int) {
	tb.Helper()
	const writers = 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(42, uint64(w)))
			for i := w; i < n; i += writers {
				if _, err := nd.CreatePerson(fakePerson(rng, i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		tb.Fatalf("load people: %v", err)
	}
}

// BenchmarkRosterPage: the roster page (50 people) out of a large roster,
// server time only (handler into a recorder), p50 and p99 per query shape.
// It reads the node benchmarks' roster workload (100,000 people, 200,000
// updates) when MUSTER_BENCH_DATA holds it complete (scripts/bench makes
// it); otherwise it loads MUSTER_BENCH_PEOPLE people (default 100,000).
func BenchmarkRosterPage(b *testing.B) {
	nd, mux := rosterBenchNode(b)
	skills, roles := nd.Skills(), nd.Roles()
	if len(skills) == 0 || len(roles) == 0 {
		b.Fatal("the roster has no skills or roles to filter by")
	}
	first, err := nd.People(node.PeopleQuery{Skill: skills[0], Limit: 50})
	if err != nil || len(first.People) == 0 {
		b.Fatalf("no one with skill %q: %v", skills[0], err)
	}
	prefix := strings.ToLower(string([]rune(first.People[0].Name)[:2]))
	for _, q := range []struct{ name, query string }{
		{"all", ""},
		{"skill+status", "?skill=" + url.QueryEscape(skills[0]) + "&status=available"},
		{"prefix", "?q=" + url.QueryEscape(prefix)},
		{"role+page2", "?role=" + url.QueryEscape(roles[0]) + "&after=" + url.QueryEscape(first.Next)},
	} {
		b.Run(q.name, func(b *testing.B) {
			durs := make([]time.Duration, 0, b.N)
			for b.Loop() {
				req := httptest.NewRequest("GET", "/people"+q.query, nil)
				rec := httptest.NewRecorder()
				t0 := time.Now()
				mux.ServeHTTP(rec, req)
				durs = append(durs, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
			slices.Sort(durs)
			b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds())/1000, "p99_ms")
		})
	}
}

// rosterBenchNode opens the shared workload, or loads a roster of its own.
func rosterBenchNode(b *testing.B) (*node.Node, *http.ServeMux) {
	var nd *node.Node
	if dir := os.Getenv("MUSTER_BENCH_DATA"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
			n, err := node.Open(node.Config{Dir: dir})
			if err != nil {
				b.Fatalf("open %s: %v", dir, err)
			}
			b.Cleanup(func() { _ = n.Close() })
			nd = n
			b.Logf("roster workload from %s", dir)
		}
	}
	if nd == nil {
		size := 100000
		if s, err := strconv.Atoi(os.Getenv("MUSTER_BENCH_PEOPLE")); err == nil && s > 0 {
			size = s
		}
		tp := newTestPages(b)
		start := time.Now()
		loadPeople(b, tp.node, size)
		b.Logf("loaded %d people in %v", size, time.Since(start).Round(time.Millisecond))
		nd = tp.node
	}
	runtime.GC() // the load's garbage is not the page's cost
	p, err := NewPages(nd, nil)
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	p.Register(mux)
	return nd, mux
}
