#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mk-uboot-disk.sh OUT FILE... - a disk image U-Boot's distro boot can scan,
# built without root: an MBR partition table with one bootable FAT partition
# (type 0x0e FAT16 LBA, from LBA 2048) holding FILE... in its root directory.
#
# U-Boot's distro boot looks for /boot.scr on the partitions listed in the
# partition table; a bare FAT "superfloppy" has none and is never scanned.
# The FAT filesystem is made in a file of its own (mkfs.vfat, mtools' mcopy)
# and then written into the disk at the partition's offset.
#
# Environment: DISK_MB (default 32) is the whole disk's size in MiB.

set -eu

die() {
	echo "mk-uboot-disk: error: $*" >&2
	exit 1
}

[ $# -ge 2 ] || die "usage: $0 OUT FILE..."
out=$1
shift
mb=${DISK_MB:-32}
PATH="$PATH:/usr/sbin:/sbin"
for t in sfdisk mkfs.vfat mcopy; do
	command -v $t >/dev/null || die "$t not found (apt-get install fdisk dosfstools mtools)"
done

start=2048			# sectors: the partition starts at 1 MiB
total=$((mb * 2048))
psize=$((total - start))
need=0
for f in "$@"; do
	[ -f "$f" ] || die "$f: no such file"
	need=$((need + $(stat -c %s "$f") / 512 + 8))
done
[ $need -lt $((psize - 4096)) ] || die "files do not fit in a ${mb} MiB disk: set DISK_MB"

tmp=$out.tmp
part=$out.part.tmp
trap 'rm -f "$tmp" "$part"' EXIT
rm -f "$tmp" "$part"

# The FAT16 partition (FAT32 needs at least 65525 clusters, too many here).
mkfs.vfat -C -F 16 -i 41524230 -n ARBOR-BOOT "$part" $((psize / 2)) >/dev/null
# mtools refuses files it cannot map to a drive letter unless told not to check.
MTOOLS_SKIP_CHECK=1 mcopy -o -i "$part" "$@" ::/

truncate -s $((total * 512)) "$tmp"
printf 'label: dos\nlabel-id: 0x41524230\nstart=%d, size=%d, type=e, bootable\n' $start $psize |
	sfdisk -q "$tmp" >/dev/null
dd if="$part" of="$tmp" bs=512 seek=$start conv=notrunc,sparse status=none
mv "$tmp" "$out"
