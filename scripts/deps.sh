#!/bin/sh
# Make sure the host tools a target needs are present. As root, install the
# missing Debian packages with apt-get; otherwise print the one line to run.
# Usage: scripts/deps.sh kconfig|build|run|uboot|rpi4|check|all
set -e
want=${1:-all}
PY=/usr/bin/python3
missing=""

need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_py() { [ -x $PY ] && $PY -c "import $1" >/dev/null 2>&1 || missing="$missing $2"; }
need_file() { [ -e "$1" ] || missing="$missing $2"; }
# Tools in /usr/sbin or /sbin, which a non-root PATH may not list.
need_sbin() {
	{ command -v "$1" || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; } >/dev/null 2>&1 ||
		missing="$missing $2"
}
# clang's libFuzzer runtime (clang -fsanitize=fuzzer) comes in a package of its own.
need_libfuzzer() {
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
		clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 ||
		missing="$missing $1"
}

need_py kconfiglib python3-kconfiglib
case $want in
build|run|check|all)
	need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	need_cmd make make
	need_cmd cpio cpio	# build/initramfs.cpio from rootfs/
	# build/disk.img, and e2fsck/debugfs in the tests (in /usr/sbin, maybe not on PATH)
	need_sbin mke2fs e2fsprogs
	;;
esac
case $want in
run|check|all)
	need_cmd qemu-system-aarch64 qemu-system-arm
	;;
esac
case $want in
check|all)
	need_cmd gcc gcc
	need_cmd dtc device-tree-compiler
	need_cmd dpkg-deb dpkg
	need_py pexpect python3-pexpect
	need_py pytest python3-pytest
	need_py xdist python3-pytest-xdist
	need_cmd clang clang
	need_libfuzzer libclang-rt-14-dev
	need_file /usr/include/bsd/sys/tree.h libbsd-dev
	;;
esac
case $want in
uboot|rpi4|check|all)
	# disk and SD images, boot scripts: make uboot-run / fit (boot/uboot.mk),
	# make rpi4-sdcard (boot/rpi4.mk) and their tests
	need_cmd mkimage u-boot-tools
	need_cmd mcopy mtools
	need_sbin mkfs.vfat dosfstools
	need_sbin sfdisk fdisk
	;;
esac
case $want in
uboot|check|all)
	need_file /usr/lib/u-boot/qemu_arm64/u-boot.bin u-boot-qemu
	need_cmd fdtput device-tree-compiler
	;;
rpi4)
	need_cmd dpkg-deb dpkg
	;;
esac
case $want in
all)
	need_cmd gdb-multiarch gdb-multiarch
	;;
esac

[ -z "$missing" ] && exit 0
pkgs=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
	exit 0
fi
echo "deps: missing packages. Run:" >&2
echo "  sudo apt-get install -y $pkgs" >&2
exit 1
