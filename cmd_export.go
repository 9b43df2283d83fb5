package main

import "github.com/urfave/cli/v2"

// exportCommand writes the schema as code. (Being written.)
func exportCommand(e *env) *cli.Command {
	return &cli.Command{Name: "export", Usage: "export the schema as code (not available yet)",
		Action: func(c *cli.Context) error { return usagef("export is not available in this build yet") }}
}
