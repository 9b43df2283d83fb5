package migrate

import (
	"fmt"
	"regexp"
	"time"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// Lock-aware PostgreSQL plans. Every statement on a table that already exists that holds a
// lock for longer than a catalog change — a rewrite, a scan to validate, an index build —
// carries a Hazard. With Options.Online the plan uses the lock-light forms: indexes are built
// and dropped CONCURRENTLY after the transaction, checks and foreign keys are added NOT VALID
// inside it and validated after it (VALIDATE takes a lock that lets reads and writes go on),
// SET NOT NULL goes through a validated CHECK (col IS NOT NULL), which spares it the scan, and
// lock_timeout (and statement_timeout when given) bound every statement, so a plan meeting a
// lock fails fast instead of queueing every other session behind it.

// online reports whether the lock-light form applies to a table: one that exists already.
func (p *planner) online(w *tableWork) bool {
	return p.r.lockLight && p.opts.Online && w.kept()
}

// afterTx adds a statement that runs after the transaction, outside it.
func (p *planner) afterTx(w *tableWork, g int, sql string) *Step {
	s := p.addGroup(phAfterTx, g, w.label(), sql)
	s.NoTransaction = true
	return s
}

// validateLater adds a constraint NOT VALID inside the transaction and validates it after.
func (p *planner) validateLater(w *tableWork, g int, name string) {
	s := p.afterTx(w, g, "ALTER TABLE "+w.tableName(p)+" VALIDATE CONSTRAINT "+p.q(name))
	s.Hazard = "scans " + w.label() + " to validate " + name + " with a SHARE UPDATE EXCLUSIVE lock: reads and writes go on"
}

// onlineNotNull makes a column NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK (col
// IS NOT NULL) added NOT VALID, validated after the transaction, then SET NOT NULL (which the
// valid check spares a scan, PostgreSQL 12 and later) and the check dropped.
func (p *planner) onlineNotNull(w *tableWork, g int, column, label string) {
	name := truncateIdent("dbinspect_nn_" + w.newName + "_" + column)
	tbl := "ALTER TABLE " + w.tableName(p) + " "
	s := p.addGroup(phKeys, g, w.label(), tbl+"ADD CONSTRAINT "+p.q(name)+" CHECK ("+p.q(column)+" IS NOT NULL) NOT VALID")
	s.Destructive = "makes " + label + " NOT NULL: fails if a row holds NULL"
	p.validateLater(w, g, name)
	p.afterTx(w, g, tbl+"ALTER COLUMN "+p.q(column)+" SET NOT NULL")
	p.afterTx(w, g, tbl+"DROP CONSTRAINT "+p.q(name))
}

// truncateIdent keeps a generated name within PostgreSQL's 63 bytes.
func truncateIdent(s string) string {
	if len(s) > 63 {
		return s[:63]
	}
	return s
}

// volatileDefaultRe finds the volatile functions a default commonly calls: ADD COLUMN with
// such a default rewrites the table (a constant or stable one is stored once, PostgreSQL 11).
var volatileDefaultRe = regexp.MustCompile(`(?i)\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday|nextval|txid_current)\s*\(`)

func volatileDefault(c *schema.Column) bool {
	return c.Default != nil && volatileDefaultRe.MatchString(*c.Default) || c.Identity != nil ||
		c.Generated != nil && c.Generated.Kind == "STORED"
}

// onlineSettings are the statements that bound the plan's waits: SET LOCAL inside the
// transaction, SET for the statements after it.
func (p *planner) onlineSettings(local bool) []string {
	if !p.opts.Online {
		return nil
	}
	set := "SET "
	if local {
		set = "SET LOCAL "
	}
	var out []string
	if d := p.opts.LockTimeout; d > 0 {
		out = append(out, set+"lock_timeout = "+ddl.QuoteString(p.d, pgDuration(d)))
	}
	switch {
	case local && p.opts.StatementTimeout > 0:
		out = append(out, set+"statement_timeout = "+ddl.QuoteString(p.d, pgDuration(p.opts.StatementTimeout)))
	case !local:
		// Concurrent builds and validations take as long as the table is big.
		out = append(out, set+"statement_timeout = 0")
	}
	return out
}

func pgDuration(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// onlineAfterTx puts the session settings in front of the statements after the transaction.
func (p *planner) onlineAfterTx() {
	if len(p.steps[phAfterTx]) == 0 {
		return
	}
	var head []Step
	for _, sql := range p.onlineSettings(false) {
		head = append(head, Step{SQL: sql, phase: phAfterTx, NoTransaction: true})
	}
	p.steps[phAfterTx] = append(head, p.steps[phAfterTx]...)
}

// buildHazard is the hazard of building an index inside the transaction on a table that
// exists: writes wait until it is built.
func (p *planner) buildHazard(w *tableWork, what string) string {
	if !w.kept() {
		return ""
	}
	return "builds " + what + " on " + w.label() + " holding a SHARE lock: writes wait until it is built"
}
