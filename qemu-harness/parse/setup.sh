#!/bin/bash
# Prepare the two Debian `crontab -n` binaries the parse corpus is recorded from:
#   - bookworm (cron 3.0pl1-162): installed on this Debian 12 host;
#   - trixie   (cron 3.0pl1-197): in a debootstrap chroot, cached in
#     $CRONSIM_PARSE_CACHE/trixie (default /var/cache/cronsim-parse/trixie).
# Idempotent: a finished chroot is marked with .cronsim-ready and reused.
# Needs root and the Debian mirror that apt already uses.
set -euo pipefail

CACHE=${CRONSIM_PARSE_CACHE:-/var/cache/cronsim-parse}
CHROOT=$CACHE/trixie
# The mirror of the host apt configuration (CRONSIM_MIRROR or CRONSIM_DEBIAN_MIRROR override it).
MIRROR=$(CRONSIM_DEBIAN_MIRROR=${CRONSIM_MIRROR:-${CRONSIM_DEBIAN_MIRROR:-}} "$(cd "$(dirname "$0")/.." && pwd)/mirror.sh")
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "setup.sh: must run as root" >&2
	exit 1
fi
mkdir -p "$CACHE"

# 1. Host: bookworm's cron gives crontab -n.
need=()
if ! command -v crontab >/dev/null || ! dpkg -s cron >/dev/null 2>&1; then
	need+=(cron)
fi
if ! command -v debootstrap >/dev/null; then
	need+=(debootstrap)
fi
if [ ${#need[@]} -gt 0 ]; then
	apt-get update
	apt-get install -y --no-install-recommends "${need[@]}"
fi
echo "host cron: $(dpkg-query -W -f='${Version}' cron)"

# 2. trixie chroot with cron 3.0pl1-197.
if [ ! -e "$CHROOT/.cronsim-ready" ]; then
	rm -rf "$CHROOT"
	debootstrap --variant=minbase trixie "$CHROOT" "$MIRROR"
	# No daemon may start inside the chroot during package installation.
	printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
	chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
	# cron-daemon-common wants systemd-sysusers; the standalone one avoids systemd.
	chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive apt-get update
	chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends systemd-standalone-sysusers cron
	chroot "$CHROOT" apt-get clean
	touch "$CHROOT/.cronsim-ready"
fi
echo "trixie chroot cron: $(chroot "$CHROOT" dpkg-query -W -f='${Version}' cron)"

# 3. Smoke test: both must accept a valid line and reject a bad one.
check() { # $1 = label, rest = command prefix that runs crontab
	local label=$1
	shift
	local tmp
	tmp=$(mktemp -d)
	printf '* * * * * true\n' >"$tmp/ok"
	printf '60 * * * * true\n' >"$tmp/bad"
	"$@" "$tmp" ok
	"$@" "$tmp" bad && {
		echo "$label: crontab -n accepted a bad minute" >&2
		exit 1
	}
	rm -rf "$tmp"
	echo "$label: crontab -n OK"
}
host_n() { crontab -n "$1/$2" 2>/dev/null; }
chroot_n() {
	cp "$1/$2" "$CHROOT/tmp/cronsim-smoke"
	chroot "$CHROOT" crontab -n /tmp/cronsim-smoke 2>/dev/null
	local rc=$?
	rm -f "$CHROOT/tmp/cronsim-smoke"
	return $rc
}
check bookworm host_n
check trixie chroot_n
