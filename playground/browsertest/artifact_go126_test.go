//go:build go1.26

package browsertest_test

import "testing"

// artifactDir is the test's output directory: kept under -outputdir
// with go test -artifacts (Go 1.26), a temporary directory otherwise.
func artifactDir(t *testing.T) string { return t.ArtifactDir() }
