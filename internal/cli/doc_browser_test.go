package cli

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// chromium finds Debian's chromium (DBINSPECT_CHROMIUM overrides); without one the test is
// skipped, and under CI it fails, like the database tests.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("DBINSPECT_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	msg := "chromium is not installed (apt-get install chromium, or set DBINSPECT_CHROMIUM)"
	if dbtest.InCI() {
		t.Fatalf("CI=true and %s", msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless chromium with a fresh profile and no network use of its own.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// eval runs a JavaScript expression in the page and fails the test on error.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitFor waits until the page's path ends with suffix and the new page has its main part.
func waitFor(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.HasSuffix(strings.SplitN(loc, "#", 2)[0], suffix) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser did not reach %s (at %s, %v)", suffix, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	do(t, ctx, "wait for "+suffix, chromedp.WaitReady(chromedp.CSS("footer")))
}

// artifacts is where the screenshots go: DBINSPECT_ARTIFACTS when set (kept), else the
// test's temporary folder.
func artifacts(t *testing.T) string {
	if dir := os.Getenv("DBINSPECT_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG (below it, JPEG)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(png) < 1000 {
		t.Fatalf("screenshot of %d bytes", len(png))
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestDocInBrowser opens the site of a corpus schema (pagila, on PostgreSQL) in chromium as
// a reader would: filter the index by typing, open a table, check its diagram is drawn,
// follow a foreign key, click a table in the diagram. Then a site of hostile names: no page
// may run or grow an element from a name.
func TestDocInBrowser(t *testing.T) {
	ctx := browser(t)
	pg := dbtest.Fresh(t, schema.Postgres)
	pg.LoadFile(t, dbtest.Corpus(t, "pagila", "postgres"))
	site := filepath.Join(t.TempDir(), "site")
	if _, stderr, code := dbinspect(t, "doc", "--db", pg.URL, "-o", site, "--title", "pagila"); code != 0 {
		t.Fatalf("doc: exit %d: %s", code, stderr)
	}
	shots := artifacts(t)

	do(t, ctx, "open the index", chromedp.Navigate(fileURL(filepath.Join(site, "index.html"))))
	waitFor(t, ctx, "/index.html")
	const visibleRows = `document.querySelectorAll("#tables tbody tr:not([hidden])").length`
	all := eval[int](t, ctx, visibleRows)
	if all < 20 {
		t.Fatalf("the index lists %d tables and views, want pagila's (20+)", all)
	}
	do(t, ctx, "type in the filter box", chromedp.SendKeys(chromedp.CSS("#tables input.search"), "film_"))
	shown := eval[int](t, ctx, visibleRows)
	if shown == 0 || shown >= all {
		t.Fatalf("after typing film_: %d of %d rows shown, want a few", shown, all)
	}
	if bad := eval[int](t, ctx, `[...document.querySelectorAll("#tables tbody tr:not([hidden])")].filter(r => !r.dataset.search.includes("film_")).length`); bad != 0 {
		t.Errorf("%d shown rows do not match film_", bad)
	}
	if count := eval[string](t, ctx, `document.querySelector("#tables .count").textContent`); !strings.HasPrefix(count, "") || !strings.Contains(count, " of ") {
		t.Errorf("count says %q", count)
	}
	screenshot(t, ctx, filepath.Join(shots, "index.png"))

	do(t, ctx, "click film_actor", chromedp.Click(chromedp.CSS(`#tables a[href="public/tables/film_actor.html"]`)))
	waitFor(t, ctx, "/public/tables/film_actor.html")
	box := eval[[]float64](t, ctx, `(() => { const b = document.querySelector("#diagram svg").getBBox(); return [b.width, b.height]; })()`)
	if len(box) != 2 || box[0] < 100 || box[1] < 50 {
		t.Errorf("the diagram's bounding box is %v, want a drawing", box)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#diagram svg a").length`); n < 3 {
		t.Errorf("the diagram has %d linked tables, want film_actor, actor and film", n)
	}
	screenshot(t, ctx, filepath.Join(shots, "table.png"))

	do(t, ctx, "follow the foreign key to film", chromedp.Click(chromedp.CSS(`#foreign-keys a[href="film.html"]`)))
	waitFor(t, ctx, "/public/tables/film.html")
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); !strings.Contains(h1, "public.film") {
		t.Errorf("the film page's title is %q", h1)
	}
	do(t, ctx, "click language in the diagram", chromedp.Click(chromedp.CSS(`#diagram svg a[href="language.html"] rect`)))
	waitFor(t, ctx, "/public/tables/language.html")

	t.Run("hostile names", func(t *testing.T) { hostileInBrowser(t, ctx) })
}

func hostileInBrowser(t *testing.T, ctx context.Context) {
	db := dbtest.SQLiteFile(t)
	db.LoadScript(t, `
CREATE TABLE "<script>window.__injected=1</script>" (id INTEGER PRIMARY KEY, "<img src=x onerror=""window.__injected=2"">" TEXT DEFAULT '</code><script>window.__injected=3</script>');
CREATE TABLE "O'Brien ""q"" Ünïcödé 表" (id INTEGER PRIMARY KEY, p INTEGER REFERENCES "<script>window.__injected=1</script>"(id));
CREATE VIEW "<b>v</b>" AS SELECT '<script>window.__injected=4</script>' AS "</pre><img src=x onerror=window.__injected=5>";
`)
	cfg := filepath.Join(t.TempDir(), "dbinspect.yaml")
	if err := os.WriteFile(cfg, []byte("doc:\n  comments:\n    \"O'Brien \\\"q\\\" Ünïcödé 表\": \"<img src=x onerror=window.__injected=6>\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(t.TempDir(), "site")
	if _, stderr, code := dbinspect(t, "doc", "--db", db.URL, "--config", cfg, "-o", site); code != 0 || stderr != "" && !strings.Contains(stderr, "files") {
		t.Fatalf("doc: exit %d: %s", code, stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(site, "*", "*", "*.html"))
	pages = append(pages, filepath.Join(site, "index.html"), filepath.Join(site, "main", "index.html"))
	if len(pages) != 5 {
		t.Fatalf("%d pages, want the index, the schema, two tables and a view: %v", len(pages), pages)
	}
	commented := false
	for _, p := range pages {
		do(t, ctx, "open "+p, chromedp.Navigate(fileURL(p)))
		rel, _ := filepath.Rel(site, p)
		waitFor(t, ctx, filepath.ToSlash(rel))
		got := eval[string](t, ctx, `[typeof window.__injected, document.scripts.length, document.querySelectorAll("img, b, script:not([src])").length].join(",")`)
		if got != "undefined,1,0" {
			t.Errorf("%s: injected, scripts, extra elements = %s; want undefined,1,0", rel, got)
		}
		if eval[bool](t, ctx, `document.body.textContent.includes("<img src=x onerror=window.__injected=6>")`) {
			commented = true
		}
	}
	if !commented {
		t.Error("the comment from doc.comments is not shown as text on any page")
	}
}
