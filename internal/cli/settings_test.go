package cli

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/diff"
)

func TestDiffOptionsMergeFileAndCommandLine(t *testing.T) {
	file := config.DiffSettings{
		Ignore: []string{"comments"}, Include: []string{"public.*"}, Exclude: []string{"*.schema_migrations"},
		SchemaMap: map[string]string{"a": "x", "b": "z"},
	}
	cases := []struct {
		name    string
		file    config.DiffSettings
		flags   diffFlags
		want    diff.Options
		wantErr string
	}{
		{name: "the command line's schema map wins for the same schema, the file's others stay",
			file: file, flags: diffFlags{SchemaMap: []string{"a=y"}, Ignore: []string{"Column_Order"}, Exclude: []string{"t.secret"}},
			want: diff.Options{Ignore: []diff.Category{diff.CatComments, diff.CatColumnOrder}, Include: []string{"public.*"},
				Exclude: []string{"*.schema_migrations", "t.secret"}, SchemaMap: map[string]string{"a": "y", "b": "z"}}},
		{name: "nothing anywhere", want: diff.Options{SchemaMap: map[string]string{}}},
		{name: "flags only", flags: diffFlags{ColumnOrder: true, Include: []string{"orders"}},
			want: diff.Options{ColumnOrder: true, Include: []string{"orders"}, SchemaMap: map[string]string{}}},
		{name: "a bad schema map", flags: diffFlags{SchemaMap: []string{"a"}}, wantErr: `--schema-map "a": want FROM=TO`},
		{name: "an empty side", flags: diffFlags{SchemaMap: []string{"a="}}, wantErr: "want FROM=TO"},
		{name: "column order both ways", file: config.DiffSettings{Ignore: []string{"column-order"}}, flags: diffFlags{ColumnOrder: true},
			wantErr: "contradict"},
		{name: "an unknown category from the file", file: config.DiffSettings{Ignore: []string{"colour"}}, wantErr: `unknown --ignore category "colour"`},
		{name: "a bad glob", flags: diffFlags{Exclude: []string{"["}}, wantErr: `bad pattern "["`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := maps.Clone(c.file.SchemaMap)
			got, err := diffOptions(c.file, c.flags)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Ignore, c.want.Ignore) || !slices.Equal(got.Include, c.want.Include) ||
				!slices.Equal(got.Exclude, c.want.Exclude) || !maps.Equal(got.SchemaMap, c.want.SchemaMap) || got.ColumnOrder != c.want.ColumnOrder {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
			if !maps.Equal(c.file.SchemaMap, before) {
				t.Errorf("the config's schema map was changed: %v", c.file.SchemaMap)
			}
		})
	}
}

func TestSchemasToInspect(t *testing.T) {
	env := config.Environment{URL: "postgres://h/app", Schemas: []string{"public", "billing"}}
	if got := schemasToInspect([]string{"audit"}, env); !slices.Equal(got, []string{"audit"}) {
		t.Errorf("--schema audit: %v, want the command line's", got)
	}
	if got := schemasToInspect(nil, env); !slices.Equal(got, env.Schemas) {
		t.Errorf("no --schema: %v, want the environment's", got)
	}
}
