package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrNotSnapshot is returned by ReadSnapshot for JSON that is not a dbinspect snapshot.
var ErrNotSnapshot = errors.New("not a dbinspect snapshot (no format_version and dialect)")

// WriteSnapshot writes db as an indented snapshot document. The model is normalized first, so
// the bytes depend only on the schema.
func WriteSnapshot(w io.Writer, db *Database) error {
	db.Normalize()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(db)
}

// ReadSnapshot reads a snapshot document written by WriteSnapshot (by this or an older build)
// and validates it (see Database.Validate): a hand-edited or corrupt file is an error naming
// the place in the JSON, never a model that crashes a later step.
func ReadSnapshot(r io.Reader) (*Database, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var probe struct {
		FormatVersion *int    `json:"format_version"`
		Dialect       Dialect `json:"dialect"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSnapshot, err)
	}
	if probe.FormatVersion == nil || probe.Dialect == "" {
		return nil, ErrNotSnapshot
	}
	if *probe.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("snapshot format_version %d is newer than this dbinspect reads (%d): upgrade dbinspect", *probe.FormatVersion, FormatVersion)
	}
	switch probe.Dialect {
	case SQLite, Postgres, MySQL:
	default:
		return nil, fmt.Errorf("snapshot has unknown dialect %q (want sqlite, postgres or mysql)", probe.Dialect)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var db Database
	if err := dec.Decode(&db); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSnapshot, err)
	}
	if err := db.Validate(); err != nil {
		return nil, err
	}
	db.Normalize()
	return &db, nil
}
