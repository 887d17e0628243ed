# SPDX-License-Identifier: GPL-2.0
"""The Raspberry Pi drivers on QEMU's raspi3b model, with Debian's
bcm2837-rpi-3-b.dtb (the Pi 4 has no QEMU 7.2 model; the drivers are the
same and match both trees):

- the firmware mailbox: QEMU implements the property channel and reports a
  3 MHz UART clock (hw/misc/bcm2835_property.c), which the PL011 must use
  instead of the 48 MHz default;
- the PM watchdog: no PSCI, so poweroff and reboot reset through it; QEMU
  runs with -no-reboot and exits with status 0 on that reset;
- the GPIO pin rule: untouched with the stock tree, ALT0 on GPIO 14/15 when
  the PL011's pinctrl names them or when the tree says BCM2711 (fdtput
  makes both variants at test time).
"""
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from qemu import ROOT, Guest, boot_to_prompt

DTB_DIR = Path(os.environ.get("DTB_DIR", ROOT / "build" / "dtbs"))
PI3_DTB = DTB_DIR / "bcm2837-rpi-3-b.dtb"
QEMU_UART_CLOCK = 3000000   # QEMU 7.2's answer to GET_CLOCK_RATE(UART)


def raspi3b(dtb=PI3_DTB, **kw):
    if not Path(dtb).exists():
        pytest.fail(f"{dtb} missing: run scripts/fetch-dtbs.sh {DTB_DIR}")
    return dict(machine="raspi3b", cpu="cortex-a53", mem="1G", smp=4,
                extra=["-dtb", str(dtb)], **kw)


def fdtput(dtb, *args):
    subprocess.run(["fdtput", str(dtb), *args], check=True)


def test_mailbox_uart_clock():
    g = boot_to_prompt(**raspi3b())
    try:
        boot = g.output()
        assert re.search(r"pl011: clock %d Hz from the firmware mailbox; 115200 baud: "
                         r"IBRD 1, FBRD 40" % QEMU_UART_CLOCK, boot), boot
        out = g.cmd("mbox")
        assert re.search(r"mailbox:\s+0x3f00b880, buffer at bus address 0xc0[0-9a-f]{6}\r*\n",
                         out), out
        assert re.search(r"clock UART\s+\(id 2\): %d Hz" % QEMU_UART_CLOCK, out), out
        assert re.search(r"board revision: 0x[0-9a-f]+", out), out
        assert re.search(r"ARM memory:\s+0x0, 960 MiB", out), out
        out = g.cmd("bootinfo")
        assert re.search(r"UART:\s+arm,pl011 at 0x3f201000, clock %d Hz, 115200 baud"
                         % QEMU_UART_CLOCK, out), out
        assert "usage" in g.cmd("mbox extra").lower()
    finally:
        g.close()


def test_mailbox_absent_on_virt():
    # QEMU virt has no firmware node: a clean error, the kernel carries on.
    g = boot_to_prompt()
    try:
        assert re.search(r"mbox: error: ENODEV", g.cmd("mbox"))
        assert re.search(r"gpio: error: ENODEV", g.cmd("gpio"))
        assert "pl011: clock" not in g.output()
    finally:
        g.close()


@pytest.mark.parametrize("cmd,msg", [
    ("poweroff", "poweroff: no PSCI; halting through the PM watchdog"),
    ("reboot", "reboot: no PSCI; restarting through the PM watchdog"),
])
def test_watchdog_poweroff_reboot(cmd, msg):
    g = boot_to_prompt(**raspi3b())
    try:
        assert "bcm2835-wdt: PM watchdog at 0x3f100000" in g.output()
        g.send(cmd + "\r")
        g.expect(re.escape(msg))
        # The watchdog's full reset: QEMU (with -no-reboot) exits, status 0.
        assert g.wait_exit(20) == 0
    finally:
        g.close()


