package output

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// Grids that fit: columns empty in every row are left out (a comment column nobody filled),
// and when a width is given, long cells wrap so the grid's lines fit in it, the widest
// columns giving way first. Headers are never cut.

// withoutEmptyColumns drops the columns whose cells are all empty. The first column (the
// name) always stays; a section with no rows keeps its header.
func (s section) withoutEmptyColumns() section {
	if len(s.Rows) == 0 {
		return s
	}
	keep := make([]bool, len(s.Header))
	keep[0] = true
	for _, row := range s.Rows {
		for i, cell := range row {
			if i < len(keep) && cell != "" {
				keep[i] = true
			}
		}
	}
	out := section{Title: s.Title}
	pick := func(cells []string) []string {
		var kept []string
		for i, c := range cells {
			if i < len(keep) && keep[i] {
				kept = append(kept, c)
			}
		}
		return kept
	}
	out.Header = pick(s.Header)
	for _, row := range s.Rows {
		out.Rows = append(out.Rows, pick(row))
	}
	return out
}

// gridOverhead is what tablewriter's box adds to a row besides the cells: a border before
// each column, one after the last, and a space of padding on each side of every cell.
func gridOverhead(columns int) int { return 3*columns + 1 }

// fitWidth wraps the cells of s so that a grid of it is at most width columns wide. Each
// column keeps at least the width of its header's longest word and of six characters (or its
// own width, if less); the widest columns are narrowed first. Only a width too small for
// that wraps headers inside their words, down to three characters a column.
func (s section) fitWidth(width int) section {
	if width <= 0 || len(s.Header) == 0 {
		return s
	}
	n := len(s.Header)
	widths := make([]int, n)
	floors := make([]int, n)
	for i, h := range s.Header {
		widths[i] = runewidth.StringWidth(h)
		// A column gives way down to its header's longest word (the header wraps at its
		// spaces) or a few characters of its values, whichever is more.
		for _, word := range strings.Fields(h) {
			floors[i] = max(floors[i], runewidth.StringWidth(word))
		}
		floors[i] = max(floors[i], 6)
	}
	words := make([]int, n) // the longest word of each column: wrapping inside one is a last resort
	for _, row := range s.Rows {
		for i := 0; i < n && i < len(row); i++ {
			for _, line := range strings.Split(row[i], "\n") {
				widths[i] = max(widths[i], runewidth.StringWidth(line))
				for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' }) {
					words[i] = max(words[i], runewidth.StringWidth(w)+1)
				}
			}
		}
	}
	for i := range floors {
		floors[i] = min(floors[i], widths[i])
		words[i] = min(max(words[i], floors[i]), widths[i])
	}
	avail := width - gridOverhead(n)
	total := 0
	for _, w := range widths {
		total += w
	}
	if total <= avail {
		return s
	}
	// Narrow the other columns before the ones that name the row (the first; schema and name
	// in a listing): first down to their longest word, so text wraps between words; then
	// inside words, down to the floors; then, when even that is too wide, headers wrap too.
	naming := 1
	if s.Header[0] == "schema" {
		naming = 2
	}
	last := make([]int, n)
	for i := range last {
		last[i] = min(3, widths[i])
	}
	for _, step := range []struct {
		limit []int
		all   bool
	}{{words, false}, {words, true}, {floors, false}, {floors, true}, {last, true}} {
		for total > avail {
			widest := -1
			for i := range widths {
				if (step.all || i >= naming) && widths[i] > step.limit[i] && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
			total--
		}
	}
	out := section{Title: s.Title}
	for i, h := range s.Header {
		out.Header = append(out.Header, wrapCell(h, widths[i]))
	}
	for _, row := range s.Rows {
		wrapped := make([]string, len(row))
		for i, cell := range row {
			if i < n {
				cell = wrapCell(cell, widths[i])
			}
			wrapped[i] = cell
		}
		out.Rows = append(out.Rows, wrapped)
	}
	return out
}

// wrapCell breaks text into lines of at most width display columns, at spaces and after
// commas where it can, inside a word where it must.
func wrapCell(text string, width int) string {
	if width <= 0 {
		return text
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapLine(para, width)...)
	}
	return strings.Join(lines, "\n")
}

func wrapLine(s string, width int) []string {
	var lines []string
	for runewidth.StringWidth(s) > width {
		cut := breakAt(s, width)
		lines = append(lines, strings.TrimRight(s[:cut], " "))
		s = strings.TrimLeft(s[cut:], " ")
	}
	return append(lines, s)
}

// breakAt returns the byte offset to break s at so the first part fits in width: after the
// last space or comma that fits, or at the last rune that fits.
func breakAt(s string, width int) int {
	w, lastRune, lastSoft := 0, 0, -1
	for i, r := range s {
		rw := runewidth.RuneWidth(r)
		if w+rw > width {
			break
		}
		w += rw
		lastRune = i + len(string(r))
		if r == ' ' || r == ',' {
			lastSoft = lastRune
		}
	}
	if lastSoft > 0 {
		return lastSoft
	}
	if lastRune == 0 {
		_, size := firstRune(s)
		return size
	}
	return lastRune
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}
