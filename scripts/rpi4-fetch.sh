#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rpi4-fetch.sh DIR [uboot] - the Debian files the Raspberry Pi 4 SD card
# needs, downloaded at build time (never committed):
#
#   DIR/bcm2711-rpi-4-b.dtb  from Debian's arm64 linux-image package
#   DIR/u-boot.bin           with "uboot": /usr/lib/u-boot/rpi_4/u-boot.bin
#                            from Debian's u-boot-rpi (arm64)
#
# Same approach and cache as scripts/fetch-dtbs.sh: a private apt state for
# arm64 in $ARBOR_CACHE (default /tmp/arbor-arm64-cache), so the host's apt
# configuration is untouched and reruns do not download again. Any failure
# is fatal: an SD card without its DTB would not boot.

set -eu

die() {
	echo "rpi4-fetch: error: $*" >&2
	exit 1
}

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: $0 DIR [uboot]"
out=$1
want_uboot=${2:-}
cache=${ARBOR_CACHE:-/tmp/arbor-arm64-cache}

command -v dpkg-deb >/dev/null || die "dpkg-deb not found (apt-get install dpkg)"
command -v apt-get >/dev/null || die "apt-get not found"

mkdir -p "$out" "$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The kernel package (reusing what fetch-dtbs.sh downloaded) and u-boot-rpi.
. "$(dirname "$0")/arm64-deb.sh"
deb=$(arm64_kernel_deb)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards '*/broadcom/bcm2711-rpi-4-b.dtb' ||
	die "cannot extract bcm2711-rpi-4-b.dtb from $deb"
dtb=$(find "$tmp" -name bcm2711-rpi-4-b.dtb | head -n 1)
[ -s "$dtb" ] || die "bcm2711-rpi-4-b.dtb missing from $deb"
cp "$dtb" "$out/bcm2711-rpi-4-b.dtb"
echo "$(basename "$deb")" >"$out/SOURCE"

if [ "$want_uboot" = uboot ]; then
	udeb=$(arm64_deb u-boot-rpi)
	dpkg-deb --fsys-tarfile "$udeb" | tar -x -C "$tmp" ./usr/lib/u-boot/rpi_4/u-boot.bin ||
		die "cannot extract usr/lib/u-boot/rpi_4/u-boot.bin from $udeb"
	[ -s "$tmp/usr/lib/u-boot/rpi_4/u-boot.bin" ] || die "rpi_4/u-boot.bin missing from $udeb"
	cp "$tmp/usr/lib/u-boot/rpi_4/u-boot.bin" "$out/u-boot.bin"
	echo "$(basename "$udeb")" >>"$out/SOURCE"
fi
