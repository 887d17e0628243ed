#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rpi4-mem-dtbs.sh DTB_DIR - copies of Debian's bcm2711-rpi-4-b.dtb with
# /memory@0 filled in the way the Pi 4 firmware does it at boot (the shipped
# tree has reg = <0 0 0>; #address-cells = 2, #size-cells = 1, so memory
# above 4 GiB takes more than one entry):
#
#   rpi4-1g.dtb  <0 0 0x3b400000>                              1 GiB board
#   rpi4-4g.dtb  + <0 0x40000000 0xbc000000>                   4 GiB board
#   rpi4-8g.dtb  + <1 0 0x80000000> <1 0x80000000 0x80000000>  8 GiB board
#
# The firmware also drops the VideoCore's share of the first GiB (here
# 0x3b400000-0x3fffffff) and the peripheral window at 0xfc000000.

set -eu
dir=$1
src=$dir/bcm2711-rpi-4-b.dtb
[ -s "$src" ] || { echo "rpi4-mem-dtbs: $src missing (scripts/fetch-dtbs.sh)" >&2; exit 1; }
command -v fdtput >/dev/null || { echo "rpi4-mem-dtbs: fdtput not found (apt-get install device-tree-compiler)" >&2; exit 1; }
out=$dir/rpi4-mem
mkdir -p "$out"
rm -f "$out/.stamp"

fill() {
	name=$1
	shift
	cp "$src" "$out/$name.dtb"
	fdtput -t x "$out/$name.dtb" /memory@0 reg "$@"
	# The firmware also writes the command line it assembled.
	fdtput -t s "$out/$name.dtb" /chosen bootargs "coherent_pool=1M 8250.nr_uarts=1 console=ttyAMA0,115200"
}

fill rpi4-1g 0 0 3b400000
fill rpi4-4g 0 0 3b400000  0 40000000 bc000000
fill rpi4-8g 0 0 3b400000  0 40000000 bc000000  1 0 80000000  1 80000000 80000000
touch "$out/.stamp"
