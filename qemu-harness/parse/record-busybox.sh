#!/bin/bash
# Record BusyBox crond's parse corpus: conformance/parse/busybox-<version>.json,
# crond's own reading (bitmaps per field, parse errors, crashes) of the same
# specs as Debian's files (gen, SEED=1 COUNT=20000 by default). BusyBox is
# taken from the trixie-busybox recording guest's root file system:
#   qemu-harness/build-guest.sh trixie-busybox
# Run as root. Deterministic for a given SEED and COUNT.
set -euo pipefail

SEED=${SEED:-1}
COUNT=${COUNT:-20000}
QCACHE=${CRONSIM_QEMU_CACHE:-/var/cache/cronsim-qemu}
CACHE=${CRONSIM_PARSE_CACHE:-/var/cache/cronsim-parse}
root=$QCACHE/trixie-busybox/rootfs
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$repo/conformance/parse
[ -x "$root/bin/busybox" ] || { echo "no busybox guest: run qemu-harness/build-guest.sh trixie-busybox" >&2; exit 1; }
mkdir -p "$out" "$CACHE"
cd "$repo"

go build -o "$CACHE/gen" ./qemu-harness/parse/gen
go build -o "$CACHE/busybox" ./qemu-harness/parse/busybox
"$CACHE/gen" -seed "$SEED" -count "$COUNT" >"$CACHE/specs.jsonl"
ver=$(chroot "$root" dpkg-query -W -f='${Version}' busybox-static)
"$CACHE/busybox" -j 1 -version "$ver" -seed "$SEED" -count "$COUNT" -root "$root" -out "$out/busybox-${ver#*:}.json" \
	-made-by "qemu-harness/parse/record-busybox.sh (SEED=$SEED COUNT=$COUNT): gen -seed $SEED -count $COUNT | busybox -root <trixie-busybox guest rootfs>; crontabs of 250 specs, each line SPEC true followed by the sentinel 59 23 31 12 6 x, then end; chroot, busybox crond -f -l 5 -L LOG -c DIR (as root) until every sentinel is printed; a batch crond dies in or that cannot be attributed for sure is rerun one spec per crond" \
	<"$CACHE/specs.jsonl"
