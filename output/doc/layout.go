package doc

import (
	"math"
	"slices"
)

// This file lays out diagrams: a small layered ("Sugiyama") layout written for ER diagrams,
// where every edge runs from a child table (the foreign key's holder) on the left to its
// parent on the right. go-graphviz lays out better in general, but its package init compiles
// a WebAssembly module in every process — every dbinspect command, not only doc, paid
// 30–70 ms and 16 MB for it — and d2 took 52 s for MusicBrainz's main schema; see the
// issue 21 note for the measurements.
//
// Steps: break cycles (depth-first, back edges reversed); rank by longest path from the
// children, then pull each pure child next to its nearest parent; put dummy nodes on long
// edges; order each layer by barycentre sweeps, keeping the order with the fewest crossings;
// place each layer vertically by isotonic regression (pool adjacent violators) towards the
// rows its edges attach to, so edges run as straight as the order allows; route each edge
// as horizontal-tangent cubic curves through its dummies.

// lnode is a box to place. ports are the y offsets (from the top) where edges attach: one
// per row; port -1 is the box's vertical middle.
type lnode struct {
	w, h  float64
	ports []float64
	x, y  float64 // result: top-left corner
	layer int     // input when fixed layers are given, else result
	dummy bool
}

// ledge runs from a child (from) to a parent (to). points is the result: the route from the
// child's side to the parent's side.
type ledge struct {
	from, to         int
	fromPort, toPort int
	points           []point
}

type point struct{ x, y float64 }

const (
	layerGap = 72.0
	nodeGap  = 18.0
	margin   = 12.0
)

func (n *lnode) port(i int) float64 {
	if i < 0 || i >= len(n.ports) {
		return n.h / 2
	}
	return n.ports[i]
}

