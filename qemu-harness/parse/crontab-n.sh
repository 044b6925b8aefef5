#!/bin/bash
# crontab-n.sh SPEC: Debian's verdict on one crontab time spec, from the
# host's `crontab -n` (cron 3.0pl1-162 on Debian 12). The line checked is
# SPEC followed by " true" and a newline.
# Exit 0: accepted; 1: rejected (reason on stdout, e.g. "bad minute");
# 2: crontab unavailable or gave an output of unknown shape.
# Warnings (trixie's step warning, if CRONTAB points at such a crontab) go
# to stdout too, after "ok".
# CRONTAB may name another crontab command, e.g.
#   CRONTAB="chroot /var/cache/cronsim-parse/trixie crontab" (then the
#   file is copied into the chroot's /tmp).
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 SPEC" >&2
	exit 2
fi
CRONTAB=${CRONTAB:-crontab}
read -r -a cmd <<<"$CRONTAB"
if ! command -v "${cmd[0]}" >/dev/null 2>&1; then
	echo "crontab unavailable"
	exit 2
fi
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
printf '%s true\n' "$1" >"$dir/crontab"
file=$dir/crontab
if [ "${cmd[0]}" = chroot ]; then
	root=${cmd[1]}
	rdir=$(mktemp -d "$root/tmp/crontab-n.XXXXXX") || exit 2
	trap 'rm -rf "$dir" "$rdir"' EXIT
	cp "$dir/crontab" "$rdir/crontab"
	file=/tmp/$(basename "$rdir")/crontab
fi
err=$(LC_ALL=C "${cmd[@]}" -n "$file" 2>&1 >/dev/null)
rc=$?
warn=$(printf '%s\n' "$err" | grep '^Warning: ')
case $rc in
0)
	if printf '%s\n' "$err" | grep -q '^The syntax of the crontab file was successfully checked\.$'; then
		echo "ok${warn:+ ($warn)}"
		exit 0
	fi
	;;
1)
	reason=$(printf '%s\n' "$err" | sed -n 's/^"[^"]*":-\{0,1\}[0-9]*: //p' | head -n 1)
	if [ -n "$reason" ]; then
		echo "$reason"
		exit 1
	fi
	;;
esac
echo "unexpected (exit $rc): $err" | head -n 3
exit 2
