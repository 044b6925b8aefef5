#!/bin/sh
# Adapter for the Python cron libraries, speaking the JSON Lines protocol
# of conformance/README.md on stdin/stdout:
#
#   go run ./conformance/cmd/conform -cmd 'sh conformance/adapters/python/run.sh croniter'
#   go run ./conformance/cmd/conform -cmd 'sh conformance/adapters/python/run.sh cronsim'
#
# croniter: Debian's python3-croniter package, run with Debian's
# /usr/bin/python3. It is never installed without asking: when it is
# missing, run.sh says so and exits, unless CRONSIM_ADAPTER_INSTALL=1 is
# set and it runs as root, when it runs apt-get install python3-croniter.
# cronsim (Python): its public source at the pinned commit below, cloned
# once into ${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters/python-cronsim,
# outside the repository, from CRONSIM_PY_GIT (default: its public
# repository; any clone or mirror of it works, a local path too, which
# needs no network). The clone is a user-level cache, not a system package.
# "run.sh LIB --version" prints the version used.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${CRONSIM_ADAPTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-adapters}
py=/usr/bin/python3
lib=${1:?usage: run.sh croniter|cronsim [--version]}
case $lib in
croniter)
	if ! "$py" -c 'import croniter' 2>/dev/null; then
		if [ "${CRONSIM_ADAPTER_INSTALL:-}" = 1 ] && [ "$(id -u)" = 0 ]; then
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-croniter >&2
		else
			echo "run.sh: Debian's python3-croniter is missing: apt-get install python3-croniter" >&2
			echo "        (or set CRONSIM_ADAPTER_INSTALL=1 and run as root to let run.sh install it)" >&2
			exit 1
		fi
	fi
	;;
cronsim)
	# cronsim 2.7 (the "Update for the 2.7 release" commit).
	commit=fd2e617787e94b15beee27fee6ebe6cbe79a72a2
	src=$cache/python-cronsim
	if [ ! -f "$src/.commit" ] || [ "$(cat "$src/.commit")" != "$commit" ]; then
		rm -rf "$src.tmp"
		git clone -q "${CRONSIM_PY_GIT:-https://github.com/cuu508/cronsim}" "$src.tmp" >&2
		git -C "$src.tmp" checkout -q "$commit" >&2
		echo "$commit" > "$src.tmp/.commit"
		rm -rf "$src"
		mv "$src.tmp" "$src"
	fi
	export PYTHONPATH="$src${PYTHONPATH:+:$PYTHONPATH}"
	;;
esac
exec "$py" -u "$here/adapter.py" "$@"
