package sqlscript

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestNewMigrationNames(t *testing.T) {
	now := time.Date(2026, 12, 1, 15, 4, 5, 0, time.UTC)
	cases := []struct {
		name     string
		format   Format
		files    []string
		up, down string
	}{
		{"golang-migrate, empty folder", GolangMigrate, nil, "000001_add_nick.up.sql", "000001_add_nick.down.sql"},
		{"golang-migrate, padded numbers", GolangMigrate, []string{"000001_a.up.sql", "000001_a.down.sql", "000009_b.up.sql", "000009_b.down.sql"}, "000010_add_nick.up.sql", "000010_add_nick.down.sql"},
		{"golang-migrate, timestamps", GolangMigrate, []string{"20250101000000_a.up.sql"}, "20261201150405_add_nick.up.sql", "20261201150405_add_nick.down.sql"},
		{"golang-migrate, a timestamp from the future", GolangMigrate, []string{"29990101000000_a.up.sql"}, "29990101000001_add_nick.up.sql", "29990101000001_add_nick.down.sql"},
		{"goose, empty folder: a timestamp", Goose, nil, "20261201150405_add_nick.sql", ""},
		{"goose, sequential", Goose, []string{"00001_a.sql", "00002_b.sql", "README.md"}, "00003_add_nick.sql", ""},
		{"dbmate always by timestamp", Dbmate, []string{"1_a.sql"}, "20261201150405_add_nick.sql", ""},
		{"flyway, empty folder", Flyway, nil, "V1__add_nick.sql", "U1__add_nick.sql"},
		{"flyway, after V2.1 and an undo", Flyway, []string{"V1__a.sql", "V2_1__b.sql", "U2_1__b.sql", "R__views.sql"}, "V3__add_nick.sql", "U3__add_nick.sql"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			up, down, err := NewMigrationNames(dir, c.format, "Add nick!", now)
			if err != nil || up != c.up || down != c.down {
				t.Errorf("NewMigrationNames = %q, %q, %v; want %q, %q", up, down, err, c.up, c.down)
			}
		})
	}
	if up, _, err := NewMigrationNames(filepath.Join(t.TempDir(), "new"), GolangMigrate, "", now); err != nil || up != "000001_migration.up.sql" {
		t.Errorf("missing folder, no name: %q, %v", up, err)
	}
	if _, _, err := NewMigrationNames(t.TempDir(), Plain, "x", now); err == nil {
		t.Error("plain folders keep no pairs: no error")
	}
}
