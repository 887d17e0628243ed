# SPDX-License-Identifier: GPL-2.0
"""The kernel's page tables as a user inspects them: `pagewalk` and `kmaps`.

Addresses come from build/arbor.elf (aarch64-linux-gnu-nm), so the checks
follow the image as it is linked. Descriptors printed by the kernel are
decoded again here, independently, from their raw values.
"""
import re
import subprocess

import pytest

from qemu import ROOT

ELF = ROOT / "build" / "arbor.elf"
NM = "aarch64-linux-gnu-nm"

# asm/memory.h
PAGE_OFFSET = 0xffff000000000000
KIMAGE_VADDR = 0xffff800000000000
KIMAGE_MAX_SIZE = 0x04000000
FIXADDR_FDT = 0xffff800004000000
FIXADDR_FDT_SIZE = 0x00400000
VMALLOC_START = 0xffff800010000000
VMALLOC_END = 0xffff800800000000

# QEMU virt: RAM starts at 1 GiB; the shared guest has 1 GiB of it.
RAM_START = 0x40000000
RAM_SIZE = 1 << 30

SECTIONS = [
    ("Linear Mapping", PAGE_OFFSET, KIMAGE_VADDR),
    ("Kernel Image", KIMAGE_VADDR, KIMAGE_VADDR + KIMAGE_MAX_SIZE),
    ("FDT", FIXADDR_FDT, FIXADDR_FDT + FIXADDR_FDT_SIZE),
    ("vmalloc/ioremap", VMALLOC_START, VMALLOC_END),
]

STEP = re.compile(r"^L(\d)\s+table 0x([0-9a-f]{16})\s+index\s+(\d+)\s+desc 0x([0-9a-f]{16})\s+"
                  r"(table|block|page|invalid)(?: (\d+[KMG]))?(.*)$", re.M)
RANGE = re.compile(r"^0x([0-9a-f]{16})-0x([0-9a-f]{16})\s+(\d+)([BKMGTPE])\s+(PGD|PUD|PMD|PTE)\s+(.*)$")
UNITS = {"B": 0, "K": 10, "M": 20, "G": 30, "T": 40, "P": 50, "E": 60}


def cmd(g, line, timeout=30):
    """Type @line in one burst, as a paste would, and return its output."""
    return g.cmd(line, timeout)


