package doc

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func generate(t *testing.T, db *schema.Database, f Format) *Site {
	t.Helper()
	site, err := Generate(db, Options{Format: f, Title: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// TestGolden compares the whole site of the fixture, in both formats, with testdata/golden.
func TestGolden(t *testing.T) {
	for _, f := range []Format{HTML, Markdown} {
		t.Run(string(f), func(t *testing.T) {
			site := generate(t, fixture(), f)
			dir := filepath.Join("testdata", "golden", string(f))
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for _, p := range site.Paths() {
					target := filepath.Join(dir, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(target, site.Files[p], 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var onDisk []string
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					onDisk = append(onDisk, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatalf("%v (run go test ./output/doc -update)", err)
			}
			slices.Sort(onDisk)
			if got := site.Paths(); !slices.Equal(got, onDisk) {
				t.Fatalf("files = %v\nwant (golden) %v", got, onDisk)
			}
			for _, p := range site.Paths() {
				want, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
				if !bytes.Equal(site.Files[p], want) {
					t.Errorf("%s differs from its golden file (go test ./output/doc -update, then read the diff)", p)
				}
			}
		})
	}
}

// TestByteIdentical: the same schema gives the same bytes, however its model was ordered
// and whatever the map iteration order of this run; a big schema (grouped diagrams) too.
func TestByteIdentical(t *testing.T) {
	for name, make := range map[string]func() *schema.Database{
		"fixture": fixture, "synthetic": func() *schema.Database { return synthetic(180, 7) },
	} {
		for _, f := range []Format{HTML, Markdown} {
			first := generate(t, make(), f)
			for i := 0; i < 3; i++ {
				db := make()
				slices.Reverse(db.Schemas)
				for s := range db.Schemas {
					slices.Reverse(db.Schemas[s].Tables)
				}
				again := generate(t, db, f)
				if !slices.Equal(first.Paths(), again.Paths()) {
					t.Fatalf("%s %s: file lists differ between runs", name, f)
				}
				for _, p := range first.Paths() {
					if !bytes.Equal(first.Files[p], again.Files[p]) {
						t.Fatalf("%s %s: %s differs between runs", name, f, p)
					}
				}
			}
		}
	}
}

// TestBigSchemaIsGrouped: a schema over maxGroup tables gets an overview and group pages,
// every table in exactly one group, no group over maxGroup.
func TestBigSchemaIsGrouped(t *testing.T) {
	db := synthetic(180, 7)
	var all []ref
	for _, tb := range db.Schemas[0].Tables {
		all = append(all, ref{"big", tb.Name})
	}
	groups := groupTables(&db.Schemas[0], all)
	seen := map[int]int{}
	for _, g := range groups {
		if len(g.tables) > maxGroup {
			t.Errorf("group %q has %d tables (max %d)", g.title, len(g.tables), maxGroup)
		}
		for _, i := range g.tables {
			seen[i]++
		}
	}
	if len(groups) < 3 {
		t.Errorf("%d groups for 180 tables in clusters of ten", len(groups))
	}
	for i := range db.Schemas[0].Tables {
		if seen[i] != 1 {
			t.Errorf("table %s is in %d groups", db.Schemas[0].Tables[i].Name, seen[i])
		}
	}
	site := generate(t, db, HTML)
	groupPages := 0
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "big/diagrams/") && strings.HasSuffix(p, ".html") {
			groupPages++
		}
	}
	if groupPages != len(groups) {
		t.Errorf("%d group pages for %d groups", groupPages, len(groups))
	}
}

// hostile has names that try to break out of HTML, SVG, Markdown and file paths.
func hostile() *schema.Database {
	names := []string{`<script>window.__injected=1</script>`, `"><img src=x onerror="window.__injected=2">`,
		`O'Brien "quoted"`, "Ünïcödé 表", "../../etc/passwd", "CON", "Users", "users", "a/b\\c", "new\nline", "`tick`|pipe"}
	var tables []schema.Table
	for i, n := range names {
		t := schema.Table{Name: n, Comment: schema.Ptr("</p><script>window.__injected=3</script>"),
			Columns:    []schema.Column{{Name: "id", Type: "integer"}, {Name: `<img src=x onerror="window.__injected=4">`, Type: `"evil<type>"`, Nullable: true, Default: schema.Ptr("'</code><script>x</script>'")}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}
		if i > 0 {
			t.ForeignKeys = []schema.ForeignKey{{Name: "fk<" + n, Columns: []string{`<img src=x onerror="window.__injected=4">`}, RefSchema: "main", RefTable: names[0], RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}}
		}
		tables = append(tables, t)
	}
	db := &schema.Database{Dialect: schema.SQLite, ServerVersion: "3", Schemas: []schema.Schema{{Name: "main", Tables: tables,
		Views: []schema.View{{Name: "<b>v</b>", Definition: "SELECT '<script>alert(1)</script>' AS \"</code>\" /* */ -- x"}}}}}
	db.Normalize()
	return db
}

// TestHostileNamesAreEscaped: no page, diagram or file name lets a name through as markup or
// out of the site folder. (The browser test checks the same in a real DOM.)
func TestHostileNamesAreEscaped(t *testing.T) {
	for _, f := range []Format{HTML, Markdown} {
		site := generate(t, hostile(), f)
		pages := map[string]bool{}
		for _, p := range site.Paths() {
			if !sitePath.MatchString(p) || !filepath.IsLocal(filepath.FromSlash(p)) {
				t.Errorf("unsafe file name %q", p)
			}
			if pages[strings.ToLower(p)] {
				t.Errorf("%q collides with another file on a case-insensitive file system", p)
			}
			pages[strings.ToLower(p)] = true
			body := string(site.Files[p])
			if f == Markdown {
				body = outsideCode(t, p, body)
			}
			for _, bad := range []string{"<script>window", "<img", "<b>v", "</code><script>"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s %s holds %q unescaped", f, p, bad)
				}
			}
			if f == HTML && strings.HasSuffix(p, ".html") && strings.Count(body, "<script") != 1 {
				t.Errorf("%s has %d <script elements, want only doc.js", p, strings.Count(body, "<script"))
			}
			if strings.HasSuffix(p, ".svg") {
				checkSVG(t, p, site.Files[p])
			}
		}
		// One page per table: the 11 hostile names are 11 distinct files.
		n := 0
		for p := range pages {
			if strings.HasPrefix(p, "main/tables/") {
				n++
			}
		}
		if n != 11 {
			t.Errorf("%s: %d table pages for 11 tables", f, n)
		}
	}
}

var (
	mdFenced = regexp.MustCompile("(?s)\n(```+)[a-z]*\n.*?\n```+\n")
	mdSpan   = regexp.MustCompile("(`+)[^`]*?(`+)")
	mdAnchor = regexp.MustCompile(`<a id="[a-z0-9_-]+"></a>`)
)

// outsideCode is a Markdown file without its code fences, code spans and row anchors —
// what GitHub would render as markup, with backslash-escaped "<" (shown as text) dropped.
// Whatever remains must hold no "<" at all.
func outsideCode(t *testing.T, name, md string) string {
	t.Helper()
	rest := mdAnchor.ReplaceAllString(mdSpan.ReplaceAllString(mdFenced.ReplaceAllString(md, "\n"), ""), "")
	rest = strings.ReplaceAll(strings.ReplaceAll(rest, `\\`, ""), `\<`, "")
	if i := strings.IndexByte(rest, '<'); i >= 0 {
		t.Errorf("%s has markup outside code: %q", name, rest[max(0, i-20):min(len(rest), i+40)])
	}
	return rest
}

// checkSVG parses a standalone SVG as XML (it must be well-formed) and allows only the
// elements the diagrams draw.
func checkSVG(t *testing.T, name string, data []byte) {
	t.Helper()
	allowed := map[string]bool{"svg": true, "style": true, "g": true, "a": true, "title": true, "rect": true, "text": true, "path": true}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if !allowed[se.Name.Local] {
				t.Errorf("%s has a <%s> element", name, se.Name.Local)
			}
			for _, a := range se.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("%s has an %s attribute", name, a.Name.Local)
				}
			}
		}
	}
}

func TestWriteAndCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	site := generate(t, fixture(), HTML)
	res, err := site.Write(dir)
	if err != nil || res.Written != len(site.Files) {
		t.Fatalf("first write: %+v, %v", res, err)
	}
	if diffs, err := site.Check(dir); err != nil || len(diffs) != 0 {
		t.Fatalf("check right after write: %v, %v", diffs, err)
	}
	// A file of the user's in the folder is never touched.
	mine := filepath.Join(dir, "public", "NOTES.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The schema changes: a table goes, a comment changes.
	db := fixture()
	db.Schemas = db.Schemas[1:] // drop the audit schema and its table
	db.Schema("public").Table("customer").Comment = schema.Ptr("Buyers")
	next := generate(t, db, HTML)
	diffs, err := next.Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, d := range diffs {
		kinds[d.Path] = d.Kind
	}
	if kinds["audit/tables/log.html"] != "stale" || kinds["public/tables/customer.html"] != "changed" || kinds["index.html"] != "changed" {
		t.Errorf("check after the change: %v", diffs)
	}
	res, err = next.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed == 0 || res.Unchanged == 0 {
		t.Errorf("second write: %+v (want stale pages removed, unchanged ones left)", res)
	}
	if _, err := os.Stat(filepath.Join(dir, "audit")); !os.IsNotExist(err) {
		t.Errorf("the emptied audit folder is still there: %v", err)
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "mine" {
		t.Errorf("the user's file was touched: %q, %v", b, err)
	}
	if diffs, _ := next.Check(dir); len(diffs) != 0 {
		t.Errorf("check after the second write: %v", diffs)
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp") {
			t.Errorf("a temporary file is left behind: %s", p)
		}
		return err
	})
	// An edited manifest cannot make doc remove a file outside the site.
	outside := filepath.Join(filepath.Dir(dir), "keep.html")
	if err := os.WriteFile(outside, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(dir, ManifestName)
	data, _ := os.ReadFile(m)
	if err := os.WriteFile(m, append(data, "../keep.html\npublic/NOTES.txt\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := next.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{outside, mine} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s was removed through an edited manifest", f)
		}
	}
	// A folder of other files, without a manifest, is refused.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "index.html"), []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := next.Write(other); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("writing into a folder of other files: %v", err)
	}
}

