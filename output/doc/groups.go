package doc

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/dbinspect/dbinspect/schema"
)

// group is a part of a big schema's diagram: tables that reference each other more than
// they reference the rest, named after the table most linked within it.
type group struct {
	title  string
	tables []int // indices into the schema's tables, in name order
}

// groupTables splits a schema too big for one readable diagram into groups by community
// detection (Louvain modularity, gonum's implementation, with a fixed seed so the same schema
// always splits the same way); a group still over maxGroup tables is split again. Tables
// without any foreign key to or from another table of the schema come last, in a group of
// their own with the title "". Only the tables in drawn take part.
func groupTables(sc *schema.Schema, drawn []ref) []group {
	idx := map[string]int{}
	in := map[string]bool{}
	for _, r := range drawn {
		in[r.name] = true
	}
	for i, t := range sc.Tables {
		if in[t.Name] {
			idx[t.Name] = i
		}
	}
	weight := map[[2]int]float64{}
	for i, t := range sc.Tables {
		if !in[t.Name] {
			continue
		}
		for _, fk := range t.ForeignKeys {
			j, ok := idx[fk.RefTable]
			if !ok || fk.RefSchema != sc.Name || j == i {
				continue
			}
			weight[[2]int{min(i, j), max(i, j)}]++
		}
	}
	degree := make([]float64, len(sc.Tables))
	for k, w := range weight {
		degree[k[0]] += w
		degree[k[1]] += w
	}
	var connected, alone []int
	for i, t := range sc.Tables {
		if !in[t.Name] {
			continue
		}
		if degree[i] > 0 {
			connected = append(connected, i)
		} else {
			alone = append(alone, i)
		}
	}
	var groups []group
	var split func(members []int, depth int)
	split = func(members []int, depth int) {
		parts := modularize(members, weight)
		if len(parts) == 1 || depth > 3 {
			for _, p := range parts {
				groups = append(groups, group{tables: p})
			}
			return
		}
		for _, p := range parts {
			if len(p) > maxGroup {
				split(p, depth+1)
			} else {
				groups = append(groups, group{tables: p})
			}
		}
	}
	if len(connected) > 0 {
		split(connected, 0)
	}
	for g := range groups {
		slices.Sort(groups[g].tables)
		best := groups[g].tables[0]
		in := map[int]bool{}
		for _, t := range groups[g].tables {
			in[t] = true
		}
		inner := map[int]float64{}
		for k, w := range weight {
			if in[k[0]] && in[k[1]] {
				inner[k[0]] += w
				inner[k[1]] += w
			}
		}
		for _, t := range groups[g].tables {
			if inner[t] > inner[best] {
				best = t
			}
		}
		groups[g].title = sc.Tables[best].Name
	}
	slices.SortFunc(groups, func(a, c group) int { return cmp.Compare(a.title, c.title) })
	if len(alone) > 0 {
		groups = append(groups, group{tables: alone})
	}
	return groups
}

// modularize returns the communities of the members' subgraph, each in table order.
func modularize(members []int, weight map[[2]int]float64) [][]int {
	in := map[int]int64{}
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for k, m := range members {
		in[m] = int64(k)
		g.AddNode(simple.Node(k))
	}
	keys := make([][2]int, 0, len(weight))
	for k := range weight {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, c [2]int) int { return cmp.Or(cmp.Compare(a[0], c[0]), cmp.Compare(a[1], c[1])) })
	for _, k := range keys {
		a, okA := in[k[0]]
		c, okC := in[k[1]]
		if okA && okC {
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a), T: simple.Node(c), W: weight[k]})
		}
	}
	reduced := community.Modularize(g, 1, rand.NewPCG(21, 21))
	var out [][]int
	for _, comm := range reduced.Communities() {
		var p []int
		for _, n := range comm {
			p = append(p, members[n.ID()])
		}
		slices.Sort(p)
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, c []int) int { return cmp.Compare(a[0], c[0]) })
	return out
}
