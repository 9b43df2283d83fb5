package dbtest

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Proxy is a TCP proxy in front of a test server, for fault tests: it forwards both ways
// until the client sends a chosen string (a query), then stalls the connection (forwards
// nothing more, keeps both sockets open, as a dead network or a hung middlebox does) or cuts
// it (closes both sockets). Connections opened later are forwarded normally.
type Proxy struct {
	// Addr is the host:port clients connect to.
	Addr string

	t      testing.TB
	ln     net.Listener
	target string

	mu      sync.Mutex
	trigger string
	action  string // "stall" or "cut"
	conns   []net.Conn
	sent    bytes.Buffer // everything clients sent, for asserting what the driver asks for
	fired   chan struct{}
	onceHit sync.Once
}

// NewProxy listens on a free local port and forwards to target (host:port). It is closed
// when the test ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dbtest: proxy: %v", err)
	}
	p := &Proxy{Addr: ln.Addr().String(), t: t, ln: ln, target: target, fired: make(chan struct{})}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// StallOn makes the connection that sends s stall from then on.
func (p *Proxy) StallOn(s string) { p.set(s, "stall") }

// CutOn makes the connection that sends s close at once.
func (p *Proxy) CutOn(s string) { p.set(s, "cut") }

func (p *Proxy) set(s, action string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trigger, p.action = s, action
}

// Fired is closed once a connection met the trigger.
func (p *Proxy) Fired() <-chan struct{} { return p.fired }

// Sent returns everything clients have sent through the proxy.
func (p *Proxy) Sent() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent.String()
}

// URL returns u (a test server URL) pointed at the proxy instead.
func (p *Proxy) URL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		p.t.Fatalf("dbtest: proxy: %v", err)
	}
	parsed.Host = p.Addr
	return parsed.String()
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		pc := &proxiedConn{p: p, client: c, server: s, stalled: make(chan struct{})}
		go pc.clientToServer()
		go pc.serverToClient()
	}
}

func (p *Proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

type proxiedConn struct {
	p              *Proxy
	client, server net.Conn
	once           sync.Once
	stalled        chan struct{}
	window         []byte // the client's last bytes, so a trigger split across reads is seen
}

func (pc *proxiedConn) clientToServer() {
	buf := make([]byte, 32<<10)
	for {
		n, err := pc.client.Read(buf)
		if n > 0 {
			pc.p.mu.Lock()
			pc.p.sent.Write(buf[:n])
			trigger, action := pc.p.trigger, pc.p.action
			pc.p.mu.Unlock()
			pc.window = append(pc.window, buf[:n]...)
			if trigger != "" && strings.Contains(string(pc.window), trigger) {
				pc.p.onceHit.Do(func() { close(pc.p.fired) })
				if action == "cut" {
					pc.client.Close()
					pc.server.Close()
					return
				}
				pc.once.Do(func() { close(pc.stalled) })
				io.Copy(io.Discard, pc.client) // swallow what follows; forward nothing
				return
			}
			if len(pc.window) > 4096 {
				pc.window = pc.window[len(pc.window)-4096:]
			}
			if _, werr := pc.server.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			pc.server.Close()
			return
		}
	}
}

func (pc *proxiedConn) serverToClient() {
	buf := make([]byte, 32<<10)
	for {
		n, err := pc.server.Read(buf)
		select {
		case <-pc.stalled:
			io.Copy(io.Discard, pc.server)
			return
		default:
		}
		if n > 0 {
			if _, werr := pc.client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			pc.client.Close()
			return
		}
	}
}

// MySQLUser creates a MariaDB/MySQL user with the given password (any bytes the server
// accepts), allowed to read the databases given, and drops it when the test ends. It
// returns the user's name.
func MySQLUser(t testing.TB, password string, databases ...string) string {
	t.Helper()
	u, err := url.Parse(MySQLAdminURL())
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	server, err := sql.Open("mysql", mysqlDSN(u, ""))
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer server.Close()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "dbi_u_" + hex.EncodeToString(b[:])
	if _, err := server.Exec("CREATE USER '"+name+"'@'%' IDENTIFIED BY ?", password); err != nil {
		// Some servers take no placeholder in CREATE USER: quote the password instead.
		quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`).Replace(password)
		if _, err2 := server.Exec("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + quoted + "'"); err2 != nil {
			t.Fatalf("dbtest: create user: %v; %v", err, err2)
		}
	}
	t.Cleanup(func() {
		server, err := sql.Open("mysql", mysqlDSN(u, ""))
		if err != nil {
			return
		}
		defer server.Close()
		if _, err := server.Exec("DROP USER IF EXISTS '" + name + "'@'%'"); err != nil {
			t.Errorf("dbtest: drop user %s: %v", name, err)
		}
	})
	for _, db := range databases {
		if _, err := server.Exec("GRANT SELECT, SHOW VIEW ON `" + db + "`.* TO '" + name + "'@'%'"); err != nil {
			t.Fatalf("dbtest: grant: %v", err)
		}
	}
	return name
}
