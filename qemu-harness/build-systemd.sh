#!/bin/bash
# Builds (once, cached) a Debian root file system with systemd, for the
# systemd parse corpus (systemd-analyze calendar in a chroot) and for
# guests that boot systemd as PID 1:
#   $CACHE/systemd-<suite>/rootfs/    debootstrap minbase + systemd + tzdata
#   $CACHE/systemd-<suite>/versions   systemd / tzdata / libc6 versions
#   $CACHE/systemd-<suite>/base.cpio  the root as one newc cpio for a QEMU guest that boots
#                                     systemd as PID 1 (the -initrd of qemu-harness/cmd/record),
#                                     without systemd's generators (the getty generator would
#                                     start a serial getty on the console; none is needed)
# Usage: qemu-harness/build-systemd.sh bookworm|trixie   (FORCE=1 to rebuild)
set -euo pipefail
suite=${1:?usage: build-systemd.sh bookworm|trixie}
case "$suite" in bookworm|trixie) ;; *) echo "unknown suite $suite" >&2; exit 2;; esac
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${CRONSIM_QEMU_CACHE:-/var/cache/cronsim-qemu}
MIRROR=$("$here/mirror.sh")
log() { echo "build-systemd[$suite]: $*"; }
dir="$CACHE/systemd-$suite"
pack() {
  log "packing base.cpio (generators left out)"
  (cd "$dir/rootfs" && find . -mindepth 1 | grep -v '^\./usr/lib/systemd/system-generators/' \
     | LC_ALL=C sort | cpio -o -H newc --quiet) > "$dir/base.cpio.tmp"
  mv "$dir/base.cpio.tmp" "$dir/base.cpio"
  log "base.cpio $(du -h "$dir/base.cpio" | cut -f1)"
}
if [ -s "$dir/versions" ] && [ -z "${FORCE:-}" ]; then
  [ -s "$dir/base.cpio" ] || pack
  log "cached ($(tr '\n' ' ' < "$dir/versions"))"; exit 0
fi
command -v debootstrap >/dev/null || "$here/setup.sh"
rm -rf "$dir"; mkdir -p "$dir"
log "debootstrap --variant=minbase --include=systemd,tzdata $suite (a few minutes)"
debootstrap --variant=minbase --include=systemd,tzdata "$suite" "$dir/rootfs" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
  || { tail -20 "$dir/debootstrap.log"; exit 1; }
r="$dir/rootfs"
rm -f "$r/etc/localtime"; cp "$r/usr/share/zoneinfo/Etc/UTC" "$r/etc/localtime"
rm -rf "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "$r"/usr/share/doc "$r"/usr/share/man \
       "$r"/usr/share/info "$r"/usr/share/locale
dpkg_ver() { chroot "$r" dpkg-query -W -f='${Version}' "$1"; }
{
  echo "systemd=$(dpkg_ver systemd)"
  echo "tzdata=$(dpkg_ver tzdata)"
  echo "libc6=$(dpkg_ver libc6)"
} > "$dir/versions.tmp"
mv "$dir/versions.tmp" "$dir/versions"
pack
log "done: $(tr '\n' ' ' < "$dir/versions")"
