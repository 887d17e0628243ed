# SPDX-License-Identifier: GPL-2.0
"""The uptime and interrupts commands' output parsed (the interrupt and
timer tests on virt and on the Raspberry Pi 3 model share them)."""
import re

UPTIME = re.compile(r"up (\d+):(\d\d):(\d\d)\.(\d{3}), (\d+) ticks at (\d+) Hz, "
                    r"timer (\d+) Hz \(INTID (\d+)\)")
ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+(level|edge|-)\s+(.+?)\s*$", re.M)


def uptime(g):
    """uptime as a dict: secs, ticks, hz, freq, intid."""
    out = g.cmd("uptime")
    m = UPTIME.search(out)
    assert m, f"unexpected uptime output: {out!r}"
    h, mi, s, ms, ticks, hz, freq, intid = (int(x) for x in m.groups())
    return {"secs": h * 3600 + mi * 60 + s + ms / 1000, "ticks": ticks, "hz": hz,
            "freq": freq, "intid": intid}


def interrupts(g):
    """interrupts as ({name: {intid, count, chip, trigger}}, the raw output)."""
    out = g.cmd("interrupts")
    assert out.startswith("INTID"), out
    rows = {name: {"intid": int(i), "count": int(c), "chip": chip, "trigger": trig}
            for i, c, chip, trig, name in ROW.findall(out)}
    assert re.search(r"^spurious: \d+$", out, re.M), out
    return rows, out
