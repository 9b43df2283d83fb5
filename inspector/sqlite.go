package inspector

import (
	"context"
	"errors"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadSQLite reads the SQLite catalog into the model. (Stub: being written.)
func ReadSQLite(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	return nil, errors.New("sqlite inspector not written yet")
}
