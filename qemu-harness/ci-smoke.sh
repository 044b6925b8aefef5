#!/bin/bash
# CI smoke test of the QEMU harness: installs host packages, builds the
# bookworm guest if it is not cached, records "30 1 * * *" across Dublin's
# 2021 spring-forward gap and checks that the real cron ran it exactly once,
# at 2021-03-28T01:00Z (02:00 local). Exits non-zero otherwise.
#   bash qemu-harness/ci-smoke.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
t0=$(date +%s)
step() { echo "ci-smoke [$(( $(date +%s) - t0 ))s]: $*"; }
step "host packages"
"$here/setup.sh"
step "bookworm guest (cached after the first build)"
"$here/build-guest.sh" bookworm
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"
step "recording qemu-harness/plans/ci-smoke.json"
go run ./qemu-harness/cmd/record -plan qemu-harness/plans/ci-smoke.json -out "$out" -j 1
step "checking"
go run ./qemu-harness/cmd/smokecheck "$out/ci-smoke-dublin-2021-spring.json"
step "passed"
