#!/bin/bash
# Builds (once, cached) a Debian guest for recording the real cron daemon:
#   $CACHE/kernel/vmlinux          ELF kernel unpacked from Debian's linux-image-6.1.0-*-amd64
#   $CACHE/<suite>/rootfs/         debootstrap minbase + cron + tzdata + busybox
#   $CACHE/<suite>/base.cpio       the rootfs as one uncompressed newc cpio (the -initrd)
#   $CACHE/<suite>/versions        cron / tzdata / kernel versions of the guest
# The per-recording init, crontab and settings are appended by the recorder
# (qemu-harness/cmd/record) as a second cpio.
# Usage: qemu-harness/build-guest.sh bookworm|trixie|trixie-cronie|trixie-busybox   (FORCE=1 to rebuild)
#   trixie-cronie:  the trixie guest with cronie instead of cron (Debian 13 packages cronie,
#                   which conflicts with cron)
#   trixie-busybox: the trixie guest with busybox-static (the plain busybox package is
#                   built without crond) and without cron
# Both are derived from the trixie guest's root filesystem (built first if missing).
set -euo pipefail
suite=${1:?usage: build-guest.sh bookworm|trixie|trixie-cronie|trixie-busybox}
case "$suite" in bookworm|trixie|trixie-cronie|trixie-busybox) ;; *) echo "unknown suite $suite" >&2; exit 2;; esac
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${CRONSIM_QEMU_CACHE:-/var/cache/cronsim-qemu}
MIRROR=$("$here/mirror.sh")   # the mirror of the host apt configuration, or CRONSIM_DEBIAN_MIRROR
KPKG=${CRONSIM_KERNEL_PKG:-}
log() { echo "build-guest[$suite]: $*"; }

"$here/setup.sh"
mkdir -p "$CACHE/kernel" "$CACHE/$suite"

