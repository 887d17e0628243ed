# SPDX-License-Identifier: GPL-2.0
"""madvise, mincore, mlock/munlock, smaps, `trace mm` and `mtdump` from the
shell, with Linux's errno names and /proc/<pid>/smaps format, and the
in-kernel "madvise" suite.

Each test works in an address space of its own and gives it back at the
end: anonymous pages and page-table pages must be back where they were.
"""
import re

import pytest

from qemu import run_to_exit
from test_usermem import Space, peek, vmstat
from test_vma import STACK, line, maps

PAGE = 4096
A = 0x10000000

SMAPS_FIELDS = ["Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty",
                "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty",
                "Referenced", "Anonymous", "KSM", "LazyFree", "AnonHugePages",
                "ShmemPmdMapped", "FilePmdMapped", "Shared_Hugetlb", "Private_Hugetlb",
                "Swap", "SwapPss", "Locked"]


def mincore(g, addr, length):
    return "".join(g.cmd(f"mincore {addr:#x} {length:#x}").split())


def smaps(g, addr=None):
    """The entries smaps prints: a list of (maps line, {field: kB}, vmflags)."""
    out = g.cmd("smaps" if addr is None else f"smaps {addr:#x}")
    lines = [l.rstrip("\r") for l in out.split("\n") if l.strip()]
    entries = []
    i = 0
    while i < len(lines):
        head = lines[i]
        fields = {}
        for name, l in zip(SMAPS_FIELDS, lines[i + 1:i + 1 + len(SMAPS_FIELDS)]):
            # Linux's layout: the label padded to 16 columns, the value in 8.
            assert len(l) == 27 and l.endswith(" kB"), repr(l)
            assert l.startswith(name + ":"), (name, l)
            fields[name] = int(l[16:24])
        i += 1 + len(SMAPS_FIELDS)
        assert lines[i] == "THPeligible:           0", lines[i]
        assert lines[i + 1].startswith("VmFlags: ") and lines[i + 1].endswith(" "), lines[i + 1]
        entries.append((head, fields, lines[i + 1][len("VmFlags: "):].split()))
        i += 2
    return entries


def test_madvise_dontneed_zeroes_and_frees(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 4 * PAGE)
        g.cmd(f"fill {A:#x} {4 * PAGE:#x} 0xab")
        before = vmstat(g)
        assert g.cmd(f"madvise {A + PAGE:#x} {2 * PAGE:#x} dontneed").strip() == "0"
        after = vmstat(g)
        assert after["nr_anon_pages"] == before["nr_anon_pages"] - 2
        # Page tables stay, as in Linux.
        assert after["nr_page_table_pages"] == before["nr_page_table_pages"]
        assert mincore(g, A, 4 * PAGE) == "1001"
        assert peek(g, A + PAGE, 8) == [0] * 8
        assert peek(g, A + 2 * PAGE - 8, 8) == [0] * 8
        assert peek(g, A + 3 * PAGE, 4) == [0xab] * 4
        assert maps(g) == [line(A, A + 4 * PAGE, "rw-p"), STACK]


def test_madvise_errnos(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 4 * PAGE)
        assert g.cmd(f"madvise {A + 1:#x} 4096 dontneed").strip() == "EINVAL"
        assert g.cmd(f"madvise {A:#x} 4096 99").strip() == "EINVAL"
        assert g.cmd(f"madvise {A:#x} 4096 5").strip() == "EINVAL"
        assert g.cmd(f"madvise {A:#x} 0xffffffffffffffff willneed").strip() == "EINVAL"
        assert g.cmd(f"madvise {A:#x} 0 dontneed").strip() == "0"
        assert g.cmd("madvise 0x1000 4096 dontneed").strip() == "ENOMEM"
        # A hole after the VMA: the mapped part is advised, then ENOMEM.
        g.cmd(f"fill {A:#x} {4 * PAGE:#x} 1")
        assert g.cmd(f"madvise {A + 2 * PAGE:#x} {4 * PAGE:#x} dontneed").strip() == "ENOMEM"
        assert mincore(g, A, 4 * PAGE) == "1100"
        # Locked memory cannot be dropped; FREE wants private anonymous memory.
        assert g.cmd(f"mlock {A:#x} 4096").strip() == "0"
        assert g.cmd(f"madvise {A:#x} 4096 dontneed").strip() == "EINVAL"
        assert g.cmd(f"madvise {A:#x} 4096 free").strip() == "EINVAL"
        s.mmap(A + 8 * PAGE, PAGE, flags="shared,anon,fixed")
        assert g.cmd(f"madvise {A + 8 * PAGE:#x} 4096 free").strip() == "EINVAL"
        assert g.cmd(f"madvise {A + 8 * PAGE:#x} 4096 willneed").strip() == "0"


