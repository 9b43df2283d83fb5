package output

import (
	"io"

	"github.com/dbinspect/dbinspect/diff"
)

// DiffJSON renders a comparison for machines, in the contract of docs/diff.md:
// {from, to, changes, not_comparable, summary}.
type DiffJSON struct{}

// DiffDocument is the JSON shape of a comparison.
type DiffDocument struct {
	From    DiffSide      `json:"from"`
	To      DiffSide      `json:"to"`
	Changes []diff.Change `json:"changes"`
	// NotComparable lists engine-specific details not compared across engines.
	NotComparable []string `json:"not_comparable"`
	// Notes say what the comparison left out and why (diff.Result.Notes).
	Notes   []string     `json:"notes"`
	Summary diff.Summary `json:"summary"`
}

// Document builds the JSON shape of a report.
func (rep DiffReport) Document() DiffDocument {
	doc := DiffDocument{From: rep.From, To: rep.To, Changes: rep.Result.Changes,
		NotComparable: rep.Result.NotComparable, Notes: rep.Result.Notes, Summary: rep.Result.Summary()}
	if doc.Changes == nil {
		doc.Changes = []diff.Change{}
	}
	if doc.NotComparable == nil {
		doc.NotComparable = []string{}
	}
	if doc.Notes == nil {
		doc.Notes = []string{}
	}
	return doc
}

// Diff writes the comparison as one JSON document.
func (DiffJSON) Diff(w io.Writer, rep DiffReport) error { return encodeJSON(w, rep.Document()) }
