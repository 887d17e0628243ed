# SPDX-License-Identifier: GPL-2.0
"""`mtdump demo`: the maple tree of a demo address space (plain `mtdump`
shows the current address space's tree: tests/e2e/test_madvise.py).

The ranges it lists are checked against the node dump printed below them:
every range appears as a leaf slot with the same bounds, the tree reports
256-byte nodes, and mt_validate passes.
"""
import re

MAPS = re.compile(r"^  ([0-9a-f]{12})-([0-9a-f]{12}) (.+?)\r?$", re.M)
SLOT = re.compile(r"^\s+\[0x([0-9a-f]+), 0x([0-9a-f]+)\] (0x[0-9a-f]+|\(empty\))\r?$", re.M)


def test_mtdump_demo_tree(shell):
    out = shell.cmd("mtdump demo")
    maps = [(int(a, 16), int(b, 16), name) for a, b, name in MAPS.findall(out)]
    assert len(maps) == 19
    assert maps[0] == (0x400000, 0x401000, "/bin/demo r--p")
    assert maps[-1][2] == "[vdso]"
    assert "height 2, node size 256 bytes" in out
    assert "arange64" in out and "leaf64" in out
    slots = [(int(a, 16), int(b, 16), v) for a, b, v in SLOT.findall(out)]
    used = [(a, b + 1) for a, b, v in slots if v != "(empty)"]
    assert used == [(a, b) for a, b, _ in maps]
    # Leaf slots tile the whole index space, empty ranges never side by side.
    assert slots[0][0] == 0 and slots[-1][1] == (1 << 64) - 1
    for (a0, b0, v0), (a1, b1, v1) in zip(slots, slots[1:]):
        assert a1 == b0 + 1
        assert not (v0 == "(empty)" and v1 == "(empty)")
    assert "19 ranges" in out
    assert "mt_validate: ok" in out


def test_mtdump_rejects_arguments(shell):
    out = shell.cmd("mtdump now")
    assert "usage: mtdump" in out
