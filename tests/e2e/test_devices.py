# SPDX-License-Identifier: GPL-2.0
"""Device nodes: devtmpfs on /dev with the disks (block, 254:16n) and
/dev/null, /dev/zero, /dev/full (character, 1:3/5/7); mount takes a node's
path and refuses what is not a block device; reading /dev/vda gives the
raw disk; mapping /dev/zero shared is shmem ("/dev/zero (deleted)", shared
across fork), private is anonymous memory."""
import re
import time

import pytest

from fsutil import HAVE_E2FSPROGS, drive, fsck, make_ext2_image, mmap, open_fd, peek
from qemu import boot_to_prompt


@pytest.fixture
def disk_guest(tmp_path):
    if not HAVE_E2FSPROGS:
        pytest.skip("e2fsprogs not installed")
    img = make_ext2_image(tmp_path, {"f": b"data\n"})
    img2 = make_ext2_image(tmp_path, {"g": b"second\n"}, name="disk2.img")
    g = boot_to_prompt(extra=drive(img) + ["-drive", f"if=none,id=vdb,file={img2},format=raw",
                                           "-device", "virtio-blk-device,drive=vdb"])
    yield g, img, img2
    g.close()


def test_dev_nodes(disk_guest):
    g, _, _ = disk_guest
    ls = g.cmd("ls -l /dev")
    for major, minor, name, kind in ((1, 7, "full", "c"), (1, 3, "null", "c"),
                                     (254, 0, "vda", "b"), (254, 16, "vdb", "b"),
                                     (1, 5, "zero", "c")):
        assert re.search(rf"^{kind}rw-rw-\S* 1 0 0 +{major}, +{minor} {name}$", ls, re.M), ls
    assert re.search(r"^devtmpfs /dev devtmpfs rw 0 0$", g.cmd("mount"), re.M)
    st = g.cmd("stat /dev/vdb")
    assert "block special file" in st and "Device type: 254,16" in st, st


def test_mount_by_node(disk_guest):
    g, img, img2 = disk_guest
    g.cmd("mkdir /m2")
    assert g.cmd("mount /dev/vdb /m2 ext2").strip() == ""
    assert g.cmd("cat /m2/g") == "second\n"
    assert re.search(r"^/dev/vdb /m2 ext2 rw 0 0$", g.cmd("mount"), re.M)
    # The same disk twice, a node of no disk, not a block device, no such node.
    assert "EBUSY" in g.cmd("mount /dev/vdb /mnt ext2")
    assert "ENOTBLK" in g.cmd("mount /dev/null /m2 ext2")
    assert "ENOTBLK" in g.cmd("mount /mnt/f /m2 ext2")
    assert "ENOENT" in g.cmd("mount /dev/vdz /m2 ext2")
    assert g.cmd("umount /m2").strip() == ""
    g.send("poweroff\r")
    assert g.wait_exit() == 0
    fsck(img)
    fsck(img2)


def test_raw_disk_and_null(disk_guest):
    g, _, _ = disk_guest
    fd = open_fd(g, "open /dev/vda r")
    assert g.cmd(f"seek {fd} 1080").strip() == "1080"
    assert g.cmd(f"read {fd} 2").strip() == "S\\xef"        # ext2's magic 0xef53
    assert g.cmd("cat /dev/null") == ""
    assert "ENOSPC" in g.cmd("write /dev/full x")
    assert g.cmd("write /dev/null discarded").strip() == ""
    z = open_fd(g, "open /dev/zero r")
    assert g.cmd(f"read {z} 4").strip() == "\\x00\\x00\\x00\\x00"


def test_mmap_dev_zero(disk_guest):
    g, _, _ = disk_guest
    rw = open_fd(g, "open /dev/zero rw")
    s = mmap(g, f"mmap 0 0x2000 rw- shared {rw} 0")
    p = mmap(g, f"mmap 0 0x1000 rw- private {rw} 0")
    maps = g.cmd("maps")
    assert re.search(rf"^{s:08x}-{s + 0x2000:08x} rw-s 00000000 00:01 \d+ +/dev/zero \(deleted\)$",
                     maps, re.M), maps
    assert re.search(rf"^{p:08x}-{p + 0x1000:08x} rw-p 00000000 00:\w\w \d+ +/dev/zero$",
                     maps, re.M), maps
    g.cmd(f"poke {s:#x} 0x77")
    g.cmd(f"poke {p:#x} 0x66")
    assert g.cmd("as fork").strip() == "as 1"
    g.cmd("as use 1")
    g.cmd(f"poke {s:#x} 0x78")          # shared: the parent sees it
    g.cmd(f"poke {p:#x} 0x67")          # private: copy-on-write, the parent does not
    g.cmd("as use 0")
    assert peek(g, s) == b"\x78"
    assert peek(g, p) == b"\x66"


def test_ctrl_c_stops_cat_of_dev_zero(shell):
    # /dev/zero never ends; Ctrl-C ends cat as it would end cat(1).
    shell.send("cat /dev/zero\r")
    time.sleep(0.5)
    shell.send("\x03")
    shell.expect(r"cat: error: EINTR[^\n]*\r*\n", timeout=30)
    shell.wait_prompt(timeout=30)
    assert shell.cmd("echo alive") == "alive\n"
