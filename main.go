// Command dbinspect reads the schema of a live database (PostgreSQL, MySQL/MariaDB, SQLite), a
// snapshot or a DDL file into one common model, then prints it, compares two of them, plans
// the migration between them, or exports it as code and documentation.
//
// The program lives in package internal/cli; this file only gives it the process, so that
// `go install github.com/dbinspect/dbinspect@latest` builds the command.
package main

import (
	"os"

	"github.com/dbinspect/dbinspect/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
