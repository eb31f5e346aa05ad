package auth

import (
	"net/netip"
	"sync"
	"time"
)

// limiter counts failed logins per address in a sliding window.
//
// An attempt first takes a slot (acquire) and gives it back with its outcome
// (release). Slots in flight count like failures, so concurrent attempts
// from one address cannot together check more than max passwords within the
// window.
type limiter struct {
	max     int
	window  time.Duration
	maxKeys int

	mu    sync.Mutex
	addrs map[string]*failures
}

type failures struct {
	times   []time.Time // the newest failures, oldest first, at most max
	pending int         // attempts in flight
}

func newLimiter(max int, window time.Duration, maxKeys int) *limiter {
	return &limiter{max: max, window: window, maxKeys: maxKeys, addrs: map[string]*failures{}}
}

// expire drops failures that have left the window at now.
func (f *failures) expire(now time.Time, window time.Duration) {
	i := 0
	for i < len(f.times) && !now.Before(f.times[i].Add(window)) {
		i++
	}
	f.times = f.times[i:]
}

// acquire takes a slot for an attempt from key at now, or returns how long
// until one frees up.
func (l *limiter) acquire(key string, now time.Time) (retryAfter time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.addrs[key]
	if f == nil {
		if len(l.addrs) >= l.maxKeys {
			l.evictLocked(now)
		}
		f = &failures{}
		l.addrs[key] = f
	}
	f.expire(now, l.window)
	if len(f.times)+f.pending >= l.max {
		if len(f.times) == 0 {
			return time.Second, false // only attempts in flight: try again soon
		}
		return f.times[0].Add(l.window).Sub(now), false
	}
	f.pending++
	return 0, true
}

// release ends an attempt that acquire allowed.
func (l *limiter) release(key string, now time.Time, failed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.addrs[key]
	if f == nil {
		return // evicted meanwhile (only possible when every slot was pending)
	}
	f.pending--
	if failed {
		f.times = append(f.times, now)
		if len(f.times) > l.max {
			f.times = f.times[len(f.times)-l.max:]
		}
	}
	f.expire(now, l.window)
	if len(f.times) == 0 && f.pending == 0 {
		delete(l.addrs, key)
	}
}

// evictLocked makes room for one more address: it forgets addresses whose
// failures have all left the window and, if that is not enough, the one
// whose newest failure is oldest. Someone with more addresses than maxKeys
// could push entries out this way; on the kiosk's LAN the default of 4096
// is far above the number of devices.
func (l *limiter) evictLocked(now time.Time) {
	l.pruneLocked(now)
	if len(l.addrs) < l.maxKeys {
		return
	}
	var oldest string
	var at time.Time
	for k, f := range l.addrs {
		if f.pending > 0 || len(f.times) == 0 {
			continue
		}
		if t := f.times[len(f.times)-1]; oldest == "" || t.Before(at) {
			oldest, at = k, t
		}
	}
	if oldest != "" {
		delete(l.addrs, oldest)
	}
}

// prune forgets the addresses with no failure in the window.
func (l *limiter) prune(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pruneLocked(now)
}

func (l *limiter) pruneLocked(now time.Time) {
	for k, f := range l.addrs {
		f.expire(now, l.window)
		if len(f.times) == 0 && f.pending == 0 {
			delete(l.addrs, k)
		}
	}
}

// addrKey is the limiter's key for a remote address given as "ip",
// "ip:port" or "[ipv6]:port" (http.Request.RemoteAddr). An IPv6 address
// counts by its /64, since one device may use many addresses of its
// prefix. Anything unparsable is used as it is.
func addrKey(remote string) string {
	a, err := netip.ParseAddr(remote)
	if err != nil {
		ap, err := netip.ParseAddrPort(remote)
		if err != nil {
			return remote
		}
		a = ap.Addr()
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
