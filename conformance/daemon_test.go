package conformance

import (
	"testing"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

func TestCorpusName(t *testing.T) {
	var got []string
	for _, d := range cronsim.Daemons {
		name := CorpusName(d)
		got = append(got, name)
		if back, err := cronsim.ParseDaemon(name); err != nil || back != d {
			t.Errorf("ParseDaemon(CorpusName(%v) = %q) = %v, %v", d, name, back, err)
		}
	}
	if diff := cmp.Diff([]string{DebianCron, Cronie, BusyboxCrond, KubernetesCronJob}, got); diff != "" {
		t.Errorf("corpus names of cronsim.Daemons (-want +got):\n%s", diff)
	}
}
