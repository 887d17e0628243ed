# SPDX-License-Identifier: GPL-2.0
"""U-Boot on QEMU virt (boot/uboot.mk, docs/hardware/uboot.md).

- Distro boot: QEMU -bios u-boot.bin with build/uboot/disk.img (MBR, one FAT
  partition: Image, boot.scr, initramfs.cpio). Nobody types: U-Boot's default
  bootcmd finds /boot.scr, which booti's the Image with the initramfs and the
  DTB U-Boot was given. bootinfo names U-Boot, the entry EL (EL1, or EL2 with
  virtualization=on) and the command line boot.scr set.
- FIT: build/uboot/fit-disk.img holds build/arbor.itb and a boot.scr that
  bootm's it; the kernel must see the FIT's DTB (its /model is marked).
- A broken boot.scr leaves U-Boot at its "=>" prompt: the harness times out
  waiting for "arbor> ", kills QEMU and reports U-Boot's failure message.
- U-Boot's qfw path (-kernel, no -initrd) invents an initrd; it is ignored.

make check builds the disks (make uboot-disk uboot-fit-disk).
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qemu import IMAGE, ROOT, Guest, GuestError, boot_to_prompt

UBOOT = Path("/usr/lib/u-boot/qemu_arm64/u-boot.bin")
UDIR = ROOT / "build" / "uboot"
DISK = UDIR / "disk.img"
FIT_DISK = UDIR / "fit-disk.img"
ITB = ROOT / "build" / "arbor.itb"
INITRAMFS = ROOT / "build" / "initramfs.cpio"
PART_OFFSET = 2048 * 512     # scripts/mk-uboot-disk.sh: the FAT partition's start
SBIN = "/usr/sbin:/sbin:/usr/bin:/bin"


def need(*files):
    if not UBOOT.exists():
        pytest.fail(f"{UBOOT} missing: apt-get install u-boot-qemu")
    for f in files:
        if not f.exists():
            pytest.fail(f"{f} missing: run 'make uboot-disk uboot-fit-disk'")
    # Whether they hold the current build/Image: test_disk_layout, test_fit_contents.


def uboot_extra(disk):
    # snapshot=on: guests running in parallel share the image read-only.
    return ["-bios", str(UBOOT),
            "-drive", f"if=none,id=ubdisk,file={disk},format=raw,snapshot=on",
            "-device", "virtio-blk-device,drive=ubdisk"]


def script_bootargs(scr):
    """The command line a boot.scr sets: the first arbor_bootargs it assigns
    (make's UBOOT_BOOTARGS line, else the script's default)."""
    m = re.search(rb'^[^#\n]*setenv arbor_bootargs "([^"]*)"', scr.read_bytes(), re.M)
    assert m, f"no arbor_bootargs in {scr}"
    return m.group(1).decode()


def uboot_guest(disk, timeout=60, **kw):
    return Guest(kernel=None, timeout=timeout, extra=uboot_extra(disk), **kw)


def field(info, name):
    m = re.search(r"^%s:\s+(.*?)\s*$" % re.escape(name), info, re.M)
    assert m, f"no {name!r} in bootinfo:\n{info}"
    return m.group(1)


def rootfs_names():
    return sorted(p.name for p in (ROOT / "rootfs").iterdir())


def check_rootfs(g):
    out = g.cmd("ls /")
    listed = sorted(n.rstrip("/") for n in out.split())
    for name in rootfs_names():
        assert name in listed, out


def poweroff(g):
    g.send("poweroff\r")
    assert g.wait_exit(30) == 0


# ---- the images, checked on the host ---------------------------------------

def test_disk_layout():
    need(DISK)
    sf = subprocess.run(["sfdisk", "-d", str(DISK)], capture_output=True, text=True,
                        env={"PATH": SBIN})
    assert sf.returncode == 0, sf.stderr
    parts = [line for line in sf.stdout.splitlines() if line.startswith(str(DISK))]
    assert len(parts) == 1, sf.stdout
    assert re.search(r"start=\s*2048,", parts[0]) and "type=e" in parts[0], parts[0]
    assert "bootable" in parts[0], parts[0]
    img = f"{DISK}@@{PART_OFFSET}"
    ls = subprocess.run(["mdir", "-b", "-i", img, "::/"], capture_output=True, text=True,
                        env={"PATH": SBIN, "MTOOLS_SKIP_CHECK": "1"})
    assert ls.returncode == 0, ls.stderr
    assert sorted(ls.stdout.split()) == ["::/Image", "::/boot.scr", "::/initramfs.cpio"], ls.stdout
    got = subprocess.run(["mtype", "-i", img, "::/Image"], capture_output=True,
                         env={"PATH": SBIN, "MTOOLS_SKIP_CHECK": "1"})
    assert got.returncode == 0
    assert got.stdout == IMAGE.read_bytes(), "the disk's Image is stale: run 'make uboot-disk'"


def test_fit_contents():
    need(ITB)
    out = subprocess.run(["mkimage", "-l", str(ITB)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    txt = out.stdout
    assert "Default Configuration: 'qemu-virt'" in txt, txt
    kernel = txt.split("Image 0 (kernel)")[1].split("Image 1")[0]
    assert "Type:         Kernel Image" in kernel and "AArch64" in kernel, kernel
    assert "Load Address: 0x40400000" in kernel and "Entry Point:  0x40400000" in kernel
    assert f"Data Size:    {IMAGE.stat().st_size} Bytes" in kernel, kernel
    assert "RAMDisk Image" in txt and f"Data Size:    {INITRAMFS.stat().st_size} Bytes" in txt
    assert "Flat Device Tree" in txt, txt


# ---- booting ----------------------------------------------------------------

@pytest.mark.parametrize("el2", [False, True], ids=["el1", "el2"])
def test_distro_boot(el2):
    need(DISK)
    want_args = script_bootargs(UDIR / "boot.scr")
    g = uboot_guest(DISK, el2=el2)
    try:
        # No key is ever sent: distro boot must find and run boot.scr itself.
        g.expect(r"Found U-Boot script /boot\.scr")
        g.expect(r"Starting kernel")
        g.wait_prompt()
        info = g.cmd("bootinfo")
        assert field(info, "entry EL").startswith("EL2" if el2 else "EL1"), info
        assert re.match(r"U-Boot 20\d\d\.\d\d", field(info, "loader")), info
        # U-Boot's own relocated copy of QEMU's DTB, near the top of RAM.
        dtb = int(field(info, "DTB").split(",")[0], 16)
        assert 0x60000000 <= dtb < 0x80000000, info
        assert field(info, "DTB model") == "linux,dummy-virt", info
        assert field(info, "kernel image").startswith("0x40400000-"), info
        assert field(info, "command line") == want_args, info
        assert field(info, "cmdline from") == "/chosen/bootargs", info
        assert field(info, "PSCI") == ("smc" if el2 else "hvc"), info
        assert field(info, "initrd") != "none", info
        check_rootfs(g)
        poweroff(g)
    finally:
        g.close()


def test_fit_bootm():
    need(FIT_DISK, ITB)
    want_args = script_bootargs(UDIR / "fit" / "boot.scr")
    g = uboot_guest(FIT_DISK)
    try:
        g.expect(r"Found U-Boot script /boot\.scr")
        g.expect(r"Loading kernel from FIT Image")
        g.expect(r"Using 'qemu-virt' configuration")
        g.expect(r"Booting using the fdt blob")
        g.wait_prompt()
        info = g.cmd("bootinfo")
        assert field(info, "DTB model") == "linux,dummy-virt (arbor.itb)", info
        assert re.match(r"U-Boot 20\d\d\.\d\d", field(info, "loader")), info
        assert field(info, "entry EL").startswith("EL1"), info
        assert field(info, "kernel image").startswith("0x40400000-"), info
        assert field(info, "command line") == want_args, info
        assert field(info, "initrd") != "none", info
        check_rootfs(g)
        poweroff(g)
    finally:
        g.close()


def broken_disk(tmp_path, kind):
    cmd = tmp_path / "boot.cmd"
    cmd.write_text('echo "arbor-test: broken boot.scr"\n'
                   "load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} NoSuchImage\n"
                   "booti ${kernel_addr_r} - ${fdtcontroladdr}\n")
    scr = tmp_path / "boot.scr"
    subprocess.run(["mkimage", "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none",
                    "-n", "broken", "-d", str(cmd), str(scr)], check=True, capture_output=True)
    if kind == "bad-crc":
        data = bytearray(scr.read_bytes())
        data[-2] ^= 0xff            # inside the script: the data CRC no longer matches
        scr.write_bytes(bytes(data))
    shutil.copyfile(IMAGE, tmp_path / "Image")
    disk = tmp_path / "disk.img"
    subprocess.run([str(ROOT / "scripts" / "mk-uboot-disk.sh"), str(disk),
                    str(tmp_path / "Image"), str(scr)], check=True, capture_output=True)
    return disk


@pytest.mark.parametrize("kind,message", [
    ("no-image", r"arbor-test: broken boot\.scr.*SCRIPT FAILED: continuing"),
    ("bad-crc", r"Bad data crc.*SCRIPT FAILED: continuing"),
])
def test_broken_script_is_detected(tmp_path, kind, message):
    need()
    disk = broken_disk(tmp_path, kind)
    # U-Boot reaches its "=>" prompt about 3 s after start; the kernel never runs.
    g = uboot_guest(disk, timeout=15)
    try:
        with pytest.raises(GuestError) as err:
            g.wait_prompt()
        console = str(err.value)
        assert "timed out waiting for" in console, console
        assert re.search(message, console, re.S), console
        assert re.search(r"^=> ", console, re.M), console
        assert "Starting kernel" not in console
        assert not g.child.isalive(), "the harness must kill a hung guest"
    finally:
        g.close()


def test_qfw_invented_initrd_ignored():
    """bootcmd_qfw: -kernel without -initrd still passes booti a ramdisk."""
    need()
    g = Guest(kernel=IMAGE, timeout=60, append="qfw=1", extra=["-bios", str(UBOOT)])
    try:
        g.expect(r"initrd: ignoring 0x[0-9a-f]+-0x[0-9a-f]+ from U-Boot: not a cpio archive")
        g.expect(r"initramfs: no initrd")
        g.wait_prompt()
        info = g.cmd("bootinfo")
        assert field(info, "initrd").startswith("none (ignored"), info
        assert field(info, "command line") == "qfw=1", info
        assert re.match(r"U-Boot ", field(info, "loader")), info
    finally:
        g.close()


def test_direct_boot_reports_no_uboot():
    g = boot_to_prompt()
    try:
        info = g.cmd("bootinfo")
        assert field(info, "loader") == "direct (no /chosen/u-boot,version)", info
        assert field(info, "cmdline from") == "CONFIG_CMDLINE", info
    finally:
        g.close()


