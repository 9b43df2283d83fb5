// Package doc builds `dbinspect doc`: a static documentation site of a schema, in HTML (a
// page per table, view and function, pages of types and sequences, a searchable index, ER
// diagrams drawn as SVG at build time) or as GitHub-flavoured Markdown (the same pages as
// README.md and .md files with Mermaid diagrams), for teams that commit their schema's
// documentation and review its changes like code.
//
// It is a package of its own because a site is many files with links between them, a
// layout engine for the diagrams, templates and assets — a different job from the
// single-document renderings of package output. The same schema always gives byte-identical
// files (no dates, fixed orders, a seeded grouping), so a committed site diffs cleanly and
// Check can tell whether it is out of date. Write puts files in place atomically, one by one,
// and removes the pages an earlier run wrote that no longer exist, listed in a manifest file.
//
// doc imports schema, output (names made safe for display), output/export (the
// Mermaid diagrams) and gonum's graph community detection; it never talks to a database.
package doc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Format is the kind of site Generate writes.
type Format string

// The formats of the site.
const (
	HTML     Format = "html"
	Markdown Format = "markdown"
)

// Formats lists the format names ParseFormat accepts.
var Formats = []string{string(HTML), string(Markdown)}

// ParseFormat reads a format name ("md" is Markdown too).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "html", "":
		return HTML, nil
	case "markdown", "md":
		return Markdown, nil
	}
	return "", fmt.Errorf("unknown doc format %q (want %s)", s, strings.Join(Formats, " or "))
}

// Options shape a site.
type Options struct {
	Format Format
	// Title is the site's name, shown on every page (default "Database schema").
	Title string
}

// Site is a generated site: its files by slash-separated path relative to the site folder.
type Site struct {
	Files map[string][]byte
}

// Paths returns the site's file paths in order.
func (s *Site) Paths() []string {
	paths := make([]string, 0, len(s.Files))
	for p := range s.Files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// Size is the total size of the site's files in bytes.
func (s *Site) Size() int64 {
	var n int64
	for _, b := range s.Files {
		n += int64(len(b))
	}
	return n
}

// Generate builds the site of a model. The model is normalized first, so the files depend
// only on the schema.
func Generate(db *schema.Database, opts Options) (*Site, error) {
	if opts.Format == "" {
		opts.Format = HTML
	}
	if opts.Title == "" {
		opts.Title = "Database schema"
	}
	db.Normalize()
	b := newBuilder(db, opts)
	pages := b.pages()
	site := &Site{Files: map[string][]byte{}}
	var err error
	switch opts.Format {
	case HTML:
		err = writeHTML(site, pages, opts)
	case Markdown:
		err = writeMarkdown(site, pages)
	default:
		err = fmt.Errorf("unknown doc format %q", opts.Format)
	}
	if err != nil {
		return nil, err
	}
	return site, nil
}