@pytest.mark.parametrize("args", ["", "0x1000", "0x1000 4096", "0x1000 4096 bogus",
                                  "zz 4096 normal", "0x1000 zz normal",
                                  "0x1000 4096 normal extra"])
def test_madvise_bad_arguments(shell, args):
    assert "usage: madvise" in shell.cmd(f"madvise {args}")


def test_madvise_random_sequential_split_merge(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 8 * PAGE)
        assert g.cmd(f"madvise {A + 2 * PAGE:#x} {2 * PAGE:#x} random").strip() == "0"
        assert maps(g) == [line(A, A + 2 * PAGE, "rw-p"),
                           line(A + 2 * PAGE, A + 4 * PAGE, "rw-p"),
                           line(A + 4 * PAGE, A + 8 * PAGE, "rw-p"), STACK]
        flags = [e[2] for e in smaps(g)]
        assert flags[0] == ["rd", "wr", "mr", "mw", "me", "ac"]
        assert flags[1] == ["rd", "wr", "mr", "mw", "me", "rr", "ac"]
        assert g.cmd(f"madvise {A + 2 * PAGE:#x} {6 * PAGE:#x} sequential").strip() == "0"
        assert maps(g) == [line(A, A + 2 * PAGE, "rw-p"),
                           line(A + 2 * PAGE, A + 8 * PAGE, "rw-p"), STACK]
        assert smaps(g, A + 5 * PAGE)[0][2] == ["rd", "wr", "mr", "mw", "me", "sr", "ac"]
        assert g.cmd(f"madvise {A:#x} {8 * PAGE:#x} normal").strip() == "0"
        assert maps(g) == [line(A, A + 8 * PAGE, "rw-p"), STACK]


def test_madvise_free_keeps_data(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 2 * PAGE)
        g.cmd(f"fill {A:#x} {2 * PAGE:#x} 0x33")
        before = vmstat(g)
        assert g.cmd(f"madvise {A:#x} {2 * PAGE:#x} free").strip() == "0"
        (_, f, _), = smaps(g, A)
        assert f["LazyFree"] == 8 and f["Private_Clean"] == 8 and f["Private_Dirty"] == 0
        # No reclaim: the data stays until written or reclaimed.
        assert peek(g, A, 4) == [0x33] * 4
        g.cmd(f"poke {A:#x} 0x44")
        (_, f, _), = smaps(g, A)
        assert f["LazyFree"] == 4 and f["Private_Dirty"] == 4
        assert vmstat(g)["nr_anon_pages"] == before["nr_anon_pages"]


def test_madvise_willneed_and_populate(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 4 * PAGE)
        s.mmap(A + 4 * PAGE, PAGE, prot="r--")
        # WILLNEED on anonymous memory only swaps in: nothing is allocated.
        assert g.cmd(f"madvise {A:#x} {4 * PAGE:#x} willneed").strip() == "0"
        assert mincore(g, A, 5 * PAGE) == "00000"
        before = vmstat(g)
        assert g.cmd(f"madvise {A:#x} {5 * PAGE:#x} populate_read").strip() == "0"
        assert mincore(g, A, 5 * PAGE) == "11111"
        after = vmstat(g)
        assert after["nr_anon_pages"] == before["nr_anon_pages"]
        assert after["zero_page_map"] == before["zero_page_map"] + 5
        assert g.cmd(f"madvise {A:#x} {2 * PAGE:#x} populate_write").strip() == "0"
        assert vmstat(g)["nr_anon_pages"] == before["nr_anon_pages"] + 2
        assert g.cmd(f"madvise {A + 4 * PAGE:#x} {PAGE:#x} populate_write").strip() == "EINVAL"
        assert g.cmd(f"madvise {A + 4 * PAGE:#x} {2 * PAGE:#x} populate_read").strip() == "ENOMEM"


def test_mincore(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 8 * PAGE)
        assert mincore(g, A, 8 * PAGE) == "00000000"
        g.cmd(f"touch {A + PAGE:#x} {PAGE:#x} r")      # the zero page counts as resident
        g.cmd(f"poke {A + 5 * PAGE:#x} 1")
        assert mincore(g, A, 8 * PAGE) == "01000100"
        assert mincore(g, A, 5 * PAGE + 1) == "010001"  # the length is rounded up
        assert g.cmd(f"mincore {A + 1:#x} 4096").strip() == "EINVAL"
        assert g.cmd(f"mincore {A + 8 * PAGE:#x} 4096").strip() == "ENOMEM"
        assert g.cmd(f"mincore {A - PAGE:#x} {2 * PAGE:#x}").strip() == "ENOMEM"
        assert g.cmd(f"mincore {(1 << 48) - PAGE:#x} {2 * PAGE:#x}").strip() == "ENOMEM"
        assert g.cmd(f"mincore {A:#x} 0xffffffffffff0000").strip() == "ENOMEM"
        out = mincore(g, (1 << 48) - 128 * 1024, 128 * 1024)    # the stack
        assert out == "0" * 32


