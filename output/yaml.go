package output

import (
	"io"

	"sigs.k8s.io/yaml"

	"github.com/dbinspect/dbinspect/schema"
)

// YAML renders the same documents as JSON, in YAML (sigs.k8s.io/yaml goes through the json
// tags, so the keys are the snapshot's keys).
type YAML struct{ Partitions bool }

// Inspect writes the snapshot as YAML.
func (YAML) Inspect(w io.Writer, db *schema.Database) error {
	db.Normalize()
	return writeYAML(w, db)
}

// Tables writes the table summaries as YAML.
func (y YAML) Tables(w io.Writer, db *schema.Database) error {
	return writeYAML(w, Summaries(db, y.Partitions))
}

// Describe writes one table or view as YAML.
func (YAML) Describe(w io.Writer, db *schema.Database, rel schema.Relation) error {
	return writeYAML(w, describe(db, rel))
}

func writeYAML(w io.Writer, v any) error {
	js, err := marshalJSON(v)
	if err != nil {
		return err
	}
	out, err := yaml.JSONToYAML(js)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}
