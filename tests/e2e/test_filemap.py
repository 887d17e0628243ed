# SPDX-License-Identifier: GPL-2.0
"""File mappings and shmem from the shell, on the ramfs root and tmpfs:
what maps shows for files and for MAP_SHARED|MAP_ANONYMOUS (/dev/zero
(deleted)), shared writes reaching cat, private writes not reaching the
file, SIGBUS past end of file and after truncate, the file checks of mmap
with Linux's errno names, fork sharing shmem pages, MADV_DONTNEED on shared
memory keeping its data, msync, meminfo's Cached/Shmem/Mapped arithmetic,
and a tmpfs size limit.
"""
import re

import pytest

from fsutil import mmap, open_fd, peek

MAPS_LINE = re.compile(
    r"^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) ([0-9a-f]{8}) "
    r"([0-9a-f]{2}):([0-9a-f]{2}) (\d+)\s*(.*)$")


def maps(g):
    rows = []
    for line in g.cmd("maps").splitlines():
        m = MAPS_LINE.match(line.strip())
        if m:
            rows.append(m.groups())
    return rows


def meminfo(g):
    out = {}
    for line in g.cmd("meminfo").splitlines():
        m = re.match(r"^([A-Za-z()_]+):\s+(\d+) kB", line.strip())
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def test_shared_anon_is_dev_zero_deleted(fresh):
    g = fresh()
    a = mmap(g, "mmap 0 0x2000 rw- shared,anon")
    row = [r for r in maps(g) if int(r[0], 16) == a][0]
    assert row[2] == "rw-s" and row[3] == "00000000"
    assert row[4] == "00" and int(row[6]) > 0
    assert row[7] == "/dev/zero (deleted)"
    # A private anonymous mapping has no name and inode 0.
    b = mmap(g, "mmap 0 0x1000 rw- private,anon")
    row = [r for r in maps(g) if int(r[0], 16) == b][0]
    assert row[6] == "0" and row[7] == ""


def test_shared_anon_fork_and_dontneed(fresh):
    g = fresh()
    a = mmap(g, "mmap 0 0x2000 rw- shared,anon")
    assert g.cmd(f"poke {a:#x} 0x11 0x22").strip() == ""
    assert g.cmd("as fork").strip() == "as 1"
    g.cmd("as use 1")
    assert peek(g, a, 2) == b"\x11\x22"
    g.cmd(f"poke {a + 0x1000:#x} 0x33")
    g.cmd("as use 0")
    assert peek(g, a + 0x1000) == b"\x33"
    # MADV_DONTNEED drops only the PTEs: the shmem page keeps the data.
    assert "error" not in g.cmd(f"madvise {a:#x} 0x2000 dontneed")
    assert peek(g, a, 2) == b"\x11\x22"
    assert peek(g, a + 0x1000) == b"\x33"


def test_file_shared_write_reaches_cat(fresh):
    g = fresh()
    g.cmd("write /f hello mapped world")
    fd = open_fd(g, "open /f rw")
    a = mmap(g, f"mmap 0 0x1000 rw- shared {fd} 0")
    row = [r for r in maps(g) if int(r[0], 16) == a][0]
    assert row[2] == "rw-s" and row[7] == "/f"
    st = g.cmd("stat /f")
    ino = re.search(r"Inode: (\d+)", st).group(1)
    assert row[6] == ino
    assert peek(g, a, 5) == b"hello"
    g.cmd(f"poke {a:#x} 0x48 0x45")
    assert g.cmd("cat /f").strip() == "HEllo mapped world"
    # write() lands in the same page the mapping shows.
    g.cmd("write -t /f bye")
    assert peek(g, a, 4) == b"bye\n"
    assert g.cmd(f"msync {a:#x} 0x1000").strip() == "0"
    pc = g.cmd("pagecache /f")
    assert re.search(r"cached 1\b", pc) and re.search(r"mapped 1\b", pc), pc


def test_file_private_write_stays_private(fresh):
    g = fresh()
    g.cmd("write /p original")
    fd = open_fd(g, "open /p r")
    a = mmap(g, f"mmap 0 0x1000 rw- private {fd} 0")
    assert peek(g, a, 8) == b"original"
    g.cmd(f"poke {a:#x} 0x58")
    assert peek(g, a, 2) == b"Xr"
    assert g.cmd("cat /p").strip() == "original"
    row = [r for r in maps(g) if int(r[0], 16) == a][0]
    assert row[2] == "rw-p" and row[7] == "/p"


