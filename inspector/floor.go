package inspector

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
)

// CatalogFloor does what Inspect does for a live target minus building the model: it opens
// the target as Inspect does (drivers.Open: read-only, the same session settings and
// timeouts), begins the transaction Live reads in, sends the statements the engine's reader
// sends, and decodes every column of every row into Go values, keeping none. It returns the
// number of rows read. Its time is the floor of an inspection: what the server, the wire
// and the driver cost whatever the reader does with the rows (cmd/bench's "catalog
// queries" cases, beside "inspect").
//
// The statements come from the readers' own code, so the floor cannot drift from what
// inspect sends (TestCatalogFloorSendsTheInspectorsStatements counts them):
//   - PostgreSQL: the settings and schemas statements through the reader (later queries are
//     made from their answers: the server's version, what the role may read, the schema
//     OIDs), then the query of every step the reader would run (pgReader.steps);
//   - MySQL: readMySQLCatalog itself, the reader's whole fetching half, which only scans
//     rows into flat structs (the session setup and the queries made from earlier answers,
//     such as sequences, included); buildMySQL is what it leaves out;
//   - SQLite: sqliteBulkQueries, in order.
func CatalogFloor(ctx context.Context, t *drivers.Target, o Options) (rows int, err error) {
	if t.Kind == drivers.KindSnapshot || t.IsFiles() {
		return 0, fmt.Errorf("%w: %s: the catalog floor needs a live database", drivers.ErrTarget, t)
	}
	db, err := drivers.Open(ctx, t, o.Connection)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if o, err = targetSchemas(t, o); err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, liveTxOptions(t.Dialect))
	if err != nil {
		return 0, fmt.Errorf("begin read-only transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // nothing was written
	if rows, err = readCatalogFloor(ctx, tx, t.Dialect, o); err != nil {
		return rows, fmt.Errorf("catalog floor of %s: %w", t, err)
	}
	return rows, nil
}

// readCatalogFloor sends the reader's statements for dialect on q and decodes their rows.
func readCatalogFloor(ctx context.Context, q Queryer, dialect schema.Dialect, o Options) (int, error) {
	var d rowDecoder
	switch dialect {
	case schema.Postgres:
		return d.rows, postgresFloor(ctx, q, o, &d)
	case schema.MySQL:
		c, err := readMySQLCatalog(ctx, q, o)
		if err != nil {
			return 0, err
		}
		return c.rowCount(), nil
	case schema.SQLite:
		for _, query := range sqliteBulkQueries {
			if err := eachRow(ctx, q, query, d.decode); err != nil {
				return d.rows, err
			}
		}
		return d.rows, nil
	}
	return 0, fmt.Errorf("no inspector for dialect %q", dialect)
}

// postgresFloor sends what ReadPostgres sends: the settings and schemas statements, decoded by
// the reader because the later queries are made from them, then every step the reader would
// not skip, its rows decoded by d instead of the step's scan.
func postgresFloor(ctx context.Context, q Queryer, o Options, d *rowDecoder) error {
	r := &pgReader{q: q, db: &schema.Database{Dialect: schema.Postgres}}
	if err := r.readSettings(ctx); err != nil {
		return err
	}
	if !r.srv.can("pg_namespace") || !r.srv.can("pg_class") {
		return nil
	}
	if err := r.readSchemas(ctx, o.Schemas, o.Choose); err != nil {
		return err
	}
	for _, step := range r.steps() {
		if len(r.srv.missing(step.needs)) > 0 {
			continue
		}
		if err := r.query(ctx, step.query, d.decode); err != nil {
			return fmt.Errorf("read %s: %w", step.what, err)
		}
	}
	return nil
}

// rowDecoder scans every column of a row into a Go value (the driver's own: int64, []byte
// copied, string, time.Time, …) and counts the rows. Its buffers are reused from row to row,
// so what it costs is the decoding, not the keeping.
type rowDecoder struct {
	rows   int
	of     *sql.Rows // the result the buffers are sized for
	values []any
	ptrs   []any
}

func (d *rowDecoder) decode(rows *sql.Rows) error {
	if rows != d.of {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		d.of, d.values, d.ptrs = rows, make([]any, len(cols)), make([]any, len(cols))
		for i := range d.values {
			d.ptrs[i] = &d.values[i]
		}
	}
	d.rows++
	return rows.Scan(d.ptrs...)
}
