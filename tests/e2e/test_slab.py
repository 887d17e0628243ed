# SPDX-License-Identifier: GPL-2.0
"""The slab allocator as a user sees it: `slabinfo`, its agreement with
`meminfo`, what a ktest run leaves behind, the debug reports, bad input,
and a boot with slab_debug=off.
"""
import re

import pytest

HEADER = ("slabinfo - version: 2.1\n"
          "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
          " : tunables <limit> <batchcount> <sharedfactor>"
          " : slabdata <active_slabs> <num_slabs> <sharedavail>\n")
LINE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) : tunables\s+0\s+0\s+0"
                  r" : slabdata\s+(\d+)\s+(\d+)\s+0$")
KMALLOC = ["8", "16", "32", "64", "96", "128", "192", "256", "512", "1k", "2k", "4k", "8k"]
PAGE_KB = 4


def slabinfo(g):
    """{name: (active, num, objsize, perslab, pages, slabs)} and the line order."""
    out = g.cmd("slabinfo")
    assert out.startswith(HEADER), out[:300]
    caches, order = {}, []
    for line in out[len(HEADER):].splitlines():
        m = LINE.match(line)
        assert m, f"slabinfo line does not parse: {line!r}"
        name = m.group(1)
        active, num, objsize, per, pages, aslabs, slabs = map(int, m.groups()[1:])
        assert aslabs == slabs
        assert name not in caches, f"{name} listed twice"
        caches[name] = (active, num, objsize, per, pages, slabs)
        order.append(name)
    return caches, order


def meminfo(g):
    out = g.cmd("meminfo")
    return {k: int(v) for k, v in re.findall(r"^(\w+(?:\(\w+\))?):\s+(\d+) kB$", out, re.M)}


def totals(g):
    out = g.cmd("slabinfo -T")
    t = {}
    m = re.search(r"large kmalloc: (\d+) blocks \((\d+) kB\)", out)
    t["large_blocks"], t["large_kb"] = int(m.group(1)), int(m.group(2))
    t["slab_kb"] = int(re.search(r"slabs:\s+\d+ \((\d+) kB\)", out).group(1))
    t["SReclaimable"] = int(re.search(r"SReclaimable:\s+(\d+) kB", out).group(1))
    t["SUnreclaim"] = int(re.search(r"SUnreclaim:\s+(\d+) kB", out).group(1))
    return t


def test_slabinfo_format(shell):
    caches, order = slabinfo(shell)
    for kind in ("kmalloc-", "kmalloc-rcl-"):
        for size in KMALLOC:
            assert kind + size in caches
    assert "kmem_cache" in caches
    # /proc/slabinfo lists the newest cache first: kmem_cache is the oldest.
    assert order[-1] == "kmem_cache"
    for name, (active, num, objsize, per, pages, slabs) in caches.items():
        assert active <= num, name
        assert num == slabs * per, name
        assert pages & (pages - 1) == 0, name
        assert per * objsize <= pages * PAGE_KB * 1024, name
        # kmalloc slabs waste little: at most a quarter even with debug red zones.
        if name.startswith("kmalloc-") or name == "kmem_cache":
            assert (pages * 4096 - per * objsize) * 4 <= pages * 4096, name
    # One struct kmem_cache per cache from the kmem_cache cache, but its own
    # (static: it cannot come from itself).
    assert caches["kmem_cache"][0] == len(caches) - 1


def test_slab_figures_agree_with_meminfo(shell):
    caches, _ = slabinfo(shell)
    t = totals(shell)
    mi = meminfo(shell)
    slab_kb = sum(c[5] * c[4] * PAGE_KB for c in caches.values())
    assert t["slab_kb"] == slab_kb
    assert mi["Slab"] == mi["SReclaimable"] + mi["SUnreclaim"]
    assert mi["SReclaimable"] == t["SReclaimable"]
    assert mi["SUnreclaim"] == t["SUnreclaim"]
    # Every slab page and every large kmalloc block, nothing else.
    assert mi["Slab"] == slab_kb + t["large_kb"]
    out = shell.cmd("slabinfo -v")
    assert re.search(r"validated \d+ caches: 0 problems", out)


