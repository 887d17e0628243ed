# SPDX-License-Identifier: GPL-2.0
"""make rpi4-sdcard, checked on the host (there is no Pi 4 here):

- the image is an MBR disk with one bootable FAT32 partition (type 0x0c) at
  1 MiB, and the FAT32 boot sector agrees with the partition table;
- the partition holds kernel8.img, config.txt and bcm2711-rpi-4-b.dtb (and
  with RPI4_UBOOT=1 u-boot.bin and boot.scr), read back with mtools;
- kernel8.img is byte for byte the Image built with rpi4_defconfig (an arm64
  Image: the header's magic), build/rpi4/boot/ holds the same files, and the
  user's build/Image and .config were not touched by that build;
- config.txt says arm_64bit=1, enable_uart=1, kernel=kernel8.img (kernel=
  u-boot.bin for U-Boot) and keeps the optional settings commented out;
- boot.scr is a U-Boot script image that loads kernel8.img and runs booti
  with the firmware's DTB.
"""
import fcntl
import os
import re
import shutil
import struct
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from qemu import ROOT

BUILD = ROOT / "build"
FILES = ["bcm2711-rpi-4-b.dtb", "config.txt", "kernel8.img"]


@contextmanager
def build_lock():
    """pytest-xdist may run these tests in two workers at once: one make at a
    time, and each test reads copies taken while it held the lock."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / ".rpi4-sdcard.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def make(*args):
    # Not under the outer make's jobserver (check.py runs inside make check).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p.stdout


def mtools(cmd, img, *args):
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    p = subprocess.run([cmd, "-i", f"{img}@@1M", *args], env=env, capture_output=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return p.stdout


def check_disk(img):
    data = img.read_bytes()
    assert len(data) == 64 << 20
    mbr = data[:512]
    assert mbr[510:512] == b"\x55\xaa"
    entries = [mbr[446 + 16 * i: 462 + 16 * i] for i in range(4)]
    boot, ptype = entries[0][0], entries[0][4]
    start, size = struct.unpack_from("<II", entries[0], 8)
    assert boot == 0x80, "partition 1 is not marked bootable"
    assert ptype == 0x0C, f"partition type {ptype:#x}, want 0x0c (FAT32 LBA)"
    assert start == 2048 and start + size == len(data) // 512
    assert all(e[4] == 0 for e in entries[1:]), "more than one partition"
    bs = data[start * 512:(start + 1) * 512]
    assert bs[510:512] == b"\x55\xaa"
    assert bs[82:90] == b"FAT32   ", bs[82:90]
    assert struct.unpack_from("<H", bs, 11)[0] == 512          # bytes per sector
    assert struct.unpack_from("<I", bs, 28)[0] == start        # hidden sectors
    assert struct.unpack_from("<I", bs, 32)[0] == size         # total sectors
    assert struct.unpack_from("<H", bs, 22)[0] == 0            # FAT32: no 16-bit FAT size
    # fsck agrees (read-only)
    part = img.with_suffix(".part")
    part.write_bytes(data[start * 512:(start + size) * 512])
    try:
        fsck = subprocess.run(["/sbin/fsck.vfat", "-n", str(part)], capture_output=True,
                              text=True, timeout=60)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    finally:
        part.unlink()


def listing(img):
    out = mtools("mdir", img, "-b", "::/").decode()
    return sorted(Path(line.strip()).name for line in out.splitlines() if line.strip())


def read(img, name):
    return mtools("mtype", img, f"::/{name}")


def config_lines(text):
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


class Card:
    def __init__(self, img, boot, image):
        self.img, self.boot, self.image = img, boot, image


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rpi4")
    autoconf = ROOT / "include" / "generated" / "autoconf.h"
    with build_lock():
        rpi4_before = autoconf.exists() and b"CONFIG_BOARD_RPI4 1" in autoconf.read_bytes()
        out = make("rpi4-sdcard")
        # What make did, not file times: other people may be running make too.
        for line in out.splitlines():
            assert not re.search(r"\s(build/Image|build/arbor\.elf|\.config)$", line), \
                f"make rpi4-sdcard touched the main build: {line}"
        # The rpi4 build has its own autoconf.h: the main one keeps its board.
        assert (autoconf.exists() and b"CONFIG_BOARD_RPI4 1" in autoconf.read_bytes()) \
            == rpi4_before, "make rpi4-sdcard wrote its config into include/generated"
        shutil.copy(BUILD / "rpi4-sdcard.img", tmp / "sd.img")
        shutil.copytree(BUILD / "rpi4" / "boot", tmp / "boot")
        shutil.copy(BUILD / "rpi4-kernel" / "Image", tmp / "Image")
        shutil.copy(BUILD / "rpi4-kernel" / "include" / "generated" / "autoconf.h",
                    tmp / "autoconf.h")
    return Card(tmp / "sd.img", tmp / "boot", tmp / "Image")


@pytest.fixture
def sdcard(card):
    return card.img


def test_partition_table_and_fat32(sdcard):
    check_disk(sdcard)


def test_files_present(card):
    assert listing(card.img) == FILES
    assert sorted(p.name for p in card.boot.iterdir()) == FILES
    for name in FILES:
        assert read(card.img, name) == (card.boot / name).read_bytes(), name


def test_kernel8_is_the_rpi4_image(card):
    kernel = read(card.img, "kernel8.img")
    assert kernel == card.image.read_bytes()
    assert kernel[0x38:0x3c] == b"ARM\x64"
    text_offset, image_size, flags = struct.unpack_from("<QQQ", kernel, 8)
    assert text_offset == 0 and image_size >= len(kernel) and flags == 0xA
    # Built from rpi4_defconfig, in its own directory with its own autoconf.h.
    autoconf = (card.img.parent / "autoconf.h").read_text()
    assert "#define CONFIG_BOARD_RPI4 1" in autoconf
    assert "#define CONFIG_RASPBERRYPI_FIRMWARE 1" in autoconf
    assert "#define CONFIG_PINCTRL_BCM2835 1" in autoconf
    assert "#define CONFIG_BCM2835_WDT 1" in autoconf


def test_config_txt(sdcard):
    text = read(sdcard, "config.txt").decode()
    lines = config_lines(text)
    assert "arm_64bit=1" in lines
    assert "enable_uart=1" in lines
    assert "kernel=kernel8.img" in lines
    assert not any(ln.startswith("dtoverlay") for ln in lines), "no overlay is needed"
    # the optional settings are there, commented out
    for opt in ("uart_2ndstage=1", "init_uart_clock=48000000", "kernel_address=",
                "dtoverlay=disable-bt", "enable_gic=1"):
        assert re.search(r"^#\s*" + re.escape(opt), text, re.M), opt


def test_dtb_is_debians_pi4_tree(sdcard):
    dtb = read(sdcard, "bcm2711-rpi-4-b.dtb")
    assert dtb[:4] == b"\xd0\x0d\xfe\xed"
    assert b"Raspberry Pi 4 Model B\x00" in dtb
    ref = BUILD / "dtbs" / "bcm2711-rpi-4-b.dtb"
    if ref.exists():
        assert dtb == ref.read_bytes()


def test_uboot_variant(tmp_path):
    out, img = tmp_path / "rpi4", tmp_path / "sd.img"
    with build_lock():
        make("rpi4-sdcard", "RPI4_UBOOT=1", f"RPI4_OUT={out}", f"RPI4_IMG={img}")
        rpi4_image = (BUILD / "rpi4-kernel" / "Image").read_bytes()
    check_disk(img)
    assert listing(img) == sorted(FILES + ["boot.scr", "u-boot.bin"])
    lines = config_lines(read(img, "config.txt").decode())
    assert "kernel=u-boot.bin" in lines and "kernel=kernel8.img" not in lines
    assert "arm_64bit=1" in lines and "enable_uart=1" in lines
    assert read(img, "kernel8.img") == rpi4_image
    # Debian's rpi_4 build, an AArch64 binary of reasonable size
    uboot = read(img, "u-boot.bin")
    assert 200_000 < len(uboot) < 2_000_000
    assert b"U-Boot 20" in uboot
    # boot.scr: a legacy U-Boot image (magic 0x27051956) of type script (6)
    scr = read(img, "boot.scr")
    magic, = struct.unpack_from(">I", scr, 0)
    assert magic == 0x27051956
    assert scr[30] == 6, f"image type {scr[30]}"
    body = scr[64:].decode(errors="replace")
    assert re.search(r"load \$\{devtype\} \$\{devnum\}:\$\{distro_bootpart\} "
                     r"\$\{kernel_addr_r\} kernel8\.img", body), body
    assert "booti ${kernel_addr_r} - ${fdt_addr}" in body


def test_rpi4_kernel_boots_on_raspi3b(card):
    # No Pi 4 model in QEMU 7.2: the nearest board runs the very kernel8.img
    # (rpi4_defconfig) through the same Pi boot protocol and drivers.
    from qemu import boot_to_prompt

    dtb = BUILD / "dtbs" / "bcm2837-rpi-3-b.dtb"
    if not dtb.exists():
        pytest.fail(f"{dtb} missing: run scripts/fetch-dtbs.sh {BUILD / 'dtbs'}")
    g = boot_to_prompt(machine="raspi3b", cpu="cortex-a53", mem="1G", smp=4,
                       kernel=card.image, extra=["-dtb", str(dtb)])
    try:
        assert "pl011: clock 3000000 Hz from the firmware mailbox" in g.output()
        out = g.cmd("bootinfo")
        assert re.search(r"UART:\s+arm,pl011 at 0x3f201000, clock 3000000 Hz", out), out
        g.send("poweroff\r")
        g.expect("halting through the PM watchdog")
        assert g.wait_exit(20) == 0
    finally:
        g.close()