def test_virt_poweroff_still_psci():
    g = Guest()
    try:
        g.wait_prompt()
        assert "bcm2835-wdt" not in g.output()
        g.send("poweroff\r")
        g.expect("Power down")
        assert g.wait_exit(20) == 0
        assert "PM watchdog" not in g.output()
    finally:
        g.close()


def gpio_fn(g, pin):
    out = g.cmd(f"gpio {pin}")
    m = re.search(r"GPIO%d\s+(\S+)" % pin, out)
    assert m, out
    return m.group(1)


def test_pins_left_alone_with_stock_tree():
    # Rule 3: not a BCM2711 and the PL011's pinctrl names GPIO 32/33.
    g = boot_to_prompt(**raspi3b())
    try:
        assert "pinctrl-bcm2835" not in g.output()
        assert gpio_fn(g, 14) == "in"
        assert gpio_fn(g, 15) == "in"
        assert re.search(r"BCM2835 GPIO at 0x3f200000", g.cmd("gpio 0"))
        assert re.search(r"gpio: error: ERANGE", g.cmd("gpio 99"))
        assert "usage" in g.cmd("gpio x").lower()
    finally:
        g.close()


def test_pins_from_dt_pinctrl(tmp_path):
    # Rule 1: a tree whose uart0 asks for uart0_gpio14 (what disable-bt does).
    dtb = tmp_path / "pi3-uart0-gpio14.dtb"
    shutil.copy(PI3_DTB, dtb)
    fdtput(dtb, "-t", "x", "/soc/gpio@7e200000/uart0_gpio14", "phandle", "7777")
    fdtput(dtb, "-t", "x", "/soc/serial@7e201000", "pinctrl-0", "7777")
    g = boot_to_prompt(**raspi3b(dtb))
    try:
        assert "/soc/serial@7e201000: GPIO 14/15 set up from its DT pinctrl" in g.output()
        assert gpio_fn(g, 14) == "ALT0"
        assert gpio_fn(g, 15) == "ALT0"
        assert "echo works" in g.cmd("echo echo works")
    finally:
        g.close()


def test_pins_bcm2711_rule(tmp_path):
    # Rule 2: the tree says BCM2711, so the kernel routes GPIO 14/15 itself and
    # releases the Bluetooth pins (32/33 here) the DT gave the PL011.
    dtb = tmp_path / "pi3-as-bcm2711.dtb"
    shutil.copy(PI3_DTB, dtb)
    fdtput(dtb, "-t", "s", "/", "compatible", "raspberrypi,4-model-b", "brcm,bcm2711")
    g = boot_to_prompt(**raspi3b(dtb))
    try:
        assert "GPIO 14/15 routed to ALT0 (BCM2711" in g.output()
        assert gpio_fn(g, 14) == "ALT0"
        assert gpio_fn(g, 15) == "ALT0"
        assert gpio_fn(g, 32) == "in"
        assert gpio_fn(g, 33) == "in"
    finally:
        g.close()


def test_loaded_at_0x80000(tmp_path):
    # The Pi firmware's other load address (old firmware, kernel_address or a
    # header asking for text_offset 0x80000): RAM at 0, not 2 MiB aligned,
    # just above the spin table the secondaries are parked on.
    img = tmp_path / "kernel8.img"
    data = bytearray((ROOT / "build" / "Image").read_bytes())
    struct.pack_into("<Q", data, 8, 0x80000)
    img.write_bytes(bytes(data))
    g = boot_to_prompt(**raspi3b(kernel=img))
    try:
        out = g.cmd("bootinfo")
        assert re.search(r"kernel image:\s+0x80000-", out), out
        assert re.search(r"entry EL:\s+EL2 \(dropped to EL1\)", out), out
        # /memreserve/ 0-0x1000 (spin table) stays reserved
        assert re.search(r"0x0000000000-0x0000000fff\s+4 KiB", out), out
        assert "up" in g.cmd("uptime")
    finally:
        g.close()
