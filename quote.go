package cronsim

import (
	"strings"
	"unicode/utf8"

	"github.com/cronsim-go/cronsim/internal/echo"
)

// Error messages and lint reports echo what the user wrote, and that text
// may be hostile: it is escaped and cut as the front ends escape and cut
// what they echo (package internal/echo, shared with them), to echoMax
// characters.

// echoMax is the most characters of user text one message echoes.
const echoMax = 64

// quoteEcho returns s as strconv.Quote would, cut to echoMax characters
// of s: `"abc"...(1234 more bytes)`.
func quoteEcho(s string) string { return echo.Quote(s, echoMax) }

// escapeEcho escapes control characters and invalid UTF-8 in s as
// strconv.Quote does, without adding quotes (text the library wrote, such
// as a Reason, keeps its own quotes), and cuts it to 4*echoMax characters.
func escapeEcho(s string) string { return echo.Escape(s, 4*echoMax, echo.EscapeTabs) }

// caretWidth is the most characters of the expression ParseError.Caret
// shows.
const caretWidth = 100

// caretWindow shows at most caretWidth characters of expr around the
// 1-based character column col, escaped, with markers where text is cut,
// and returns the padding that puts a caret under col.
func caretWindow(expr string, col int) (shown, pad string) {
	if n := utf8.RuneCountInString(expr); col < 1 || col > n+1 {
		col = min(max(col, 1), n+1) // a made-up column stays on the line
	}
	first := 0 // character index range [first, last) to show
	if col-1 > caretWidth/2 {
		first = col - 1 - caretWidth/2
	}
	last := first + caretWidth
	var b, p strings.Builder
	i, off := 0, 0
	for off < len(expr) {
		if i == last {
			b.WriteString("..." + echo.MoreBytes(len(expr)-off))
			break
		}
		text, size := echo.Piece(expr[off:])
		if i == first && first > 0 {
			b.WriteString(echo.MoreBytes(off) + "...")
			p.WriteString(strings.Repeat(" ", utf8.RuneCountInString(b.String())))
		}
		if i >= first {
			b.WriteString(text)
			if i < col-1 {
				if text == "\t" {
					p.WriteByte('\t')
				} else {
					p.WriteString(strings.Repeat(" ", utf8.RuneCountInString(text)))
				}
			}
		}
		off += size
		i++
	}
	for ; i < col-1; i++ { // a column past the end of the expression
		p.WriteByte(' ')
	}
	return b.String(), p.String()
}
