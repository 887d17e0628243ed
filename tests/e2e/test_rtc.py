# SPDX-License-Identifier: GPL-2.0
"""Wall-clock time from QEMU virt's PL031 RTC: the boot line, date(1)'s
format and value against the host's clock, and an ext2 file's mtime as
the host's debugfs reads it after poweroff."""
import datetime
import re
import time

import pytest

from fsutil import HAVE_E2FSPROGS, drive, fsck, make_ext2_image, tool
from qemu import boot_to_prompt


def test_date_follows_the_rtc(shell):
    assert re.search(r"rtc-pl031: 0x9010000: wall clock set to \d+ s since the epoch",
                     shell.output()), shell.output()
    out = shell.cmd("date").strip()
    t = datetime.datetime.strptime(out, "%a %b %d %H:%M:%S UTC %Y").replace(
        tzinfo=datetime.timezone.utc)
    assert abs(t.timestamp() - time.time()) < 120, out
    assert "usage" in shell.cmd("date now")


@pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")
def test_ext2_mtime_is_real(tmp_path):
    img = make_ext2_image(tmp_path, {"keep": b"x"})
    g = boot_to_prompt(extra=drive(img))
    try:
        assert g.cmd("write /mnt/stamped now") == ""
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    out = tool("debugfs", "-R", "stat /stamped", str(img)).stdout.decode()
    m = re.search(r"mtime: 0x([0-9a-f]+)", out)
    assert m, out
    assert abs(int(m.group(1), 16) - time.time()) < 120, out
    fsck(img)