@pytest.fixture(scope="module")
def syms():
    out = subprocess.run([NM, str(ELF)], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            table[parts[2]] = int(parts[0], 16)
    return table


def walk(g, va):
    out = cmd(g, f"pagewalk {va:#x}")
    steps = [{"level": int(m[0]), "table": int(m[1], 16), "index": int(m[2]),
              "desc": int(m[3], 16), "kind": m[4], "size": m[5], "attrs": m[6]}
             for m in STEP.findall(out)]
    pa = re.search(r"^PA 0x([0-9a-f]{16})", out, re.M)
    return out, steps, int(pa.group(1), 16) if pa else None


def decode(desc):
    """Independent decode of a block/page descriptor's attributes."""
    return {"attrindx": (desc >> 2) & 7, "ap": (desc >> 6) & 3, "sh": (desc >> 8) & 3,
            "af": (desc >> 10) & 1, "ng": (desc >> 11) & 1, "pxn": (desc >> 53) & 1,
            "uxn": (desc >> 54) & 1}


def check_levels(va, steps):
    """Each step's index is the VA's index at that level; each next table is
    the address in the previous table descriptor."""
    for s in steps:
        assert s["index"] == (va >> (39 - 9 * s["level"])) & 511, s
    for a, b in zip(steps, steps[1:]):
        assert a["kind"] == "table"
        assert b["table"] == a["desc"] & 0x0000fffffffff000


# Expected text per attribute, as printed after the descriptor.
TEXT = ["AttrIndx=0 (Normal WB)", "AP=10 (EL1 RO, EL0 none)", "SH=11 (inner)", "AF=1",
        "nG=0", "PXN=0", "UXN=1"]
RODATA = ["AttrIndx=0 (Normal WB)", "AP=10 (EL1 RO, EL0 none)", "SH=11 (inner)", "AF=1",
          "nG=0", "PXN=1", "UXN=1"]
DATA = ["AttrIndx=0 (Normal WB)", "AP=00 (EL1 RW, EL0 none)", "SH=11 (inner)", "AF=1",
        "nG=0", "PXN=1", "UXN=1"]


@pytest.mark.parametrize("sym,expect,ap,pxn", [
    ("_text", TEXT, 2, 0),
    ("start_kernel", TEXT, 2, 0),
    ("__start_rodata", RODATA, 2, 1),
    ("_sdata", DATA, 0, 1),
    ("__bss_start", DATA, 0, 1),
    ("init_stack", DATA, 0, 1),
])
def test_pagewalk_kernel_image(shell, syms, sym, expect, ap, pxn):
    va = syms[sym]
    out, steps, pa = walk(shell, va)
    assert "TTBR1_EL1 (swapper_pg_dir)" in out, out
    assert [s["kind"] for s in steps] == ["table", "table", "table", "page"], out
    check_levels(va, steps)
    for s in steps[:3]:
        assert "PXNTable=0 UXNTable=0 APTable=00" in s["attrs"], out
    leaf = steps[3]
    for a in expect:
        assert a in leaf["attrs"], f"{sym}: {a!r} missing in {out}"
    d = decode(leaf["desc"])
    assert (d["attrindx"], d["ap"], d["sh"], d["af"], d["ng"], d["pxn"], d["uxn"]) == \
        (0, ap, 3, 1, 0, pxn, 1), out
    assert pa == (leaf["desc"] & 0x0000fffffffff000) | (va & 0xfff)
    assert "PA 0x" in out and "(4K page at L3)" in out


def test_pagewalk_image_is_contiguous(shell, syms):
    """The image is mapped at a fixed offset: PA - VA is the same everywhere."""
    offsets = set()
    for sym in ("_text", "_etext", "__start_rodata", "_sdata", "__bss_start", "init_stack"):
        _, _, pa = walk(shell, syms[sym])
        offsets.add(syms[sym] - pa)
    assert len(offsets) == 1, offsets
    text_pa = syms["_text"] - offsets.pop()
    assert text_pa % 4096 == 0 and RAM_START <= text_pa < RAM_START + RAM_SIZE


def test_pagewalk_etext_is_last_code_page(shell, syms):
    _, steps, _ = walk(shell, syms["_etext"] - 1)
    assert "PXN=0" in steps[-1]["attrs"] and "AP=10" in steps[-1]["attrs"]
    _, steps, _ = walk(shell, syms["_etext"])
    assert "PXN=1" in steps[-1]["attrs"], "rodata must start at _etext"


def test_pagewalk_linear_map_block(shell):
    pa = RAM_START + RAM_SIZE - (3 << 20) + 0x1234	# far above the kernel
    va = PAGE_OFFSET + (pa - RAM_START)
    out, steps, got = walk(shell, va)
    check_levels(va, steps)
    assert steps[-1]["kind"] == "block", out
    assert steps[-1]["size"] in ("2M", "1G"), out
    assert got == pa, out
    for a in DATA:
        assert a in steps[-1]["attrs"], out
    assert re.search(r"^PA 0x[0-9a-f]{16} \((2M|1G) block at L[12]\)", out, re.M), out


@pytest.mark.parametrize("va,level", [
    (0xffff800020000000, 2),	# inside vmalloc, past the few ioremaps
    (0xffffffffffff0000, 0),	# top of the kernel half: nothing there
    (PAGE_OFFSET + (8 << 30), 1),	# linear map beyond RAM
])
def test_pagewalk_unmapped_kernel(shell, va, level):
    out, steps, pa = walk(shell, va)
    assert steps[-1]["kind"] == "invalid" and steps[-1]["level"] == level, out
    assert steps[-1]["desc"] == 0
    assert pa is None
    assert f"not mapped: invalid descriptor at L{level}" in out


def test_pagewalk_user_half_is_empty(shell, syms):
    """TTBR0 holds the empty reserved_pg_dir or the shell's own address space,
    which maps nothing here: the idmap of the image is gone."""
    _, _, text_pa = walk(shell, syms["_text"])
    for va in (0, text_pa, 0x0000ff0000000000):
        out, steps, pa = walk(shell, va)
        assert re.search(r"TTBR0_EL1 \((reserved_pg_dir|mm \d+, ASID \d+)", out), out
        assert len(steps) == 1 and steps[0]["kind"] == "invalid", out
        assert "not mapped" in out and pa is None


@pytest.mark.parametrize("arg,err", [
    ("xyz", "is not a number"),
    ("0x", "is not a number"),
    ("12abc", "is not a number"),
    ("0x0001000000000000", "is not a canonical address"),
    ("0xfff0000000000000", "is not a canonical address"),
    ("0x8000000000000000", "is not a canonical address"),
])
def test_pagewalk_bad_input(shell, arg, err):
    out = cmd(shell, f"pagewalk {arg}")
    assert err in out, out
    assert "usage: pagewalk <va>" in out, out
    assert "L0" not in out


def test_pagewalk_usage(shell):
    assert "usage: pagewalk <va>" in cmd(shell, "pagewalk")
    assert "usage: pagewalk <va>" in cmd(shell, "pagewalk 1 2")


def parse_kmaps(out):
    """{section: [range dicts]}, in output order; asserts the format."""
    sections, current, order = {}, None, []
    for line in out.splitlines():
        line = line.rstrip()
        if not line:
            continue
        m = re.match(r"^---\[ (.+) (start|end) \]---$", line)
        if m:
            name, edge = m.groups()
            if edge == "start":
                assert current is None, f"{name} starts inside {current}"
                current = name
                sections[name] = []
                order.append(name)
            else:
                assert current == name, line
                current = None
            continue
        m = RANGE.match(line)
        assert m, f"unexpected kmaps line: {line!r}"
        start, end = int(m[1], 16), int(m[2], 16)
        size = int(m[3]) << UNITS[m[4]]
        words = m[6].split()
        mem = [w for w in words if "/" in w]
        assert len(mem) == 1, line
        assert current is not None, f"range outside every section: {line}"
        sections[current].append({"start": start, "end": end, "size": size, "level": m[5],
                                  "words": set(words), "mem": mem[0], "line": line})
    assert current is None
    return order, sections


@pytest.fixture(scope="module")
def kmaps(shell):
    return parse_kmaps(cmd(shell, "kmaps", timeout=60))


def test_kmaps_sections(kmaps):
    order, sections = kmaps
    assert order == [s[0] for s in SECTIONS]
    for name, lo, hi in SECTIONS:
        assert sections[name], f"{name} is empty"
        for r in sections[name]:
            assert lo <= r["start"] < r["end"] <= hi, r["line"]
            assert r["end"] - r["start"] == r["size"], r["line"]
            assert r["start"] % 4096 == 0 and r["end"] % 4096 == 0


def test_kmaps_no_writable_executable(kmaps):
    _, sections = kmaps
    for rows in sections.values():
        for r in rows:
            w = r["words"]
            assert ("ro" in w) != ("RW" in w), r["line"]
            assert ("x" in w) != ("NX" in w), r["line"]
            assert not ("RW" in w and "x" in w), f"W+X mapping: {r['line']}"
            assert "UXN" in w, f"EL0-executable kernel mapping: {r['line']}"
            assert "USR" not in w and "AF" in w, r["line"]


def test_kmaps_sorted_and_merged(kmaps):
    _, sections = kmaps
    last_end = 0
    for name, _, _ in SECTIONS:
        rows = sections[name]
        assert rows[0]["start"] >= last_end
        for a, b in zip(rows, rows[1:]):
            assert a["end"] <= b["start"], (a["line"], b["line"])
            if a["end"] == b["start"]:
                assert (a["level"], a["words"]) != (b["level"], b["words"]), \
                    f"not merged: {a['line']} / {b['line']}"
        last_end = rows[-1]["end"]


def test_kmaps_kernel_image(kmaps, syms):
    _, sections = kmaps
    rows = sections["Kernel Image"]
    exe = [r for r in rows if "x" in r["words"]]
    assert len(exe) == 1, rows
    assert (exe[0]["start"], exe[0]["end"]) == (syms["_text"], syms["_etext"])
    assert exe[0]["level"] == "PTE" and "ro" in exe[0]["words"]
    ro = [r for r in rows if r["words"] >= {"ro", "NX"}]
    assert [(r["start"], r["end"]) for r in ro] == [(syms["__start_rodata"], syms["__end_rodata"])]
    rw = [r for r in rows if "RW" in r["words"]]
    assert rw[0]["start"] == syms["__end_rodata"] and rw[-1]["end"] == syms["_end"]
    assert all(r["mem"] == "MEM/NORMAL" and "SHD" in r["words"] for r in rows)


def test_kmaps_linear_map(kmaps, syms):
    """All of RAM, never executable; the kernel's text+rodata alias read-only."""
    _, sections = kmaps
    rows = sections["Linear Mapping"]
    assert rows[0]["start"] == PAGE_OFFSET
    assert rows[-1]["end"] == PAGE_OFFSET + RAM_SIZE
    assert sum(r["size"] for r in rows) == RAM_SIZE
    assert all("NX" in r["words"] and r["mem"] == "MEM/NORMAL" for r in rows)
    ro = [r for r in rows if "ro" in r["words"]]
    assert len(ro) == 1 and ro[0]["size"] == syms["__end_rodata"] - syms["_text"], rows
    assert any(r["level"] in ("PMD", "PUD") for r in rows), "no block mappings"


def test_kmaps_fdt_and_ioremap(kmaps):
    _, sections = kmaps
    for r in sections["FDT"]:
        assert r["words"] >= {"ro", "NX"} and r["mem"] == "MEM/NORMAL", r["line"]
    io = sections["vmalloc/ioremap"]
    assert io[0]["start"] == VMALLOC_START, "the UART is the first ioremap"
    for r in io:
        assert r["words"] >= {"RW", "NX", "UXN"} and r["mem"] == "DEVICE/nGnRE", r["line"]


def test_kmaps_agrees_with_pagewalk(shell, kmaps):
    _, sections = kmaps
    for name, _, _ in SECTIONS:
        r = sections[name][0]
        _, steps, _ = walk(shell, r["start"])
        leaf = steps[-1]
        assert leaf["kind"] in ("page", "block")
        assert {"PTE": 3, "PMD": 2, "PUD": 1}[r["level"]] == leaf["level"]
        d = decode(leaf["desc"])
        assert ("ro" in r["words"]) == bool(d["ap"] & 2)
        assert ("x" in r["words"]) == (d["pxn"] == 0)


def test_kmaps_rejects_arguments(shell):
    assert "usage: kmaps" in cmd(shell, "kmaps extra")


def test_ktest_mmu_suites(shell):
    out = cmd(shell, "ktest arm64_wx arm64_mmu arm64_traps", timeout=60)
    results = re.findall(r"^    (ok|not ok) \d+ (\S+)", out, re.M)
    assert len(results) >= 20, out
    assert all(r == "ok" for r, _ in results), out
    assert "# Totals: suites:3 failed:0" in out
