package doc

import (
	"bytes"
	"embed"
	"html/template"
	"path"
	"strings"
)

//go:embed assets
var assets embed.FS

var pageTemplate = template.Must(template.ParseFS(assets, "assets/page.html"))

// htmlPage is a page ready for the template: links relative to the page, SQL highlighted,
// diagrams drawn.
type htmlPage struct {
	Title, SiteTitle, Kind, Comment, Root string
	Crumbs                                []link
	Facts                                 []fact
	Blocks                                []htmlBlock
}

type htmlBlock struct {
	ID, Title, Note string
	SVG             template.HTML
	SVGFile         string
	SQL             template.HTML
	Grid            *grid
	Search          bool
}

func htmlFile(p string) string { return p + ".html" }

// writeHTML renders every page and adds the stylesheet and script.
func writeHTML(site *Site, pages []*page, opts Options) error {
	for _, name := range []string{"doc.css", "doc.js"} {
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		site.Files["assets/"+name] = data
	}
	var buf bytes.Buffer
	for _, p := range pages {
		file := htmlFile(p.Path)
		hp := htmlPage{Title: p.Title, Kind: p.Kind, Comment: p.Comment, Root: strings.Repeat("../", strings.Count(file, "/"))}
		if p.Path != "index" {
			hp.SiteTitle = opts.Title
		}
		rel := func(target string) string {
			if target == "" {
				return ""
			}
			f, frag, _ := strings.Cut(target, "#")
			if f != "" {
				f = htmlFile(f)
			}
			if frag != "" {
				f += "#" + frag
			}
			return relLink(file, f)
		}
		for _, c := range p.Crumbs {
			hp.Crumbs = append(hp.Crumbs, link{Text: c.Text, Href: rel(c.Href)})
		}
		for _, f := range p.Facts {
			f.Value.Href = rel(f.Value.Href)
			hp.Facts = append(hp.Facts, f)
		}
		for _, bl := range p.Blocks {
			hb := htmlBlock{ID: bl.ID, Title: bl.Title, Note: bl.Note, Search: bl.Search}
			if bl.Diagram != nil && len(bl.Diagram.nodes) > 0 {
				svg := bl.Diagram.svg(p.Path)
				hb.SVG = template.HTML(svg) // drawn by svg(), every text XML-escaped
				if bl.Diagram.File != "" {
					site.Files[bl.Diagram.File+".svg"] = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + svg + "\n")
					hb.SVGFile = path.Base(bl.Diagram.File) + ".svg"
				}
			}
			if bl.SQL != "" {
				hb.SQL = template.HTML(highlight(bl.SQL)) // every token escaped by highlight
			}
			if bl.Grid != nil {
				g := &grid{Header: bl.Grid.Header, Rows: make([]row, len(bl.Grid.Rows))}
				for i, r := range bl.Grid.Rows {
					cells := make([]cell, len(r.Cells))
					for j, c := range r.Cells {
						c.Href = rel(c.Href)
						cells[j] = c
					}
					g.Rows[i] = row{ID: r.ID, Search: r.Search, Cells: cells}
				}
				hb.Grid = g
			}
			hp.Blocks = append(hp.Blocks, hb)
		}
		buf.Reset()
		if err := pageTemplate.Execute(&buf, hp); err != nil {
			return err
		}
		site.Files[file] = bytes.Clone(buf.Bytes())
	}
	return nil
}
