package inspector

import (
	"context"
	"database/sql"
)

// countingQueryer counts the statements an inspection sends, to prove the count does not
// grow with the number of tables.
type countingQueryer struct {
	Queryer
	statements int
}

func (c *countingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.statements++
	return c.Queryer.QueryContext(ctx, query, args...)
}

func (c *countingQueryer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.statements++
	return c.Queryer.ExecContext(ctx, query, args...)
}
