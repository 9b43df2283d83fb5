package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// BenchmarkLintMusicBrainz times `dbinspect lint` on MusicBrainz (516 tables, 897 foreign
// keys) as a user runs it, from a snapshot and from the live database, beside `inspect` of
// the same target: the difference is what linting adds on top of reading the schema.
//
//	go test ./internal/cli -run '^$' -bench LintMusicBrainz -benchtime 20x
func BenchmarkLintMusicBrainz(b *testing.B) {
	pg := dbtest.Fresh(b, schema.Postgres)
	pg.LoadFile(b, dbtest.Corpus(b, "musicbrainz", "postgres"))
	dir := b.TempDir()
	snapshot := filepath.Join(dir, "musicbrainz.json")
	run := func(want int, args ...string) {
		var stderr bytes.Buffer
		if code := Run(context.Background(), append([]string{"dbinspect"}, args...), &bytes.Buffer{}, &stderr); code != want {
			b.Fatalf("dbinspect %v: exit %d: %s", args, code, stderr.String())
		}
	}
	run(0, "inspect", "--db", pg.URL, "--format", "json", "-o", snapshot)
	for _, c := range []struct{ name, target string }{{"snapshot", snapshot}, {"live", pg.URL}} {
		b.Run("inspect-"+c.name, func(b *testing.B) {
			for b.Loop() {
				run(0, "inspect", "--db", c.target, "--format", "json", "-o", filepath.Join(dir, "again.json"))
			}
		})
		b.Run("lint-"+c.name, func(b *testing.B) {
			for b.Loop() {
				run(1, "lint", "--db", c.target) // MusicBrainz has tables without a primary key: exit 1
			}
		})
		b.Run("lint-sarif-"+c.name, func(b *testing.B) {
			for b.Loop() {
				run(1, "lint", "--db", c.target, "--format", "sarif", "-o", filepath.Join(dir, "lint.sarif"))
			}
		})
	}
}
