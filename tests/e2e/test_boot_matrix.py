# SPDX-License-Identifier: GPL-2.0
"""The boot matrix: CPUs, GIC versions, entry EL and RAM sizes.

Each configuration boots to the prompt, checks what bootinfo reports against
what QEMU was told, runs every in-kernel suite from the shell, and powers off
(QEMU must exit with status 0).
"""
import re

import pytest

from qemu import boot_to_prompt

CONFIGS = [
    # cpu, gic, el2, mem
    ("cortex-a53", 2, False, "128M"),
    ("cortex-a53", 3, True, "2G"),
    ("cortex-a72", 2, True, "128M"),
    ("cortex-a72", 3, False, "2G"),
    ("max", 3, True, "1G"),
    ("max", 2, False, "2G"),
]

MEM_BYTES = {"128M": 128 << 20, "1G": 1 << 30, "2G": 2 << 30}


@pytest.mark.parametrize("cpu,gic,el2,mem", CONFIGS,
                         ids=[f"{c}-gicv{g}-{'el2' if e else 'el1'}-{m}" for c, g, e, m in CONFIGS])
def test_boot(cpu, gic, el2, mem):
    g = boot_to_prompt(cpu=cpu, gic=gic, el2=el2, mem=mem, timeout=120)
    try:
        info = g.cmd("bootinfo")
        assert re.search(r"entry EL:\s+EL%d" % (2 if el2 else 1), info), info
        ranges = re.findall(r"^\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+\d+ KiB", info.split("reserved:")[0], re.M)
        total = sum(int(b, 16) - int(a, 16) + 1 for a, b in ranges)
        assert total == MEM_BYTES[mem], info
        assert re.search(r"GIC:\s+GICv%d" % gic, info), info
        out = g.cmd("ktest", timeout=300)
        assert "not ok" not in out, out
        assert re.search(r"^ok \d+ ", out, re.M), out
        g.send("poweroff\r")
        assert g.wait_exit(30) == 0
    finally:
        g.close()
