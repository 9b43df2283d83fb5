package dbtest

import (
	"path/filepath"
	"testing"
)

func TestSkipLedgerAddsUp(t *testing.T) {
	ledger := filepath.Join(t.TempDir(), "ledger")
	record(ledger, map[string]int{"no PostgreSQL server": 3, "no ../shared corpus": 2})
	total, all, _ := record(ledger, map[string]int{"no PostgreSQL server": 4})
	if total != 9 || all["no PostgreSQL server"] != 7 || all["no ../shared corpus"] != 2 {
		t.Errorf("ledger totals %d %v, want 9 with 7 and 2", total, all)
	}
	want := "dbinspect tests: 9 skipped (no ../shared corpus: 2, no PostgreSQL server: 7); README.md says how to run them (go test -v ./... lists each)"
	if got := summaryLine(total, all); got != want {
		t.Errorf("summary = %q\nwant %q", got, want)
	}
}
