package inspector

import (
	"context"
	"errors"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadPostgres reads the Postgres catalog into the model. (Stub: being written.)
func ReadPostgres(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	return nil, errors.New("postgres inspector not written yet")
}
