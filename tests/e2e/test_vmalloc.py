# SPDX-License-Identifier: GPL-2.0
"""vmalloc and ioremap as a user sees them: `vmallocinfo`, meminfo's Vmalloc
lines, the vmalloc section of `kmaps`, and the in-kernel `vmalloc` suite.

The figures are checked against each other: every range kmaps shows in the
vmalloc section lies inside an area vmallocinfo lists, never in a guard
page, and what the vmalloc ktest allocates and frees leaves VmallocUsed,
PageTables and MemFree as they were.
"""
import re

import pytest

VMALLOC_START = 0xffff800010000000
VMALLOC_END = 0xffff800800000000
PAGE = 4096
UART_PA = 0x9000000         # QEMU virt's PL011
GICD_PA = 0x8000000

AREA = re.compile(r"^0x([0-9a-f]{16})-0x([0-9a-f]{16}) +(\d+)(?: (\S+\+0x[0-9a-f]+/0x[0-9a-f]+))?"
                  r"(?: pages=(\d+))?(?: phys=0x([0-9a-f]+))?((?: (?:ioremap|vmalloc|vmap))*)$")
KMAPS_RANGE = re.compile(r"^0x([0-9a-f]{16})-0x([0-9a-f]{16})\s+\S+\s+(PGD|PUD|PMD|PTE)\s+(.*)$")


def vmallocinfo(g):
    """[dict(start, end, size, caller, pages, phys, kinds)], in output order;
    asserts every line's format."""
    areas = []
    for line in g.cmd("vmallocinfo").splitlines():
        if not line.strip():
            continue
        m = AREA.match(line.rstrip())
        assert m, f"unexpected vmallocinfo line: {line!r}"
        areas.append({"start": int(m[1], 16), "end": int(m[2], 16), "size": int(m[3]),
                      "caller": m[4], "pages": int(m[5]) if m[5] else 0,
                      "phys": int(m[6], 16) if m[6] else None, "kinds": m[7].split(),
                      "line": line})
    return areas


def meminfo(g):
    out = g.cmd("meminfo")
    vals = dict(re.findall(r"^(\w[\w()]*):\s+(\d+) kB$", out, re.M))
    assert "VmallocUsed" in vals and "VmallocTotal" in vals, out
    return {k: int(v) for k, v in vals.items()}


def kmaps_vmalloc_ranges(g):
    out = g.cmd("kmaps", timeout=60)
    section = out.split("---[ vmalloc/ioremap start ]---", 1)[1].split("---[ vmalloc/ioremap end ]---")[0]
    rows = []
    for line in section.splitlines():
        if not line.strip():
            continue
        m = KMAPS_RANGE.match(line.strip())
        assert m, line
        rows.append((int(m[1], 16), int(m[2], 16), m[3], m[4]))
    return rows


def test_vmallocinfo_format_and_order(shell):
    areas = vmallocinfo(shell)
    assert areas, "no areas at all"
    last_end = VMALLOC_START
    for a in areas:
        assert VMALLOC_START <= a["start"] < a["end"] <= VMALLOC_END, a["line"]
        assert a["start"] >= last_end, f"overlap or disorder: {a['line']}"
        assert a["size"] == a["end"] - a["start"], a["line"]
        # Page granular, with one guard page after at least one page of area.
        assert a["size"] % PAGE == 0 and a["size"] >= 2 * PAGE, a["line"]
        assert a["caller"], f"no caller: {a['line']}"
        assert len(a["kinds"]) == 1, a["line"]
        if "ioremap" in a["kinds"]:
            assert a["phys"] is not None and a["phys"] % PAGE == 0, a["line"]
        last_end = a["end"]


def test_vmallocinfo_lists_the_console_uart(shell):
    areas = vmallocinfo(shell)
    uart = areas[0]
    # Mapped before any allocator existed, then imported by vmalloc_init().
    assert uart["start"] == VMALLOC_START, uart["line"]
    assert uart["size"] == 2 * PAGE, uart["line"]       # the 4 KiB window + guard page
    assert uart["phys"] == UART_PA and uart["kinds"] == ["ioremap"], uart["line"]
    assert uart["caller"].startswith("earlycon_init+"), uart["line"]
    gic = [a for a in areas if a["phys"] == GICD_PA]
    assert len(gic) == 1 and gic[0]["kinds"] == ["ioremap"], areas
    assert gic[0]["caller"].startswith("gic"), gic[0]["line"]


def test_vmallocinfo_uart_agrees_with_pagewalk(shell):
    uart = vmallocinfo(shell)[0]
    out = shell.cmd(f"pagewalk {uart['start'] + 0x18:#x}")
    assert re.search(r"^PA 0x0*9000018 \(4K page at L3\)", out, re.M), out
    assert "AttrIndx=3 (Device-nGnRE)" in out, out
    out = shell.cmd(f"pagewalk {uart['end'] - PAGE:#x}")     # the guard page
    assert "not mapped" in out, out


def test_kmaps_vmalloc_section_matches_areas(shell):
    areas = vmallocinfo(shell)
    rows = kmaps_vmalloc_ranges(shell)
    assert rows and rows[0][0] == VMALLOC_START, rows
    for start, end, level, attrs in rows:
        assert level == "PTE", (start, end, level)
        owner = [a for a in areas if a["start"] <= start and end <= a["end"] - PAGE]
        assert len(owner) == 1, f"{start:#x}-{end:#x} is not inside one area (or in a guard page)"
        if "ioremap" in owner[0]["kinds"]:
            assert "DEVICE/nGnRE" in attrs, attrs
        assert "NX" in attrs and "UXN" in attrs, attrs
    # Every page of every area is mapped: the ranges add up to the areas without guards.
    assert sum(e - s for s, e, _, _ in rows) == sum(a["size"] - PAGE for a in areas)


def test_meminfo_vmalloc_lines(shell):
    mi = meminfo(shell)
    assert mi["VmallocTotal"] == (VMALLOC_END - VMALLOC_START) >> 10
    # Nothing is vmalloc()ed at the prompt; the ioremaps have no pages.
    assert mi["VmallocUsed"] == 0
    assert mi["VmallocChunk"] == 0


def test_ktest_vmalloc_gives_everything_back(shell):
    before_mi = meminfo(shell)
    before_areas = vmallocinfo(shell)
    out = shell.cmd("ktest vmalloc", timeout=120)
    results = re.findall(r"^    (ok|not ok) \d+ (\S+)", out, re.M)
    assert len(results) >= 10, out
    assert all(r == "ok" for r, _ in results), out
    assert "# Totals: suites:1 failed:0" in out, out
    after_mi = meminfo(shell)
    for key in ("VmallocUsed", "PageTables", "MemFree"):
        assert after_mi[key] == before_mi[key], (key, before_mi[key], after_mi[key])
    assert [a["line"] for a in vmallocinfo(shell)] == [a["line"] for a in before_areas]


def test_vmallocinfo_rejects_arguments(shell):
    assert "usage: vmallocinfo" in shell.cmd("vmallocinfo extra")


@pytest.mark.parametrize("gic", [3])
def test_vmallocinfo_gicv3(fresh, gic):
    """GICv3: distributor and redistributor ioremaps, in address order after the UART."""
    g = fresh(gic=gic)
    areas = vmallocinfo(g)
    assert areas[0]["phys"] == UART_PA and areas[0]["start"] == VMALLOC_START
    phys = [a["phys"] for a in areas]
    assert GICD_PA in phys, phys
    assert any(p is not None and 0x80a0000 <= p < 0x9000000 for p in phys), phys
    assert [a["start"] for a in areas] == sorted(a["start"] for a in areas)
