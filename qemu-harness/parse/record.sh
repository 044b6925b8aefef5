#!/bin/bash
# Regenerate the parse corpus: conformance/parse/{bookworm-3.0pl1-162,trixie-3.0pl1-197}.json.
# Run as root on a Debian 12 host after setup.sh. Deterministic for a given
# SEED and COUNT (the verdicts come from Debian's crontab -n each time).
set -euo pipefail

SEED=${SEED:-1}
COUNT=${COUNT:-20000}
CACHE=${CRONSIM_PARSE_CACHE:-/var/cache/cronsim-parse}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$repo/conformance/parse
mkdir -p "$out" "$CACHE"
cd "$repo"

go build -o "$CACHE/gen" ./qemu-harness/parse/gen
go build -o "$CACHE/record" ./qemu-harness/parse/record
"$CACHE/gen" -seed "$SEED" -count "$COUNT" >"$CACHE/specs.jsonl"

"$CACHE/record" -seed "$SEED" -count "$COUNT" -out "$out/bookworm-3.0pl1-162.json" \
	-made-by "qemu-harness/parse/record.sh (SEED=$SEED COUNT=$COUNT): gen -seed $SEED -count $COUNT | record; per spec: printf '%s true\\n' SPEC >crontab; LC_ALL=C /usr/bin/crontab -n crontab (host, Debian 12, as root)" \
	<"$CACHE/specs.jsonl"

"$CACHE/record" -seed "$SEED" -count "$COUNT" -root "$CACHE/trixie" -out "$out/trixie-3.0pl1-197.json" \
	-made-by "qemu-harness/parse/record.sh (SEED=$SEED COUNT=$COUNT): gen -seed $SEED -count $COUNT | record -root $CACHE/trixie; per spec: printf '%s true\\n' SPEC >crontab; chroot $CACHE/trixie, LC_ALL=C /usr/bin/crontab -n crontab (as root)" \
	<"$CACHE/specs.jsonl"
