#!/bin/bash
# Prints the Debian archive mirror this host's apt already uses, so that the
# guests are built from the same mirror (whatever it is: a local proxy, a
# company mirror, a snapshot). CRONSIM_DEBIAN_MIRROR overrides it.
# It picks the repository that serves the host's own release (e.g. "bookworm",
# component main): not -security or -updates, which have no debootstrap suites.
set -euo pipefail
if [ -n "${CRONSIM_DEBIAN_MIRROR:-}" ]; then
  echo "$CRONSIM_DEBIAN_MIRROR"; exit 0
fi
. /etc/os-release
codename=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
uri=$(apt-get indextargets --format '$(REPO_URI)' "Release: $codename" 'Component: main' 'Identifier: Packages' 2>/dev/null | head -1)
if [ -z "$uri" ]; then
  echo "mirror.sh: apt has no repository for $codename main; set CRONSIM_DEBIAN_MIRROR" >&2
  exit 1
fi
echo "${uri%/}"
