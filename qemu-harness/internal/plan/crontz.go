package plan

import "strings"

// CronTZPrefix starts a plan line that carries a cronie CRON_TZ zone:
// "CRON_TZ=Zone fields" (see GenSpec.CronTZ).
const CronTZPrefix = "CRON_TZ="

// SplitTZ splits "CRON_TZ=Zone fields" into the zone and the fields; a
// line without the prefix has no zone.
func SplitTZ(line string) (zone, fields string) {
	if rest, ok := strings.CutPrefix(line, CronTZPrefix); ok {
		if i := strings.IndexByte(rest, ' '); i > 0 {
			return rest[:i], rest[i+1:]
		}
	}
	return "", line
}
