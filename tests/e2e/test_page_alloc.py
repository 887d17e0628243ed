# SPDX-License-Identifier: GPL-2.0
"""The page allocator as a user sees it: meminfo, buddyinfo, zoneinfo, pageinfo.

Figures are checked against each other and against what QEMU was given:
MemTotal plus what boot reserved is all the RAM; the buddy lists plus the
per-cpu list are MemFree; MemFree comes back to the same value after the
in-kernel page allocator suites have allocated and freed most of memory.
"""
import re

import pytest

from qemu import boot_to_prompt

# fs/proc/meminfo.c's order (the fields Linux prints on arm64 without
# CONFIG_HUGETLB_PAGE, CMA, zswap or unaccepted memory).
MEMINFO_FIELDS = [
    "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
    "Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
    "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree",
    "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable",
    "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables",
    "SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp", "CommitLimit",
    "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu",
    "HardwareCorrupted", "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped",
    "FileHugePages", "FilePmdMapped",
]

VMALLOC_START = 0xffff800010000000
VMALLOC_END = 0xffff800800000000
MAX_PFN = 1 << 28
MEM_BYTES = {"128M": 128 << 20, "1G": 1 << 30, "2G": 2 << 30}


def lines_of(out):
    return [l for l in out.splitlines() if l.strip()]


def meminfo(g):
    vals = {}
    lines = lines_of(g.cmd("meminfo"))
    for line in lines:
        # Linux's "%-16s%8lu kB": the number ends in column 24.
        m = re.fullmatch(r"([A-Za-z0-9_()]+):( +)(\d+) kB", line)
        assert m, line
        assert len(line) == 27, line
        vals[m.group(1)] = int(m.group(3))
    assert list(vals) == MEMINFO_FIELDS
    return vals


def buddyinfo(g):
    out = lines_of(g.cmd("buddyinfo"))
    assert len(out) == 1, out
    m = re.fullmatch(r"Node 0, zone   Normal ((?: +\d+){11}) *", out[0])
    assert m, out
    return [int(x) for x in m.group(1).split()]


def zoneinfo(g):
    out = g.cmd("zoneinfo")
    assert out.startswith("Node 0, zone   Normal\n"), out
    zone, pcp = out.split("pagesets")
    get = lambda text, k: int(re.search(r"^\s*%s\s+(\d+)$" % re.escape(k), text, re.M).group(1))
    z = {k: get(zone, k) for k in ("pages free", "min", "low", "high", "spanned",
                                   "present", "managed")}
    z.update({"pcp_" + k[:-1]: get(pcp, k) for k in ("count:", "high:", "batch:")})
    return z


def ram_bytes(g):
    info = g.cmd("bootinfo")
    ranges = re.findall(r"^\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+\d+ KiB",
                        info.split("reserved:")[0], re.M)
    return sum(int(b, 16) - int(a, 16) + 1 for a, b in ranges)


def free_consistent(g):
    """MemFree, the zone's free count and buddy lists + pcp list agree."""
    z = zoneinfo(g)
    nr = buddyinfo(g)
    m = meminfo(g)
    z2 = zoneinfo(g)
    assert z["pages free"] == z2["pages free"], "something allocated meanwhile"
    assert m["MemFree"] == z["pages free"] * 4
    assert sum(n << o for o, n in enumerate(nr)) + z["pcp_count"] == z["pages free"]
    return m


def test_meminfo_format(shell):
    m = meminfo(shell)
    assert m["VmallocTotal"] == (VMALLOC_END - VMALLOC_START) // 1024
    for absent in ("SwapTotal", "SwapFree", "Mlocked", "HardwareCorrupted"):
        assert m[absent] == 0


def test_meminfo_arithmetic(shell):
    m = meminfo(shell)
    ram_kb = ram_bytes(shell) // 1024
    assert 0 < m["MemFree"] <= m["MemTotal"] <= ram_kb
    # Boot reserves the image, DTB, mem_map (56 bytes per 4 KiB) and tables.
    assert ram_kb - m["MemTotal"] < ram_kb // 50 + 4096
    assert m["MemAvailable"] <= m["MemFree"] + m["Cached"] + m["SReclaimable"]
    assert m["Slab"] == m["SReclaimable"] + m["SUnreclaim"]
    assert m["KReclaimable"] >= m["SReclaimable"]
    assert m["CommitLimit"] == m["MemTotal"] // 2 // 4 * 4


