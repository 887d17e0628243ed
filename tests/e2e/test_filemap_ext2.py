# SPDX-License-Identifier: GPL-2.0
"""File mappings over ext2 on virtio-blk, checked on the host afterwards:
a shared mapping's writes reach the disk on msync(MS_SYNC) even when QEMU
is killed right after it returns (crash consistency); they survive poweroff
with a clean e2fsck; private mappings never write the file; SIGBUS past
the end after truncate; the periodic flusher writes without any sync; and
a 128 MiB guest maps and reads a 160 MiB file, reclaiming clean page-cache
pages as it goes.
"""
import re
import struct
import time

import pytest

from fsutil import (HAVE_E2FSPROGS, debugfs_cat, drive, fsck, make_ext2_image, mmap, open_fd,
                    peek, tool)
from qemu import boot_to_prompt

PAGE = 4096

pytestmark = pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")


def page_pattern(n):
    """n pages; each starts with its index (8 bytes LE), then 0xa5 filler."""
    out = bytearray(b"\xa5" * (n * PAGE))
    for i in range(n):
        out[i * PAGE:i * PAGE + 8] = struct.pack("<Q", i)
    return bytes(out)


def test_msync_survives_kill(tmp_path):
    data = page_pattern(4)
    img = make_ext2_image(tmp_path, {"shared.bin": data})
    g = boot_to_prompt(extra=drive(img))
    try:
        fd = open_fd(g, "open /mnt/shared.bin rw")
        a = mmap(g, f"mmap 0 {4 * PAGE:#x} rw- shared {fd} 0")
        assert peek(g, a + PAGE, 8) == struct.pack("<Q", 1)
        g.cmd(f"poke {a + PAGE + 8:#x} 0xde 0xad 0xbe 0xef")
        g.cmd(f"poke {a + 3 * PAGE + 100:#x} 0x42")
        assert g.cmd(f"msync {a:#x} {4 * PAGE:#x} sync").strip() == "0"
    finally:
        g.kill()        # no poweroff, no sync: what msync wrote is all there is
    disk = debugfs_cat(img, "/shared.bin")
    want = bytearray(data)
    want[PAGE + 8:PAGE + 12] = b"\xde\xad\xbe\xef"
    want[3 * PAGE + 100] = 0x42
    assert disk == bytes(want)
    fsck(img)


def test_shared_persists_private_does_not(tmp_path):
    data = page_pattern(2)
    img = make_ext2_image(tmp_path, {"s.bin": data, "p.bin": data})
    g = boot_to_prompt(extra=drive(img))
    try:
        fs = open_fd(g, "open /mnt/s.bin rw")
        fp = open_fd(g, "open /mnt/p.bin r")
        s = mmap(g, f"mmap 0 {2 * PAGE:#x} rw- shared {fs} 0")
        p = mmap(g, f"mmap 0 {2 * PAGE:#x} rw- private {fp} 0")
        g.cmd(f"poke {s + 16:#x} 0x11 0x22")
        g.cmd(f"poke {p + 16:#x} 0x33 0x44")
        assert peek(g, p + 16, 2) == b"\x33\x44"
        pc = g.cmd("pagecache /mnt/s.bin")
        assert re.search(r"dirty 1\b", pc), pc
        # munmap of a dirty shared mapping: writeback still owes the page.
        g.cmd(f"munmap {s:#x} {2 * PAGE:#x}")
        g.cmd(f"munmap {p:#x} {2 * PAGE:#x}")
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    assert debugfs_cat(img, "/s.bin")[16:18] == b"\x11\x22"
    assert debugfs_cat(img, "/p.bin") == data
    fsck(img)


def test_sigbus_after_truncate_ext2(tmp_path):
    img = make_ext2_image(tmp_path, {"t.bin": page_pattern(3)})
    g = boot_to_prompt(extra=drive(img))
    try:
        fd = open_fd(g, "open /mnt/t.bin rw")
        a = mmap(g, f"mmap 0 {3 * PAGE:#x} r-- shared {fd} 0")
        assert peek(g, a + 2 * PAGE, 8) == struct.pack("<Q", 2)
        assert g.cmd("truncate /mnt/t.bin 4096").strip() == ""
        out = g.cmd(f"peek {a + 2 * PAGE:#x} 1")
        assert re.search(rf"SIGBUS at {a + 2 * PAGE:#x} \(BUS_ADRERR\)", out), out
        assert peek(g, a, 8) == struct.pack("<Q", 0)
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    assert debugfs_cat(img, "/t.bin") == page_pattern(1)
    fsck(img)


def test_flusher_writes_without_sync(tmp_path):
    img = make_ext2_image(tmp_path, {"keep": b"x"})
    g = boot_to_prompt(extra=drive(img))
    try:
        g.cmd("sysctl vm.dirty_writeback_centisecs=50 vm.dirty_expire_centisecs=0")
        assert g.cmd("write /mnt/flushed.txt written back by the flusher") == ""
        deadline = time.time() + 20
        while time.time() < deadline:
            time.sleep(1)       # the shell is idle: the flusher runs
            if re.search(r"dirty 0\b", g.cmd("pagecache /mnt/flushed.txt")):
                break
        time.sleep(1)
    finally:
        g.kill()
    assert debugfs_cat(img, "/flushed.txt") == b"written back by the flusher\n"
    fsck(img)


