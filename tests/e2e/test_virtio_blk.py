# SPDX-License-Identifier: GPL-2.0
"""virtio-blk over virtio-mmio: a raw disk image made here, attached with
-device virtio-blk-device, in both register layouts (legacy, QEMU 7.2's
default, and modern). lsblk, blkdump against the pattern written on the
host, blkwrite + blkflush + poweroff and the bytes in the image file, two
disks (vda is the first -device), the ktest suite with a disk, and the
commands' usage errors.
"""
import re

import pytest

from qemu import boot_to_prompt

SECTOR = 512
SECTORS = 2048  # 1 MiB
HEX_LINE = re.compile(r"^([0-9a-f]{16}):((?: [0-9a-f]{2})+)$")
MODERN = ["-global", "virtio-mmio.force-legacy=false"]


def pattern(seed):
    data = bytearray(SECTORS * SECTOR)
    for s in range(SECTORS):
        base = s * SECTOR
        for i in range(SECTOR):
            data[base + i] = (s * 7 + i + seed) & 0xff
    return bytes(data)


def make_disk(tmp_path, name, seed, size=None):
    img = tmp_path / name
    data = pattern(seed)
    if size is not None:
        data = data[:size]
    img.write_bytes(data)
    return img, data


def drive(img, n):
    return ["-drive", f"if=none,id=hd{n},file={img},format=raw",
            "-device", f"virtio-blk-device,drive=hd{n}"]


def lsblk(g):
    out = g.cmd("lsblk")
    rows = {}
    for line in out.splitlines()[1:]:
        if not line.strip():
            continue
        m = re.match(r"^(vd[a-z])\s+(\d+)\s+(\d+)K\s+([01])\s+(0x[0-9a-f]+)$", line)
        assert m, f"bad lsblk line {line!r} in {out!r}"
        rows[m[1]] = (int(m[2]), int(m[3]), int(m[4]), int(m[5], 16))
    return rows


def blkdump(g, dev, sector, count=1):
    out = g.cmd(f"blkdump {dev} {sector} {count}")
    data, expect = bytearray(), sector * SECTOR
    for line in out.splitlines():
        if not line.strip():
            continue
        m = HEX_LINE.match(line)
        assert m, f"bad blkdump line {line!r} in {out!r}"
        assert int(m[1], 16) == expect
        b = bytes(int(x, 16) for x in m[2].split())
        data += b
        expect += len(b)
    assert len(data) == count * SECTOR
    return bytes(data)


@pytest.mark.parametrize("layout", ["legacy", "modern"])
def test_read_write_flush(tmp_path, layout):
    img, data = make_disk(tmp_path, "disk.img", 0)
    extra = drive(img, 0) + (MODERN if layout == "modern" else [])
    g = boot_to_prompt(extra=extra)
    try:
        assert lsblk(g) == {"vda": (SECTORS, SECTORS // 2, 0, 0x0a003e00)}
        for sector, count in [(0, 1), (1, 2), (SECTORS - 1, 1), (1000, 8)]:
            got = blkdump(g, "vda", sector, count)
            assert got == data[sector * SECTOR:(sector + count) * SECTOR], (sector, count)
        assert g.cmd("blkwrite vda 5 0xab").strip() == ""
        assert blkdump(g, "vda", 5) == b"\xab" * SECTOR
        assert g.cmd("blkwrite vda 2047 7").strip() == ""
        assert g.cmd("blkflush vda").strip() == ""
        out = g.cmd("ktest virtio_blk")
        assert "# virtio_blk: pass:4 fail:0 skip:0 total:4" in out, out
        assert re.search(r"^\s*\d+\s+[1-9]\d*\s+GICv[23]\s+edge\s+virtio_mmio$",
                         g.cmd("interrupts"), re.M)
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.close()
    disk = img.read_bytes()
    want = bytearray(data)
    want[5 * SECTOR:6 * SECTOR] = b"\xab" * SECTOR
    want[2047 * SECTOR:2048 * SECTOR] = b"\x07" * SECTOR
    assert disk == bytes(want)


def test_two_disks(tmp_path):
    img_a, data_a = make_disk(tmp_path, "a.img", 0)
    img_b, data_b = make_disk(tmp_path, "b.img", 100, size=512 * 1024)
    g = boot_to_prompt(extra=drive(img_a, 0) + drive(img_b, 1))
    try:
        rows = lsblk(g)
        assert rows == {"vda": (SECTORS, SECTORS // 2, 0, 0x0a003e00),
                        "vdb": (SECTORS // 2, SECTORS // 4, 0, 0x0a003c00)}
        assert blkdump(g, "vda", 3) == data_a[3 * SECTOR:4 * SECTOR]
        assert blkdump(g, "vdb", 3) == data_b[3 * SECTOR:4 * SECTOR]
        assert g.cmd("blkwrite vdb 9 0x5a").strip() == ""
        assert g.cmd("blkflush vdb").strip() == ""
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.close()
    assert img_a.read_bytes() == data_a
    b = img_b.read_bytes()
    assert b[9 * SECTOR:10 * SECTOR] == b"\x5a" * SECTOR
    assert b[:9 * SECTOR] == data_b[:9 * SECTOR]
    assert b[10 * SECTOR:] == data_b[10 * SECTOR:]


def test_read_only(tmp_path):
    img, data = make_disk(tmp_path, "ro.img", 3)
    extra = ["-drive", f"if=none,id=hd0,file={img},format=raw,readonly=on",
             "-device", "virtio-blk-device,drive=hd0"]
    g = boot_to_prompt(extra=extra)
    try:
        assert lsblk(g)["vda"][2] == 1
        assert blkdump(g, "vda", 0) == data[:SECTOR]
        assert "EROFS" in g.cmd("blkwrite vda 0 1")
        out = g.cmd("ktest virtio_blk")
        assert "fail:0" in out, out
    finally:
        g.close()
    assert img.read_bytes() == data


def test_bad_arguments(tmp_path):
    img, _ = make_disk(tmp_path, "disk.img", 0)
    g = boot_to_prompt(extra=drive(img, 0))
    try:
        for line, usage in [("blkdump", "blkdump <dev> <sector> [count]"),
                            ("blkdump vda", "blkdump <dev> <sector> [count]"),
                            ("blkdump vda x", "blkdump <dev> <sector> [count]"),
                            ("blkdump vda 0 0", "blkdump <dev> <sector> [count]"),
                            ("blkdump vda 0 9", "blkdump <dev> <sector> [count]"),
                            ("blkwrite vda 0", "blkwrite <dev> <sector> <byte>"),
                            ("blkwrite vda 0 256", "blkwrite <dev> <sector> <byte>"),
                            ("blkflush", "blkflush <dev>"),
                            ("lsblk x", "lsblk")]:
            assert "usage: " + usage in g.cmd(line), line
        assert "vdz: no such block device" in g.cmd("blkdump vdz 0")
        assert "vdz: no such block device" in g.cmd("blkwrite vdz 0 1")
        assert "beyond the end of vda" in g.cmd("blkdump vda 2048")
        assert "beyond the end of vda" in g.cmd("blkdump vda 2047 2")
        assert "beyond the end of vda" in g.cmd("blkwrite vda 2048 1")
        # Still working afterwards.
        assert len(lsblk(g)) == 1
    finally:
        g.close()


def test_no_disk(shell):
    assert shell.cmd("lsblk").strip() == "no block devices"
    assert "vda: no such block device" in shell.cmd("blkdump vda 0")
    out = shell.cmd("ktest virtio_blk")
    assert "pass:0 fail:0 skip:4 total:4" in out, out
