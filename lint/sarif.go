package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS), the format code-scanning services read. Only the parts dbinspect
// fills are declared; TestSARIFValidates checks the output against the official schema.
//
// Written by hand rather than with a SARIF library: the few structs below are all a run of
// findings needs, and the Go SARIF libraries would bring a dependency for them.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// docsURL is where each rule is documented, with the rule id as the anchor.
	docsURL = "https://github.com/dbinspect/dbinspect/blob/main/docs/lint.md"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// ColumnKind is required by some consumers when regions are given.
	ColumnKind string `json:"columnKind,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Name                 string        `json:"name"`
	Help                 sarifHelp     `json:"help"`
	HelpURI              string        `json:"helpUri"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
	Properties           sarifProps    `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifProps struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

// sarifResultProps carries the SQL that fixes a finding. (SARIF's own fixes describe edits
// of the analysed file; dbinspect proposes statements to run instead.)
type sarifResultProps struct {
	Fix string `json:"fix"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Name               string `json:"name"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

var sarifLevel = map[Severity]string{Error: "error", Warning: "warning", Notice: "note"}

func renderSARIF(w io.Writer, r *Report, o RenderOptions) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "dbinspect", Version: o.Version,
			InformationURI: "https://github.com/dbinspect/dbinspect", Rules: []sarifRule{}}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	for _, info := range r.Rules {
		index[info.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(info))
	}
	uri := fileURI(o.File)
	for _, f := range r.Findings {
		loc := sarifLocation{LogicalLocations: []sarifLogical{{FullyQualifiedName: f.Object, Name: logicalName(f), Kind: logicalKind(f.Kind)}}}
		if uri != "" {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}
			if line := o.Locate(f); line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
			}
		}
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel[f.Severity],
			Message:   sarifText{Text: f.Object + ": " + f.Message},
			Locations: []sarifLocation{loc},
			// The object and rule identify a finding across runs, whatever line it is on.
			PartialFingerprints: map[string]string{"dbinspectObject/v1": f.Rule + ":" + f.Object},
		}
		if f.Accepted != "" {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: f.Accepted}}
		}
		if f.Fix != "" {
			res.Message.Text += "\nFix: " + f.Fix
			res.Properties = &sarifResultProps{Fix: f.Fix}
		}
		run.Results = append(run.Results, res)
	}
	if uri != "" {
		run.ColumnKind = "unicodeCodePoints"
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifRuleOf(info Info) sarifRule {
	help := "Why: " + info.Why + ".\nFix: " + info.Fix + "."
	md := "**Why:** " + info.Why + ".\n\n**Fix:** " + info.Fix + "."
	if info.Params != "" {
		help += "\nParameters: " + info.Params + "."
		md += "\n\n**Parameters:** " + info.Params + "."
	}
	tags := []string{"schema", "dbinspect"}
	if info.OptIn {
		tags = append(tags, "convention")
	}
	return sarifRule{
		ID:                   info.ID,
		Name:                 ruleName(info.ID),
		ShortDescription:     sarifText{Text: info.Title},
		FullDescription:      sarifText{Text: info.Why + "."},
		Help:                 sarifHelp{Text: help, Markdown: md},
		HelpURI:              docsURL + "#" + info.ID,
		DefaultConfiguration: sarifRuleConf{Level: sarifLevel[info.Severity]},
		Properties:           sarifProps{Tags: tags},
	}
}

// logicalName is the last part of a finding's object path.
func logicalName(f Finding) string {
	if f.Name != "" {
		return f.Name
	}
	if f.Table != "" {
		return f.Table
	}
	return f.Schema
}

// logicalKind maps a finding's kind to SARIF's well-known logical location kinds.
func logicalKind(k Kind) string {
	switch k {
	case KindSchema:
		return "namespace"
	case KindTable, KindView, KindEnum, KindDomain:
		return "type"
	case KindColumn:
		return "member"
	case KindFunction:
		return "function"
	}
	return "object"
}

// fileURI turns a path as the user gave it into a relative (or file:) URI reference.
func fileURI(path string) string {
	if path == "" {
		return ""
	}
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// ruleName is a rule id in the PascalCase SARIF viewers show as the rule's name:
// no-primary-key → NoPrimaryKey.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
