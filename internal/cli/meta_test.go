package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/dbinspect/dbinspect", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "3f2a9c1e4b5d6f708192a3b4c5d6e7f8091a2b3c"},
			{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := versionLine(bi)
	if want := "dbinspect v0.3.0 (commit 3f2a9c1e4b5d, 2026-11-30T10:00:00Z, modified) go1.26.8 "; !strings.HasPrefix(got, want) {
		t.Errorf("versionLine = %q, want it to start %q", got, want)
	}
	dev := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	if got := versionLine(dev); !strings.HasPrefix(got, "dbinspect devel go") {
		t.Errorf("versionLine(devel) = %q", got)
	}
}

func TestHelpAndVersionCommands(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"help", "diff"}, {"diff", "--help"}} {
		stdout, stderr, code := dbinspect(t, args...)
		if code != 0 || !strings.Contains(stdout, "USAGE") {
			t.Errorf("dbinspect %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if stdout, _, _ := dbinspect(t, "help", "diff"); !strings.Contains(stdout, "--exit-zero") || !strings.Contains(stdout, "|| rc=$?") {
		t.Errorf("diff help does not document --exit-zero and the || rc=$? pattern:\n%s", stdout)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		stdout, _, code := dbinspect(t, args...)
		if code != 0 || !strings.HasPrefix(stdout, "dbinspect ") || !strings.Contains(stdout, " go1.") {
			t.Errorf("dbinspect %v: exit %d, %q", args, code, stdout)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell", "BASH"} {
		stdout, stderr, code := dbinspect(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, "dbinspect") {
			t.Errorf("completion %s: exit %d, %q, %q", shell, code, stdout, stderr)
		}
	}
	expectError(t, []string{"completion", "tcsh"}, `completion "tcsh": want bash, zsh, fish or powershell`)
}

// buildBinary builds the real program once for the tests that need it as a process (shell
// completion calls it by name; the version needs the go command's VCS stamp).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dbinspect")
	args := []string{"build", "-buildvcs=auto", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, "../..")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBuiltBinary: the bash completion script loads in bash and completes commands, flags
// and table names by calling the binary; `version` names the commit it was built from.
func TestBuiltBinary(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := buildBinary(t)
	dir := copySample(t)
	script, err := exec.Command(bin, "completion", "bash").Output()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "completion.bash"), script, 0o644)
	complete := func(words ...string) string {
		t.Helper()
		prog := `source ./completion.bash || exit 9
complete -p dbinspect >/dev/null || exit 8
COMP_WORDS=(` + strings.Join(quoteAll(words), " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1))
_dbinspect_complete
printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	if got := complete("dbinspect", "ta"); got != "tables" {
		t.Errorf("completing 'dbinspect ta' = %q, want tables", got)
	}
	if got := complete("dbinspect", "diff", "--fail"); got != "--fail-on" {
		t.Errorf("completing 'dbinspect diff --fail' = %q, want --fail-on", got)
	}
	if got := complete("dbinspect", "describe", "--db", "sample.db", "or"); got != "order_items orders" {
		t.Errorf("completing 'dbinspect describe --db sample.db or' = %q, want order_items orders", got)
	}

	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "dbinspect ") {
		t.Errorf("version = %q", out)
	}
	// When the go command stamped the VCS revision in (a build from a git checkout; a git
	// worktree is not stamped), version names it.
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, rev, ok := strings.Cut(string(info), "vcs.revision="); ok {
		if want := "commit " + rev[:12]; !strings.Contains(string(out), want) {
			t.Errorf("version = %q, want it to name %q", out, want)
		}
	}
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return out
}
