package cli

import (
	"strings"
	"testing"
)

func TestExportUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"export", "--format", "xml", "--db", "x.db"}, `unknown export format "xml"`},
		{[]string{"export", "--format", "sqlalchemy", "--sqlalchemy", "3", "--db", "x.db"}, "--sqlalchemy 3"},
		{[]string{"export", "--format", "gorm", "--package", "not-a-name", "--db", "x.db"}, "not a Go package name"},
		{[]string{"export", "--format", "gorm", "--go-nulls", "maybe", "--db", "x.db"}, "--go-nulls"},
		{[]string{"export", "extra"}, "export takes no arguments"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, code := dbinspect(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q (stdout %q); want 2 and %q", code, stderr, stdout, c.want)
			}
		})
	}
}
