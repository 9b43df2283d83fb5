//go:build race

package cli

// raceBuild is true when the tests run under -race: buildBinary then builds with -race too,
// reusing the packages the test build compiled instead of compiling everything again.
const raceBuild = true
