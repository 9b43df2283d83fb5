package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

// PostgresRoles creates roles on the test PostgreSQL server, one per suffix, named
// "dbi_XXXXXXXX_" + suffix with XXXXXXXX random (a suffix may hold any character: quotes,
// spaces, '=' and '/' test the quoting of role names). Roles belong to the whole server, so
// the random part keeps tests that run at once apart. Create them before the test's
// databases: they are dropped when the test ends, after its databases, which may hold
// privileges granted to them.
func PostgresRoles(t testing.TB, suffixes ...string) []string {
	t.Helper()
	server, err := sql.Open("postgres", PostgresAdminURL())
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.PingContext(ctx); err != nil {
		server.Close()
		unavailable(t, "PostgreSQL is unreachable at %s (%v)", redact(PostgresAdminURL()), err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	prefix := "dbi_" + hex.EncodeToString(b[:]) + "_"
	var names []string
	t.Cleanup(func() {
		defer server.Close()
		for _, n := range names {
			if _, err := server.Exec("DROP ROLE IF EXISTS " + quoteIdent(n)); err != nil {
				t.Errorf("dbtest: drop role %s: %v", n, err)
			}
		}
	})
	for _, s := range suffixes {
		name := prefix + s
		if _, err := server.Exec("CREATE ROLE " + quoteIdent(name)); err != nil {
			t.Fatalf("dbtest: create role %s: %v", name, err)
		}
		names = append(names, name)
	}
	return names
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
