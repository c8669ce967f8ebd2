package web

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limiter counts failed sign-in (and enrolment) attempts per user name and per client
// address in fixed windows. It lives in the handler, in memory: a restart forgets it, and
// several instances each count their own, which still bounds guessing to a few attempts
// per window per instance next to argon2id's cost.
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	window  time.Duration
	perUser int
	perAddr int
	maxKeys int
	counts  map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter() *limiter {
	return &limiter{now: time.Now, window: 15 * time.Minute, perUser: 5, perAddr: 20,
		maxKeys: 10000, counts: map[string]*window{}}
}

// allowed reports whether another attempt for user from addr may be tried.
func (l *limiter) allowed(user, addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.get("u:"+user) < l.perUser && l.get("a:"+addr) < l.perAddr
}

// failed counts a failed attempt.
func (l *limiter) failed(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add("u:" + user)
	l.add("a:" + addr)
}

// succeeded clears a user name's count after a successful sign-in.
func (l *limiter) succeeded(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.counts, "u:"+user)
}

func (l *limiter) get(key string) int {
	w := l.counts[key]
	if w == nil || l.now().Sub(w.start) > l.window {
		return 0
	}
	return w.n
}

func (l *limiter) add(key string) {
	now := l.now()
	w := l.counts[key]
	if w == nil || now.Sub(w.start) > l.window {
		if w == nil && len(l.counts) >= l.maxKeys {
			l.sweep(now)
		}
		w = &window{start: now}
		l.counts[key] = w
	}
	w.n++
}

// sweep keeps the map bounded: expired windows go first; if the map is still full, the
// oldest windows go, so a flood of fresh names cannot grow memory without bound.
func (l *limiter) sweep(now time.Time) {
	for k, w := range l.counts {
		if now.Sub(w.start) > l.window {
			delete(l.counts, k)
		}
	}
	for len(l.counts) >= l.maxKeys {
		var oldest string
		var t time.Time
		for k, w := range l.counts {
			if oldest == "" || w.start.Before(t) {
				oldest, t = k, w.start
			}
		}
		delete(l.counts, oldest)
	}
}

// clientAddr is the connection's remote address. Proxy headers are not trusted: tizim
// does not know which proxies stand in front of it.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
