package notify

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"muster/node"
	"muster/ui"
)

var linkKey = []byte("team signup key")

func testLink(id string) string { return ui.SignupLink("http://muster.test:7420", linkKey, id) }

// TestPromotedToldOnce: Bo signs up on one node and is told he waits; the
// seated person cancels on another node. With both delivery loops running
// against one SMTP server and the nodes syncing, Bo gets exactly one
// "a seat opened" email, from his home node, carrying his personal link,
// which the pages accept; no one else gets one, and more rounds send
// nothing more.
func TestPromotedToldOnce(t *testing.T) {
	a, b := openNode(t), openNode(t)
	ev, s := driveWithShift(t, a, time.Now().Add(72*time.Hour).UTC().Truncate(time.Minute), 1)
	exchange(t, a, b)
	ada := signUp(t, a, ev.ID, node.SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	exchange(t, a, b)
	bo := signUp(t, b, ev.ID, node.SignupInput{Name: "Bo", Email: "bo@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	exchange(t, a, b)

	mb := newMailbox(t)
	email := mustSMTP(t, mb.addr)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	nodes := []*node.Node{a, b}
	services := make([]*Service, len(nodes))
	for i, n := range nodes {
		services[i] = New(Config{Email: email, Interval: 5 * time.Millisecond, Link: testLink}, n)
		wg.Go(func() { services[i].Serve(ctx) })
	}
	eventually(t, "confirmations settled", func() bool {
		exchange(t, a, b)
		return settledEverywhere(t, nodes, node.KindConfirmation)
	})
	if _, err := a.CancelSignup(ada.Signups[0].ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "promoted settled on both nodes", func() bool {
		exchange(t, a, b)
		ms, err := a.Outbox(node.OutboxQuery{Kind: node.KindPromoted})
		return err == nil && len(ms) == 1 && settledEverywhere(t, nodes, node.KindPromoted)
	})
	cancel()
	wg.Wait()
	exchange(t, a, b)
	for _, svc := range services {
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	boID := bo.Signups[0].ID
	link := testLink(boID)
	var promoted []received
	for _, r := range mb.messages() {
		switch kindOf(r) {
		case node.KindPromoted:
			promoted = append(promoted, r)
		case node.KindConfirmation:
			if r.To == "bo@x.org" && !strings.Contains(r.Body, link) {
				t.Errorf("bo's confirmation lacks his link %s:\n%s", link, r.Body)
			}
		}
	}
	if len(promoted) != 1 || promoted[0].To != "bo@x.org" {
		t.Fatalf("promoted emails %+v, want one to bo", promoted)
	}
	if !strings.Contains(promoted[0].Subject, "A seat opened for you") || !strings.Contains(promoted[0].Body, link) {
		t.Errorf("promoted email %q / %q lacks the news or the link", promoted[0].Subject, promoted[0].Body)
	}
	token := link[strings.LastIndexByte(link, '/')+1:]
	if !strings.HasPrefix(link, "http://muster.test:7420/s/"+boID+"/") || !ui.ValidSignupToken(linkKey, boID, token) {
		t.Errorf("link %s is not bo's valid page", link)
	}
	ms, err := b.Outbox(node.OutboxQuery{Kind: node.KindPromoted, State: node.StateSent})
	if err != nil || len(ms) != 1 || ms[0].Home != b.ID().String() {
		t.Errorf("on b: %v %v, want bo's promoted sent by b", ms, err)
	}
}

// TestSeatBeforeConfirmationToldOnce: Bo is told on the page that he
// waits; a seat opens before any message could go (no mail server yet, as
// in the field). When the delivery loop runs, Bo hears the news once: his
// confirmation says he has a seat, and no "a seat opened" follows, then or
// in later rounds.
func TestSeatBeforeConfirmationToldOnce(t *testing.T) {
	n := openNode(t)
	ev, s := driveWithShift(t, n, time.Now().Add(72*time.Hour).UTC().Truncate(time.Minute), 1)
	ada := signUp(t, n, ev.ID, node.SignupInput{Name: "Ada", Email: "ada@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	bo := signUp(t, n, ev.ID, node.SignupInput{Name: "Bo", Email: "bo@x.org", ConsentEmail: true, Shifts: []string{s.ID}})
	if bo.Signups[0].SeatedAtSignup {
		t.Fatal("bo has a seat at signup; the shift holds one")
	}
	if _, err := n.CancelSignup(ada.Signups[0].ID); err != nil {
		t.Fatal(err)
	}

	mb := newMailbox(t)
	svc := New(Config{Email: mustSMTP(t, mb.addr), Link: testLink}, n)
	for range 3 {
		if err := svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var toBo []received
	for _, r := range mb.messages() {
		if r.To == "bo@x.org" {
			toBo = append(toBo, r)
		}
	}
	if len(toBo) != 1 || kindOf(toBo[0]) != node.KindConfirmation {
		t.Fatalf("bo got %d messages %+v, want his confirmation only", len(toBo), toBo)
	}
	if !strings.Contains(toBo[0].Body, "You have a seat.") {
		t.Errorf("bo's confirmation does not say he has a seat:\n%s", toBo[0].Body)
	}
	if ms, err := n.Outbox(node.OutboxQuery{Kind: node.KindPromoted}); err != nil || len(ms) != 0 {
		t.Errorf("promoted messages planned: %+v %v", ms, err)
	}
}

// TestComposeLink: the messages that ask whether they will come carry the
// personal link in every language; the others do not.
func TestComposeLink(t *testing.T) {
	const link = "http://muster.test/s/x/tok"
	for _, l := range Langs {
		for _, k := range node.MessageKinds {
			m := node.Message{Lang: l, Kind: k, EventTitle: "Drive", Seated: true,
				Start: time.Date(2027, 3, 13, 9, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 13, 13, 0, 0, 0, time.UTC)}
			_, body := Compose(m, link)
			if got, want := strings.Contains(body, link), withLink(k); got != want {
				t.Errorf("%s %s: link in the body %v, want %v", l, k, got, want)
			}
			if _, plain := Compose(m, ""); strings.Contains(plain, "{link}") || strings.Contains(plain, "muster.test") {
				t.Errorf("%s %s: without a link the body is %q", l, k, plain)
			}
		}
	}
}
