package sqlscript

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// folder writes files (name → content) into a fresh folder.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// order returns the base names of the migrations, in order.
func order(f *Folder) []string {
	var names []string
	for _, m := range f.Migrations {
		names = append(names, filepath.Base(m.File))
	}
	return names
}

func TestReadFolderOrders(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		format Format
		want   string
	}{
		{"golang-migrate sorts by number, ignores down files", map[string]string{
			"10_c.up.sql": "c", "10_c.down.sql": "no", "2_b.up.sql": "b", "1_a.up.sql": "a", "1_a.down.sql": "no", "README.md": "x", "notes.sql": "n",
		}, GolangMigrate, "1_a.up.sql 2_b.up.sql 10_c.up.sql"},
		{"flyway versions by number, repeatables last by description", map[string]string{
			"V1__init.sql": "a", "V1.1__x.sql": "b", "V1_2__y.sql": "c", "V10__z.sql": "e", "V2__w.sql": "d",
			"R__b_views.sql": "r2", "R__a_funcs.sql": "r1", "U2__undo.sql": "no",
		}, Flyway, "V1__init.sql V1.1__x.sql V1_2__y.sql V2__w.sql V10__z.sql R__a_funcs.sql R__b_views.sql"},
		{"flyway reads subfolders", map[string]string{"base/V1__a.sql": "a", "later/V2__b.sql": "b"}, Flyway, "V1__a.sql V2__b.sql"},
		{"goose by version", map[string]string{
			"20240102000000_b.sql": "-- +goose Up\nb;\n-- +goose Down\nno;\n", "20240101000000_a.sql": "-- +goose Up\na;\n",
		}, Goose, "20240101000000_a.sql 20240102000000_b.sql"},
		{"dbmate by version", map[string]string{
			"20240102000000_b.sql": "-- migrate:up\nb;\n\n-- migrate:down\nno;\n", "20240101000000_a.sql": "-- migrate:up\na;\n",
		}, Dbmate, "20240101000000_a.sql 20240102000000_b.sql"},
		{"plain by name", map[string]string{"b.sql": "b", "a.sql": "a", "10.sql": "c"}, Plain, "10.sql a.sql b.sql"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := ReadFolder(folder(t, c.files), "")
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != c.format {
				t.Errorf("format = %s, want %s", f.Format, c.format)
			}
			names := order(f)
			if got := strings.Join(names, " "); got != c.want {
				t.Errorf("order = %s\nwant    %s", got, c.want)
			}
			for _, m := range f.Migrations {
				for _, s := range m.Scripts {
					if strings.Contains(s.Text, "no") {
						t.Errorf("%s: a down or undo part is applied: %q", m.File, s.Text)
					}
				}
			}
		})
	}
}

func TestGooseSections(t *testing.T) {
	dir := folder(t, map[string]string{"00001_a.sql": `-- a comment before
-- +goose Up
CREATE TABLE a (id int);
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$
BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
-- +goose StatementEnd
ALTER TABLE a ADD b int;

-- +goose Down
DROP TABLE a;
`})
	f, err := ReadFolder(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s := f.Migrations[0].Scripts
	if len(s) != 3 || s[0].Whole || !s[1].Whole || s[2].Whole || s[0].Line != 3 || s[1].Line != 5 || s[2].Line != 8 {
		t.Fatalf("scripts = %+v", s)
	}
	if !strings.HasPrefix(s[1].Text, "CREATE FUNCTION") || strings.Contains(s[2].Text, "DROP") {
		t.Errorf("sections: %q / %q", s[1].Text, s[2].Text)
	}
}

func TestDbmateSections(t *testing.T) {
	dir := folder(t, map[string]string{"20240101_a.sql": "-- migrate:up transaction:false\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n"})
	f, err := ReadFolder(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s := f.Migrations[0].Scripts
	if len(s) != 1 || s[0].Line != 2 || strings.TrimSpace(s[0].Text) != "CREATE TABLE a (id int);" {
		t.Errorf("scripts = %+v", s)
	}
}

func TestReadFolderRejects(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		format Format
		want   string
	}{
		{"empty", map[string]string{"README.md": "x"}, "", "holds no .sql files"},
		{"alembic", map[string]string{"alembic.ini": "", "versions/1_a.py": ""}, "", "alembic upgrade head --sql > expected.sql"},
		{"duplicate golang-migrate version", map[string]string{"1_a.up.sql": "", "01_b.up.sql": ""}, "", "have the same version 1"},
		{"duplicate flyway version", map[string]string{"V1__a.sql": "", "V1.0__b.sql": ""}, "", "have the same version 1"},
		{"goose without Up", map[string]string{"1_a.sql": "-- +goose Down\nx;"}, Goose, "has no -- +goose Up section"},
		{"goose StatementBegin unclosed", map[string]string{"1_a.sql": "-- +goose Up\n-- +goose StatementBegin\nx;\n"}, Goose, "has no StatementEnd"},
		{"goose envsub", map[string]string{"1_a.sql": "-- +goose Up\n-- +goose ENVSUB ON\nx;\n"}, Goose, "ENVSUB"},
		{"dbmate without up", map[string]string{"1_a.sql": "x;"}, Dbmate, "has no -- migrate:up section"},
		{"mixed goose and dbmate", map[string]string{"1_a.sql": "-- +goose Up\n", "2_b.sql": "-- migrate:up\n"}, "", "--migrations-format"},
		{"mixed golang-migrate and flyway", map[string]string{"1_a.up.sql": "", "V2__b.sql": ""}, "", "--migrations-format"},
		{"unknown format", map[string]string{"a.sql": ""}, "liquibase", "unknown format"},
		{"nothing to apply", map[string]string{"1_a.down.sql": ""}, GolangMigrate, "holds no golang-migrate migrations"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadFolder(folder(t, c.files), c.format)
			if err == nil || !errors.Is(err, ErrFolder) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to say %q", err, c.want)
			}
		})
	}
}
