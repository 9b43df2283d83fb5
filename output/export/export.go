// Package export writes the model as code that recreates it: SQL (through package ddl),
// SQLAlchemy and GORM models, and Mermaid / Graphviz diagrams.
//
// It is a subpackage of output rather than more files in it because its formats are not
// output.Renderer views of a schema (there is no "tables" or "describe" of a GORM model): each
// writes one whole artefact and has options of its own (SQLAlchemy style, Go package, null
// style). Keeping it apart also keeps package output free of ddl, and lets main choose
// between the two interfaces by command. The json/yaml formats reuse output.JSON/YAML.
//
// What the exporters know of each dialect is its dialectRules, in dialect_<name>.go; code
// elsewhere asks the rules and never compares dialects.
package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

// Exporter writes a whole model in one format.
type Exporter interface {
	Export(w io.Writer, db *schema.Database) error
}

// ExporterFunc adapts a function to Exporter.
type ExporterFunc func(w io.Writer, db *schema.Database) error

// Export calls f.
func (f ExporterFunc) Export(w io.Writer, db *schema.Database) error { return f(w, db) }

// Options are the settings of the code formats.
type Options struct {
	// SQLAlchemy is the SQLAlchemy style: 2 (typed Mapped[...] / mapped_column, 2.x; the
	// default) or 1 (Column under declarative_base, runs on 1.4 and 2.x).
	SQLAlchemy int
	// GoPackage is the package clause of the GORM output ("models" when empty).
	GoPackage string
	// GoNulls says how GORM models hold nullable columns: "pointer" (the default) or "sql"
	// (database/sql's Null* types).
	GoNulls string
	// DiagramColumns is what the Mermaid and DOT diagrams show of each table: "keys" (the
	// default: columns in a primary, foreign or unique key) or "all".
	DiagramColumns string
	// Partitions draws PostgreSQL partitions as entities of their own; by default they are
	// counted on their parent's label.
	Partitions bool
	// Warn receives what the output should not leave unsaid but that is no error (a diagram
	// too big for GitHub to render); nil drops it.
	Warn func(msg string)
}

// Formats lists the formats For accepts.
var Formats = []string{"sqlalchemy", "gorm", "sql", "mermaid", "dot", "json", "yaml"}

// For returns the exporter for a format name.
func For(format string, o Options) (Exporter, error) {
	switch format {
	case "sqlalchemy":
		if o.SQLAlchemy != 0 && o.SQLAlchemy != 1 && o.SQLAlchemy != 2 {
			return nil, fmt.Errorf("--sqlalchemy %d: want 2 (Mapped style, SQLAlchemy 2.x) or 1.4 (Column style, SQLAlchemy 1.4 and 2.x)", o.SQLAlchemy)
		}
		return SQLAlchemy{Version: o.SQLAlchemy}, nil
	case "gorm":
		if o.GoNulls != "" && o.GoNulls != "pointer" && o.GoNulls != "sql" {
			return nil, fmt.Errorf("--go-nulls %q: want pointer or sql", o.GoNulls)
		}
		if o.GoPackage != "" && !isGoIdent(o.GoPackage) {
			return nil, fmt.Errorf("--package %q is not a Go package name", o.GoPackage)
		}
		return GORM{Package: o.GoPackage, Nulls: o.GoNulls}, nil
	case "sql":
		return ExporterFunc(ddl.Write), nil
	case "mermaid", "dot":
		if c := o.DiagramColumns; c != "" && c != "keys" && c != "all" {
			return nil, fmt.Errorf("--columns %q: want keys or all", c)
		}
		if format == "dot" {
			return DotDiagram{Options: o}, nil
		}
		return MermaidDiagram{Options: o}, nil
	case "json":
		return ExporterFunc(output.JSON{}.Inspect), nil
	case "yaml":
		return ExporterFunc(output.YAML{}.Inspect), nil
	}
	return nil, fmt.Errorf("unknown export format %q (want %s)", format, strings.Join(Formats, ", "))
}

// SQLAlchemyVersion reads --sqlalchemy: "2" (or "2.0", "2.x") is the Mapped style, "1.4" (or
// "1") the Column style.
func SQLAlchemyVersion(s string) (int, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "2", "2.0", "2.x":
		return 2, nil
	case "1", "1.4", "1.4.x":
		return 1, nil
	}
	return 0, fmt.Errorf("--sqlalchemy %s: want 2 (Mapped style, SQLAlchemy 2.x) or 1.4 (Column style, SQLAlchemy 1.4 and 2.x)", s)
}

// oneLine makes text safe for a one-line comment in any of the generated languages: control
// characters (a newline would end the comment) become spaces.
func oneLine(s string) string { return ddl.Comment(s) }
