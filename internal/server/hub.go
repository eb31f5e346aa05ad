package server

import "sync"

// message is one encoded event of a visit.
type message struct {
	seq  int64
	data []byte
}

// topic holds a visit's recent messages and the clients watching it.
// Every event of the visit with seq > floor is in ring.
type topic struct {
	ring  []message
	floor int64
	subs  map[chan struct{}]struct{}
}

// hub is the one owner of the client sets. It keeps the newest messages of
// each visit so that clients can pull what they have not seen, and wakes
// them with a non-blocking, coalescing signal.
type hub struct {
	mu        sync.Mutex
	ringSize  int
	published int64 // newest seq known to the hub
	topics    map[int64]*topic

	// Messages for every client (device states, scans with no visit),
	// numbered by their own counter.
	global    []message
	globalSeq int64
	all       map[chan struct{}]struct{}
}

// globalKeep is how many messages for every client the hub keeps.
const globalKeep = 32

func newHub(lastSeq int64, ringSize int) *hub {
	return &hub{ringSize: ringSize, published: lastSeq, topics: map[int64]*topic{}, all: map[chan struct{}]struct{}{}}
}

// topic returns the visit's topic, creating it. Called with h.mu held.
func (h *hub) topic(visit int64) *topic {
	t := h.topics[visit]
	if t == nil {
		t = &topic{floor: h.published, subs: map[chan struct{}]struct{}{}}
		h.topics[visit] = t
	}
	return t
}

// publish records a visit's event and wakes its clients. Events must be
// published in seq order.
func (h *hub) publish(visit, seq int64, data []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.published = seq
	t := h.topic(visit)
	if len(t.ring) == h.ringSize {
		t.floor = t.ring[0].seq
		copy(t.ring, t.ring[1:])
		t.ring = t.ring[:len(t.ring)-1]
	}
	t.ring = append(t.ring, message{seq: seq, data: data})
	for c := range t.subs {
		wake(c)
	}
}

// broadcast sends a message to every client of every visit.
func (h *hub) broadcast(data []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.globalSeq++
	if len(h.global) == globalKeep {
		h.global = append(h.global[:0], h.global[1:]...)
	}
	h.global = append(h.global, message{seq: h.globalSeq, data: data})
	for c := range h.all {
		wake(c)
	}
}

// globals returns the messages for every client after number after, and
// the newest number.
func (h *hub) globals(after int64) ([]message, int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []message
	for _, m := range h.global {
		if m.seq > after {
			out = append(out, m)
		}
	}
	return out, h.globalSeq
}

func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// subscribe returns a channel that is signalled when the visit has new
// events or there is a new message for everyone, the number of the newest
// message for everyone (the client is owed those after it), and cancel,
// which removes the channel.
func (h *hub) subscribe(visit int64) (c chan struct{}, globalSeq int64, cancel func()) {
	c = make(chan struct{}, 1)
	h.mu.Lock()
	h.topic(visit).subs[c] = struct{}{}
	h.all[c] = struct{}{}
	globalSeq = h.globalSeq
	h.mu.Unlock()
	return c, globalSeq, func() {
		h.mu.Lock()
		delete(h.topics[visit].subs, c)
		delete(h.all, c)
		h.mu.Unlock()
	}
}

// since returns the visit's messages after seq that the hub holds. When the
// hub no longer holds all of them, gap > after: the events with
// after < seq ≤ gap must be read from the log first.
func (h *hub) since(visit, after int64) (msgs []message, gap int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.topic(visit)
	if after < t.floor {
		gap = t.floor
	}
	for _, m := range t.ring {
		if m.seq > after {
			msgs = append(msgs, m)
		}
	}
	return msgs, gap
}
