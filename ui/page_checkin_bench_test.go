package ui

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"muster/node"
)

// eventDayBench is a real node holding a 100,000-person roster served over
// loopback, with an event of three 100-seat shifts and 300 signups.
type eventDayBench struct {
	node     *node.Node
	srv      *httptest.Server
	ev       node.Event
	shifts   []node.Shift
	contacts []string // emails of people on the roster
}

// newEventDayBench copies the node benchmarks' roster workload
// (MUSTER_BENCH_DATA, made complete by `scripts/bench node`) into a
// directory of its own, so that the signups written here leave the shared
// data as it was. Without it, it loads MUSTER_BENCH_PEOPLE people
// (default 100,000) through the write path.
func newEventDayBench(b *testing.B, fsync bool) *eventDayBench {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "node")
	src := os.Getenv("MUSTER_BENCH_DATA")
	_, err := os.Stat(filepath.Join(src, "complete"))
	workload := src != "" && err == nil
	if workload {
		start := time.Now()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatalf("copy %s: %v", src, err)
		}
		b.Logf("copied the roster workload from %s in %v", src, time.Since(start).Round(time.Millisecond))
	}
	n, err := node.Open(node.Config{Dir: dir, SyncWrites: fsync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = n.Close() })
	if !workload {
		size := 100000
		if s, err := strconv.Atoi(os.Getenv("MUSTER_BENCH_PEOPLE")); err == nil && s > 0 {
			size = s
		}
		loadPeople(b, n, size)
	}
	d := &eventDayBench{node: n}
	for q := (node.PeopleQuery{Limit: 500}); len(d.contacts) < 5000; {
		page, err := n.People(q)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range page.People {
			if p.Email != "" {
				d.contacts = append(d.contacts, p.Email)
			}
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	d.ev, d.shifts = benchEvent(b, n, 100, 100, 100)
	for i, email := range d.contacts[:300] {
		in := node.SignupInput{Name: "x", Email: email, Shifts: []string{d.shifts[i%3].ID}}
		if _, err := n.SignUp(d.ev.ID, in); err != nil {
			b.Fatal(err)
		}
	}
	s, err := New(Config{}, n)
	if err != nil {
		b.Fatal(err)
	}
	d.srv = httptest.NewServer(s.Handler())
	b.Cleanup(d.srv.Close)
	runtime.GC() // the set-up's garbage is not the request's cost
	return d
}

func benchEvent(b *testing.B, n *node.Node, caps ...int) (node.Event, []node.Shift) {
	b.Helper()
	ev, err := n.CreateEvent(node.EventPatch{Title: ptr("Sandbag line"), Location: ptr("North bank")})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(time.Hour).Truncate(time.Hour)
	var shifts []node.Shift
	for i, c := range caps {
		s0, s1 := start.Add(time.Duration(i)*4*time.Hour), start.Add(time.Duration(i+1)*4*time.Hour)
		s, err := n.CreateShift(ev.ID, node.ShiftPatch{Start: &s0, End: &s1, Capacity: ptr(c)})
		if err != nil {
			b.Fatal(err)
		}
		shifts = append(shifts, s)
	}
	return ev, shifts
}

// BenchmarkSignupStored: POST /api/v1/events/{id}/signup over loopback to
// a node holding the 100,000-person roster, until the 201: the contact
// looked up in the index, the person and signup ops signed, applied and
// committed, the answer read back. Half the signups are by the email of
// someone on the roster, half by a new one. "default" commits as
// `muster serve` does (the store flushed every second); "fsync" as
// `muster serve --fsync` (every commit waits for the disk).
func BenchmarkSignupStored(b *testing.B) {
	for _, mode := range []struct {
		name  string
		fsync bool
	}{{"default", false}, {"fsync", true}} {
		b.Run(mode.name, func(b *testing.B) {
			d := newEventDayBench(b, mode.fsync)
			ev, shifts := benchEvent(b, d.node, 20, 20)
			url := d.srv.URL + "/api/v1/events/" + ev.ID + "/signup"
			rng := rand.New(rand.NewPCG(3, 4))
			lat := make([]time.Duration, 0, 1<<14)
			i := 0
			cpu := processCPU()
			for b.Loop() {
				email := fmt.Sprintf("new%d@bench.example.org", i)
				if i%2 == 0 {
					email = d.contacts[300+rng.IntN(len(d.contacts)-300)]
				}
				body := `{"name":"Bench ` + strconv.Itoa(i) + `","email":"` + email + `","consent_email":true,"shifts":["` + shifts[i%2].ID + `"]}`
				i++
				start := time.Now()
				res, err := d.srv.Client().Post(url, "application/json", strings.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat = append(lat, time.Since(start))
				if err != nil || res.StatusCode != http.StatusCreated {
					b.Fatalf("signup: status %d, %v", res.StatusCode, err)
				}
			}
			reportCPU(b, cpu, i)
			reportLatency(b, lat)
		})
	}
}

// BenchmarkCheckinSearch: GET /events/{id}/checkin?q=… over loopback, on
// a node holding the 100,000-person roster and an event with 300 signups
// over three shifts: the page with the turnout, the matching signups and
// the first 20 matching roster people. Queries are one to four letters of
// first and last names; the workload's names repeat, so a two-letter
// query matches thousands of people, which the search walks to count.
func BenchmarkCheckinSearch(b *testing.B) {
	d := newEventDayBench(b, false)
	var queries []string
	for _, name := range []string{"Ada", "Fatima", "Okafor", "Silva", "Nguyen", "Tariq", "Rosa", "Haddad", "Ximena Osei", "Zanele", "Priya", "Cohen"} {
		for k := 1; k <= 4 && k <= len(name); k++ {
			queries = append(queries, strings.ToLower(name[:k]))
		}
	}
	path := "/events/" + d.ev.ID + "/checkin?q="
	lat := make([]time.Duration, 0, 1<<14)
	i := 0
	cpu := processCPU()
	for b.Loop() {
		lat = append(lat, benchGet(b, d.srv, path+url.QueryEscape(queries[i%len(queries)])))
		i++
	}
	reportCPU(b, cpu, i)
	reportLatency(b, lat)
}

// processCPU is the CPU time this process has used (user and system, all
// threads): client, server, node and the garbage collector.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports CPU milliseconds per request since start: unlike the
// latency percentiles it hardly moves when other work shares the cores.
func reportCPU(b *testing.B, start time.Duration, requests int) {
	if requests > 0 {
		b.ReportMetric(float64((processCPU()-start).Microseconds())/1000/float64(requests), "cpu-ms/op")
	}
}
