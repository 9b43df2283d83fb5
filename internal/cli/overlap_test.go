package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestRunsOverlap: Runs that overlap (the parallel tests here, a program embedding Run) do
// not race on what urfave/cli writes while it parses flags — shared flag values — so under
// -race this test fails without flagParsing.
func TestRunsOverlap(t *testing.T) {
	t.Parallel()
	sample, err := filepath.Abs("../../testdata/sample.db")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{"dbinspect", "tables", "--db", sample, "-v"}
			if i%2 == 1 {
				args = []string{"dbinspect", "describe", "orders", "--db", sample, "--lock-timeout", "2s"}
			}
			var out, errs bytes.Buffer
			if code := Run(context.Background(), args, &out, &errs); code != 0 || !strings.Contains(out.String(), "orders") {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args[1:], code, out.String(), errs.String())
			}
		}()
	}
	wg.Wait()
}
