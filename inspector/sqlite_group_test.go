package inspector

import (
	"slices"
	"testing"
)

// TestGrouperRuns: owners' rows come back as one run each, whatever the run sizes against
// the block sizes (a run longer than a block, runs across the doubling blocks, one row), and
// appending to a run later never writes over the next owner's rows.
func TestGrouperRuns(t *testing.T) {
	for _, sizes := range [][]int{{1}, {63, 2, 64, 65}, {grouperBlock + 1, 3}, {5000, 1, 9000}, {100, 100, 100, 100, 100, 100}} {
		got := map[int][]int{}
		g := newGrouper(func(owner int, run []int) { got[owner] = run })
		for owner, n := range sizes {
			for i := range n {
				g.add(owner, owner*100000+i)
			}
		}
		g.flush()
		for owner, n := range sizes {
			run := got[owner]
			if len(run) != n {
				t.Fatalf("sizes %v: owner %d has %d rows, want %d", sizes, owner, len(run), n)
			}
			for i, v := range run {
				if v != owner*100000+i {
					t.Fatalf("sizes %v: owner %d row %d is %d", sizes, owner, i, v)
				}
			}
		}
		for owner := range sizes {
			before := slices.Clone(got[owner+1])
			_ = append(got[owner], -1)
			if !slices.Equal(before, got[owner+1]) {
				t.Fatalf("sizes %v: appending to owner %d's run changed owner %d's", sizes, owner, owner+1)
			}
		}
	}
}