def test_slabinfo_one_cache(shell):
    out = shell.cmd("slabinfo kmalloc-64")
    assert re.search(r"^kmalloc-64: object 64 bytes, slot \d+ bytes, align 64, order 0 \(4 kB\), "
                     r"\d+ objects per slab$", out, re.M), out
    assert re.search(r"^  flags:\s+.*kmalloc", out, re.M)
    assert re.search(r"^  objects:\s+\d+ active of \d+, 0 quarantined$", out, re.M)
    out = shell.cmd("slabinfo kmalloc-rcl-1k")
    assert "reclaimable" in out and "unreclaimable" not in out


def test_ktest_leaves_nothing_behind(shell):
    """Counts before and after the slab suites: no object leaked, test caches
    gone, and MemFree moved by exactly the slab pages given back."""
    before, _ = slabinfo(shell)
    mi0 = meminfo(shell)
    out = shell.cmd("ktest slab slab_debug", timeout=300)
    assert re.search(r"^# slab: pass:\d+ fail:0 skip:0", out, re.M), out[-3000:]
    assert re.search(r"^# slab_debug: pass:\d+ fail:0 skip:0", out, re.M), out[-3000:]
    # Each deliberate bug was reported (and its report checked by the test).
    for what in ("Object already free", "Invalid object pointer", "Wrong slab cache",
                 "Right Redzone overwritten", "Left Redzone overwritten",
                 "kmalloc Redzone overwritten", "Poison overwritten", "Freepointer corrupt",
                 "Objects remaining in ktest-leak"):
        assert re.search(r"^    # BUG \S+ \(Not tainted\): " + re.escape(what), out, re.M), what
    after, _ = slabinfo(shell)
    mi1 = meminfo(shell)
    assert set(after) == set(before), "test caches left behind"
    for name, c in before.items():
        assert after[name][0] == c[0], f"{name}: active objects {c[0]} -> {after[name][0]}"
    # The suites shrink the kmalloc caches at the end: counts may only drop.
    for size in KMALLOC:
        assert after["kmalloc-" + size][5] <= before["kmalloc-" + size][5]
    assert mi1["PageTables"] == mi0["PageTables"]
    assert mi1["VmallocUsed"] == mi0["VmallocUsed"]
    assert mi1["MemFree"] - mi0["MemFree"] == mi0["Slab"] - mi1["Slab"]
    assert re.search(r"0 problems", shell.cmd("slabinfo -v"))


def test_slabinfo_bad_input(shell):
    out = shell.cmd("slabinfo no-such-cache")
    assert "slabinfo: no cache named 'no-such-cache'" in out
    assert "usage: slabinfo" in shell.cmd("slabinfo -x")
    assert "usage: slabinfo" in shell.cmd("slabinfo kmalloc-64 extra")
    # The shell is still fine afterwards.
    assert shell.cmd("slabinfo kmalloc-8").startswith("kmalloc-8: object 8 bytes")


def test_boot_with_slab_debug_off(fresh):
    g = fresh(append="slab_debug=off", mem="256M")
    out = g.cmd("slabinfo kmalloc-64")
    # No red zones or tracking: 64-byte slots, 64 per page.
    assert re.search(r"^kmalloc-64: object 64 bytes, slot 64 bytes, align 64, order 0 \(4 kB\), "
                     r"64 objects per slab$", out, re.M), out
    assert "red_zone" not in out
    out = g.cmd("ktest slab slab_debug", timeout=300)
    assert re.search(r"^# slab: pass:\d+ fail:0", out, re.M), out[-3000:]
    # Caches that ask for the checks still get them.
    assert re.search(r"^# slab_debug: pass:\d+ fail:0", out, re.M), out[-3000:]
