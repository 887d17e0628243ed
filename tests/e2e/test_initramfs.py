# SPDX-License-Identifier: GPL-2.0
"""The initramfs: build/initramfs.cpio (rootfs/ packed by `make`) passed
with -initrd is unpacked into the ramfs root at boot (populate_rootfs).

The boot line counts what rootfs/ holds; `ls` and `cat` show the tree byte
for byte, nested directories included; the initrd's pages are given back
to the page allocator (unless retain_initrd); a corrupt initrd (cut short,
bad magic, a ".." name) gives an error naming the offset, keeps what came
before the damage, and the shell still works. Tests that need the shell's
`ls`/`cat` are skipped while `help` does not list them.
"""
import functools
import os
import re
from pathlib import Path

import pytest

from qemu import ROOT, boot_to_prompt

CPIO = ROOT / "build" / "initramfs.cpio"
ROOTFS = ROOT / "rootfs"
UNPACK = re.compile(r"initramfs: unpacked (\d+) files, (\d+) dirs \((\d+) bytes\) "
                    r"from (0x[0-9a-f]+)-(0x[0-9a-f]+)\r*\n")
CORRUPT = re.compile(r"initramfs: corrupt archive at offset (0x[0-9a-f]+|0) \(([^)]*)\)")
MEMTOTAL = re.compile(r"^MemTotal: +(\d+) kB", re.M)

pytestmark = pytest.mark.skipif(not CPIO.exists(), reason="build/initramfs.cpio: run make")


@functools.lru_cache(maxsize=None)
def shell_commands():
    """The command names `help` lists (one boot, on first use)."""
    g = boot_to_prompt()
    try:
        out = g.cmd("help")
    finally:
        g.close()
    return frozenset(l.split()[0] for l in out.split("\n") if l.strip())


def has_ls_cat():
    return {"ls", "cat"} <= shell_commands()


# A string condition is evaluated when the test runs, so the probe boot
# happens only if such a test is selected.
needs_ls_cat = pytest.mark.skipif("not has_ls_cat()",
                                  reason="the shell has no ls/cat yet (help lacks them)")


def rootfs_tree():
    """(files, dirs, bytes) of rootfs/ as populate_rootfs counts them."""
    files, dirs = {}, []
    for dirpath, dirnames, filenames in os.walk(ROOTFS):
        rel = Path(dirpath).relative_to(ROOTFS)
        for d in dirnames:
            dirs.append(str(rel / d))
        for f in filenames:
            files[str(rel / f)] = (Path(dirpath) / f).read_bytes()
    return files, dirs


def newc_members(data):
    """(name, header offset, data offset, size, mode) of each member, as lib/cpio.c walks."""
    out, pos = [], 0
    while pos < len(data):
        assert data[pos:pos + 6] == b"070701", pos
        f = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        size, namesize = f[6], f[11]
        name = data[pos + 110:pos + 110 + namesize - 1].decode()
        doff = (pos + 110 + namesize + 3) & ~3
        if name == "TRAILER!!!":
            break
        out.append((name, pos, doff, size, f[1]))
        pos = (doff + size + 3) & ~3
    return out


def boot_log(g):
    return g.output().replace("\r\n", "\n")


def boot(**kw):
    g = boot_to_prompt(timeout=60, **kw)
    return g, boot_log(g)


@pytest.fixture(scope="module")
def rootfs_guest():
    g, log = boot(initrd=CPIO)
    yield g, log
    g.close()


def ls(g, path):
    return [l for l in g.cmd(f"ls {path}").split("\n") if l.strip()]


# ---- the good archive -------------------------------------------------------

def test_unpack_line_counts_rootfs(rootfs_guest):
    _, log = rootfs_guest
    files, dirs = rootfs_tree()
    m = UNPACK.search(log + "\n")
    assert m, log[-3000:]
    assert int(m[1]) == len(files)
    assert int(m[2]) == len(dirs)
    assert int(m[3]) == sum(len(d) for d in files.values())
    start, end = int(m[4], 16), int(m[5], 16)
    assert end - start == CPIO.stat().st_size
    assert "initramfs: corrupt" not in log
    assert "could not be created" not in log


def test_initrd_memory_freed(rootfs_guest):
    g, log = rootfs_guest
    m = re.search(r"initramfs: freed (\d+)K of initrd memory", log)
    assert m, log[-3000:]
    size_k = CPIO.stat().st_size // 1024
    # Whole pages inside the range: all of it but at most the partial edges.
    assert size_k - 8 <= int(m[1]) <= size_k, (m[1], size_k)
    # The pages are the page allocator's: MemTotal is that much above a
    # boot that keeps them.
    kept, _ = boot(initrd=CPIO, append="retain_initrd")
    try:
        retained = int(MEMTOTAL.search(kept.cmd("meminfo"))[1])
    finally:
        kept.close()
    assert int(MEMTOTAL.search(g.cmd("meminfo"))[1]) - retained == int(m[1])


