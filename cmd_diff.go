package main

import "github.com/urfave/cli/v2"

// diffCommand compares two targets. (Being written.)
func diffCommand(e *env) *cli.Command {
	return &cli.Command{Name: "diff", Usage: "compare two schemas (not available yet)", ArgsUsage: "FROM TO",
		Action: func(c *cli.Context) error { return usagef("diff is not available in this build yet") }}
}
