#!/bin/bash
# Installs the host packages the QEMU harness needs (Debian 12 host).
# Idempotent: quiet when everything is already installed.
set -euo pipefail
pkgs=(qemu-system-x86 qemu-system-data debootstrap cpio xz-utils binutils ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup.sh: done"
