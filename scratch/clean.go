package scratch

import (
	"context"
	"fmt"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
)

// Leftover is a scratch database found on a dev server.
type Leftover struct {
	Name    string
	Created time.Time
	// Dropped is set when Clean dropped it.
	Dropped bool
}

// Clean drops the scratch databases on dev created more than olderThan ago (a killed process
// leaves them; a running one never lives that long), or only lists them with dryRun. It
// touches nothing whose name is not a scratch name.
func Clean(ctx context.Context, dev *drivers.Target, olderThan time.Duration, dryRun bool, o Options) ([]Leftover, error) {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = drivers.DefaultOptions.ConnectTimeout
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = drivers.DefaultOptions.StatementTimeout
	}
	srv, err := connect(ctx, dev, o)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	names, err := srv.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("list scratch databases on %s: %w", dev, err)
	}
	var out []Leftover
	now := time.Now()
	for _, n := range names {
		_, created, _ := parseName(string(n))
		l := Leftover{Name: string(n), Created: created}
		if now.Sub(created) >= olderThan && !dryRun {
			if err := srv.drop(ctx, n); err != nil {
				return out, fmt.Errorf("drop %s on %s: %w", n, dev, err)
			}
			l.Dropped = true
		}
		out = append(out, l)
	}
	return out, nil
}
