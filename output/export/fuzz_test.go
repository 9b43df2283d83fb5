package export

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dbinspect/dbinspect/schema"
)

var nameSeeds = []string{"id", "text", "metadata", "class", "__init__", "_sa_x", "TableName", "9lives", "we\"ird", "'''", `"""`, "a\\", "new\nline", "*/", "ünï", "sa", "Base", "a;b:c", "`"}

// oneTable is a model with one table whose table and column names are both name.
func oneTable(d schema.Dialect, name string) *schema.Database {
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{{Name: "main", Tables: []schema.Table{{
		Name:       name,
		Columns:    []schema.Column{{Name: name, Type: "INTEGER", Default: ptr("'" + strings.ReplaceAll(name, "'", "''") + "'")}, {Name: "other", Type: "TEXT", Nullable: true}},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{name}},
		Comment:    ptr(name),
	}}}}}
	db.Normalize()
	return db
}

// FuzzPyString: Go's ASCII quoting is read by Python the same way (the escapes used are
// common to both), so decoding with Go's rules must give the input back, and the literal
// can hold no raw line break or unescaped quote.
func FuzzPyString(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit := pyString(s)
		if strings.ContainsAny(lit, "\n\r") || strings.Contains(lit[1:len(lit)-1], `\\"`) && !strings.Contains(s, `\"`) {
			t.Fatalf("pyString(%q) = %s", s, lit)
		}
		back, err := strconv.Unquote(lit)
		if err != nil || (utf8.ValidString(s) && back != s) {
			t.Fatalf("pyString(%q) = %s reads back as %q (%v)", s, lit, back, err)
		}
		if id := identifier(s, "col", pyKeywords, pyReserved); !token.IsIdentifier(id) || pyKeywords[id] || pyReserved[id] || strings.HasPrefix(id, "_") {
			t.Fatalf("identifier(%q) = %q is not a safe Python attribute name", s, id)
		}
	})
}

// FuzzGORMNames exports a table named by the input: the Go must parse, and gorm's reading of
// the column tag must give the name back.
func FuzzGORMNames(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || name == "" || name == "other" || strings.Contains(name, "\x00") {
			t.Skip()
		}
		var b bytes.Buffer
		if err := (GORM{}).Export(&b, oneTable(schema.SQLite, name)); err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(token.NewFileSet(), "models.go", b.Bytes(), parser.ParseComments)
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		var columns []string
		ast.Inspect(file, func(n ast.Node) bool {
			if field, ok := n.(*ast.Field); ok && field.Tag != nil {
				tag, _ := strconv.Unquote(field.Tag.Value)
				columns = append(columns, gormSettings(reflect.StructTag(tag).Get("gorm"))["COLUMN"])
			}
			return true
		})
		if gormQuote(name, '`') != sqlQuote(name, '`') { // SQLite: gorm quotes with backticks
			if !strings.Contains(b.String(), "is not exported: gorm would quote the name") || strings.Contains(b.String(), "TableName()") {
				t.Fatalf("a name gorm cannot quote was exported: %q\n%s", name, b.String())
			}
			return
		}
		if !tagSafe(name) {
			if !strings.Contains(b.String(), "cannot be written in a gorm tag") {
				t.Fatalf("no NOTE for the unwritable name %q", name)
			}
			return
		}
		if len(columns) != 2 || columns[0] != name {
			t.Fatalf("gorm reads the columns as %q, want %q first\n%s", columns, name, b.String())
		}
	})
}

// gormSettings is gorm's schema.ParseTagSetting (gorm.io/gorm/schema/utils.go), copied so
// the test needs no gorm dependency: ";" separates settings unless escaped with "\".
func gormSettings(str string) map[string]string {
	settings := map[string]string{}
	names := strings.Split(str, ";")
	for i := 0; i < len(names); i++ {
		j := i
		if len(names[j]) > 0 {
			for {
				if names[j][len(names[j])-1] == '\\' {
					i++
					names[j] = names[j][0:len(names[j])-1] + ";" + names[i]
					names[i] = ""
				} else {
					break
				}
			}
		}
		values := strings.Split(names[j], ":")
		k := strings.TrimSpace(strings.ToUpper(values[0]))
		if len(values) >= 2 {
			settings[k] = strings.Join(values[1:], ":")
		} else if k != "" {
			settings[k] = k
		}
	}
	return settings
}

// TestHostileNamesCompile writes SQLAlchemy modules (both styles) for tables and columns
// named by every seed and compiles them with Python.
func TestHostileNamesCompile(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	var paths []string
	for i, name := range nameSeeds {
		for _, v := range []int{1, 2} {
			path := filepath.Join(dir, fmt.Sprintf("m%d_v%d.py", i, v))
			if err := os.WriteFile(path, render(t, "sqlalchemy", Options{SQLAlchemy: v}, oneTable(schema.Postgres, name)), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
	}
	runCmd(t, exec.Command(py, append([]string{"-m", "py_compile"}, paths...)...), "py_compile of hostile names")
}
