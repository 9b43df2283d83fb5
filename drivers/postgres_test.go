package drivers

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// PostgreSQL here trusts local connections, so no server can check a password: these tests
// check what lib/pq is given instead, for every way of giving one.
func TestPostgresPasswordReachesTheDriverWhole(t *testing.T) {
	const hostile = "p/a#s%s:w?o&r=d@x y'\\"
	o := DefaultOptions
	cases := []struct {
		name, target, given, want string
	}{
		{"userinfo", "postgres://app:" + url.PathEscape(hostile) + "@db.example/app", "", hostile},
		{"userinfo escaped as userinfo", "postgres://" + url.UserPassword("app", hostile).String() + "@db.example/app", "", hostile},
		{"query parameter", "postgres://app@db.example/app?password=" + url.QueryEscape(hostile), "", hostile},
		{"given beside the URL", "postgres://app@db.example/app", hostile, hostile},
		{"given beside wins over PGPASSWORD", "postgres://app@db.example/app", hostile, hostile},
	}
	t.Setenv("PGPASSWORD", "from-the-environment")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tgt, err := Resolve(c.target)
			if err != nil {
				t.Fatal(err)
			}
			if c.given != "" {
				tgt.Password = c.given
			}
			if strings.Contains(tgt.DSN, "p/a") || strings.Contains(tgt.DSN, url.QueryEscape(hostile)) || strings.Contains(tgt.String(), "p/a") {
				t.Errorf("DSN %q or display %q holds the password", tgt.DSN, tgt.String())
			}
			cfg, err := pgConfig(tgt, o)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Password != c.want || cfg.Host != "db.example" || cfg.Database != "app" || cfg.User != "app" {
				t.Errorf("lib/pq gets password %q host %q db %q user %q", cfg.Password, cfg.Host, cfg.Database, cfg.User)
			}
		})
	}
	t.Run("PGPASSWORD when none is given", func(t *testing.T) {
		tgt, _ := Resolve("postgres://app@db.example/app")
		cfg, _ := pgConfig(tgt, o)
		if cfg.Password != "from-the-environment" {
			t.Errorf("password %q, want PGPASSWORD's", cfg.Password)
		}
	})
}

// TestPostgresServiceFile: PGSERVICE names a section of the service file, and postgres://
// (nothing but the scheme) means "the libpq defaults", as for psql.
func TestPostgresServiceFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pg_service.conf")
	os.WriteFile(file, []byte("[billing]\nhost=db.internal\nport=6543\ndbname=billing\nuser=reporter\n"), 0o600)
	t.Setenv("PGSERVICEFILE", file)
	t.Setenv("PGSERVICE", "billing")
	t.Setenv("PGPASSWORD", "")
	for _, target := range []string{"postgres://", "postgresql://", "postgres:///?service=billing"} {
		tgt, err := Resolve(target)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		cfg, err := pgConfig(tgt, DefaultOptions)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if cfg.Host != "db.internal" || cfg.Port != 6543 || cfg.Database != "billing" || cfg.User != "reporter" {
			t.Errorf("%s: host %q port %d db %q user %q; want the service's", target, cfg.Host, cfg.Port, cfg.Database, cfg.User)
		}
		if _, ok := cfg.Runtime["postgres:?application_name"]; ok || len(cfg.Runtime) != 4 {
			t.Errorf("%s: runtime parameters %v", target, cfg.Runtime)
		}
	}
}

func TestPostgresSessionSettings(t *testing.T) {
	tgt, _ := Resolve("postgres://app@db/app?statement_timeout=1")
	cfg, err := pgConfig(tgt, Options{ConnectTimeout: 3 * time.Second, StatementTimeout: 20 * time.Second, LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"default_transaction_read_only":       "on",
		"statement_timeout":                   "20000",
		"lock_timeout":                        "2000",
		"idle_in_transaction_session_timeout": "25000",
	}
	for k, v := range want {
		if cfg.Runtime[k] != v {
			t.Errorf("%s = %q, want %q", k, cfg.Runtime[k], v)
		}
	}
	if cfg.ConnectTimeout != 3*time.Second || cfg.ApplicationName != "dbinspect" {
		t.Errorf("connect timeout %s, application %q", cfg.ConnectTimeout, cfg.ApplicationName)
	}
}