// layout places nodes and routes edges; fixed says the nodes' layer fields are given (and
// the input order within a layer is kept as the start). It returns the drawing's size.
func layout(nodes []lnode, edges []ledge, fixed bool) (width, height float64) {
	n := len(nodes)
	if n == 0 {
		return 2 * margin, 2 * margin
	}
	if !fixed {
		// Rank by the edges' effective direction: reversed where an edge closes a cycle.
		rank(nodes, edges, breakCycles(n, edges))
	}
	isolated := make([]bool, n)
	if !fixed {
		for i := range isolated {
			isolated[i] = true
		}
		for _, e := range edges {
			if e.from != e.to {
				isolated[e.from], isolated[e.to] = false, false
			}
		}
	}
	// Chains through dummy nodes for edges that span several layers.
	chains := make([][]int, len(edges)) // node indices from left end to right end
	all := slices.Clone(nodes)
	for i, e := range edges {
		l, r := e.from, e.to
		if e.from == e.to || isolated[l] {
			continue
		}
		if all[l].layer > all[r].layer {
			l, r = r, l
		}
		chain := []int{l}
		for k := all[l].layer + 1; k < all[r].layer; k++ {
			all = append(all, lnode{h: 6, layer: k, dummy: true})
			chain = append(chain, len(all)-1)
		}
		chains[i] = append(chain, r)
	}
	maxLayer := 0
	for i := range all {
		if !isolated0(isolated, i) {
			maxLayer = max(maxLayer, all[i].layer)
		}
	}
	layers := make([][]int, maxLayer+1)
	for i := range all {
		if !isolated0(isolated, i) {
			layers[all[i].layer] = append(layers[all[i].layer], i)
		}
	}
	// Neighbours of each node in the layer to its left and to its right, with the ports
	// the connection uses on both ends (dummies have one port, -1).
	type nb struct {
		node          int
		ownPort, port int
	}
	left := make([][]nb, len(all))
	right := make([][]nb, len(all))
	for i, chain := range chains {
		if chain == nil {
			continue
		}
		e := edges[i]
		portOf := func(node int) int {
			switch node {
			case e.from:
				return e.fromPort
			case e.to:
				return e.toPort
			}
			return -1
		}
		for k := 0; k+1 < len(chain); k++ {
			a, c := chain[k], chain[k+1]
			right[a] = append(right[a], nb{c, portOf(a), portOf(c)})
			left[c] = append(left[c], nb{a, portOf(c), portOf(a)})
		}
	}
	order(layers, left, right, func(x nb) int { return x.node })
	// Vertical placement.
	for _, l := range layers {
		y := margin
		for _, i := range l {
			all[i].y = y
			y += all[i].h + nodeGap
		}
	}
	for iter := 0; iter < 8; iter++ {
		for k := range layers {
			k := k
			nbs := left
			if iter%2 == 1 {
				k = len(layers) - 1 - k
				nbs = right
			}
			desired := make([]float64, len(layers[k]))
			for j, i := range layers[k] {
				desired[j] = all[i].y
				var sum float64
				cnt := 0
				for _, x := range nbs[i] {
					sum += all[x.node].y + all[x.node].port(x.port) - all[i].port(x.ownPort)
					cnt++
				}
				// Also the other side, with less weight, so a node sits between both.
				other := right
				if iter%2 == 1 {
					other = left
				}
				for _, x := range other[i] {
					sum += 0.5 * (all[x.node].y + all[x.node].port(x.port) - all[i].port(x.ownPort))
				}
				wsum := float64(cnt) + 0.5*float64(len(other[i]))
				if wsum > 0 {
					desired[j] = sum / wsum
				}
			}
			place(all, layers[k], desired)
		}
	}
	// Horizontal placement: each layer as wide as its widest box.
	x := margin
	layerX := make([]float64, len(layers))
	layerW := make([]float64, len(layers))
	for k, l := range layers {
		for _, i := range l {
			layerW[k] = max(layerW[k], all[i].w)
		}
		layerX[k] = x
		for _, i := range l {
			all[i].x = x + (layerW[k]-all[i].w)/2
		}
		x += layerW[k] + layerGap
	}
	// Shift everything so the top is at the margin, then put isolated nodes in rows below.
	minY := math.Inf(1)
	for _, l := range layers {
		for _, i := range l {
			minY = min(minY, all[i].y)
		}
	}
	height = 0
	for _, l := range layers {
		for _, i := range l {
			all[i].y += margin - minY
			height = max(height, all[i].y+all[i].h)
		}
	}
	width = x - layerGap + margin
	if len(layers) == 0 || (len(layers) == 1 && len(layers[0]) == 0) {
		width, height = margin, 0
	}
	width, height = placeIsolated(all, isolated, width, height)
	// Routes.
	for i := range edges {
		e := &edges[i]
		if e.from == e.to {
			nd := &all[e.from]
			x0, y0, y1 := nd.x+nd.w, nd.y+nd.port(e.fromPort), nd.y+nd.port(e.toPort)
			e.points = []point{{x0, y0}, {x0 + 24, y0}, {x0 + 24, y1}, {x0, y1}}
			width = max(width, x0+24+margin)
			continue
		}
		chain := chains[i]
		if chain == nil { // an edge of an isolated node cannot happen; keep a straight line
			a, c := &all[e.from], &all[e.to]
			e.points = []point{{a.x + a.w, a.y + a.port(e.fromPort)}, {c.x, c.y + c.port(e.toPort)}}
			continue
		}
		var pts []point
		for k, node := range chain {
			nd := &all[node]
			port := -1
			if node == e.from {
				port = e.fromPort
			} else if node == e.to {
				port = e.toPort
			}
			y := nd.y + nd.port(port)
			switch {
			case k == 0:
				pts = append(pts, point{nd.x + nd.w, y})
			case k == len(chain)-1:
				pts = append(pts, point{nd.x, y})
			default:
				lk := nd.layer
				pts = append(pts, point{layerX[lk], y}, point{layerX[lk] + layerW[lk], y})
			}
		}
		if all[e.from].layer > all[e.to].layer {
			slices.Reverse(pts)
		}
		e.points = pts
	}
	copy(nodes, all[:n])
	return width, height + margin
}

func isolated0(isolated []bool, i int) bool { return i < len(isolated) && isolated[i] }

// placeIsolated puts nodes without edges in rows under the drawing.
func placeIsolated(all []lnode, isolated []bool, width, height float64) (float64, float64) {
	rowWidth := max(width, 900)
	x, y, rowH := margin, height+nodeGap+margin, 0.0
	if height == 0 {
		y = margin
	}
	any := false
	for i := range isolated {
		if !isolated[i] {
			continue
		}
		any = true
		nd := &all[i]
		if x > margin && x+nd.w > rowWidth {
			x, y, rowH = margin, y+rowH+nodeGap, 0
		}
		nd.x, nd.y = x, y
		x += nd.w + nodeGap
		rowH = max(rowH, nd.h)
		width = max(width, x-nodeGap+margin)
	}
	if any {
		height = y + rowH
	}
	return width, height
}

// breakCycles marks the edges that close a cycle (depth-first, in node order).
func breakCycles(n int, edges []ledge) []bool {
	rev := make([]bool, len(edges))
	out := make([][]int, n)
	for i, e := range edges {
		if e.from != e.to {
			out[e.from] = append(out[e.from], i)
		}
	}
	state := make([]int8, n) // 0 new, 1 on the stack, 2 done
	var visit func(u int)
	visit = func(u int) {
		state[u] = 1
		for _, ei := range out[u] {
			v := edges[ei].to
			switch state[v] {
			case 0:
				visit(v)
			case 1:
				rev[ei] = true
			}
		}
		state[u] = 2
	}
	for u := 0; u < n; u++ {
		if state[u] == 0 {
			visit(u)
		}
	}
	return rev
}

