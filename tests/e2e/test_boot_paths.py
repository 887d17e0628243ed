# SPDX-License-Identifier: GPL-2.0
"""The image runs wherever and however it is loaded.

- QEMU raspi3b (Raspberry Pi 3 model): see test_rpi3.py.
- An Image whose header asks for text_offset 0x80000: QEMU virt loads it at
  0x40080000, which is not 2 MiB aligned.
- Entry at EL3 (virt,secure=on with -device loader): the kernel drops to EL1;
  that loader passes no DTB, which must be reported clearly.
- SMP machines: the secondary CPUs stay parked.
"""
import re
import struct

import pytest

from qemu import IMAGE, Guest, boot_to_prompt


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
