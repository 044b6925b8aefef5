package kit

import "github.com/cronsim-go/cronsim/internal/echo"

// Everything the front ends echo from their input (expressions, crontab
// lines, file names, flag values) goes through Display or Quote: control
// characters and invalid UTF-8 are escaped as the library escapes what
// its messages echo (package internal/echo serves both), and long text is
// cut with a marker. The front ends show more of it than a library
// message: EchoWidth characters.

// EchoWidth is the most characters of one echoed text.
const EchoWidth = 100

// Display returns s escaped and cut to EchoWidth characters; a tab stays
// a tab.
func Display(s string) string { return echo.Escape(s, EchoWidth, echo.KeepTabs) }

// Quote returns s quoted as strconv.Quote does, cut to EchoWidth.
func Quote(s string) string { return echo.Quote(s, EchoWidth) }

// Escaped returns s with control characters (tabs too) and invalid UTF-8
// escaped, uncut: for messages the library wrote, which quote and cut the
// input they echo themselves (this is the second line of defence).
func Escaped(s string) string { return echo.Escape(s, 0, echo.EscapeTabs) }
