# SPDX-License-Identifier: GPL-2.0
"""The "bench" command as make bench runs it: under -icount with the slab
debug checks off, `bench list` names every KBENCH and `bench` prints one
"BENCH <name> <value> <unit>" line for each, the value a positive integer.

No figure is held to a target here (they are for make bench to report);
this only proves that every benchmark runs to the end and reports.
"""
import re

import pytest

from qemu import boot_to_prompt

# Every KBENCH the kernel registers (mm/*.c); later work appends its own.
EXPECTED = {
    "kmalloc64_pair_insns": "insns",
    "kmem_cache64_pair_insns": "insns",
    "vmalloc64k_pair_insns": "insns",
    "page_order0_pair_insns": "insns",
    "page_order3_pair_insns": "insns",
    "struct_page_bytes": "bytes",
    "anon_write_fault_insns": "insns",
    "zero_read_fault_insns": "insns",
    "cow_fault_insns": "insns",
    "mmap_munmap_pair_insns": "insns",
    "mprotect_pair_insns": "insns",
    "fault_10_vmas_insns": "insns",
    "fault_10k_vmas_insns": "insns",
}


@pytest.fixture(scope="module")
def guest():
    g = boot_to_prompt(mem="1G", icount=True, timeout=300, append="slab_debug=off")
    yield g
    g.close()


def test_bench_list_names_every_benchmark(guest):
    out = guest.cmd("bench list")
    listed = dict(re.findall(r"^(\S+) \((\S+)\)\s*$", out, re.M))
    for name, unit in EXPECTED.items():
        assert listed.get(name) == unit, f"{name} ({unit}) missing from bench list:\n{out}"


def test_bench_reports_every_benchmark(guest):
    listed = re.findall(r"^(\S+) \(\S+\)\s*$", guest.cmd("bench list"), re.M)
    out = guest.cmd("bench", timeout=600)
    got = {}
    for name, value, unit in re.findall(r"^BENCH (\S+) (\S+) (\S+)\s*$", out, re.M):
        assert name not in got, f"{name} reported twice:\n{out}"
        got[name] = (value, unit)
    for name in set(EXPECTED) | set(listed):
        assert name in got, f"no BENCH line for {name}:\n{out}"
        value, unit = got[name]
        assert re.fullmatch(r"[0-9]+", value) and int(value) > 0, f"{name}: {value}"
        if name in EXPECTED:
            assert unit == EXPECTED[name], f"{name}: unit {unit}"
    assert "no such benchmark" not in out


def test_bench_unknown_name_is_refused(guest):
    out = guest.cmd("bench no_such_bench")
    assert "no such benchmark" in out
    assert "BENCH " not in out
