#!/bin/sh
# Regenerates conformance/SCOREBOARD.md: builds this repository's CLI, the
# Go peers' adapter and the naive adapter, installs the Node libraries
# (npm) and the Python ones (Debian's python3-croniter; cronsim from its
# source) into caches outside the repository, then scores every adapter.
# Run from anywhere:
#
#   bash conformance/adapters/scoreboard.sh [-only NAME,... -out FILE] [-reuse]
#   bash conformance/adapters/scoreboard.sh -calendar-only   # the systemd timers section alone (about a minute)
#
# Each finished row's verdicts are kept in the cache (scoreboard/); with
# -reuse a row of the same library version, budget, hang rule and lines
# is taken from there, so a regeneration too long for one sitting can be
# made in parts: run some rows with -only (and -out elsewhere), then the
# whole board with -reuse.
#
# Needs go, node and npm, git, and Debian's /usr/bin/python3 with
# python3-croniter (apt-get install python3-croniter; with
# CRONSIM_ADAPTER_INSTALL=1, as root, the Python adapter installs it
# itself, and never without). The caches are
# under ${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters; CRONSIM_PY_GIT
# names where to clone Python cronsim from when its public repository is
# out of reach (any clone or mirror, a local path too).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cache=${CRONSIM_ADAPTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters}
bin=$cache/bin
mkdir -p "$bin"
echo "building into $bin" >&2
go build -o "$bin/cronsim" ./cmd/cronsim
go build -o "$bin/naive" ./conformance/adapters/naive
(cd conformance/adapters/go && go build -o "$bin/goadapters" .)
echo "installing the Node and Python libraries" >&2
for lib in croner cron-parser cron; do sh conformance/adapters/node/run.sh "$lib" --version >&2; done
for lib in croniter cronsim; do sh conformance/adapters/python/run.sh "$lib" --version >&2; done
exec go run ./conformance/cmd/scoreboard -bin "$bin" -cache "$cache/scoreboard" "$@"
