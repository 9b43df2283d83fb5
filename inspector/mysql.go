package inspector

import (
	"context"
	"errors"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadMySQL reads the MySQL catalog into the model. (Stub: being written.)
func ReadMySQL(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	return nil, errors.New("mysql inspector not written yet")
}
