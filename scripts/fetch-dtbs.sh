#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fetch-dtbs.sh DIR - collect the real Device Tree blobs the host tests parse.
#
#  * QEMU's own virt DTBs, dumped with -M virt,dumpdtb=... for the machine
#    variants Arbor boots on (GICv2/GICv3, EL2, secure, RAM size, CPU count,
#    with -append and -initrd so /chosen has bootargs and an initrd).
#  * The Raspberry Pi DTBs shipped in Debian's arm64 linux-image package,
#    downloaded at test time (never committed). The .deb is cached in
#    $ARBOR_CACHE (default /tmp/arbor-arm64-cache) so reruns do not download.
#  * For every DTB, NAME.dtb.list: its memreserve entries, nodes and
#    properties in document order, taken from dtc's decompiled source, so
#    the tests can compare Arbor's reader with an independent one.
#
# Any failure is fatal: the tests assert values from these files, so a
# silently missing DTB must not turn into a silently skipped test.

set -eu

die() {
	echo "fetch-dtbs: error: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: $0 DIR"
out=$1
cache=${ARBOR_CACHE:-/tmp/arbor-arm64-cache}
qemu=${QEMU:-qemu-system-aarch64}

command -v "$qemu" >/dev/null || die "$qemu not found (apt-get install qemu-system-arm)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
command -v dtc >/dev/null || die "dtc not found (apt-get install device-tree-compiler)"
command -v apt-get >/dev/null || die "apt-get not found"

mkdir -p "$out" "$cache"
rm -f "$out/.stamp"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# dump NAME MACHINE-OPTIONS [QEMU ARGS...]
dump() {
	name=$1
	mopts=$2
	shift 2
	"$qemu" -M "virt,$mopts,dumpdtb=$out/$name.dtb" -cpu cortex-a72 \
		-display none -nographic "$@" >"$out/$name.log" 2>&1 ||
		{ cat "$out/$name.log" >&2; die "qemu dumpdtb for $name failed"; }
	[ -s "$out/$name.dtb" ] || die "qemu produced no $name.dtb"
	rm -f "$out/$name.log"
}

dump virt-gicv2         gic-version=2                      -m 128M -smp 1
dump virt-gicv2-smp4    gic-version=2                      -m 128M -smp 4
dump virt-gicv3         gic-version=3                      -m 128M -smp 1
dump virt-gicv3-smp4    gic-version=3                      -m 128M -smp 4
dump virt-el2           gic-version=2,virtualization=on    -m 128M -smp 1
dump virt-el2-gicv3     gic-version=3,virtualization=on    -m 128M -smp 4
dump virt-secure        secure=on                          -m 128M -smp 1
dump virt-2g            gic-version=2                      -m 2G   -smp 1
dump virt-2g-smp4       gic-version=3                      -m 2G   -smp 4
dump virt-bootargs      gic-version=2                      -m 128M -smp 1 \
	-kernel /dev/null -append "console=ttyAMA0 earlycon root=/dev/ram0"
# A 300000-byte initrd: QEMU puts it at 0x48000000 with 2 GiB of RAM.
head -c 300000 /dev/zero >"$tmp/initrd"
dump virt-initrd        gic-version=2                      -m 2G   -smp 1 \
	-kernel /dev/null -initrd "$tmp/initrd" -append "root=/dev/ram0"

# Debian's arm64 kernel package (scripts/arm64-deb.sh: a private apt state).
. "$(dirname "$0")/arm64-deb.sh"
deb=$(arm64_kernel_deb)

# Extract only the Broadcom DTBs: far faster than unpacking all modules.
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$tmp" --wildcards '*/broadcom/*.dtb' ||
	die "cannot extract Broadcom DTBs from $deb"
bcm=$(find "$tmp" -type d -name broadcom | head -n 1)
[ -n "$bcm" ] || die "no broadcom DTB directory in $deb"

for f in bcm2711-rpi-4-b.dtb bcm2837-rpi-3-b.dtb; do
	[ -s "$bcm/$f" ] || die "$f missing from $deb"
	cp "$bcm/$f" "$out/$f"
done
# Older packages name the Pi 3 tree bcm2710; take it when present.
[ -s "$bcm/bcm2710-rpi-3-b.dtb" ] && cp "$bcm/bcm2710-rpi-3-b.dtb" "$out/"
# Every Broadcom DTB, for the "all real trees parse" test.
mkdir -p "$out/broadcom"
cp "$bcm"/*.dtb "$out/broadcom/"
basename "$deb" >"$out/SOURCE"

# The reference listings: "R addr size", "N path", "P path name" lines.
for f in "$out"/*.dtb "$out"/broadcom/*.dtb; do
	dtc -q -I dtb -O dts "$f" >"$tmp/src.dts" || die "dtc cannot decompile $f"
	awk '
	function path(   p, i) {
		if (depth == 1)
			return "/"
		p = ""
		for (i = 2; i <= depth; i++)
			p = p "/" stk[i]
		return p
	}
	/^\/dts-v1\/;$/ { next }
	/^\/memreserve\// { sub(/;$/, "", $3); print "R " $2 " " $3; next }
	/^\t*};$/ { depth--; next }
	/^\t*[^\t ]+ {$/ { stk[++depth] = $1; print "N " path(); next }
	/^\t*[^\t ].*;$/ {
		name = $0
		sub(/^\t*/, "", name)
		sub(/( = .*)?;$/, "", name)
		print "P " path() " " name
		next
	}
	/^$/ { next }
	{ print "unparsed line: " $0 > "/dev/stderr"; bad = 1 }
	END { exit bad }
	' "$tmp/src.dts" >"$f.list" || die "cannot list $f"
done

touch "$out/.stamp"
echo "fetch-dtbs: $(ls "$out"/*.dtb | wc -l) DTBs in $out"
