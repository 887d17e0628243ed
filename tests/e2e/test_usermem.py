# SPDX-License-Identifier: GPL-2.0
"""User memory from the shell: peek/poke/fill/touch as user accesses that
demand-fault pages in, the SIGSEGV reports, vmstat's counters moving as
the fault path says (zero page, anonymous page, copy-on-write, TLB
flushes, page tables), pagewalk of the user address space, and the
in-kernel suites (user_pgtable, user_fault, asid).

Each test works in an address space of its own (`as new` / `as use`), and
gives it back at the end: anonymous pages and page-table pages must be
back where they were.
"""
import re

import pytest

PAGE = 4096
HEX_LINE = re.compile(r"^([0-9a-f]{16}):((?: [0-9a-f]{2})+)$")


def vmstat(g):
    out = g.cmd("vmstat")
    vals = {}
    for line in out.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^([a-z_]+) (-?\d+)$", line)
        assert m, f"bad vmstat line {line!r}"
        vals[m[1]] = int(m[2])
    return vals


def peek(g, addr, n):
    """The bytes peek shows, as a list; asserts the dump's format."""
    out = g.cmd(f"peek {addr:#x} {n}")
    data, expect = [], addr
    for line in out.splitlines():
        if not line.strip():
            continue
        m = HEX_LINE.match(line)
        assert m, f"bad peek line {line!r} in {out!r}"
        assert int(m[1], 16) == expect
        b = [int(x, 16) for x in m[2].split()]
        data += b
        expect += len(b)
    return data


class Space:
    """A fresh address space made current, freed again on exit."""

    def __init__(self, g):
        self.g = g

    def __enter__(self):
        self.before = vmstat(self.g)
        out = self.g.cmd("as new")
        m = re.search(r"as (\d+)", out)
        assert m, out
        self.id = int(m[1])
        assert self.g.cmd(f"as use {self.id}").strip() == ""
        return self

    def mmap(self, addr, length, prot="rw-", flags="private,anon,fixed"):
        out = self.g.cmd(f"mmap {addr:#x} {length:#x} {prot} {flags}").strip()
        assert out == f"{addr:#x}", out
        return addr

    def __exit__(self, *exc):
        self.g.cmd("as use 0")
        self.g.cmd(f"as free {self.id}")
        after = vmstat(self.g)
        assert after["nr_anon_pages"] == self.before["nr_anon_pages"]
        assert after["nr_page_table_pages"] == self.before["nr_page_table_pages"]


def test_peek_fresh_memory_is_zero_page(shell):
    with Space(shell) as s:
        a = s.mmap(0x10000, 4 * PAGE)
        before = vmstat(shell)
        assert peek(shell, a, 40) == [0] * 40
        after = vmstat(shell)
        assert after["zero_page_map"] == before["zero_page_map"] + 1
        assert after["nr_anon_pages"] == before["nr_anon_pages"]
        # pud, pmd and pte tables were made for it
        assert after["pgtable_alloc"] == before["pgtable_alloc"] + 3


def test_poke_then_peek(shell):
    with Space(shell) as s:
        a = s.mmap(0x20000, 2 * PAGE)
        assert shell.cmd(f"poke {a + 6:#x} 1 0x22 255").strip() == ""
        assert peek(shell, a, 16) == [0] * 6 + [1, 0x22, 255] + [0] * 7
        # unaligned start: the first line is short, later ones 16 bytes each
        out = shell.cmd(f"peek {a + 0xff8:#x} 16")
        lines = [l for l in out.splitlines() if l.strip()]
        assert lines[0].startswith(f"{a + 0xff8:016x}:") and len(lines[0].split()) == 9
        assert lines[1].startswith(f"{a + 0x1000:016x}:")


def test_cow_from_zero_page_and_anon_write(shell):
    with Space(shell) as s:
        a = s.mmap(0x30000, 2 * PAGE)
        v0 = vmstat(shell)
        peek(shell, a, 1)                       # zero page
        shell.cmd(f"poke {a:#x} 7")             # copy-on-write of the zero page
        shell.cmd(f"poke {a + PAGE:#x} 8")      # first touch is a write: a fresh page
        v1 = vmstat(shell)
        assert v1["zero_page_map"] == v0["zero_page_map"] + 1
        assert v1["cow_copy"] == v0["cow_copy"] + 1
        assert v1["anon_fault_alloc"] == v0["anon_fault_alloc"] + 1
        assert v1["nr_anon_pages"] == v0["nr_anon_pages"] + 2
        assert v1["nr_tlb_local_flush_one"] > v0["nr_tlb_local_flush_one"]
        assert peek(shell, a, 1) == [7] and peek(shell, a + PAGE, 1) == [8]


def test_fill_and_touch(shell):
    with Space(shell) as s:
        a = s.mmap(0x40000, 8 * PAGE)
        shell.cmd(f"fill {a + 100:#x} {2 * PAGE} 0xab")
        assert peek(shell, a + 96, 8) == [0] * 4 + [0xab] * 4
        assert peek(shell, a + 100 + 2 * PAGE - 4, 8) == [0xab] * 4 + [0] * 4
        v0 = vmstat(shell)
        assert shell.cmd(f"touch {a:#x} {8 * PAGE:#x}").strip() == "touched 8 pages"
        v1 = vmstat(shell)
        assert v1["zero_page_map"] == v0["zero_page_map"] + 5   # 3 pages were written by fill
        assert shell.cmd(f"touch {a + 10:#x} {PAGE} w").strip() == "touched 2 pages"
        # touch w writes back what it read: contents unchanged
        assert peek(shell, a + 100, 4) == [0xab] * 4


