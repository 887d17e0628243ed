#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mk-rpi4-sdcard.sh BOOTDIR IMAGE [SIZE_MIB] - an SD-card image for the
# Raspberry Pi 4 built with host tools only (no root, no loop devices):
# an MBR with one FAT32 partition (type 0x0c, FAT32 LBA, bootable) from
# 1 MiB to the end, holding every file of BOOTDIR.
#
#   sfdisk      writes the partition table into the image file
#   mkfs.vfat   formats a separate partition file (FAT32, 512-byte clusters
#               so that a small card still has enough clusters for FAT32)
#   mcopy       copies the files in (mtools, no mount)
#   dd          puts the partition into the image at 1 MiB
#
# The volume ID and label are fixed so the image is reproducible.

set -eu

die() {
	echo "mk-rpi4-sdcard: error: $*" >&2
	exit 1
}

[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: $0 BOOTDIR IMAGE [SIZE_MIB]"
dir=$1
img=$2
size_mib=${3:-64}
PATH=$PATH:/usr/sbin:/sbin

for t in sfdisk mkfs.vfat mcopy mdir dd; do
	command -v $t >/dev/null || die "$t not found (apt-get install fdisk dosfstools mtools)"
done
[ -d "$dir" ] || die "no directory $dir"
[ "$size_mib" -ge 40 ] || die "FAT32 needs at least 40 MiB here (got $size_mib)"

part_start=2048				# sectors: 1 MiB, the usual alignment
total=$((size_mib * 2048))
part_size=$((total - part_start))

rm -f "$img.tmp" "$img.part"
truncate -s "${size_mib}M" "$img.tmp"
printf 'label: dos\nlabel-id: 0x41524230\nunit: sectors\n\nstart=%d, size=%d, type=c, bootable\n' \
	$part_start $part_size | sfdisk --quiet "$img.tmp" >/dev/null ||
	die "sfdisk failed"

truncate -s $((part_size * 512)) "$img.part"
mkfs.vfat -F 32 -S 512 -s 1 -n ARBORBOOT -i 41524230 -h $part_start "$img.part" >/dev/null ||
	die "mkfs.vfat failed"
# -m keeps the files' modification times; -o overwrites without asking.
(cd "$dir" && find . -mindepth 1 -maxdepth 1 -print) | sed 's|^\./||' | LC_ALL=C sort |
	while read -r f; do
		MTOOLS_SKIP_CHECK=1 mcopy -s -m -o -i "$img.part" "$dir/$f" ::/ || exit 1
	done || die "mcopy failed"
dd if="$img.part" of="$img.tmp" bs=1M seek=1 conv=notrunc status=none || die "dd failed"
rm -f "$img.part"
mv "$img.tmp" "$img"
