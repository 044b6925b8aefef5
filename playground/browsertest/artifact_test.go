//go:build !go1.26

package browsertest_test

import "testing"

// artifactDir is the test's output directory; before Go 1.26 (no
// T.ArtifactDir), a temporary directory.
func artifactDir(t *testing.T) string { return t.TempDir() }