def test_sigsegv_reports(shell):
    with Space(shell) as s:
        a = s.mmap(0x50000, 2 * PAGE, prot="r--")
        v0 = vmstat(shell)
        assert shell.cmd("peek 0x60000").strip() == "SIGSEGV at 0x60000 (SEGV_MAPERR)"
        assert shell.cmd(f"poke {a + 3:#x} 1").strip() == f"SIGSEGV at {a + 3:#x} (SEGV_ACCERR)"
        assert shell.cmd(f"fill {a:#x} 16 1").strip() == f"SIGSEGV at {a:#x} (SEGV_ACCERR)"
        assert shell.cmd(f"touch {a:#x} {PAGE} w").strip() == \
            f"SIGSEGV at {a:#x} (SEGV_ACCERR)\ntouched 0 pages"
        assert shell.cmd(f"touch {a:#x} {PAGE}").strip() == "touched 1 page"
        # reading runs off the end of the VMA: the part before is shown
        out = shell.cmd(f"peek {a + 2 * PAGE - 8:#x} 16").strip().splitlines()
        assert out[0].startswith(f"{a + 2 * PAGE - 8:016x}: 00")
        assert out[1] == f"SIGSEGV at {a + 2 * PAGE:#x} (SEGV_MAPERR)"
        assert shell.cmd("peek 0").strip() == "SIGSEGV at 0x0 (SEGV_MAPERR)"
        assert shell.cmd("peek 0xffff000000000000").strip() == \
            "SIGSEGV at 0xffff000000000000 (SEGV_MAPERR)"
        assert vmstat(shell)["pgfault_sigsegv"] == v0["pgfault_sigsegv"] + 6
        # PROT_NONE
        shell.cmd(f"mprotect {a:#x} {PAGE} ---")
        assert shell.cmd(f"peek {a:#x}").strip() == f"SIGSEGV at {a:#x} (SEGV_ACCERR)"
        # the shell carries on
        assert shell.cmd("echo alive").strip() == "alive"


def test_mprotect_rewrites_ptes(shell):
    with Space(shell) as s:
        a = s.mmap(0x70000, PAGE)
        shell.cmd(f"poke {a:#x} 5")
        shell.cmd(f"mprotect {a:#x} {PAGE} r--")
        assert "SEGV_ACCERR" in shell.cmd(f"poke {a:#x} 6")
        out = shell.cmd(f"pagewalk {a:#x}")
        assert "AP=11 (EL1 RO, EL0 RO)" in out, out
        shell.cmd(f"mprotect {a:#x} {PAGE} rw-")
        v0 = vmstat(shell)
        shell.cmd(f"poke {a:#x} 6")
        # the page was this space's only one: made writable in place, no fault
        assert vmstat(shell)["pgfault"] == v0["pgfault"]
        assert peek(shell, a, 1) == [6]


def test_munmap_frees_pages_and_tables(shell):
    with Space(shell) as s:
        a = s.mmap(0x80000000, 16 * PAGE)
        v0 = vmstat(shell)
        shell.cmd(f"fill {a:#x} {16 * PAGE:#x} 1")
        v1 = vmstat(shell)
        assert v1["nr_anon_pages"] == v0["nr_anon_pages"] + 16
        assert v1["nr_page_table_pages"] == v0["nr_page_table_pages"] + 3  # pud, pmd, pte
        shell.cmd(f"munmap {a:#x} {16 * PAGE:#x}")
        v2 = vmstat(shell)
        assert v2["nr_anon_pages"] == v0["nr_anon_pages"]
        assert v2["nr_page_table_pages"] <= v0["nr_page_table_pages"]
        assert "SEGV_MAPERR" in shell.cmd(f"peek {a:#x}")


def test_populate(shell):
    with Space(shell) as s:
        v0 = vmstat(shell)
        s.mmap(0x90000, 4 * PAGE, flags="private,anon,fixed,populate")
        v1 = vmstat(shell)
        assert v1["nr_anon_pages"] == v0["nr_anon_pages"] + 4
        assert v1["anon_fault_alloc"] == v0["anon_fault_alloc"] + 4


def test_pagewalk_user_page(shell):
    with Space(shell) as s:
        a = s.mmap(0xa0000, PAGE)
        shell.cmd(f"poke {a:#x} 1")
        out = shell.cmd(f"pagewalk {a:#x}")
        assert re.search(rf"TTBR0_EL1 \(mm {s.id}, ASID \d+\)", out), out
        assert "AP=01 (EL1 RW, EL0 RW)" in out and "nG=1" in out and "PXN=1 UXN=1" in out, out


@pytest.mark.parametrize("line", [
    "peek", "peek xyz", "peek 0x1000 0", "peek 0x1000 1G", "poke 0x1000", "poke 0x1000 256",
    "fill 0x1000 4", "fill 0x1000 4 0x100", "touch 0x1000", "touch 0x1000 0",
    "touch 0x1000 4 x", "vmstat 1",
])
def test_bad_arguments(shell, line):
    assert shell.cmd(line).startswith("usage: ")


def test_ktest_suites(shell):
    out = shell.cmd("ktest user_pgtable user_fault asid", timeout=120)
    assert "# Totals: suites:3 failed:0" in out, out
