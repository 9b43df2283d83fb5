// Package sqltext is the one home of SQL text handling shared by the inspector, diff, migrate,
// ddl and the exporters: scanning quoted strings, comments and dollar quotes, splitting at top
// level, and the spelling rules that both the inspector (when it reads a catalog) and diff (when
// it compares two models, possibly from files or old snapshots) must apply identically. A rule
// that lives here cannot drift between the two, which is how three bugs came about.
package sqltext
