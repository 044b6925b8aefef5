package main

import (
	"bytes"
	"fmt"
)

// Everything the CLI echoes from its input (expressions, crontab lines,
// file names, flag values) goes through kit.Display or kit.Quote (see
// package kit): control characters and invalid UTF-8 are escaped, and
// long text is cut with a marker.

// jsonSafe escapes, in JSON text from encoding/json, the control
// characters it leaves raw: DEL and the C1 controls U+0080-U+009F (U+009B
// is a CSI, which some terminals obey as ESC [ does). The JSON means the
// same; only a terminal showing it sees the difference.
func jsonSafe(b []byte) []byte {
	if !bytes.ContainsAny(b, "\x7f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f") {
		return b // the common case: nothing to escape, nothing allocated
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = append(out, fmt.Sprintf(`\u%04x`, b[i+1])...)
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}
