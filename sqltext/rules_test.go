package sqltext

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

func TestFKAction(t *testing.T) {
	cases := []struct {
		d   schema.Dialect
		in  string
		out schema.FKAction
	}{
		{schema.Postgres, "", "NO ACTION"},
		{schema.Postgres, "restrict", "RESTRICT"},
		{schema.Postgres, "set  null", "SET NULL"},
		{schema.MySQL, "RESTRICT", "NO ACTION"},
		{schema.MySQL, " cascade ", "CASCADE"},
		{schema.SQLite, "RESTRICT", "RESTRICT"},
	}
	for _, c := range cases {
		if got := FKAction(c.d, c.in); got != c.out {
			t.Errorf("FKAction(%s, %q) = %q, want %q", c.d, c.in, got, c.out)
		}
	}
}

func TestCurrentTimestamp(t *testing.T) {
	cases := []struct {
		d         schema.Dialect
		in, prec  string
		recognise bool
	}{
		{schema.MySQL, "current_timestamp()", "", true},
		{schema.MySQL, "CURRENT_TIMESTAMP(3)", "3", true},
		{schema.MySQL, "now(6)", "6", true},
		{schema.MySQL, "LOCALTIMESTAMP", "", true},
		{schema.MySQL, "now", "", true},
		{schema.Postgres, "now()", "", true},
		{schema.Postgres, "CURRENT_TIMESTAMP", "", true},
		{schema.Postgres, "localtimestamp", "", false},
		{schema.Postgres, "now", "", false},
		{schema.SQLite, "CURRENT_TIMESTAMP", "", true},
		{schema.MySQL, "current_date", "", false},
		{schema.MySQL, "now() + interval 1 day", "", false},
	}
	for _, c := range cases {
		p, ok := CurrentTimestamp(c.d, c.in)
		if ok != c.recognise || p != c.prec {
			t.Errorf("CurrentTimestamp(%s, %q) = %q, %v; want %q, %v", c.d, c.in, p, ok, c.prec, c.recognise)
		}
	}
}

func TestIsCharsetIntroducer(t *testing.T) {
	for w, want := range map[string]bool{"_utf8mb4": true, "_latin1": true, "_BINARY": true, "_koi8r": true, "_foo": false, "utf8mb4": false, "_": false} {
		if got := IsCharsetIntroducer(w); got != want {
			t.Errorf("IsCharsetIntroducer(%q) = %v", w, got)
		}
	}
}
