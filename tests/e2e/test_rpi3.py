# SPDX-License-Identifier: GPL-2.0
"""QEMU's Raspberry Pi 3 model (raspi3b), booted as `make rpi3-run` does.

The Pi 3 has no GIC: the BCM2836 ARM local controller is the root (the
generic timer's CNTVIRQ is its line 3) and the BCM2835 "armctrl" is chained
on its GPU line 8 (uart0 is <2 25>, interrupt number 32 + 89 = 121). The
image is the same one make run boots; it is loaded at 0x200000, entered at
EL2, finds memory, the PL011 (through /soc ranges), both controllers and the
PM watchdog in Debian's bcm2837-rpi-3-b.dtb, and has no PSCI.
"""
import os
import re
import time
from pathlib import Path

import pytest

from irqutil import interrupts, uptime
from qemu import ROOT, Guest

DTB_DIR = Path(os.environ.get("DTB_DIR", ROOT / "build" / "dtbs"))
INITRD = ROOT / "build" / "initramfs.cpio"


# The in-kernel suites that make sense on this machine: the interrupt
# controllers and the tick, and the memory management ones (no virtio disk
# here, so not filemap_disk/ext2/virtio_blk). The gic suite must skip.
KTEST_SUITES = ["bcm2836", "timer", "gic", "page_alloc", "slab", "vmalloc", "vma",
                "fork", "mremap", "madvise", "stack", "user_pgtable", "user_fault",
                "asid", "arm64_mmu", "arm64_wx", "filemap", "mm_stress"]


def rpi3_guest(**kw):
    """QEMU with make rpi3-run's machine: raspi3b, 4 x A53, 1 GiB, the DTB."""
    dtb = DTB_DIR / "bcm2837-rpi-3-b.dtb"
    if not dtb.exists():
        pytest.fail(f"{dtb} missing: run scripts/fetch-dtbs.sh {DTB_DIR}")
    return Guest(machine="raspi3b", cpu="cortex-a53", mem="1G", smp=4,
                 extra=["-dtb", str(dtb)], **kw)


@pytest.fixture(scope="module")
def pi3():
    """One boot for the smoke test, with keys typed ahead of the prompt."""
    g = rpi3_guest(timeout=60, initrd=INITRD)
    try:
        # Typed while the kernel boots: kept across the switch to interrupts.
        g.send("echo typed-ahead\r")
        g.expect(r"\r*\ntyped-ahead\r*\n")
        g.wait_prompt()
        yield g
    finally:
        g.close()


def test_date_without_rtc(pi3):
    # No RTC on a Pi: the wall clock counts from boot and says so.
    out = pi3.cmd("date")
    assert re.fullmatch(r"Thu Jan  1 00:0\d:\d\d UTC 1970 \(no real-time clock: counted from "
                        r"boot\)\s*", out), out


def test_bootinfo(pi3):
    out = pi3.cmd("bootinfo")
    assert re.search(r"entry EL:\s+EL2 \(dropped to EL1\)", out), out
    assert re.search(r"kernel image:\s+0x200000-", out), out
    assert re.search(r"0x0000000000-0x003bffffff\s+983040 KiB", out), out
    assert re.search(r"UART:\s+arm,pl011 at 0x3f201000", out), out
    assert re.search(r"GIC:\s+none", out), out
    # The two Broadcom controllers instead: the local one is the root.
    assert re.search(r"^irqchip:\s+bcm2836-l1\s+local_intc@40000000, interrupts 0-9, root$",
                     out, re.M), out
    assert re.search(r"^irqchip:\s+armctrl\s+interrupt-controller@7e00b200, .*chained$",
                     out, re.M), out
    assert re.search(r"timer:\s+62500000 Hz, tick on INTID 3 at \d+ Hz", out), out
    assert re.search(r"PSCI:\s+none", out), out
    assert re.search(r"initrd:\s+0x", out), out


def test_help_and_initramfs(pi3):
    out = pi3.cmd("help")
    for cmd in ("interrupts", "uptime", "ktest", "meminfo", "poweroff"):
        assert re.search(rf"^\s*{cmd}\b", out, re.M), out
    assert "hello.txt" in pi3.cmd("ls /")


