// Package cronsim is a stub of github.com/cronsim-go/cronsim with the
// signatures the analyzer looks for.
package cronsim

type Dialect uint8

const (
	Strict Dialect = iota
	Debian
	DebianBookworm
)

type Schedule struct{}

func Parse(expr string) (Schedule, error)                   { return Schedule{}, nil }
func MustParse(expr string) Schedule                        { return Schedule{} }
func ParseDialect(expr string, d Dialect) (Schedule, error) { return Schedule{}, nil }
func ParseEntry(line string, d Dialect) (struct{}, error)   { return struct{}{}, nil }

// Parse as a method is not the package function.
func (Schedule) Parse(expr string) {}
