// Package kit holds what the cronsim command and the playground's page
// both need around the library, so that the two front ends give the
// same answer to the same input:
//
//   - Resolve: from an expression, a dialect, a daemon, a zone and a hash
//     key to a schedule and the zone its runs are computed in;
//   - ParseTime: a start or end time typed by a person, with one policy
//     for a wall time the zone skips or repeats (see ParseTime);
//   - DescribeParseError, Sharpen and Caret: a parse error laid out with
//     a caret under the column, and the hint that goes with it;
//   - SignedOffset: a UTC offset ("+5:30");
//   - Display, Quote and Escaped: input echoed back, with control
//     characters escaped.
//
// What the library needs as well lives below both, where the library can
// import it without exporting it: package internal/echo escapes and cuts
// echoed text (Display, Quote and Escaped are its settings for the front
// ends), and package internal/clock reads wall clocks (Wall, Shifts,
// WallMinutes) and writes spans and shifts ("1h30m", "+1h"). Sharpen stays a twin of
// the library's own (lint.go): it works on cronsim.ParseError, which a
// package below the library cannot name.
//
// It is internal: its API serves the two front ends and may change with
// them.
package kit
