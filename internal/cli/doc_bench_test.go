package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// BenchmarkDocMusicBrainz times `dbinspect doc` on MusicBrainz (516 tables) as a user runs
// it — from a snapshot, and from the live PostgreSQL database — into a fresh folder each
// time, with `inspect --format json` of the same database beside it as the baseline (the
// reading that doc adds its pages to). It reports the site's size. The targets:
// under 5 s, under 20 MB.
//
//	go test -run '^$' -bench DocMusicBrainz -benchtime 3x ./internal/cli/
func BenchmarkDocMusicBrainz(b *testing.B) {
	pg := dbtest.Fresh(b, schema.Postgres)
	pg.LoadFile(b, dbtest.Corpus(b, "musicbrainz", "postgres"))
	dir := b.TempDir()
	snapshot := filepath.Join(dir, "musicbrainz.json")
	run := func(args ...string) {
		var stderr bytes.Buffer
		if code := Run(context.Background(), append([]string{"dbinspect"}, args...), &bytes.Buffer{}, &stderr); code != 0 {
			b.Fatalf("dbinspect %v: exit %d: %s", args, code, stderr.String())
		}
	}
	run("inspect", "--db", pg.URL, "--format", "json", "-o", snapshot)
	for _, c := range []struct{ name, target string }{{"snapshot", snapshot}, {"live", pg.URL}} {
		b.Run("inspect-"+c.name, func(b *testing.B) {
			for b.Loop() {
				run("inspect", "--db", c.target, "--format", "json", "-o", filepath.Join(dir, "again.json"))
			}
		})
		for _, format := range []string{"html", "markdown"} {
			b.Run("doc-"+format+"-"+c.name, func(b *testing.B) {
				site := filepath.Join(dir, "site")
				for b.Loop() {
					b.StopTimer()
					os.RemoveAll(site)
					b.StartTimer()
					run("doc", "--db", c.target, "--format", format, "-o", site)
				}
				b.ReportMetric(float64(dirSize(b, site))/1e6, "MB")
			})
		}
	}
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