@pytest.mark.parametrize("args", ["", "0x1000", "zz 1", "0x1000 zz", "0x1000 1 2"])
def test_mincore_bad_arguments(shell, args):
    assert "usage: mincore" in shell.cmd(f"mincore {args}")


def test_mlock_munlock(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 8 * PAGE)
        before = vmstat(g)
        # Unaligned: widened to the pages touched.
        assert g.cmd(f"mlock {A + 2 * PAGE + 100:#x} 4096").strip() == "0"
        assert maps(g) == [line(A, A + 2 * PAGE, "rw-p"),
                           line(A + 2 * PAGE, A + 4 * PAGE, "rw-p"),
                           line(A + 4 * PAGE, A + 8 * PAGE, "rw-p"), STACK]
        assert vmstat(g)["nr_anon_pages"] == before["nr_anon_pages"] + 2   # populated
        assert mincore(g, A, 8 * PAGE) == "00110000"
        e = smaps(g)
        assert e[1][1]["Locked"] == 8 and e[1][1]["Rss"] == 8
        assert "lo" in e[1][2] and "lo" not in e[0][2]
        assert g.cmd(f"mlock {A - PAGE:#x} {2 * PAGE:#x}").strip() == "ENOMEM"
        assert g.cmd(f"mlock {A + 6 * PAGE:#x} {4 * PAGE:#x}").strip() == "ENOMEM"
        assert g.cmd(f"munlock {A - PAGE:#x} 4096").strip() == "ENOMEM"
        assert g.cmd(f"mlock {A + 4 * PAGE:#x} 4096 onfault").strip() == "0"
        assert "lf" in smaps(g, A + 4 * PAGE)[0][2]
        assert g.cmd(f"munlock {A:#x} {8 * PAGE:#x}").strip() == "0"
        assert maps(g) == [line(A, A + 8 * PAGE, "rw-p"), STACK]
        assert smaps(g, A)[0][1]["Locked"] == 0
        # PROT_NONE: marked locked, but cannot be populated.
        s.mmap(A + 16 * PAGE, 2 * PAGE, prot="---")
        assert g.cmd(f"mlock {A + 16 * PAGE:#x} {2 * PAGE:#x}").strip() == "ENOMEM"
        assert "lo" in smaps(g, A + 16 * PAGE)[0][2]


@pytest.mark.parametrize("cmd", ["mlock", "mlock 0x1000", "mlock 0x1000 1 always",
                                 "mlock zz 1", "munlock", "munlock 0x1000",
                                 "munlock 0x1000 1 onfault"])
def test_mlock_bad_arguments(shell, cmd):
    assert f"usage: {cmd.split()[0]}" in shell.cmd(cmd)


def test_map_locked_in_smaps(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 3 * PAGE, flags="private,anon,fixed,locked")
        (head, f, flags), = smaps(g, A)
        assert head == line(A, A + 3 * PAGE, "rw-p")
        assert f["Size"] == 12 and f["Rss"] == 12 and f["Locked"] == 12
        assert f["Private_Dirty"] == 12 and f["Anonymous"] == 12 and f["Pss"] == 12
        assert flags == ["rd", "wr", "mr", "mw", "me", "lo", "ac"]


def test_smaps_zero_page_not_in_rss(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 4 * PAGE)
        g.cmd(f"touch {A:#x} {4 * PAGE:#x} r")
        g.cmd(f"poke {A + PAGE:#x} 1")
        entries = smaps(g)
        assert [e[0] for e in entries] == maps(g)
        (head, f, flags) = entries[0]
        assert f["Size"] == 16 and f["KernelPageSize"] == 4 and f["MMUPageSize"] == 4
        assert f["Rss"] == 4 and f["Pss"] == 4 and f["Pss_Dirty"] == 4
        assert f["Private_Dirty"] == 4 and f["Referenced"] == 4 and f["Anonymous"] == 4
        assert mincore(g, A, 4 * PAGE) == "1111"
        stack = entries[-1]
        assert stack[0] == STACK and stack[1]["Size"] == 128
        assert stack[2] == ["rd", "wr", "mr", "mw", "me", "gd", "ac"]