def test_sigbus_past_eof_and_after_truncate(fresh):
    g = fresh()
    g.cmd("write /t short")
    fd = open_fd(g, "open /t rw")
    a = mmap(g, f"mmap 0 0x3000 rw- shared {fd} 0")
    assert peek(g, a, 5) == b"short"
    out = g.cmd(f"peek {a + 0x1000:#x} 1")
    assert re.search(rf"SIGBUS at {a + 0x1000:#x} \(BUS_ADRERR\)", out), out
    g.cmd("truncate /t 0")
    out = g.cmd(f"peek {a:#x} 1")
    assert re.search(rf"SIGBUS at {a:#x} \(BUS_ADRERR\)", out), out
    # The kernel is fine: the shell still works and the mapping is still there.
    assert "/t" in g.cmd("maps")
    g.cmd("truncate /t 8192")
    assert peek(g, a + 0x1000, 2) == b"\x00\x00"


@pytest.mark.parametrize("line,err", [
    ("mmap 0 0x1000 r-- shared 40 0", "EBADF"),
    ("mmap 0 0x1000 rw- shared {ro} 0", "EACCES"),
    ("mmap 0 0x1000 r-- private {wo} 0", "EACCES"),
    ("mmap 0 0x1000 r-- shared {dir} 0", "ENODEV"),
    ("mmap 0 0x1000 r-- shared {ro} 100", "EINVAL"),
    ("mmap 0 0x1000 r-- shared_validate,0x80000 {ro} 0", "EOPNOTSUPP"),
    ("mmap 0 0 r-- shared {ro} 0", "EINVAL"),
])
def test_mmap_file_errors(shell, line, err):
    g = shell
    g.cmd("write /e data")
    g.cmd("mkdir -p /edir")
    fds = {}
    for name, cmdline in (("ro", "open /e r"), ("wo", "open /e w"), ("dir", "open /edir r")):
        fds[name] = open_fd(g, cmdline)
    out = g.cmd(line.format(**fds))
    for fd in fds.values():
        g.cmd(f"close {fd}")
    assert re.search(rf"\b{err}\b", out), out


def test_readonly_shared_cannot_become_writable(fresh):
    g = fresh()
    g.cmd("write /r data")
    fd = open_fd(g, "open /r r")
    a = mmap(g, f"mmap 0 0x1000 r-- shared {fd} 0")
    row = [r for r in maps(g) if int(r[0], 16) == a][0]
    assert row[2] == "r--s"
    out = g.cmd(f"mprotect {a:#x} 0x1000 rw-")
    assert "EACCES" in out, out
    out = g.cmd(f"poke {a:#x} 1")
    assert "SIGSEGV" in out and "SEGV_ACCERR" in out, out


def test_meminfo_cached_shmem_mapped(fresh):
    g = fresh()
    m0 = meminfo(g)
    # 1 MiB of shared anonymous memory, all touched: Shmem and Cached grow.
    a = mmap(g, "mmap 0 0x100000 rw- shared,anon")
    g.cmd(f"fill {a:#x} 0x100000 0x5a")
    m1 = meminfo(g)
    assert m1["Shmem"] - m0["Shmem"] == 1024
    assert m1["Cached"] - m0["Cached"] == 1024
    assert m1["Mapped"] - m0["Mapped"] == 1024
    assert m1["AnonPages"] == m0["AnonPages"]
    g.cmd(f"munmap {a:#x} 0x100000")
    m2 = meminfo(g)
    # The file was unlinked from the start: its pages go with the mapping.
    assert m2["Shmem"] == m0["Shmem"] and m2["Cached"] == m0["Cached"]
    assert m2["Mapped"] == m0["Mapped"]
    assert abs(m2["MemFree"] - m0["MemFree"]) < 256


def test_tmpfs_size_limit(fresh):
    g = fresh()
    g.cmd("mkdir /tm")
    assert g.cmd("mount -o size=16k none /tm tmpfs").strip() == ""
    assert re.search(r"^none /tm tmpfs rw 0 0$", g.cmd("mount"), re.M)
    for i in range(4):
        g.cmd(f"truncate /tm/f{i} 4096")
    fd = open_fd(g, "open /tm/big rw creat")
    a = mmap(g, f"mmap 0 0x8000 rw- shared {fd} 0")
    g.cmd("truncate /tm/big 32768")
    out = g.cmd(f"fill {a:#x} 0x8000 1")
    assert "SIGBUS" in out, out
    df = g.cmd("df /tm")
    assert re.search(r"\b16\s+\d+\s+\d+\s+\d+%\s+/tm", df), df
    g.cmd(f"munmap {a:#x} 0x8000")
    g.cmd(f"close {fd}")
    assert g.cmd("umount /tm").strip() == ""
    assert "/tm" not in g.cmd("mount")
