package inspector

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadMySQL reads MySQL/MariaDB databases (o.Schemas) into the model.
//
// The reading is split in two so the conversion can be tested without a server:
// readMySQLCatalog fetches the catalog rows with a fixed number of statements (mysql_queries.go),
// buildMySQL turns them into the canonical model (mysql_build.go), so that the same DDL gives
// the same model on MariaDB and MySQL 8. Here the two overlap: each stage of the build runs
// on a goroutine of its own as soon as the rows it needs are in (mysqlBuildStages), while
// this one sends the next statements, and the column and index rows, most of the rows at
// 20,000 tables, go to that goroutine in batches as they are scanned instead of waiting in
// the catalog for their stage; the model is the one buildMySQL makes of the rows.
func ReadMySQL(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	return readMySQLPipelined(ctx, q, o, &mysqlPipeline{})
}

// readMySQLPipelined is ReadMySQL through p, which the tests read after.
func readMySQLPipelined(ctx context.Context, q Queryer, o Options, p *mysqlPipeline) (*schema.Database, error) {
	c, err := fetchMySQLCatalog(ctx, q, o, p.hooks())
	built := p.wait()
	if err == nil {
		err = p.err
	}
	if err != nil {
		return nil, err
	}
	if p.b == nil { // nothing to read: no step ran
		p.b = newMySQLBuilder(c)
	}
	for _, stage := range mysqlBuildStages[built:] {
		stage.build(p.b)
	}
	return p.b.finish(), nil
}

// mysqlReadHooks are what fetchMySQLCatalog tells as it reads; a nil hook is not told.
type mysqlReadHooks struct {
	// step is told the name of each step (mysqlQueries.readAll) once its rows are in c, or
	// handed to columns or indexes.
	step func(c *mysqlCatalog, name string)
	// columns and indexes, when set, take those rows in batches (mysqlRowBatch) instead of
	// c.Columns and c.Indexes, each batch before the step that read it is told.
	columns func([]mysqlColumnRow)
	indexes func([]mysqlIndexRow)
}

// mysqlPipeline runs the stages of mysqlBuildStages, in order, on a goroutine of its own, each
// once the steps it needs are read, and builds the batches of column and index rows as they come.
type mysqlPipeline struct {
	b *mysqlBuilder
	// reads carries the steps read and the batches of rows, in the order the reading goroutine
	// sent them. Its few places are what bounds the rows waiting: when the builder is behind,
	// the reading waits for it.
	reads chan mysqlRead
	done  chan struct{} // closed when the builder has run what it can
	built int           // the stages run
	// err is a panic of the builder, as the inspection's error; set before done is closed.
	err error
	// queued is the number of rows sent and not yet built, mostQueued the most it was and
	// sent all the rows sent (the tests hold mostQueued to a few batches); only the reading
	// goroutine writes the last two.
	queued           atomic.Int64
	mostQueued, sent int64
}

// mysqlRead is one message to the builder: a step read, or a batch of rows.
type mysqlRead struct {
	step    string
	columns []mysqlColumnRow
	indexes []mysqlIndexRow
}

// mysqlPipelineDepth is the number of messages waiting for the builder at most.
const mysqlPipelineDepth = 8

// hooks are the pipeline's ends for fetchMySQLCatalog.
func (p *mysqlPipeline) hooks() *mysqlReadHooks {
	return &mysqlReadHooks{
		step:    func(c *mysqlCatalog, name string) { p.send(c, mysqlRead{step: name}, 0) },
		columns: func(rows []mysqlColumnRow) { p.send(nil, mysqlRead{columns: rows}, len(rows)) },
		indexes: func(rows []mysqlIndexRow) { p.send(nil, mysqlRead{indexes: rows}, len(rows)) },
	}
}

// read is told each step once its rows are in c (the tests feed it a catalog read whole).
func (p *mysqlPipeline) read(c *mysqlCatalog, step string) { p.send(c, mysqlRead{step: step}, 0) }

// send hands r to the builder, which it starts at the first step ("databases", which comes
// before any rows).
func (p *mysqlPipeline) send(c *mysqlCatalog, r mysqlRead, rows int) {
	if p.reads == nil {
		p.b = newMySQLBuilder(c)
		p.reads, p.done = make(chan mysqlRead, mysqlPipelineDepth), make(chan struct{})
		go p.build()
	}
	if rows > 0 {
		p.sent += int64(rows)
		p.mostQueued = max(p.mostQueued, p.queued.Add(int64(rows)))
	}
	p.reads <- r
}

