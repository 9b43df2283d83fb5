package drivers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// ErrStalled marks a connection on which the server (or the network in between) went silent
// for longer than any answer can take.
var ErrStalled = errors.New("the connection stalled")

// cancelGrace is how long a connection stays open after the run was cancelled (Ctrl-C, the
// other side of a diff failing), so the server's own "canceling statement" answer can arrive
// in the normal case; after it the connection is cut whatever the server does.
const cancelGrace = time.Second

// watchDialer dials the connections of one database handle. Each gets TCP keepalive (a dead
// peer is noticed while idle) and a client-side deadline on every read and write: no single
// wait may exceed limit (the statement timeout plus a margin), since the server answers or
// fails every statement within the statement timeout. When ctx (the run) ends, connections
// are cut after cancelGrace, so nothing blocks a cancelled run.
type watchDialer struct {
	ctx   context.Context
	nd    net.Dialer
	limit time.Duration
}

func newWatchDialer(ctx context.Context, o Options) *watchDialer {
	return &watchDialer{
		ctx:   ctx,
		nd:    net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 15 * time.Second, Interval: 5 * time.Second, Count: 3}},
		limit: readLimit(o),
	}
}

// readLimit is the longest a client waits for the server on one read: the statement timeout
// (the server answers or fails every statement within it) and a margin for the answer to
// travel, a quarter of the timeout between half a second and five seconds.
func readLimit(o Options) time.Duration {
	return o.StatementTimeout + min(5*time.Second, max(500*time.Millisecond, o.StatementTimeout/4))
}

func (d *watchDialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

func (d *watchDialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.DialContext(ctx, network, address)
}

func (d *watchDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := d.nd.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	w := &watchedConn{Conn: c, limit: d.limit}
	if d.ctx.Err() != nil {
		// Dialed after the run ended: lib/pq's cancel request. It gets a short life of its own.
		w.limit = min(w.limit, 5*time.Second)
		return w, nil
	}
	w.stop = context.AfterFunc(d.ctx, func() {
		time.AfterFunc(cancelGrace, w.cut)
	})
	return w, nil
}

// watchedConn is a connection whose every read and write has a deadline.
type watchedConn struct {
	net.Conn
	limit time.Duration
	stop  func() bool

	mu      sync.Mutex
	outer   time.Time   // the deadline the driver itself set (lib/pq: the connect timeout)
	cutAt   bool        // the run was cancelled: every wait ends now
	stalled *stallError // the connection stalled once: it is dead, and nothing waits on it again
}

func (c *watchedConn) deadline() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cutAt {
		return time.Unix(1, 0)
	}
	d := time.Now().Add(c.limit)
	if !c.outer.IsZero() && c.outer.Before(d) {
		d = c.outer
	}
	return d
}

func (c *watchedConn) Read(p []byte) (int, error) {
	if err := c.dead(); err != nil {
		return 0, err
	}
	if err := c.Conn.SetReadDeadline(c.deadline()); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	return n, c.explain(err)
}

func (c *watchedConn) Write(p []byte) (int, error) {
	if err := c.dead(); err != nil {
		return 0, err
	}
	if err := c.Conn.SetWriteDeadline(c.deadline()); err != nil {
		return 0, err
	}
	n, err := c.Conn.Write(p)
	return n, c.explain(err)
}

// explain turns the deadline this connection set into ErrStalled, and a cut after the run
// was cancelled into context.Canceled; the driver's own deadline keeps its error.
func (c *watchedConn) explain(err error) error {
	if err == nil || !errors.Is(err, os.ErrDeadlineExceeded) {
		return err
	}
	c.mu.Lock()
	cut := c.cutAt
	ours := !cut && (c.outer.IsZero() || time.Until(c.outer) > 0)
	c.mu.Unlock()
	switch {
	case cut:
		return fmt.Errorf("%w: the connection was closed because the run was cancelled (%v)", context.Canceled, err)
	case ours:
		c.mu.Lock()
		c.stalled = &stallError{limit: c.limit, err: err}
		c.mu.Unlock()
		return c.stalled
	}
	return err
}

// dead returns the stall that killed the connection, if any: the driver's ROLLBACK on it
// must not wait the whole limit again.
func (c *watchedConn) dead() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stalled != nil {
		return c.stalled
	}
	return nil
}

func (c *watchedConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.outer = t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

func (c *watchedConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.outer = t
	c.mu.Unlock()
	return c.Conn.SetReadDeadline(t)
}

// cut ends every wait on the connection now.
func (c *watchedConn) cut() {
	c.mu.Lock()
	c.cutAt = true
	c.mu.Unlock()
	_ = c.Conn.SetDeadline(time.Unix(1, 0))
}

func (c *watchedConn) Close() error {
	if c.stop != nil {
		c.stop()
	}
	return c.Conn.Close()
}

// stallError is a read or write that waited longer than any answer can take.
type stallError struct {
	limit time.Duration
	err   error
}

func (e *stallError) Error() string {
	return fmt.Sprintf("%v: the server sent nothing for %s, longer than --statement-timeout allows (a stalled network, proxy or server)", ErrStalled, e.limit)
}

func (e *stallError) Unwrap() []error { return []error{ErrStalled, e.err} }
func (e *stallError) Timeout() bool   { return true }
func (e *stallError) Temporary() bool { return false }
