#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench: one "BENCH <name> <value> <unit>" line per figure.

Names stay stable from issue to issue; later work appends its own.
  boot_insns   guest instructions from reset to the first prompt, 1 GiB RAM.
               QEMU runs with -icount shift=0,sleep=off, so each instruction
               advances virtual time by 1 ns, idle time does not follow the
               host's clock, and the generic timer (CNTFRQ Hz) counts
               instructions: insns = ticks * 1e9 / CNTFRQ. Repeats exactly.
  image_bytes  size of build/Image
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from qemu import IMAGE, boot_to_prompt  # noqa: E402


def bench(name, value, unit):
    print(f"BENCH {name} {value} {unit}", flush=True)


def boot_insns():
    g = boot_to_prompt(mem="1G", icount=True, timeout=120)
    try:
        out = g.cmd("bootinfo")
    finally:
        g.close()
    ticks = int(re.search(r"boot time:\s+(\d+) counter ticks", out).group(1))
    freq = int(re.search(r"timer:\s+(\d+) Hz", out).group(1))
    return ticks * 1_000_000_000 // freq


def kernel_benches():
    """Every KBENCH in the kernel, run by its "bench" command under icount."""
    g = boot_to_prompt(mem="1G", icount=True, timeout=300)
    try:
        out = g.cmd("bench", timeout=600)
    finally:
        g.close()
    return re.findall(r"^BENCH (\S+) (\d+) (\S+)$", out, re.M)


def main():
    bench("boot_insns", boot_insns(), "insns")
    bench("image_bytes", IMAGE.stat().st_size, "bytes")
    for name, value, unit in kernel_benches():
        bench(name, value, unit)


if __name__ == "__main__":
    main()
