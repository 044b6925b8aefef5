package kit

import (
	"strings"

	"github.com/cronsim-go/cronsim"
)

// Caret returns line and, below it, a caret under the 1-based character
// column col, each prefixed by indent. The picture is the library's own
// (cronsim.ParseError.Caret), so that a parse error, a crontab line the
// daemon rejects and a finding of check look alike in the terminal and
// on the page: control characters escaped, tabs kept so that the caret
// lines up, a long line cut to a window around the column.
func Caret(line string, col int, indent string) string {
	pic := (&cronsim.ParseError{Expr: line, Column: col}).Caret()
	if indent == "" {
		return pic
	}
	return indent + strings.ReplaceAll(pic, "\n", "\n"+indent)
}
