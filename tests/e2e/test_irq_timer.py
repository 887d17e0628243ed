# SPDX-License-Identifier: GPL-2.0
"""Interrupts and the timer tick, end to end: GICv2 and GICv3, EL1 and EL2.

What a user sees: `uptime` moves with wall time, `interrupts` counts the
timer and the UART, typed input arrives through the UART interrupt, and the
in-kernel gic/timer suites pass on every interrupt controller variant.
"""
import time

import pytest

from irqutil import interrupts as interrupts_out, uptime
from qemu import run_to_exit


def interrupts(g):
    return interrupts_out(g)[0]


def type_slowly(g, text, delay=0.05):
    """One byte at a time, so each arrives as its own receive interrupt."""
    for ch in text:
        g.send(ch)
        time.sleep(delay)


def check_input_and_tick(g, chip):
    """Typed input echoes and runs; timer and UART counts go up."""
    before = interrupts(g)
    assert before["arch_timer"]["intid"] == 27
    assert before["arch_timer"]["chip"] == chip
    assert before["uart-pl011"]["intid"] == 33
    assert before["uart-pl011"]["chip"] == chip
    type_slowly(g, "echo typed-by-irq")
    out = g.cmd("")   # Enter: runs the line typed so far
    assert "typed-by-irq" in out
    time.sleep(0.3)
    after = interrupts(g)
    assert after["arch_timer"]["count"] > before["arch_timer"]["count"]
    # Each slowly typed byte is one interrupt (at least most of them).
    assert after["uart-pl011"]["count"] >= before["uart-pl011"]["count"] + 10


def test_uptime_advances(shell):
    a = uptime(shell)
    time.sleep(1.0)
    b = uptime(shell)
    assert a["hz"] == b["hz"] > 0
    assert a["freq"] == 62500000        # QEMU's CNTFRQ_EL0
    assert a["intid"] == 27             # virtual timer PPI 11
    elapsed = b["secs"] - a["secs"]
    assert 0.9 <= elapsed < 30, (a, b)
    # The tick follows the counter: elapsed * HZ, give or take a tick or two
    # (the two readings are a few milliseconds apart from the tick reads).
    ticks = b["ticks"] - a["ticks"]
    assert abs(ticks - elapsed * a["hz"]) <= 2 + 0.02 * elapsed * a["hz"], (a, b)


def test_interrupts_lists_timer_and_uart(shell):
    a = interrupts(shell)
    assert a["arch_timer"] == {"intid": 27, "count": a["arch_timer"]["count"],
                               "chip": "GICv2", "trigger": "level"}
    assert a["uart-pl011"]["intid"] == 33
    assert a["uart-pl011"]["trigger"] == "level"
    time.sleep(0.5)
    b = interrupts(shell)
    # Timer: 0.5 s at HZ >= 10 is several ticks. UART: the typed command.
    assert b["arch_timer"]["count"] >= a["arch_timer"]["count"] + 3
    assert b["uart-pl011"]["count"] > a["uart-pl011"]["count"]


def test_typed_input_gicv2(shell):
    check_input_and_tick(shell, "GICv2")


@pytest.mark.parametrize("kw,chip", [
    ({"gic": 3}, "GICv3"),
    ({"el2": True}, "GICv2"),
    ({"el2": True, "gic": 3}, "GICv3"),
])
def test_typed_input_variants(fresh, kw, chip):
    g = fresh(**kw)
    check_input_and_tick(g, chip)
    a = uptime(g)
    time.sleep(0.5)
    assert uptime(g)["ticks"] > a["ticks"]


def test_gicv3_multicore_boot_cpu_redistributor(fresh):
    """With 4 CPUs the boot CPU must still find its own redistributor."""
    g = fresh(gic=3, smp=4, cpu="max")
    check_input_and_tick(g, "GICv3")


@pytest.mark.parametrize("cmd", ["uptime now", "interrupts -a", "interrupts 27 28"])
def test_bad_arguments_print_usage(shell, cmd):
    out = shell.cmd(cmd)
    name = cmd.split()[0]
    assert out.strip() == f"usage: {name}", out


@pytest.mark.parametrize("kw", [{}, {"gic": 3}, {"el2": True}, {"el2": True, "gic": 3}],
                         ids=["gicv2", "gicv3", "el2-gicv2", "el2-gicv3"])
def test_ktest_gic_timer(kw):
    status, out = run_to_exit(append="ktest=gic,timer", **kw)
    assert "# gic: pass:" in out and "# timer: pass:" in out, out[-3000:]
    assert "not ok" not in out, out[-3000:]
    assert status == 0, out[-3000:]
