#!/bin/bash
# Record cronie's parse corpus: conformance/parse/cronie-<version>.json, the
# verdict of cronie's `crontab -T` (its syntax test mode) on the same specs
# as Debian's files (gen, SEED=1 COUNT=20000 by default). cronie is taken
# from the trixie-cronie recording guest's root file system:
#   qemu-harness/build-guest.sh trixie-cronie
# Run as root. Deterministic for a given SEED and COUNT.
set -euo pipefail

SEED=${SEED:-1}
COUNT=${COUNT:-20000}
QCACHE=${CRONSIM_QEMU_CACHE:-/var/cache/cronsim-qemu}
CACHE=${CRONSIM_PARSE_CACHE:-/var/cache/cronsim-parse}
root=$QCACHE/trixie-cronie/rootfs
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$repo/conformance/parse
[ -x "$root/usr/bin/crontab" ] || { echo "no cronie guest: run qemu-harness/build-guest.sh trixie-cronie" >&2; exit 1; }
mkdir -p "$out" "$CACHE"
cd "$repo"

go build -o "$CACHE/gen" ./qemu-harness/parse/gen
go build -o "$CACHE/record" ./qemu-harness/parse/record
"$CACHE/gen" -seed "$SEED" -count "$COUNT" >"$CACHE/specs.jsonl"
ver=$(chroot "$root" dpkg-query -W -f='${Version}' cronie)
"$CACHE/record" -daemon cronie -j 1 -seed "$SEED" -count "$COUNT" -root "$root" -out "$out/cronie-$ver.json" \
	-made-by "qemu-harness/parse/record-cronie.sh (SEED=$SEED COUNT=$COUNT): gen -seed $SEED -count $COUNT | record -daemon cronie -root <trixie-cronie guest rootfs>; per spec: printf '%s true\\n' SPEC >crontab; chroot, LC_ALL=C /usr/bin/crontab -T crontab (as root)" \
	<"$CACHE/specs.jsonl"