def test_meminfo(pi3):
    out = pi3.cmd("meminfo")
    total = int(re.search(r"^MemTotal:\s+(\d+) kB", out, re.M).group(1))
    free = int(re.search(r"^MemFree:\s+(\d+) kB", out, re.M).group(1))
    # 960 MiB of RAM (QEMU's firmware split), less the kernel and reserved bits.
    assert 900 * 1024 < total <= 960 * 1024, out
    assert 0 < free <= total, out


def test_uptime_follows_the_tick(pi3):
    a = uptime(pi3)
    time.sleep(1.0)
    b = uptime(pi3)
    assert a["freq"] == b["freq"] == 62500000      # QEMU's CNTFRQ_EL0
    assert a["intid"] == 3                         # local line 3: CNTVIRQ
    assert a["hz"] == b["hz"] > 0
    elapsed = b["secs"] - a["secs"]
    assert 0.9 <= elapsed < 30, (a, b)
    ticks = b["ticks"] - a["ticks"]
    assert abs(ticks - elapsed * a["hz"]) <= 2 + 0.02 * elapsed * a["hz"], (a, b)


def test_interrupts_both_controllers(pi3):
    before, out = interrupts(pi3)
    assert before["arch_timer"]["intid"] == 3, out
    assert before["arch_timer"]["chip"] == "bcm2836-l1", out
    assert before["arch_timer"]["trigger"] == "level", out
    assert before["armctrl-cascade"]["intid"] == 8, out
    assert before["armctrl-cascade"]["chip"] == "bcm2836-l1", out
    assert before["uart-pl011"]["intid"] == 32 + 2 * 32 + 25, out
    assert before["uart-pl011"]["chip"] == "armctrl", out
    assert before["uart-pl011"]["trigger"] == "level", out
    assert re.search(r"^irqchip:\s+bcm2836-l1\s+local_intc@40000000, interrupts 0-9, root$",
                     out, re.M), out
    assert re.search(r"^irqchip:\s+armctrl\s+interrupt-controller@7e00b200, "
                     r"interrupts 32-127, chained$", out, re.M), out
    assert "GIC" not in out, out

    # Typed slowly: one receive interrupt per byte, through the cascade.
    for ch in "echo typed-by-irq":
        pi3.send(ch)
        time.sleep(0.05)
    assert "typed-by-irq" in pi3.cmd("")
    time.sleep(0.3)
    after, out = interrupts(pi3)
    assert after["arch_timer"]["count"] > before["arch_timer"]["count"], out
    assert after["uart-pl011"]["count"] >= before["uart-pl011"]["count"] + 10, out
    assert after["armctrl-cascade"]["count"] >= after["uart-pl011"]["count"], out


@pytest.mark.parametrize("suite", KTEST_SUITES)
def test_ktest(pi3, suite):
    out = pi3.cmd(f"ktest {suite}", timeout=180)
    m = re.search(rf"^# {suite}: pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)$", out, re.M)
    assert m, out[-3000:]
    assert "not ok" not in out, out[-3000:]
    passed, failed, skipped, total = (int(x) for x in m.groups())
    assert failed == 0 and passed + skipped == total, out[-3000:]
    if suite == "gic":
        # No GIC here: everything skips but the translation of a built tree.
        assert skipped == total - 1, out[-3000:]
    elif suite in ("bcm2836", "timer"):
        assert skipped == 0, out[-3000:]


def test_poweroff_last(pi3):
    """Runs last in this module: the PM watchdog stops the machine."""
    pi3.send("poweroff\r")
    pi3.expect("PM watchdog")
    assert pi3.wait_exit(30) == 0


def test_ktest_boot_command_line():
    """ktest= on the command line: runs and ends the machine with its status."""
    g = rpi3_guest(timeout=120, append="ktest=bcm2836,timer,gic")
    try:
        status = g.wait_exit(120)
        out = g.output()
        assert status == 0 and "ktest: all passed" in out, out[-3000:]
    finally:
        g.close()