func TestApplyComments(t *testing.T) {
	db := fixture()
	unmatched := ApplyComments(db, map[string]string{
		"orders": "Every order", "orders.placed": "When", "audit.log": "Audit trail", "public.customer.email": "Login",
		"big_customers.n": "How many", "nosuch": "x", "orders.nosuch": "y",
	})
	pub := db.Schema("public")
	checks := map[string]*string{
		"Every order": pub.Table("orders").Comment, "When": pub.Table("orders").Column("placed").Comment,
		"Audit trail": db.Schema("audit").Table("log").Comment, "Login": pub.Table("customer").Column("email").Comment,
		"How many": pub.View("big_customers").Columns[1].Comment,
	}
	for want, got := range checks {
		if got == nil || *got != want {
			t.Errorf("comment %q not applied (got %v)", want, got)
		}
	}
	if !slices.Equal(unmatched, []string{"nosuch", "orders.nosuch"}) {
		t.Errorf("unmatched = %v", unmatched)
	}
}

func TestHighlight(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 'a''b<' FROM t", `<span class="k">SELECT</span> <span class="s">&#39;a&#39;&#39;b&lt;&#39;</span> <span class="k">FROM</span> t`},
		{"x -- c <b>\ny", `x <span class="c">-- c &lt;b&gt;</span>` + "\ny"},
		{"$f$ BEGIN 'x' END $f$ AND", `<span class="s">$f$ BEGIN &#39;x&#39; END $f$</span> <span class="k">AND</span>`},
		{`"se""lect" 1.5e3 /* a /* b */ c */`, `<span class="i">&#34;se&#34;&#34;lect&#34;</span> <span class="n">1.5e3</span> <span class="c">/* a /* b */ c */</span>`},
		{"$1 + 'open", `$<span class="n">1</span> + <span class="s">&#39;open</span>`},
	} {
		if got := highlight(c.in); got != c.want {
			t.Errorf("highlight(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestSlugAndLinks(t *testing.T) {
	for in, want := range map[string]string{"users": "users", "Users": "users-" + shortHash("Users"), "con": "con-" + shortHash("con"),
		"a b": "a-b-" + shortHash("a b"), "..": "x-" + shortHash("..")} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range [][3]string{
		{"index.html", "public/tables/a.html", "public/tables/a.html"},
		{"public/tables/a.html", "public/tables/b.html#c-id", "b.html#c-id"},
		{"public/tables/a.html", "audit/index.html", "../../audit/index.html"},
		{"public/tables/a.html", "public/tables/a.html#x", "#x"},
		{"public/index.html", "index.html", "../index.html"},
	} {
		if got := relLink(c[0], c[1]); got != c[2] {
			t.Errorf("relLink(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestLayoutNoOverlap: boxes of a laid-out diagram never overlap and every route starts and
// ends on its boxes' sides.
func TestLayoutNoOverlap(t *testing.T) {
	db := synthetic(60, 3)
	b := newBuilder(db, Options{Format: HTML})
	sc := &db.Schemas[0]
	var members []ref
	for _, tb := range sc.Tables {
		members = append(members, ref{sc.Name, tb.Name})
	}
	d := b.setDiagram(sc, members, true)
	nodes := make([]lnode, len(d.nodes))
	for i := range d.nodes {
		nodes[i] = d.nodes[i].box()
	}
	edges := make([]ledge, len(d.edges))
	for i, e := range d.edges {
		edges[i] = ledge{from: e.from, to: e.to, fromPort: e.fromRow, toPort: e.toRow}
	}
	w, h := layout(nodes, edges, false)
	for i, a := range nodes {
		if a.x < 0 || a.y < 0 || a.x+a.w > w+0.1 || a.y+a.h > h+0.1 {
			t.Errorf("node %d outside the drawing", i)
		}
		for j := i + 1; j < len(nodes); j++ {
			c := nodes[j]
			if a.x < c.x+c.w && c.x < a.x+a.w && a.y < c.y+c.h && c.y < a.y+a.h {
				t.Errorf("nodes %d and %d overlap: %+v %+v", i, j, a, c)
			}
		}
	}
	for i, e := range edges {
		if len(e.points) < 2 {
			t.Errorf("edge %d has no route", i)
		}
	}
}
