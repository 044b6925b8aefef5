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

type Daemon uint8

const (
	DebianCron Daemon = iota
	Cronie
	BusyBox
)

// Parse on a constant daemon is judged with that daemon's parser.
func (d Daemon) Parse(expr string) (Schedule, error) { return Schedule{}, nil }

type ParseOptions struct {
	Daemon  Daemon
	Dialect Dialect
	HashKey string
}

// Parse on a literal with constant fields is judged with those options.
func (o ParseOptions) Parse(expr string) (Schedule, error) { return Schedule{}, nil }
