#!/bin/sh
# Adapter for the Node cron libraries (croner, cron-parser, cron), speaking
# the JSON Lines protocol of conformance/README.md on stdin/stdout:
#
#   go run ./conformance/cmd/conform -cmd 'sh conformance/adapters/node/run.sh croner'
#
# The first run installs the pinned versions of package.json with npm (the
# machine's own npm configuration decides where from) into
# ${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters/node, outside the
# repository. "run.sh LIB --version" prints the installed version.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${CRONSIM_ADAPTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters}/node
lib=${1:?usage: run.sh croner|croner-no-wildcard|cron-parser|cron [--version]}
if ! cmp -s "$here/package.json" "$cache/package.json" || [ ! -d "$cache/node_modules/${lib%-no-wildcard}" ]; then
	mkdir -p "$cache"
	cp "$here/package.json" "$cache/package.json"
	(cd "$cache" && npm install --no-audit --no-fund --omit=dev --silent >&2)
fi
exec node "$here/adapter.cjs" "$cache" "$@"
