package fleet

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one part of a fleet split over several runs (a CI matrix): part Index of Count,
// counted from 1.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// ParseShard reads "I/N", e.g. "2/8".
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 1 || index > count {
		return Shard{}, fmt.Errorf("--shard %q: want I/N with 1 ≤ I ≤ N, e.g. 2/8 for the second of eight parts", s)
	}
	return Shard{Index: index, Count: count}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Whole reports whether the shard is the whole fleet (1/1, or no shard given).
func (s Shard) Whole() bool { return s.Count <= 1 }

// Take keeps every Count-th item of a list in a stable order, starting with the Index-th:
// the shards of one list are disjoint and together hold all of it, whatever its length.
func Take[T any](s Shard, items []T) []T {
	if s.Whole() {
		return items
	}
	var out []T
	for i := s.Index - 1; i < len(items); i += s.Count {
		out = append(out, items[i])
	}
	return out
}
