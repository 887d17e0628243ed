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
  ...          every KBENCH in the kernel ("bench" command), from a boot with
               slab_debug=off (the fast paths), plus kmalloc64_debug_pair_insns
               from a boot with the slab debug checks on.
Host benchmark programs named on the command line (make bench passes
build/host/bench_*) run first; each prints a table and its own BENCH lines
(bench_maple_tree: the maple tree against a libbsd red-black tree).
"""
import re
import subprocess
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


def kernel_benches(append=None, names=()):
    """KBENCH figures from the kernel's "bench" command, under icount."""
    g = boot_to_prompt(mem="1G", icount=True, timeout=300, append=append)
    try:
        out = g.cmd(" ".join(("bench",) + tuple(names)), timeout=600)
    finally:
        g.close()
    return re.findall(r"^BENCH (\S+) (\d+) (\S+)$", out, re.M)


def host_benches(bins):
    """Host benchmark programs (make bench builds them): their table, then their BENCH lines."""
    for b in bins:
        out = subprocess.run([b], cwd=ROOT, capture_output=True, text=True,
                             timeout=1800, check=True).stdout
        for line in out.splitlines():
            print(line, flush=True)


def main():
    host_benches(sys.argv[1:])
    bench("boot_insns", boot_insns(), "insns")
    bench("image_bytes", IMAGE.stat().st_size, "bytes")
    # The fast paths, as a kernel without the slab debug checks runs them.
    for name, value, unit in kernel_benches(append="slab_debug=off"):
        bench(name, value, unit)
    # What CONFIG_SLAB_DEBUG's red zones, poisoning and checks cost.
    for name, value, unit in kernel_benches(names=("kmalloc64_pair_insns",)):
        bench(name.replace("_pair_", "_debug_pair_"), value, unit)


if __name__ == "__main__":
    main()
