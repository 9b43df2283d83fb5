package cli

import (
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// hostilePasswords are passwords as CI secret generators make them (every URL
// metacharacter), random bytes, and words of the messages around a password, which a
// substring mask would have mangled.
func hostilePasswords(r *rand.Rand, n int) []string {
	out := []string{"p/a#s%s:w?o&r=d", "a@b:c/d?e#f%g h", `q'u"o\te;--`, "%41%3A%2F", "${NOT_A_VAR}"}
	const alphabet = "abcXYZ019/#?@:%&=+!$'\"\\;,._-~ ()[]{}<>|^`*"
	for range n {
		var b strings.Builder
		for range 12 + r.IntN(20) {
			if r.IntN(5) == 0 {
				b.WriteByte(byte(0x80 + r.IntN(0x7f))) // not even UTF-8
			} else {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
		}
		out = append(out, b.String())
	}
	return out
}

// wordsOfMessages are passwords that are words of the messages they would appear in.
var wordsOfMessages = []string{"a", "e", "connect", "password", "denied", "root", "mysql", "127.0.0.1", "3306", "xxxxx", "tcp"}

// mysqlURL is the test server's URL for user with the password escaped as a URL needs.
func mysqlURL(t *testing.T, user, password, database string) string {
	t.Helper()
	u, err := url.Parse(dbtest.MySQLAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(user, password)
	u.Path = "/" + database
	return u.String()
}

// assertNoPassword fails when the password shows in any of the outputs or files.
func assertNoPassword(t *testing.T, password string, outputs ...string) {
	t.Helper()
	forms := []string{password, url.QueryEscape(password), url.PathEscape(password), url.UserPassword("", password).String()[1:]}
	for _, out := range outputs {
		for _, f := range forms {
			if len(f) >= 4 && strings.Contains(out, f) {
				t.Fatalf("the password %q shows (as %q) in:\n%s", password, f, out)
			}
		}
	}
}

// TestPasswordsWorkAndNeverShow creates MariaDB users whose passwords hold every URL
// metacharacter (and random bytes), reads a database through each way of giving the
// password, and checks that every path that can print a target — the result, envs,
// --verbose logs, snapshots, diff headers, generated files — works and shows no password.
func TestPasswordsWorkAndNeverShow(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE app_prod (id int PRIMARY KEY, note varchar(20))")
	dir := t.TempDir()
	t.Chdir(dir)
	r := rand.New(rand.NewPCG(10, 10))
	for i, password := range hostilePasswords(r, 6) {
		user := dbtest.MySQLUser(t, password, db.Name)
		t.Setenv("DBI_TEST_PW", password)
		t.Setenv("DBI_TEST_USER", user)
		host := strings.TrimPrefix(strings.TrimSuffix(mysqlURL(t, "x", "", ""), "/"), "mysql://x:@")
		config := "environments:\n" +
			"  inurl: mysql://" + user + ":${DBI_TEST_PW}@" + host + "/" + db.Name + "\n" +
			"  creds: mysql://${DBI_TEST_USER}:${DBI_TEST_PW}@" + host + "/" + db.Name + "\n" +
			"  byenv: {url: 'mysql://" + user + "@" + host + "/" + db.Name + "', password_env: DBI_TEST_PW}\n" +
			"  byref: {url: 'mysql://" + user + "@" + host + "/" + db.Name + "', password: '${DBI_TEST_PW}'}\n"
		if err := os.WriteFile("dbinspect.yaml", []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		escaped := mysqlURL(t, user, password, db.Name)
		var outputs []string
		for _, target := range []string{"inurl", "creds", "byenv", "byref", escaped} {
			stdout, stderr, code := dbinspect(t, "tables", "--db", target, "--verbose")
			if code != 0 || !strings.Contains(stdout, "app_prod") {
				t.Fatalf("password %d via %s: exit %d, stdout %q, stderr %q", i, secretFree(target), code, stdout, stderr)
			}
			outputs = append(outputs, stdout, stderr)
		}
		envs, _, _ := dbinspect(t, "envs")
		snap := filepath.Join(dir, "snap.json")
		_, inspectErr, code := dbinspect(t, "inspect", "--db", escaped, "--format", "json", "-o", snap)
		if code != 0 {
			t.Fatalf("inspect: %s", inspectErr)
		}
		script := filepath.Join(dir, "migrate.sql")
		_, diffErr, _ := dbinspect(t, "diff", escaped, "byenv", "--format", "sql", "-o", script, "--verbose")
		diffText, _, _ := dbinspect(t, "diff", escaped, "snap.json", "--format", "json")
		exported := filepath.Join(dir, "models.sql")
		_, exportErr, _ := dbinspect(t, "export", "--db", "byref", "--format", "sql", "-o", exported)
		outputs = append(outputs, envs, inspectErr, diffErr, diffText, exportErr, readFile(t, snap), readFile(t, script), readFile(t, exported))
		assertNoPassword(t, password, outputs...)
		if !strings.Contains(envs, "(password from $DBI_TEST_PW)") || !strings.Contains(envs, ":${DBI_TEST_PW}@") {
			t.Errorf("envs says how each password is given:\n%s", envs)
		}
	}
}

// secretFree shows a target in a test failure without its password.
func secretFree(target string) string {
	if u, err := url.Parse(target); err == nil && u.User != nil {
		return u.Redacted()
	}
	return target
}

// TestConnectionErrorsNeverShowPasswords sends hostile passwords, and passwords that are
// words of the messages, through the errors each engine gives: wrong host, port, password,
// database, TLS demanded. The password must show nowhere, and the message must be the one
// a plain password gets: masking is by place, so no word of the message changes.
func TestConnectionErrorsNeverShowPasswords(t *testing.T) {
	t.Chdir(t.TempDir())
	pg, err := url.Parse(dbtest.PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	my, err := url.Parse(dbtest.MySQLAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	type fault struct {
		name string
		url  func(password string) string
	}
	withPassword := func(base url.URL, user, host, path, query string) func(string) string {
		return func(password string) string {
			u := base
			u.User = url.UserPassword(user, password)
			if host != "" {
				u.Host = host
			}
			u.Path, u.RawQuery = path, query
			return u.String()
		}
	}
	faults := []fault{
		{"mysql wrong password", withPassword(*my, "root", "", "/mysql", "")},
		{"mysql wrong database", withPassword(*my, "dbi_nobody", "", "/dbi_no_such_database", "")},
		{"mysql wrong port", withPassword(*my, "root", "127.0.0.1:1", "/mysql", "")},
		{"mysql TLS demanded", withPassword(*my, "root", "", "/mysql", "tls=true")},
		{"postgres wrong host", withPassword(*pg, "root", "dbi-no-such-host.invalid:5432", "/postgres", "")},
		{"postgres wrong port", withPassword(*pg, "root", "127.0.0.1:1", "/postgres", "sslmode=disable")},
		{"postgres wrong database", withPassword(*pg, "root", "", "/dbi_no_such_database", "sslmode=disable")},
		{"postgres TLS verified", withPassword(*pg, "root", "", "/postgres", "sslmode=verify-full")},
	}
	r := rand.New(rand.NewPCG(20, 20))
	hostile := hostilePasswords(r, 4)
	passwords := append(append([]string{}, hostile...), wordsOfMessages...)
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			_, baseline, code := dbinspect(t, "tables", "--db", f.url("plainpassword"), "--connect-timeout", "3s")
			if code != 2 {
				t.Fatalf("exit %d, want 2: %s", code, baseline)
			}
			baseline = normalizeAddrs(baseline)
			for _, password := range passwords {
				stdout, stderr, code := dbinspect(t, "tables", "--db", f.url(password), "--connect-timeout", "3s")
				if code != 2 || strings.Count(stderr, "\n") != 1 {
					t.Fatalf("password %q: exit %d, stderr %q (want one line, exit 2)", password, code, stderr)
				}
				if got := normalizeAddrs(stderr); got != baseline {
					t.Errorf("password %q changes the message:\n got %q\nwant %q", password, got, baseline)
				}
				if slices.Contains(hostile, password) {
					assertNoPassword(t, password, stdout, stderr)
				}
			}
		})
	}
}

// normalizeAddrs removes what differs between two connection attempts: local ports.
func normalizeAddrs(s string) string {
	return localPortRe.ReplaceAllString(s, "127.0.0.1:PORT->")
}

var localPortRe = regexp.MustCompile(`127\.0\.0\.1:\d+->`)
