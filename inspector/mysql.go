package inspector

import (
	"context"
	"errors"
	"fmt"
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
// this one sends the next statements; the model is the one buildMySQL makes of the rows.
func ReadMySQL(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	var p mysqlPipeline
	c, err := fetchMySQLCatalog(ctx, q, o, p.read)
	built := p.wait()
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

// mysqlPipeline runs the stages of mysqlBuildStages, in order, on a goroutine of its own, each
// once the steps it needs are read.
type mysqlPipeline struct {
	b     *mysqlBuilder
	steps chan string   // the names of the steps read, from the reading goroutine
	done  chan struct{} // closed when the builder has run what it can
	built int           // the stages run
}

// read is told each step once its rows are in c: it starts the builder at the first.
func (p *mysqlPipeline) read(c *mysqlCatalog, step string) {
	if p.steps == nil {
		p.b = newMySQLBuilder(c)
		p.steps, p.done = make(chan string, 32), make(chan struct{}) // more than the steps: never blocks
		go p.build()
	}
	p.steps <- step
}

func (p *mysqlPipeline) build() {
	defer close(p.done)
	read := map[string]bool{}
	for step := range p.steps {
		read[step] = true
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
	if p.steps == nil {
		return 0
	}
	close(p.steps)
	<-p.done
	return p.built
}

// readMySQLCatalog fetches every catalog row the model needs for o.Schemas (or the databases
// o.Choose picks).
func readMySQLCatalog(ctx context.Context, q Queryer, o Options) (*mysqlCatalog, error) {
	return fetchMySQLCatalog(ctx, q, o, nil)
}

// fetchMySQLCatalog is readMySQLCatalog telling read, when not nil, each step whose rows are in.
func fetchMySQLCatalog(ctx context.Context, q Queryer, o Options, read func(*mysqlCatalog, string)) (*mysqlCatalog, error) {
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
	if o.Choose != nil {
		if err := queries.chooseSchemata(ctx, c, o.Choose); err != nil {
			return nil, err
		}
		if len(c.Schemas) == 0 {
			return c, nil
		}
	}
	var step func(string)
	if read != nil {
		step = func(name string) { read(c, name) }
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