// rank assigns layers: children left of their parents, by longest path from the nodes that
// nothing references; then a node that references others but is referenced by none moves
// right to sit next to its nearest parent, which keeps lookup-table edges short.
func rank(nodes []lnode, edges []ledge, rev []bool) {
	n := len(nodes)
	succ := make([][]int, n)
	pred := make([][]int, n)
	indeg := make([]int, n)
	for i, e := range edges {
		if e.from == e.to {
			continue
		}
		a, c := e.from, e.to
		if rev[i] {
			a, c = c, a
		}
		succ[a] = append(succ[a], c)
		pred[c] = append(pred[c], a)
		indeg[c]++
	}
	for i := range nodes {
		nodes[i].layer = 0
	}
	var queue []int
	for i := 0; i < n; i++ {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range succ[u] {
			nodes[v].layer = max(nodes[v].layer, nodes[u].layer+1)
			if indeg[v]--; indeg[v] == 0 {
				queue = append(queue, v)
			}
		}
	}
	for u := 0; u < n; u++ {
		if len(pred[u]) == 0 && len(succ[u]) > 0 {
			nearest := math.MaxInt
			for _, v := range succ[u] {
				nearest = min(nearest, nodes[v].layer)
			}
			nodes[u].layer = nearest - 1
		}
	}
}

// order sorts each layer by barycentre sweeps and keeps the order with the fewest crossings.
func order[T any](layers [][]int, left, right [][]T, node func(T) int) {
	pos := map[int]float64{}
	setPos := func() {
		for _, l := range layers {
			for j, i := range l {
				pos[i] = float64(j)
			}
		}
	}
	setPos()
	crossings := func() int {
		total := 0
		for k := 0; k+1 < len(layers); k++ {
			type pair struct{ a, b float64 }
			var ps []pair
			for _, i := range layers[k] {
				for _, x := range right[i] {
					ps = append(ps, pair{pos[i], pos[node(x)]})
				}
			}
			for a := range ps {
				for c := a + 1; c < len(ps); c++ {
					if (ps[a].a-ps[c].a)*(ps[a].b-ps[c].b) < 0 {
						total++
					}
				}
			}
		}
		return total
	}
	best := crossings()
	bestLayers := cloneLayers(layers)
	sweep := func(k int, nbs [][]T) {
		bary := map[int]float64{}
		for _, i := range layers[k] {
			if len(nbs[i]) == 0 {
				bary[i] = pos[i]
				continue
			}
			var s float64
			for _, x := range nbs[i] {
				s += pos[node(x)]
			}
			bary[i] = s / float64(len(nbs[i]))
		}
		slices.SortStableFunc(layers[k], func(a, b int) int {
			switch {
			case bary[a] < bary[b]:
				return -1
			case bary[a] > bary[b]:
				return 1
			}
			return 0
		})
		for j, i := range layers[k] {
			pos[i] = float64(j)
		}
	}
	for iter := 0; iter < 12 && best > 0; iter++ {
		if iter%2 == 0 {
			for k := 1; k < len(layers); k++ {
				sweep(k, left)
			}
		} else {
			for k := len(layers) - 2; k >= 0; k-- {
				sweep(k, right)
			}
		}
		if c := crossings(); c < best {
			best, bestLayers = c, cloneLayers(layers)
		}
	}
	for k := range layers {
		layers[k] = bestLayers[k]
	}
}

func cloneLayers(layers [][]int) [][]int {
	out := make([][]int, len(layers))
	for k := range layers {
		out[k] = slices.Clone(layers[k])
	}
	return out
}

// place sets the y of a layer's nodes as close as possible (least squares) to desired while
// keeping their order and the gap between them: isotonic regression by pool adjacent violators.
func place(all []lnode, layer []int, desired []float64) {
	type block struct {
		sum   float64
		count int
		start int
	}
	offset := make([]float64, len(layer))
	var o float64
	for j, i := range layer {
		offset[j] = o
		o += all[i].h + nodeGap
	}
	var blocks []block
	for j := range layer {
		blocks = append(blocks, block{sum: desired[j] - offset[j], count: 1, start: j})
		for len(blocks) > 1 {
			a, c := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= c.sum/float64(c.count) {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{sum: a.sum + c.sum, count: a.count + c.count, start: a.start})
		}
	}
	for _, bl := range blocks {
		z := bl.sum / float64(bl.count)
		for j := bl.start; j < bl.start+bl.count; j++ {
			all[layer[j]].y = z + offset[j]
		}
	}
}