func (p *mysqlPipeline) build() {
	defer close(p.done)
	// A goroutine's panic would end the program with a stack trace: it becomes the error of
	// the inspection, in one line, and the rest of the reads are taken and dropped, since the
	// reading waits on this channel once its places are full.
	defer func() {
		if v := recover(); v != nil {
			p.err = fmt.Errorf("mysql: build the model: internal error: %v (please report this)", v)
			for range p.reads {
			}
		}
	}()
	read := map[string]bool{}
	for r := range p.reads {
		// Rows that come before their tables wait for their stage in the catalog (never, as
		// the steps are read): they stay counted, being held.
		switch {
		case r.columns != nil:
			if p.b.columnRows(r.columns) {
				p.queued.Add(-int64(len(r.columns)))
			}
			continue
		case r.indexes != nil:
			if p.b.indexRows(r.indexes) {
				p.queued.Add(-int64(len(r.indexes)))
			}
			continue
		}
		read[r.step] = true
		for p.built < len(mysqlBuildStages) && allRead(read, mysqlBuildStages[p.built].needs) {
			stage := mysqlBuildStages[p.built]
			stage.build(p.b)
			if stage.release != nil {
				stage.release(p.b.cat) // no later stage reads them, and the reading is past them
			}
			p.built++
		}
	}
}

func allRead(read map[string]bool, needs []string) bool {
	for _, n := range needs {
		if !read[n] {
			return false
		}
	}
	return true
}

// wait ends the builder once reading is over and returns the number of stages it ran.
func (p *mysqlPipeline) wait() int {
	if p.reads == nil {
		return 0
	}
	close(p.reads)
	<-p.done
	return p.built
}

// readMySQLCatalog fetches every catalog row the model needs for o.Schemas (or the databases
// o.Choose picks).
func readMySQLCatalog(ctx context.Context, q Queryer, o Options) (*mysqlCatalog, error) {
	return fetchMySQLCatalog(ctx, q, o, nil)
}

// fetchMySQLCatalog is readMySQLCatalog telling hooks, when not nil, what it reads.
func fetchMySQLCatalog(ctx context.Context, q Queryer, o Options, hooks *mysqlReadHooks) (*mysqlCatalog, error) {
	if len(o.Schemas) == 0 && o.Choose == nil {
		return nil, errors.New("mysql: no database to inspect: name one in the URL or with --schema")
	}
	c := &mysqlCatalog{Schemas: o.Schemas}
	if err := readServerVersion(ctx, q, c); err != nil {
		return nil, err
	}
	flavor := parseMySQLVersion(c.Version)
	restore, err := prepareMySQLSession(ctx, q, flavor, o.Connection.StatementTimeout)
	if err != nil {
		return nil, err
	}
	defer restore()
	queries := newMySQLQueries(q, flavor, o.Schemas)
	var step func(string)
	if hooks != nil {
		queries.columnBatches, queries.indexBatches = hooks.columns, hooks.indexes
		if hooks.step != nil {
			step = func(name string) { hooks.step(c, name) }
		}
	}
	if o.Choose != nil {
		if err := queries.chooseSchemata(ctx, c, o.Choose); err != nil {
			return nil, err
		}
		if len(c.Schemas) == 0 {
			return c, nil
		}
	}
	if err := queries.readAll(ctx, c, step); err != nil {
		return nil, err
	}
	return c, nil
}

func readServerVersion(ctx context.Context, q Queryer, c *mysqlCatalog) error {
	// lower_case_table_names rides along: it says whether table names compare without case.
	rows, err := q.QueryContext(ctx, "SELECT VERSION(), @@lower_case_table_names")
	if err != nil {
		return fmt.Errorf("read server version: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return fmt.Errorf("read server version: %w", myErrOr(rows.Err(), errors.New("no row")))
	}
	if err := rows.Scan(&c.Version, &c.LowerCaseTableNames); err != nil {
		return fmt.Errorf("read server version: %w", err)
	}
	return rows.Close()
}

func myErrOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// prepareMySQLSession sets up the session for reading and returns a function that puts it back,
// because the pooled connection outlives the inspection:
//   - sql_mode is emptied: under ANSI_QUOTES the server prints identifiers in check clauses,
//     generated columns and defaults with double quotes, and the model wants one spelling;
//   - every catalog query is bounded on the server, so a stuck query ends there and not only
//     in the client: MariaDB's max_statement_time is in seconds, MySQL's max_execution_time
//     (SELECT only) in milliseconds.
//
// The session's own values wait in user variables; one statement saves and sets all of them.
func prepareMySQLSession(ctx context.Context, q Queryer, f mysqlFlavor, timeout time.Duration) (restore func(), err error) {
	variable, value := "max_execution_time", any(timeout.Milliseconds())
	if f.MariaDB {
		variable, value = "max_statement_time", timeout.Seconds()
	}
	set := fmt.Sprintf(`SET @dbinspect_saved_sql_mode = @@SESSION.sql_mode, @dbinspect_saved_timeout = @@SESSION.%[1]s,
		SESSION sql_mode = '', SESSION %[1]s = ?`, variable)
	if timeout <= 0 {
		value = 0 // no limit
	}
	if _, err := q.ExecContext(ctx, set, value); err != nil {
		return nil, fmt.Errorf("prepare session (sql_mode, %s): %w", variable, err)
	}
	return func() {
		// Best effort: the values only matter to later users of the pooled connection.
		_, _ = q.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(
			"SET SESSION sql_mode = @dbinspect_saved_sql_mode, SESSION %s = @dbinspect_saved_timeout", variable))
	}, nil
}
