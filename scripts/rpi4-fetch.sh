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

lists=$cache/lists
mkdir -p "$lists/partial" "$cache/apt-cache/archives/partial"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
	"${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "${DEBIAN_SUITE:-bookworm}" \
	>"$cache/sources.list"
aptopts="-o APT::Architecture=arm64 -o APT::Architectures=arm64
	-o Dir::State::Lists=$lists -o Dir::Etc::SourceList=$cache/sources.list
	-o Dir::Etc::SourceParts=/nonexistent -o Dir::Cache=$cache/apt-cache
	-o APT::Sandbox::User=root"
updated=

apt_update() {
	[ -n "$updated" ] && return 0
	# shellcheck disable=SC2086
	apt-get $aptopts --error-on=any update >"$cache/update.log" 2>&1 ||
		{ tail -n 5 "$cache/update.log" >&2; die "apt-get update (arm64) failed: cannot fetch Debian package lists"; }
	updated=1
}

# download PKG: the cached .deb of PKG (arm64), fetched when missing.
download() {
	pkg=$1
	deb=$(ls "$cache"/"$pkg"_*_arm64.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		apt_update
		echo "rpi4-fetch: downloading $pkg (arm64) into $cache" >&2
		# shellcheck disable=SC2086
		(cd "$cache" && apt-get $aptopts download "$pkg" >&2) || die "apt-get download $pkg failed"
		deb=$(ls "$cache"/"$pkg"_*_arm64.deb 2>/dev/null | head -n 1 || true)
		[ -n "$deb" ] || die "download of $pkg left no .deb in $cache"
	fi
	echo "$deb"
}

# The kernel package: reuse whatever fetch-dtbs.sh already downloaded.
deb=$(ls "$cache"/linux-image-*-arm64_*_arm64.deb 2>/dev/null | grep -v unsigned | head -n 1 || true)
if [ -z "$deb" ]; then
	apt_update
	# shellcheck disable=SC2086
	pkg=$(apt-cache $aptopts depends linux-image-arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || die "cannot resolve linux-image-arm64 to a versioned package"
	deb=$(download "$pkg")
fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards '*/broadcom/bcm2711-rpi-4-b.dtb' ||
	die "cannot extract bcm2711-rpi-4-b.dtb from $deb"
dtb=$(find "$tmp" -name bcm2711-rpi-4-b.dtb | head -n 1)
[ -s "$dtb" ] || die "bcm2711-rpi-4-b.dtb missing from $deb"
cp "$dtb" "$out/bcm2711-rpi-4-b.dtb"
echo "$(basename "$deb")" >"$out/SOURCE"

if [ "$want_uboot" = uboot ]; then
	udeb=$(download u-boot-rpi)
	dpkg-deb --fsys-tarfile "$udeb" | tar -x -C "$tmp" ./usr/lib/u-boot/rpi_4/u-boot.bin ||
		die "cannot extract usr/lib/u-boot/rpi_4/u-boot.bin from $udeb"
	[ -s "$tmp/usr/lib/u-boot/rpi_4/u-boot.bin" ] || die "rpi_4/u-boot.bin missing from $udeb"
	cp "$tmp/usr/lib/u-boot/rpi_4/u-boot.bin" "$out/u-boot.bin"
	echo "$(basename "$udeb")" >>"$out/SOURCE"
fi