def test_smaps_shared_after_fork(shell):
    """COW-shared pages: Shared_Dirty, Pss halved; MADV_FREE leaves them alone."""
    g = shell
    with Space(g) as s:
        s.mmap(A, 2 * PAGE)
        g.cmd(f"fill {A:#x} {2 * PAGE:#x} 7")
        m = re.search(r"as (\d+)", g.cmd("as fork"))
        assert m
        child = m[1]
        (_, f, _), = smaps(g, A)
        assert f["Rss"] == 8 and f["Pss"] == 4 and f["Pss_Dirty"] == 4
        assert f["Shared_Dirty"] == 8 and f["Private_Dirty"] == 0
        assert g.cmd(f"madvise {A:#x} {2 * PAGE:#x} free").strip() == "0"
        (_, f, _), = smaps(g, A)
        assert f["LazyFree"] == 0 and f["Shared_Dirty"] == 8
        g.cmd(f"as use {child}")
        g.cmd("trace mm on")
        assert "mm: wp_page_copy cow-copy 0x10000000" in g.cmd(f"poke {A:#x} 1")
        g.cmd("trace mm off")
        (_, f, _), = smaps(g, A)
        assert f["Private_Dirty"] == 4 and f["Shared_Dirty"] == 4 and f["Pss"] == 6
        g.cmd(f"as use {s.id}")
        g.cmd("trace mm on")
        assert "mm: wp_page_reuse cow-reuse 0x10000000" in g.cmd(f"poke {A:#x} 2")
        g.cmd("trace mm off")
        g.cmd(f"as free {child}")
        (_, f, _), = smaps(g, A)
        assert f["Private_Dirty"] == 8 and f["Pss"] == 8


def test_smaps_bad_arguments(shell):
    assert "usage: smaps" in shell.cmd("smaps zz")
    assert "usage: smaps" in shell.cmd("smaps 1 2")
    with Space(shell):
        assert "ENOENT" in shell.cmd("smaps 0x1000")


def test_trace_mm(shell):
    g = shell
    with Space(g) as s:
        assert g.cmd("trace mm on").strip() == ""
        out = g.cmd(f"mmap {A:#x} {4 * PAGE:#x} rw- private,anon,fixed")
        assert "mm: mmap_region 0x10000000-0x10004000 new" in out
        out = g.cmd(f"mmap {A + 4 * PAGE:#x} {PAGE:#x} rw- private,anon,fixed")
        assert "mm: mmap_region 0x10004000-0x10005000 merge 0x10000000-0x10005000" in out
        out = g.cmd(f"peek {A:#x} 1")
        assert "mm: do_anonymous_page zero 0x10000000" in out
        out = g.cmd(f"poke {A:#x} 1")
        assert "mm: wp_page_copy cow-copy 0x10000000" in out
        out = g.cmd(f"poke {A + PAGE:#x} 1")
        assert "mm: do_anonymous_page anon 0x10001000" in out
        out = g.cmd(f"mprotect {A + PAGE:#x} {PAGE:#x} r--")
        assert "mm: split_vma 0x10000000-0x10005000 at 0x10001000" in out
        assert "mm: split_vma 0x10001000-0x10005000 at 0x10002000" in out
        out = g.cmd(f"mprotect {A + PAGE:#x} {PAGE:#x} rw-")
        assert "mm: vma_merge 0x10001000-0x10002000 into prev" in out
        out = g.cmd(f"munmap {A + 3 * PAGE:#x} {PAGE:#x}")
        assert "mm: do_vmi_munmap 0x10003000-0x10004000" in out
        assert g.cmd("trace").strip() == "mm on"
        assert g.cmd("trace mm off").strip() == ""
        assert "mm:" not in g.cmd(f"poke {A + 2 * PAGE:#x} 1")
        assert g.cmd("trace").strip() == "mm off"


@pytest.mark.parametrize("args", ["mm", "mm maybe", "fs on", "mm on now"])
def test_trace_bad_arguments(shell, args):
    assert "usage: trace" in shell.cmd(f"trace {args}")


def test_mtdump_current_mm(shell):
    g = shell
    with Space(g) as s:
        s.mmap(A, 2 * PAGE)
        s.mmap(A + 4 * PAGE, PAGE, prot="r--")
        out = g.cmd("mtdump")
        assert re.search(r"address space \d+ \(mm_mt, 3 VMAs\)", out)
        ranges = re.findall(r"^  ([0-9a-f]{12})-([0-9a-f]+) vma (\S+)\r?$", out, re.M)
        assert [(int(a, 16), int(b, 16), p) for a, b, p in ranges] == [
            (A, A + 2 * PAGE, "rw-p"), (A + 4 * PAGE, A + 5 * PAGE, "r--p"),
            ((1 << 48) - 128 * 1024, 1 << 48, "rw-p")]
        assert "3 ranges" in out and "mt_validate: ok" in out


def test_ktest_madvise_suite():
    status, out = run_to_exit(append="ktest=madvise")
    assert "# madvise: pass:9 fail:0" in out, out[-3000:]
    assert status == 0