def test_boot_memory_line(fresh):
    g = fresh()
    boot = g.output()
    m = re.search(r"Memory: (\d+)K/(\d+)K available \((\d+)K kernel code, .* (\d+)K reserved\)",
                  boot)
    assert m, boot
    avail, total, code, reserved = map(int, m.groups())
    assert total * 1024 == ram_bytes(g)
    assert avail + reserved == total
    assert code > 0
    assert meminfo(g)["MemTotal"] == avail


def test_buddyinfo_matches_memfree(shell):
    free_consistent(shell)


def test_zoneinfo_watermarks(shell):
    z = zoneinfo(shell)
    assert 0 < z["min"] < z["low"] < z["high"] < z["managed"]
    assert z["managed"] * 4 == meminfo(shell)["MemTotal"]
    assert z["present"] * 4096 == ram_bytes(shell)
    assert 0 <= z["pcp_count"] < z["pcp_high"]
    assert 0 < z["pcp_batch"] < z["pcp_high"]


def test_memfree_restored_after_ktest(shell):
    before = free_consistent(shell)
    out = shell.cmd("ktest page_alloc page_alloc_stress", timeout=300)
    assert "not ok" not in out, out
    assert re.search(r"^ok \d+ page_alloc_stress", out, re.M), out
    after = free_consistent(shell)
    assert after["MemFree"] == before["MemFree"]
    assert after["MemTotal"] == before["MemTotal"]


def kernel_image_phys(g):
    m = re.search(r"kernel image:\s+(0x[0-9a-f]+)-", g.cmd("bootinfo"))
    return int(m.group(1), 16)


def test_pageinfo_kernel_image(shell):
    pa = kernel_image_phys(shell)
    out = shell.cmd(f"pageinfo {pa:#x}")
    assert re.search(r"^pfn:\s+%#x$" % (pa >> 12), out, re.M), out
    assert re.search(r"^phys:\s+%#x$" % pa, out, re.M), out
    assert re.search(r"^flags:\s+0x[0-9a-f]+\(.*reserved.*\)$", out, re.M), out
    assert re.search(r"^refcount:\s+1$", out, re.M), out
    assert "state:    reserved" in out
    # The same page by pfn.
    assert shell.cmd(f"pageinfo {pa >> 12:#x}") == out


def test_pageinfo_free_page(shell):
    # Half-way into RAM, 4 MiB aligned: allocations come from the top, so
    # this is the head of a free max-order block.
    pa = 0x40000000 + (ram_bytes(shell) // 2)
    out = shell.cmd(f"pageinfo {pa:#x}")
    assert re.search(r"^flags:\s+0x100\(buddy\)$", out, re.M), out
    assert re.search(r"^refcount:\s+0$", out, re.M), out
    assert re.search(r"^state:\s+free, buddy block head, order 10 \(1024 pages\)$", out, re.M), out
    inside = shell.cmd(f"pageinfo {pa + 0x3000:#x}")
    assert re.search(r"^state:\s+free, inside the order 10 buddy block at pfn %#x$" % (pa >> 12),
                     inside, re.M), inside
    assert re.search(r"^flags:\s+0x0\(\)$", inside, re.M), inside


def test_pageinfo_section(shell):
    out = shell.cmd("pageinfo 0x40000000")
    assert re.search(r"^section:\s+8$", out, re.M), out


@pytest.mark.parametrize("line,expect", [
    ("pageinfo", r"usage: pageinfo <pfn\|phys>"),
    ("pageinfo zz", r"usage: pageinfo <pfn\|phys>"),
    ("pageinfo 1 2", r"usage: pageinfo <pfn\|phys>"),
    ("pageinfo 0x10", r"pageinfo: pfn 0x10 \(phys 0x10000\) has no struct page"),
    ("pageinfo 0xffffffffffff000", r"has no struct page"),
    ("buddyinfo x", r"usage: buddyinfo"),
    ("meminfo x", r"usage: meminfo"),
    ("zoneinfo x", r"usage: zoneinfo"),
])
def test_bad_input(shell, line, expect):
    out = shell.cmd(line)
    assert re.search(expect, out), out
    # Nothing was harmed: the next command works.
    assert "MemTotal:" in shell.cmd("meminfo")


@pytest.mark.parametrize("mem", ["128M", "2G"])
def test_other_sizes(fresh, mem):
    g = fresh(mem=mem, timeout=60)
    m = free_consistent(g)
    assert ram_bytes(g) == MEM_BYTES[mem]
    assert MEM_BYTES[mem] // 1024 - m["MemTotal"] < MEM_BYTES[mem] // 1024 // 50 + 4096
    z = zoneinfo(g)
    assert z["min"] > 0 and z["pcp_batch"] > 0
