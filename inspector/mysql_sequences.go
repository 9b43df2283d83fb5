package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// MariaDB sequences (CREATE SEQUENCE, 10.3+). A sequence is a table of its own: TABLES lists it
// with TABLE_TYPE 'SEQUENCE' (its engine and comment), COLUMNS its value columns (whose type is
// the sequence's, AS int on 11.5+), and its one row holds the settings. MariaDB before 11.5
// has no catalog view of those settings, so one statement reads every sequence's row at once
// (SELECT … FROM `db`.`s1` UNION ALL SELECT … FROM `db`.`s2` …): one statement more, and only
// when there are sequences.

// mysqlSequenceRow is a sequence's row, its settings as the server prints them.
type mysqlSequenceRow struct {
	Schema    string `json:"schema"`
	Name      string `json:"name"`
	Start     string `json:"start"`
	Increment string `json:"increment"`
	Min       string `json:"min"`
	Max       string `json:"max"`
	Cache     string `json:"cache"`
	Cycle     string `json:"cycle"`
}

// mySequenceSelect is the part of the statement that reads one sequence.
const mySequenceSelect = "SELECT ?, ?, start_value, increment, minimum_value, maximum_value, cache_size, cycle_option FROM "

// readSequences reads the rows of every sequence TABLES listed. A sequence the user may not
// SELECT from fails the statement: then no sequence is read, which is a note and unread data
// (never a drop), not a failed inspection.
func (m *mysqlQueries) readSequences(ctx context.Context, c *mysqlCatalog) error {
	var parts []string
	var args []any
	for _, t := range c.Tables {
		if t.Type == "SEQUENCE" {
			parts = append(parts, mySequenceSelect+myQuoteIdent(t.Schema)+"."+myQuoteIdent(t.Name))
			args = append(args, t.Schema, t.Name)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	var rows []mysqlSequenceRow
	err := eachRow(ctx, m.q, strings.Join(parts, "\nUNION ALL "), func(r *sql.Rows) error {
		var s mysqlSequenceRow
		err := r.Scan(&s.Schema, &s.Name, &s.Start, &s.Increment, &s.Min, &s.Max, &s.Cache, &s.Cycle)
		rows = append(rows, s)
		return err
	}, args...)
	if err != nil && ctx.Err() == nil && strings.Contains(err.Error(), "command denied") {
		c.Notes = append(c.Notes, "sequences not read: the user may not SELECT from every sequence ("+err.Error()+")")
		for _, name := range c.Schemas {
			c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadSequences, Schema: name})
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("read sequences: %w", err)
	}
	c.Sequences = rows
	return nil
}

// addSequences adds the sequences read, their type from the start_value column of the
// sequence table (sequenceTypes, kept by columnRun) and their engine and comment from TABLES.
func (b *mysqlBuilder) addSequences() {
	type info struct {
		engine, comment, typ string
	}
	seqs := map[myTableKey]*info{}
	for _, t := range b.cat.Tables {
		if t.Type == "SEQUENCE" {
			key := myTableKey{t.Schema, t.Name}
			seqs[key] = &info{engine: myDeref(t.Engine), comment: myDeref(t.Comment), typ: b.sequenceTypes[key]}
		}
	}
	if len(seqs) == 0 {
		return
	}
	for _, r := range b.cat.Sequences {
		sc, s := b.schemas[r.Schema], seqs[myTableKey{r.Schema, r.Name}]
		if sc == nil || s == nil {
			continue
		}
		q := schema.Sequence{Name: r.Name, Type: s.typ, Comment: myNonEmpty(s.comment)}
		if s.engine != "" {
			q.MySQL = &schema.MySQLSequence{Engine: s.engine}
		}
		var bad []string
		for _, v := range []struct {
			text string
			to   *int64
		}{{r.Start, &q.Start}, {r.Increment, &q.Increment}, {r.Min, &q.Min}, {r.Max, &q.Max}, {r.Cache, &q.Cache}} {
			n, err := strconv.ParseInt(v.text, 10, 64)
			if err != nil {
				bad = append(bad, v.text)
			}
			*v.to = n
		}
		if len(bad) > 0 {
			// An unsigned bigint sequence's bounds go past int64.
			b.note("sequence %s.%s: settings %s do not fit a 64-bit integer: not read", r.Schema, r.Name, strings.Join(bad, ", "))
			b.db.MarkUnread(schema.UnreadSequences, r.Schema)
			continue
		}
		q.Cycle = r.Cycle == "1"
		sc.Sequences = append(sc.Sequences, q)
	}
}
