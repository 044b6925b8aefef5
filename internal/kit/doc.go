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
//   - Signed and SignedOffset: a shift ("+1h") and a UTC offset ("+5:30");
//   - MatchingWalls: the wall minutes of a stretch at which a schedule
//     matches;
//   - Display, Quote and Escaped: input echoed back, with control
//     characters escaped.
//
// It is internal: its API serves the two front ends and may change with
// them.
package kit
