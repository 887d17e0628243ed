# SPDX-License-Identifier: GPL-2.0
"""The image runs wherever and however it is loaded.

- QEMU raspi3b (Raspberry Pi 3 model): loaded at 0x200000, entered at EL2,
  memory at 0, the PL011 behind /soc ranges (0x7e201000 -> 0x3f201000), no GIC,
  no PSCI; the real Debian DTB is passed with -dtb.
- An Image whose header asks for text_offset 0x80000: QEMU virt loads it at
  0x40080000, which is not 2 MiB aligned.
- Entry at EL3 (virt,secure=on with -device loader): the kernel drops to EL1;
  that loader passes no DTB, which must be reported clearly.
- SMP machines: the secondary CPUs stay parked.
"""
import os
import re
import struct
from pathlib import Path

import pytest

from qemu import IMAGE, ROOT, Guest, boot_to_prompt

DTB_DIR = Path(os.environ.get("DTB_DIR", ROOT / "build" / "dtbs"))


def test_raspi3b_model():
    dtb = DTB_DIR / "bcm2837-rpi-3-b.dtb"
    if not dtb.exists():
        pytest.fail(f"{dtb} missing: run scripts/fetch-dtbs.sh {DTB_DIR}")
    g = boot_to_prompt(machine="raspi3b", cpu="cortex-a53", mem="1G", smp=4,
                       extra=["-dtb", str(dtb)])
    try:
        out = g.cmd("bootinfo")
        assert re.search(r"entry EL:\s+EL2 \(dropped to EL1\)", out), out
        assert re.search(r"kernel image:\s+0x200000-", out), out
        assert re.search(r"0x0000000000-0x003bffffff", out), out
        assert re.search(r"UART:\s+arm,pl011 at 0x3f201000", out), out
        assert re.search(r"PSCI:\s+none", out), out
        assert "echo works" in g.cmd("echo echo works")
    finally:
        g.close()


def test_text_offset_0x80000(tmp_path):
    img = tmp_path / "Image"
    data = bytearray(IMAGE.read_bytes())
    struct.pack_into("<Q", data, 8, 0x80000)
    img.write_bytes(bytes(data))
    g = boot_to_prompt(kernel=img)
    try:
        out = g.cmd("bootinfo")
        assert re.search(r"kernel image:\s+0x40080000-", out), out
        assert "ok" in g.cmd("echo ok")
    finally:
        g.close()


@pytest.mark.parametrize("machine", ["virt,secure=on", "virt,secure=on,virtualization=on"])
def test_el3_entry_without_dtb(machine):
    # EL3 -> EL1 directly, or EL3 -> EL2 -> EL1 when EL2 exists.
    g = Guest(machine=machine, cpu="cortex-a53", loader_addr=0x40200000)
    try:
        g.expect("cannot boot: no device tree in x0")
        assert g.wait_exit(20) == 2
    finally:
        g.close()


def test_smp_secondaries_stay_parked():
    g = boot_to_prompt(smp=4, gic=3, el2=True, cpu="cortex-a72")
    try:
        assert "up" in g.cmd("uptime")
        assert re.search(r"entry EL:\s+EL2", g.cmd("bootinfo"))
    finally:
        g.close()