def test_no_initrd_boots(fresh):
    g = fresh()
    assert "initramfs: no initrd" in boot_log(g)
    assert g.cmd("echo still here") == "still here\n"


@needs_ls_cat
def test_ls_root_and_nested_dirs(rootfs_guest):
    g, _ = rootfs_guest
    top = ls(g, "/")
    for p in sorted(ROOTFS.iterdir()):
        assert (p.name + "/" if p.is_dir() else p.name) in top, (p.name, top)
    # Directories only the archive fills list exactly its entries.
    for dirpath, dirnames, filenames in os.walk(ROOTFS):
        rel = Path(dirpath).relative_to(ROOTFS)
        if str(rel) == ".":
            continue
        want = sorted([d + "/" for d in dirnames] + filenames)
        assert ls(g, f"/{rel}") == want, rel


@needs_ls_cat
def test_cat_matches_host_bytes(rootfs_guest):
    g, _ = rootfs_guest
    files, _ = rootfs_tree()
    assert "data/lines.txt" in files and len(files["data/lines.txt"]) > 16 * 4096
    for name, data in sorted(files.items()):
        text = data.decode("ascii")
        assert text.endswith("\n"), name
        out = g.cmd(f"cat /{name}", timeout=120)
        assert out == text, f"/{name}: {len(out)} bytes shown, {len(text)} in rootfs/"


# ---- corrupt archives ------------------------------------------------------

def corrupt_boot(tmp_path, data):
    img = tmp_path / "initrd.cpio"
    img.write_bytes(data)
    return boot(initrd=img)


def still_works(g):
    assert g.cmd("echo still here") == "still here\n"
    assert "help" in g.cmd("help")


def test_truncated_archive(tmp_path):
    data = CPIO.read_bytes()
    members = newc_members(data)
    big = next(m for m in members if m[0].removeprefix("./") == "data/lines.txt")
    before = [m for m in members if m[1] < big[1]]
    # Cut in the middle of the 64 KiB file's data.
    g, log = corrupt_boot(tmp_path, data[:big[2] + big[3] // 2])
    try:
        m = CORRUPT.search(log)
        assert m, log[-3000:]
        assert int(m[1], 16) == big[2] and m[2] == "truncated file data", m[0]
        u = UNPACK.search(log + "\n")
        assert u, log[-3000:]
        # Everything before the damaged member was unpacked.
        nfiles = sum(1 for m in before if m[4] & 0o170000 == 0o100000)
        ndirs = sum(1 for m in before if m[4] & 0o170000 == 0o040000 and m[0] != ".")
        assert (int(u[1]), int(u[2])) == (nfiles, ndirs), u[0]
        still_works(g)
        if has_ls_cat():
            assert ls(g, "/data") == []
            assert g.cmd("cat /README") == (ROOTFS / "README").read_text()
    finally:
        g.close()


def test_bad_magic(tmp_path):
    data = bytearray(CPIO.read_bytes())
    data[0:6] = b"070707"	# odc, not newc
    g, log = corrupt_boot(tmp_path, bytes(data))
    try:
        m = CORRUPT.search(log)
        assert m, log[-3000:]
        assert int(m[1], 16) == 0 and "bad magic" in m[2], m[0]
        u = UNPACK.search(log + "\n")
        assert u and (u[1], u[2], u[3]) == ("0", "0", "0"), log[-3000:]
        still_works(g)
    finally:
        g.close()


def newc(entries):
    """A newc archive of (name, mode, data) entries."""
    out = b""
    for ino, (name, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")], 1):
        nm = name.encode() + b"\0"
        out += b"070701" + b"".join(b"%08x" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nm), 0)) + nm
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return out


def test_dotdot_refused_symlink_skipped(tmp_path):
    data = newc([("ok", 0o040755, b""),
                 ("ok/../escape", 0o100644, b"no\n"),
                 ("ok/link", 0o120777, b"target"),
                 ("ok/f", 0o100600, b"yes\n")])
    g, log = corrupt_boot(tmp_path, data)
    try:
        assert re.search(r"initramfs: ok/\.\./escape: error: EINVAL", log), log[-3000:]
        assert "initramfs: skipped 1 symlinks" in log, log[-3000:]
        u = UNPACK.search(log + "\n")
        assert u and (u[1], u[2], u[3]) == ("1", "1", "4"), log[-3000:]
        still_works(g)
        if has_ls_cat():
            assert ls(g, "/ok") == ["f"]
            assert g.cmd("cat /ok/f") == "yes\n"
    finally:
        g.close()
