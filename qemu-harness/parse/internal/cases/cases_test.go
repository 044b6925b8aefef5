package cases

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWrite(t *testing.T) {
	type c struct {
		Spec string `json:"spec"`
		OK   bool   `json:"ok"`
	}
	path := filepath.Join(t.TempDir(), "corpus.json")
	if err := Write(path, map[string]any{"cron": "1", "command_suffix": Suffix}, []c{{"* * * * *", true}, {"<5> * * * *", false}}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// One case a line, "<" and ">" as they are (the specs are read by eye).
	want := `{"command_suffix":" true","cron":"1",
"cases": [
{"spec":"* * * * *","ok":true},
{"spec":"<5> * * * *","ok":false}
]}
`
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("Write (-want +got):\n%s", d)
	}
}

func TestReadSpecs(t *testing.T) {
	got, err := ReadSpecs(strings.NewReader("\"* * * * *\"\n\"@daily\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"* * * * *", "@daily"}, got); d != "" {
		t.Errorf("ReadSpecs (-want +got):\n%s", d)
	}
	if _, err := ReadSpecs(strings.NewReader("\"ok\"\n* * * * *\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ReadSpecs of a line that is not JSON: %v, want an error naming line 2", err)
	}
}
