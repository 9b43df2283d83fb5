package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// versionCommand prints what this build is: the module version (a tag or pseudo-version for
// a `go install …@version` build, "(devel)" for a build from a checkout) and the VCS revision
// the go command stamped in, so a bug report can name the exact code.
func versionCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "version",
		Usage:     "print the version, the VCS revision it was built from, and the Go version",
		ArgsUsage: " ",
		Action: func(*cli.Context) error {
			bi, _ := debug.ReadBuildInfo()
			_, err := fmt.Fprintln(e.stdout, versionLine(bi))
			return err
		},
	}
}

// versionLine is "dbinspect v1.2.0 (commit 3f2a9c1e4b5d, 2026-11-30T10:00:00Z) go1.26.8
// linux/amd64"; a build from an edited checkout says "modified" after the revision.
func versionLine(bi *debug.BuildInfo) string {
	v := version(bi)
	var vcs []string
	if bi != nil {
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" {
			vcs = append(vcs, "commit "+rev[:min(12, len(rev))])
			if t := settings["vcs.time"]; t != "" {
				vcs = append(vcs, t)
			}
			if settings["vcs.modified"] == "true" {
				vcs = append(vcs, "modified")
			}
		}
	}
	line := "dbinspect " + v
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	goVersion := runtime.Version()
	if bi != nil && bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	return line + " " + goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}

// version is the module version of the build: "v1.2.0" from `go install …@v1.2.0`, a
// pseudo-version from `@latest` on an untagged commit, "devel" from a checkout.
func version(bi *debug.BuildInfo) string {
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// completionCommand writes the shell script that completes commands, flags and (for
// describe) table names by asking dbinspect itself through urfave/cli's
// --generate-bash-completion protocol.
func completionCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bash, zsh, fish or powershell",
		ArgsUsage: "SHELL",
		Description: `Load it in the current shell, or install it for every new one:

   source <(dbinspect completion bash)                     # bash, now
   dbinspect completion bash > /etc/bash_completion.d/dbinspect
   dbinspect completion zsh > "${fpath[1]}/_dbinspect"      # zsh (compinit must be on)
   dbinspect completion fish > ~/.config/fish/completions/dbinspect.fish
   dbinspect completion powershell | Out-String | Invoke-Expression`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one SHELL: bash, zsh, fish or powershell")
			}
			script, ok := completionScripts[strings.ToLower(c.Args().First())]
			if !ok {
				return usagef("completion %q: want bash, zsh, fish or powershell", c.Args().First())
			}
			_, err := io.WriteString(e.stdout, script)
			return err
		},
	}
}

// completionScripts ask `dbinspect … --generate-bash-completion` for the words that may come
// next (the protocol of urfave/cli/v2) and hand them to the shell. (urfave/cli's own fish
// generator recurses forever over the help command, so fish gets a script like the others.)
var completionScripts = map[string]string{
	"bash": `# bash completion for dbinspect: source <(dbinspect completion bash)
_dbinspect_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}"
  local -a args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
  if [[ "$cur" == -* ]]; then
    args+=("$cur")
  fi
  local IFS=$'\n'
  COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "${args[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o bashdefault -o default -F _dbinspect_complete dbinspect
`,
	"zsh": `#compdef dbinspect
# zsh completion for dbinspect: dbinspect completion zsh > "${fpath[1]}/_dbinspect"
_dbinspect() {
  local -a opts
  local cur="${words[-1]}"
  if [[ "$cur" == -* ]]; then
    opts=("${(@f)$(_CLI_ZSH_AUTOCOMPLETE_HACK=1 ${words[1]} ${words[2,-2]} "$cur" --generate-bash-completion 2>/dev/null)}")
  else
    opts=("${(@f)$(_CLI_ZSH_AUTOCOMPLETE_HACK=1 ${words[1]} ${words[2,-2]} --generate-bash-completion 2>/dev/null)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}
if [[ "$funcstack[1]" == "_dbinspect" ]]; then
  _dbinspect "$@"
else
  compdef _dbinspect dbinspect
fi
`,
	"fish": `# fish completion for dbinspect: dbinspect completion fish > ~/.config/fish/completions/dbinspect.fish
function __dbinspect_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    if string match -q -- '-*' $cur
        $tokens $cur --generate-bash-completion 2>/dev/null
    else
        $tokens --generate-bash-completion 2>/dev/null
    end
end
complete -c dbinspect -f -a '(__dbinspect_complete)'
`,
	"powershell": `# PowerShell completion for dbinspect: dbinspect completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName dbinspect -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = $commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() }
  if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = $words[0..($words.Count - 2)] }
  if ($wordToComplete -like '-*') { $words += $wordToComplete }
  & dbinspect @words --generate-bash-completion 2>$null | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`,
}

// completeTables is describe's completion: the tables and views of --db (or the default
// environment), when they can be read quickly; nothing otherwise.
func (e *execution) completeTables(c *cli.Context) {
	if c.NArg() > 0 || e.begin(c) != nil {
		return
	}
	db, _, err := e.load(c, c.String("db"))
	if err != nil {
		return
	}
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			fmt.Fprintln(e.stdout, t.Name)
		}
		for _, v := range sc.Views {
			fmt.Fprintln(e.stdout, v.Name)
		}
	}
}
