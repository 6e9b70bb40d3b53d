package ui

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"muster/node"
)

// apiBenchPeople is the roster size of the API benchmarks; the environment
// variable MUSTER_BENCH_API_PEOPLE overrides it.
const apiBenchPeople = 10_000

var (
	apiBenchSkills = []string{"driving", "first_aid", "radio", "cooking", "translation", "logistics", "carpentry", "childcare", "nursing", "boat"}
	apiBenchRoles  = []string{"driver", "lead", "medic", "runner", "cook", "comms"}
)

// BenchmarkAPIGetPerson: GET /api/v1/people/{id} of a random person, over
// a real loopback connection. Reports p50 and p99 latency.
func BenchmarkAPIGetPerson(b *testing.B) {
	srv, ids := apiBenchServer(b)
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, 0, 1<<16)
	for b.Loop() {
		lat = append(lat, benchGet(b, srv, "/api/v1/people/"+ids[rng.IntN(len(ids))]))
	}
	reportLatency(b, lat)
}

// BenchmarkAPIListPeopleFiltered: GET /api/v1/people with a filter and a
// page of 50, cycling through skill, role, status, name-prefix and combined
// filters. Reports p50 and p99 latency.
func BenchmarkAPIListPeopleFiltered(b *testing.B) {
	srv, _ := apiBenchServer(b)
	queries := []string{
		"?skill=radio&limit=50",
		"?role=medic&limit=50",
		"?status=deployed&limit=50",
		"?q=ana&limit=50",
		"?skill=boat&role=lead&status=available&limit=50",
	}
	lat := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		lat = append(lat, benchGet(b, srv, "/api/v1/people"+queries[i%len(queries)]))
		i++
	}
	reportLatency(b, lat)
}

// apiBench is the loaded node shared by the API benchmarks.
var apiBench struct {
	once sync.Once
	srv  *httptest.Server
	ids  []string
	err  error
}

// apiBenchServer loads the roster once per process and serves it. The
// store lives in a directory of its own under os.TempDir(), removed by
// nobody: a benchmark run leaves it behind (about 20 MB), named in the log.
func apiBenchServer(b *testing.B) (*httptest.Server, []string) {
	b.Helper()
	apiBench.once.Do(func() {
		apiBench.srv, apiBench.ids, apiBench.err = loadAPIBench(b)
	})
	if apiBench.err != nil {
		b.Fatal(apiBench.err)
	}
	return apiBench.srv, apiBench.ids
}

func loadAPIBench(b *testing.B) (*httptest.Server, []string, error) {
	size := apiBenchPeople
	if n, err := strconv.Atoi(os.Getenv("MUSTER_BENCH_API_PEOPLE")); err == nil && n > 0 {
		size = n
	}
	dir, err := os.MkdirTemp("", "muster-api-bench-")
	if err != nil {
		return nil, nil, fmt.Errorf("make bench dir: %w", err)
	}
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		return nil, nil, fmt.Errorf("open node: %w", err)
	}
	start := time.Now()
	ids, err := loadBenchPeople(n, size)
	if err != nil {
		return nil, nil, err
	}
	b.Logf("loaded %d people into %s in %v", size, dir, time.Since(start).Round(time.Millisecond))
	s, err := New(Config{}, n)
	if err != nil {
		return nil, nil, fmt.Errorf("new server: %w", err)
	}
	return httptest.NewServer(s.Handler()), ids, nil
}

// loadBenchPeople creates size people with every field filled, from a fixed
// seed, with four writers.
func loadBenchPeople(n *node.Node, size int) ([]string, error) {
	const writers = 4
	ids := make([]string, size)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(7, uint64(w)))
			for i := w; i < size; i += writers {
				p, err := n.CreatePerson(benchPerson(rng, i))
				if err != nil {
					errs[w] = fmt.Errorf("create person %d: %w", i, err)
					return
				}
				ids[i] = p.ID
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func benchPerson(rng *rand.Rand, i int) node.PersonPatch {
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	name := fmt.Sprintf("%s %d", pick([]string{"Ana", "Bo", "Carlos", "Dana", "Eve", "Farid", "Gita", "Hana"}), i)
	skills := []string{pick(apiBenchSkills), pick(apiBenchSkills)}
	roles := []string{pick(apiBenchRoles)}
	return node.PersonPatch{
		Name:         &name,
		Phone:        ptrTo(fmt.Sprintf("+254 700 %06d", i)),
		Email:        ptrTo(fmt.Sprintf("p%d@example.org", i)),
		Skills:       &skills,
		Roles:        &roles,
		Availability: ptrTo("weekends"),
		Status:       ptrTo(pick(node.PersonStatuses)),
		Notes:        ptrTo("Knows the east side of town; has a van."),
		Consent:      &node.Consent{SMS: true, Email: i%2 == 0},
	}
}

// benchGet does one GET, reads the whole body and returns how long it took.
func benchGet(b *testing.B, srv *httptest.Server, path string) time.Duration {
	start := time.Now()
	res, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		b.Fatalf("get %s: %v", path, err)
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("get %s: status %d, read error %v", path, res.StatusCode, err)
	}
	return d
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	q := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}
