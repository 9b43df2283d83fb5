package dbtest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Plain `go test ./...` shows nothing of a package that passes, skips included: a user's
// clone without the servers or ../shared would report "ok" everywhere while most integration
// tests never ran. Main makes that visible in one line on the terminal.
//
// How: every test that skips for want of a server, the corpus or a client tool is counted
// here; at the end of each package's run Main adds the package's counts to a ledger shared by
// the test binaries of one `go test` run (they are all children of the same go command); the
// binary that finds itself the last one running prints the total to the terminal (/dev/tty:
// the go command swallows a passing package's stdout and stderr). Where /proc cannot tell
// which binary is last (not Linux), each package prints its own line. With no terminal (CI, an
// editor) nothing is printed, and -v shows every skip with its reason anyway.
//
// A run that skipped is also kept out of go test's cache: the servers are no input go test
// can see, so a cached "ok" would go on hiding the skips (and the summary) after they have
// come up. The go command caches no result of a test that read a file of the module modified
// less than two seconds before the result is saved; a test that skips reads back
// .dbinspect-test-skipped (ignored by git) at the module root, dated a day ahead so that it
// always counts as just modified.

var skipped struct {
	sync.Mutex
	reasons map[string]int
}

// countSkip records one skipped test under a short reason ("no PostgreSQL server"). It runs
// inside the test, while the go command still logs the files tests read.
func countSkip(reason string) {
	skipped.Lock()
	defer skipped.Unlock()
	if skipped.reasons == nil {
		skipped.reasons = map[string]int{}
		keepOutOfTestCache()
	}
	skipped.reasons[reason]++
}

// Main runs a package's tests, then reports the tests that skipped for want of a server or
// the corpus. A package whose tests use dbtest calls it from its TestMain:
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	reportSkips()
	os.Exit(code)
}

func reportSkips() {
	skipped.Lock()
	reasons := skipped.reasons
	skipped.Unlock()
	if len(reasons) == 0 || InCI() {
		return
	}
	removeOldLedgers()
	ledger := filepath.Join(os.TempDir(), fmt.Sprintf("%s%d", ledgerPrefix, os.Getppid()))
	total, all, last := record(ledger, reasons)
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer tty.Close()
	switch {
	case last:
		fmt.Fprintln(tty, summaryLine(total, all))
	case !procReadable():
		n := 0
		for _, c := range reasons {
			n += c
		}
		fmt.Fprintln(tty, summaryLine(n, reasons))
	}
}

const ledgerPrefix = "dbinspect-test-skips-"

// keepOutOfTestCache writes and reads back a file of the module, which the go command takes
// as an input too new to cache the result by.
func keepOutOfTestCache() {
	root, err := repoRoot()
	if err != nil {
		return
	}
	marker := filepath.Join(root, ".dbinspect-test-skipped")
	if os.WriteFile(marker, []byte("tests skipped for want of a server or the corpus; see drivers/dbtest/skips.go\n"), 0o644) != nil {
		return
	}
	ahead := time.Now().Add(24 * time.Hour)
	if os.Chtimes(marker, ahead, ahead) == nil {
		_, _ = os.ReadFile(marker)
	}
}

// removeOldLedgers removes the ledgers of runs that ended a day ago or more. (A run's own
// ledger stays: read back by each binary that skipped, it keeps their results out of the
// test cache.)
func removeOldLedgers() {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), ledgerPrefix+"*"))
	for _, p := range old {
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > 24*time.Hour {
			os.Remove(p)
		}
	}
}

// summaryLine is "dbinspect tests: 57 skipped (no PostgreSQL server: 31, no shared corpus:
// 26); README.md says how to run them (go test -v ./... lists each)".
func summaryLine(total int, reasons map[string]int) string {
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, reasons[k])
	}
	return fmt.Sprintf("dbinspect tests: %d skipped (%s); README.md says how to run them (go test -v ./... lists each)",
		total, strings.Join(parts, ", "))
}

// record adds this package's counts to the ledger under a lock and reads the ledger back: the
// totals so far, and whether no other test binary of this go test run is still running.
func record(ledger string, reasons map[string]int) (total int, all map[string]int, last bool) {
	f, err := os.OpenFile(ledger, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, nil, false
	}
	defer f.Close()
	if err := lock(f); err != nil {
		return 0, nil, false
	}
	defer unlock(f)
	var b strings.Builder
	fmt.Fprintf(&b, "pid %d\n", os.Getpid())
	for k, n := range reasons {
		fmt.Fprintf(&b, "%d\t%s\n", n, k)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		return 0, nil, false
	}
	if _, err := f.Seek(0, 0); err != nil {
		return 0, nil, false
	}
	all = map[string]int{}
	done := map[int]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if pid, ok := strings.CutPrefix(line, "pid "); ok {
			n, _ := strconv.Atoi(pid)
			done[n] = true
			continue
		}
		count, reason, ok := strings.Cut(line, "\t")
		if n, err := strconv.Atoi(count); ok && err == nil {
			all[reason] += n
			total += n
		}
	}
	return total, all, procReadable() && !siblingsRunning(done)
}

func procReadable() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// siblingsRunning reports whether the go command that started this test binary still runs
// another child (a test binary, a compiler, vet) that has not recorded itself as done.
func siblingsRunning(done map[int]bool) bool {
	parent := os.Getppid()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() || done[pid] {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The fields after the command name (which may hold spaces) are: state, ppid, …
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == strconv.Itoa(parent) && fields[0] != "Z" {
			return true
		}
	}
	return false
}
