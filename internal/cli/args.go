package cli

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// reorderArgs moves a command's flags in front of its positional arguments.
//
// urfave/cli/v2 stops parsing flags at the first positional argument and silently ignores
// the flags after it (urfave/cli #1177), so `dbinspect describe users --format json` would
// print text. Users type flags anywhere, so the arguments are put in the order the library
// understands: program, global flags, command, its flags, then its positionals. A "--" keeps
// everything after it positional.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	cmdAt := -1
	for i := 1; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			cmdAt = i
			break
		}
	}
	if cmdAt < 0 {
		return args
	}
	cmd := app.Command(args[cmdAt])
	if cmd == nil {
		return args
	}
	cmdAt, cmd = subcommand(args, cmdAt, cmd)
	takesValue := valueFlags(cmd.Flags)
	var flags, positionals []string
	rest := args[cmdAt+1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			positionals = append(positionals, rest[i+1:]...)
			i = len(rest)
		case len(a) > 1 && strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		default:
			positionals = append(positionals, a)
		}
	}
	out := append([]string{}, args[:cmdAt+1]...)
	out = append(out, flags...)
	if len(positionals) > 0 {
		out = append(out, "--")
		out = append(out, positionals...)
	}
	return out
}

// valueFlags maps every name and alias of the flags that take a value.
func valueFlags(flags []cli.Flag) map[string]bool {
	m := map[string]bool{}
	for _, f := range flags {
		df, ok := f.(cli.DocGenerationFlag)
		if !ok || !df.TakesValue() {
			continue
		}
		for _, n := range f.Names() {
			m[n] = true
		}
	}
	return m
}

// subcommand descends into the subcommand named right after a command (`fleet merge`), whose
// flags are the ones to move.
func subcommand(args []string, at int, cmd *cli.Command) (int, *cli.Command) {
	for at+1 < len(args) {
		var sub *cli.Command
		for _, s := range cmd.Subcommands {
			if s.HasName(args[at+1]) {
				sub = s
			}
		}
		if sub == nil {
			break
		}
		at, cmd = at+1, sub
	}
	return at, cmd
}