# ---- kernel -------------------------------------------------------------
if [ ! -s "$CACHE/kernel/vmlinux" ] || [ -n "${FORCE:-}" ]; then
  if [ -z "$KPKG" ]; then
    if ! apt-cache show linux-image-6.1.0-56-amd64 >/dev/null 2>&1; then apt-get update -qq; fi
    KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)
  fi
  log "kernel: downloading $KPKG"
  tmp=$(mktemp -d); chmod 755 "$tmp"; chown _apt "$tmp" 2>/dev/null || true
  (cd "$tmp" && apt-get download -q "$KPKG" >/dev/null)
  dpkg -x "$tmp"/*.deb "$tmp/x"
  vmlinuz=$(ls "$tmp"/x/boot/vmlinuz-* | head -1)
  # The bzImage carries an xz stream (magic FD 37 7A 58 5A 00): unpack it to the ELF vmlinux.
  off=$(LC_ALL=C grep -obUaP '\xFD\x37\x7A\x58\x5A\x00' "$vmlinuz" | head -1 | cut -d: -f1)
  tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream > "$tmp/vmlinux" 2>/dev/null || true
  head -c 4 "$tmp/vmlinux" | grep -q ELF || { echo "kernel unpack failed" >&2; exit 1; }
  mv "$tmp/vmlinux" "$CACHE/kernel/vmlinux"
  dpkg-deb -W --showformat='${Package} ${Version}' "$tmp"/*.deb > "$CACHE/kernel/version"
  rm -rf "$tmp"
  log "kernel: $(cat "$CACHE/kernel/version")"
else
  log "kernel: cached ($(cat "$CACHE/kernel/version"))"
fi

# ---- root filesystem ----------------------------------------------------
dir="$CACHE/$suite"
if [ -s "$dir/base.cpio" ] && [ -s "$dir/versions" ] && [ -z "${FORCE:-}" ]; then
  log "rootfs: cached ($(tr '\n' ' ' < "$dir/versions"))"
  exit 0
fi
rm -rf "$dir/rootfs" "$dir/base.cpio" "$dir/versions"
if [ "$suite" = trixie-cronie ] || [ "$suite" = trixie-busybox ]; then
  # Another daemon on the trixie guest: copy its root file system, swap the daemon.
  if [ ! -d "$CACHE/trixie/rootfs/usr/bin" ]; then FORCE= "$0" trixie; fi
  log "rootfs: copy of the trixie guest"
  cp -a "$CACHE/trixie/rootfs" "$dir/rootfs"
  if [ "$suite" = trixie-cronie ]; then want=(cronie); else want=(busybox-static); fi
  log "rootfs: apt-get install ${want[*]} (and purge cron) in the chroot"
  printf '#!/bin/sh\nexit 101\n' > "$dir/rootfs/usr/sbin/policy-rc.d"; chmod 755 "$dir/rootfs/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$dir/rootfs/etc/resolv.conf" 2>/dev/null || true
  mount -t proc proc "$dir/rootfs/proc"
  trap 'umount "$dir/rootfs/proc" 2>/dev/null || true' EXIT
  chroot "$dir/rootfs" env DEBIAN_FRONTEND=noninteractive apt-get update -qq > "$dir/debootstrap.log" 2>&1
  chroot "$dir/rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${want[@]}" >> "$dir/debootstrap.log" 2>&1 || { tail -20 "$dir/debootstrap.log"; exit 1; }
  if [ "$suite" = trixie-busybox ]; then
    chroot "$dir/rootfs" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cron cron-daemon-common >> "$dir/debootstrap.log" 2>&1 || true
  fi
  umount "$dir/rootfs/proc"; trap - EXIT
  rm -f "$dir/rootfs/usr/sbin/policy-rc.d"
elif [ "$suite" = bookworm ]; then
  log "rootfs: debootstrap --variant=minbase --include=cron,tzdata,busybox bookworm (a few minutes)"
  debootstrap --variant=minbase --include=cron,tzdata,busybox bookworm "$dir/rootfs" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
    || { tail -20 "$dir/debootstrap.log"; exit 1; }
else
  # trixie: --include=cron fails (cron-daemon-common pulls systemd); install in a chroot instead.
  log "rootfs: debootstrap --variant=minbase trixie (a few minutes)"
  debootstrap --variant=minbase trixie "$dir/rootfs" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
    || { tail -20 "$dir/debootstrap.log"; exit 1; }
  log "rootfs: apt-get install cron tzdata busybox in the chroot"
  printf '#!/bin/sh\nexit 101\n' > "$dir/rootfs/usr/sbin/policy-rc.d"; chmod 755 "$dir/rootfs/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$dir/rootfs/etc/resolv.conf" 2>/dev/null || true
  mount -t proc proc "$dir/rootfs/proc"
  trap 'umount "$dir/rootfs/proc" 2>/dev/null || true' EXIT
  chroot "$dir/rootfs" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >> "$dir/debootstrap.log" 2>&1
  chroot "$dir/rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    systemd-standalone-sysusers cron tzdata busybox >> "$dir/debootstrap.log" 2>&1 || { tail -20 "$dir/debootstrap.log"; exit 1; }
  umount "$dir/rootfs/proc"; trap - EXIT
  rm -f "$dir/rootfs/usr/sbin/policy-rc.d"
fi

log "rootfs: configuring for cheap, quiet job starts"
r="$dir/rootfs"
: > "$r/etc/crontab"                       # no system crontab (else STAT FAILED lines)
find "$r/etc/cron.d" -mindepth 1 -delete 2>/dev/null || true
mkdir -p "$r/etc/pam.d"
for pamf in cron cronie; do                 # cronie: cronie's PAM service name
[ "$pamf" = cronie ] && [ "$suite" != trixie-cronie ] && continue
cat > "$r/etc/pam.d/$pamf" <<'PAM'
# cronsim qemu-harness: permit-only PAM so that a job start costs no PAM modules
auth     required pam_permit.so
account  required pam_permit.so
session  required pam_permit.so
password required pam_permit.so
PAM
done
# blank root's password-change date (else PAM logs "password changed in future" for past dates)
sed -i 's/^root:\([^:]*\):[^:]*:/root:\1::/' "$r/etc/shadow"
rm -f "$r/etc/localtime"; cp "$r/usr/share/zoneinfo/Etc/UTC" "$r/etc/localtime"
rm -rf "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "$r"/usr/share/doc "$r"/usr/share/man \
       "$r"/usr/share/info "$r"/usr/share/locale "$r"/var/cache/debconf/*-old
dpkg_ver() { chroot "$r" dpkg-query -W -f='${Version}' "$1"; }
{
  case "$suite" in
    trixie-cronie)  echo "cronie=$(dpkg_ver cronie)";;
    trixie-busybox) echo "busybox-static=$(dpkg_ver busybox-static)";;
    *)              echo "cron=$(dpkg_ver cron)";;
  esac
  echo "tzdata=$(dpkg_ver tzdata)"
  echo "libc6=$(dpkg_ver libc6)"
  echo "kernel=$(cat "$CACHE/kernel/version")"
} > "$dir/versions.tmp"

log "rootfs: packing base.cpio"
(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) > "$dir/base.cpio.tmp"
mv "$dir/base.cpio.tmp" "$dir/base.cpio"
mv "$dir/versions.tmp" "$dir/versions"
log "done: $(du -h "$dir/base.cpio" | cut -f1) base.cpio; $(tr '\n' ' ' < "$dir/versions")"
