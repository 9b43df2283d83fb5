package cli

import (
	"os"
	"strings"
	"testing"
)

// expectError runs dbinspect and wants exit 2 with one line on stderr holding every want.
func expectError(t *testing.T, args []string, wants ...string) {
	t.Helper()
	stdout, stderr, code := dbinspect(t, args...)
	if code != 2 {
		t.Errorf("dbinspect %v: exit %d, want 2 (stdout %q, stderr %q)", args, code, stdout, stderr)
	}
	if n := strings.Count(strings.TrimRight(stderr, "\n"), "\n"); n > 0 {
		t.Errorf("dbinspect %v: stderr has %d lines, want one: %q", args, n+1, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("dbinspect %v: stderr %q does not say %q", args, stderr, w)
		}
	}
}

func TestMistypedEnvironment(t *testing.T) {
	copySample(t)
	t.Setenv("DBINSPECT_DB", "")
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not a database URL or file`, "no environment is defined", "dbinspect.yaml (not found")
	os.WriteFile("dbinspect.yaml", []byte("environments:\n  dev: sample.db\n  prod: sample.db\n  staging: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not an environment in dbinspect.yaml (did you mean "prod"?); the environments are dev, prod, staging`)
	expectError(t, []string{"diff", "dev", "stagign"}, `did you mean "staging"?`)
	os.WriteFile("bad.yaml", []byte("enviroments:\n  dev: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--config", "bad.yaml"}, `bad.yaml: unknown key "enviroments" at the top level (did you mean "environments"?)`)
}
