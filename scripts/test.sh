#!/bin/bash
# The project's test command (the README's, and what .ci/run calls).
# On a fresh Debian 12 machine it installs what the tests need (Debian's
# cron for crontab -n, QEMU and debootstrap for the harness, chromium for
# the playground's browser test), then runs: a check that no tracked file
# is binary, gofmt and go vet, the unit, property and conformance tests
# under the race detector, each fuzz target for a bounded time, the peer benchmark
# module once (as a build check, not a timing), and a real recording of
# Debian cron in QEMU. Prints progress; ends with "steps: N passed, N failed".
#
#   bash scripts/test.sh              # everything (about 10 minutes warm)
#   FUZZTIME=5m bash scripts/test.sh  # longer fuzzing
#   SKIP_QEMU=1 bash scripts/test.sh  # without the QEMU recording
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-20s}
t0=$(date +%s)
passed=0
failed=0
failures=()
step() {
	local name=$1
	shift
	echo "== [$(($(date +%s) - t0))s] $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "!! step failed: $name"
	fi
}

install_deps() {
	local missing=()
	for p in cron qemu-system-x86 qemu-system-data debootstrap cpio xz-utils binutils chromium; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "need root to install: ${missing[*]}"
		return 1
	fi
	echo "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_format() {
	local bad
	bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
	[ -z "$bad" ] || { echo "gofmt would change: $bad"; return 1; }
	go vet ./...
}

fuzz() {
	go test -run '^$' -fuzz "^$1\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 3s . 2>&1 | grep -v '^fuzz: elapsed' | tail -n 20
	return "${PIPESTATUS[0]}"
}

# The playground's browser test is a module of its own
# (playground/browsertest: chromedp stays out of the cronsim module);
# this step vets and runs it, showing its measurements (page size, first
# render) in the log.
playground_browser() {
	(cd playground/browsertest && go vet . && go test -count=1 -run '^TestBrowser$' -v . 2>&1 | grep -E 'page:|screenshot:|SKIP|FAIL|^ok|Error|_test.go'
	exit "${PIPESTATUS[0]}")
}

bench_builds() {
	[ -f bench/go.mod ] || return 0
	(cd bench && go vet ./... && go test -run '^$' -bench . -benchtime 1x ./... >/dev/null)
}

# The Go peers' conformance adapter is its own module (peer libraries stay
# out of the root module): vet builds it. Scoring the peers is
# bash conformance/adapters/scoreboard.sh, a separate, long command.
adapters_build() {
	(cd conformance/adapters/go && go vet ./...)
}

step "install test dependencies" install_deps
step "no binary file is tracked" bash scripts/check-tracked.sh
step "gofmt and go vet" check_format
# The default 10-minute limit per package is for a hung test; a loaded
# 2-core machine takes longer than that for the root package under -race
# (the whole run is held to its own limit by CI).
step "go test -race ./..." go test -race -count=1 -timeout 30m ./...
step "fuzz FuzzParse ($FUZZTIME)" fuzz FuzzParse
step "fuzz FuzzNextPrev ($FUZZTIME)" fuzz FuzzNextPrev
step "fuzz FuzzDebianLive ($FUZZTIME, against crontab -n)" fuzz FuzzDebianLive
step "playground in headless chromium" playground_browser
step "bench module builds and runs once" bench_builds
step "Go peers' conformance adapter module builds" adapters_build
if [ -z "${SKIP_QEMU:-}" ]; then
	step "QEMU: record real Debian cron across Dublin's 2021 gap" bash qemu-harness/ci-smoke.sh
fi
echo "== [$(($(date +%s) - t0))s] done"
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
