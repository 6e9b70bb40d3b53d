package node

import stdsync "sync"

// feed fans committed changes out to subscribers without ever blocking the
// writer: a subscriber whose buffer is full is marked lagged and gets one
// Change{Lagged: true} as soon as it has room, telling it to reload.
type feed struct {
	mu   stdsync.Mutex
	subs map[*Subscription]struct{}
}

// Subscription is a change-feed subscription.
type Subscription struct {
	c      chan Change
	f      *feed
	lagged bool
	closed bool
}

const subscriptionBuffer = 256

// Subscribe starts a change-feed subscription. Close it when done.
func (n *Node) Subscribe() *Subscription {
	s := &Subscription{c: make(chan Change, subscriptionBuffer), f: &n.feed}
	n.feed.mu.Lock()
	defer n.feed.mu.Unlock()
	if n.closed.Load() {
		s.closed = true
		close(s.c)
		return s
	}
	if n.feed.subs == nil {
		n.feed.subs = map[*Subscription]struct{}{}
	}
	n.feed.subs[s] = struct{}{}
	return s
}

// C delivers changes in commit order. It is closed when the subscription
// or the node closes.
func (s *Subscription) C() <-chan Change { return s.c }

// Close ends the subscription.
func (s *Subscription) Close() {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if !s.closed {
		s.closed = true
		delete(s.f.subs, s)
		close(s.c)
	}
}

func (f *feed) publish(c Change) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		if s.lagged {
			select {
			case s.c <- Change{Lagged: true, Vector: c.Vector}:
				s.lagged = false
			default:
			}
			continue
		}
		select {
		case s.c <- c:
		default:
			s.lagged = true
		}
	}
}

func (f *feed) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		s.closed = true
		close(s.c)
	}
	f.subs = nil
}
