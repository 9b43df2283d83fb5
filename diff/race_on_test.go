//go:build race

package diff

// raceEnabled: the race detector slows the comparison several times, so timing budgets are
// only checked without it.
const raceEnabled = true