def test_reclaim_file_larger_than_ram(tmp_path):
    pages = 40960                   # 160 MiB, in a 128 MiB guest
    img = make_ext2_image(tmp_path, {"big.bin": page_pattern(pages)}, size="200M")
    g = boot_to_prompt(mem="128M", extra=drive(img), timeout=60)
    try:
        fd = open_fd(g, "open /mnt/big.bin r")
        a = mmap(g, f"mmap 0 {pages * PAGE:#x} r-- private {fd} 0")
        out = g.cmd(f"touch {a:#x} {pages * PAGE:#x} r", timeout=300)
        assert "SIG" not in out and "error" not in out, out
        for i in (0, 1, pages // 2, pages - 1):
            assert peek(g, a + i * PAGE, 8) == struct.pack("<Q", i)
        vm = dict(l.split() for l in g.cmd("vmstat").splitlines() if len(l.split()) == 2)
        mi = g.cmd("meminfo")
        total = int(re.search(r"^MemTotal:\s+(\d+) kB", mi, re.M).group(1)) // 4
        cached = int(re.search(r"^Cached:\s+(\d+) kB", mi, re.M).group(1)) // 4
        # What did not fit was reclaimed: at least the file minus all of RAM.
        assert int(vm["pgsteal_direct"]) >= pages - total, (vm, total)
        assert cached < total
        # Still a working system: memory for anonymous pages is found by reclaim.
        b = mmap(g, "mmap 0 0x800000 rw- private,anon")
        assert "SIG" not in g.cmd(f"fill {b:#x} 0x800000 7", timeout=60)
        assert peek(g, a + 12345 * PAGE, 8) == struct.pack("<Q", 12345)
    finally:
        g.close()


@pytest.mark.parametrize("cpu", ["cortex-a72", "max"])
def test_mprotect_shared_write_is_seen(tmp_path, cpu):
    # "max" has FEAT_HAFDBS: the MMU could set the dirty state itself, so a
    # shared file page must stay write-protected until page_mkwrite saw it.
    data = page_pattern(2)
    img = make_ext2_image(tmp_path, {"w.bin": data})
    g = boot_to_prompt(cpu=cpu, extra=drive(img))
    try:
        fd = open_fd(g, "open /mnt/w.bin rw")
        a = mmap(g, f"mmap 0 {2 * PAGE:#x} r-- shared {fd} 0")
        assert peek(g, a, 8) == struct.pack("<Q", 0)
        assert g.cmd(f"mprotect {a:#x} {2 * PAGE:#x} rw-").strip() == ""
        g.cmd(f"poke {a + 8:#x} 0x5a")
        assert re.search(r"dirty 1\b", g.cmd("pagecache /mnt/w.bin"))
        assert g.cmd(f"msync {a:#x} {2 * PAGE:#x} sync").strip() == "0"
    finally:
        g.kill()
    assert debugfs_cat(img, "/w.bin")[8] == 0x5a
    fsck(img)


def test_dirty_more_than_ram(tmp_path):
    # 200 MiB written through a shared mapping in a 128 MiB guest: the
    # writer is throttled into writing back (balance_dirty_pages), clean
    # pages are reclaimed, and every byte reaches the disk.
    img = make_ext2_image(tmp_path, {"keep": b"k"}, size="300M")
    g = boot_to_prompt(mem="128M", extra=drive(img), timeout=60)
    try:
        assert g.cmd("write -n /mnt/big x") == ""
        assert g.cmd("truncate /mnt/big 200M") == ""
        fd = open_fd(g, "open /mnt/big rw")
        a = mmap(g, f"mmap 0 200M rw- shared {fd} 0")
        out = g.cmd(f"fill {a:#x} 200M 0x61", timeout=600)
        assert "SIG" not in out and "failure" not in out, out[-2000:]
        vm = dict(l.split() for l in g.cmd("vmstat").splitlines() if len(l.split()) == 2)
        assert int(vm["pgdirty_throttle"]) > 0 and int(vm["pgsteal_direct"]) > 0, vm
        assert g.cmd(f"msync {a:#x} 200M sync", timeout=300).strip() == "0"
        g.send("poweroff\r")
        assert g.wait_exit(timeout=300) == 0
    finally:
        g.kill()
    fsck(img)
    data = debugfs_cat(img, "/big")
    assert len(data) == 200 << 20 and data.count(b"a") == len(data)


def test_unlinked_open_and_mapped_at_poweroff(tmp_path):
    # As init ends every process before a shutdown, poweroff empties the
    # address spaces and closes their files first: a file removed while
    # still open and mapped is freed on disk, not left for fsck.
    img = make_ext2_image(tmp_path, {"keep": b"k"})
    g = boot_to_prompt(extra=drive(img))
    try:
        assert g.cmd("write /mnt/gone still open") == ""
        fd = open_fd(g, "open /mnt/gone rw")
        a = mmap(g, f"mmap 0 {PAGE:#x} rw- shared {fd} 0")
        g.cmd(f"poke {a:#x} 0x53")
        assert g.cmd("as fork").strip() == "as 1"
        assert g.cmd("rm /mnt/gone") == ""
        assert peek(g, a, 5) == b"Still"
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    fsck(img)
    out = tool("debugfs", "-R", "ls /", str(img)).stdout.decode()
    assert "gone" not in out, out
