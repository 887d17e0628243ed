# SPDX-License-Identifier: GPL-2.0
"""ext2 on virtio-blk: an image made here with mke2fs -d from a temporary
directory is attached as vda and mounted on /mnt at boot. The shell reads
and changes it (ls, cat, write, mkdir, mv, truncate, rm, rmdir, df, sync),
the in-kernel "ext2" suite runs on it, umount/mount work by hand, and after
poweroff the host's e2fsck -fn is clean and debugfs shows the data.
Corrupt images are refused with a message and the shell goes on.
"""
import re

import pytest

from fsutil import HAVE_E2FSPROGS, debugfs_cat, drive, fsck, make_ext2_image, tool
from qemu import boot_to_prompt

HELLO = "hello from the host\n"
BIG = bytes((i * 7 + (i >> 10)) & 0xff for i in range(300000))

pytestmark = pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")


def make_image(tmp_path, bs=4096, size="16M"):
    return make_ext2_image(tmp_path, {"hello.txt": HELLO.encode(), "sub/big.bin": BIG},
                           bs=bs, size=size)


def poweroff(g):
    g.send("poweroff\r")
    assert g.wait_exit() == 0


def test_boot_mount_read_write(tmp_path):
    img = make_image(tmp_path)
    g = boot_to_prompt(extra=drive(img))
    try:
        boot = g.output()
        assert re.search(r"ext2: mounted vda on /mnt \(4096-byte blocks, \d+ inodes\)", boot), boot
        assert re.search(r"^/dev/vda /mnt ext2 rw", g.cmd("mount"), re.M)
        ls = g.cmd("ls /mnt").split()
        assert {"hello.txt", "sub/", "lost+found/"} <= set(ls), ls
        assert g.cmd("cat /mnt/hello.txt") == HELLO
        assert re.search(r"\b300000\b", g.cmd("stat /mnt/sub/big.bin"))
        assert g.cmd("write /mnt/new.txt written by arbor") == ""
        assert g.cmd("write /mnt/new.txt second line") == ""
        assert g.cmd("cat /mnt/new.txt") == "written by arbor\nsecond line\n"
        assert g.cmd("mkdir /mnt/dir") == ""
        assert g.cmd("write /mnt/dir/gone x") == ""
        assert g.cmd("mv /mnt/new.txt /mnt/dir/kept.txt") == ""
        assert g.cmd("rm /mnt/dir/gone") == ""
        assert "ENOENT" in g.cmd("cat /mnt/new.txt")
        assert g.cmd("write /mnt/trunc.txt 0123456789") == ""
        assert g.cmd("truncate /mnt/trunc.txt 4") == ""
        assert g.cmd("cat /mnt/trunc.txt").rstrip("\n") == "0123"
        assert g.cmd("mkdir /mnt/empty") == ""
        assert g.cmd("rmdir /mnt/empty") == ""
        assert "ENOTEMPTY" in g.cmd("rmdir /mnt/dir")
        df = g.cmd("df /mnt")
        assert re.search(r"^/dev/vda\s+\d+\s+\d+\s+\d+", df, re.M), df
        out = g.cmd("ktest ext2", timeout=120)
        assert "# ext2: pass:5 fail:0 skip:0 total:5" in out, out
        assert g.cmd("sync") == ""
        poweroff(g)
    finally:
        g.close()
    fsck(img)
    assert debugfs_cat(img, "/dir/kept.txt") == b"written by arbor\nsecond line\n"
    assert debugfs_cat(img, "/trunc.txt") == b"0123"
    assert debugfs_cat(img, "/sub/big.bin") == BIG
    ls = tool("debugfs", "-R", "ls -p /", str(img)).stdout.decode()
    assert "/new.txt/" not in ls and "/empty/" not in ls and "/.ktest-ext2/" not in ls


@pytest.mark.parametrize("bs", [1024, 2048])
def test_small_blocks_umount_mount(tmp_path, bs):
    img = make_image(tmp_path, bs=bs)
    g = boot_to_prompt(extra=drive(img))
    try:
        assert f"ext2: mounted vda on /mnt ({bs}-byte blocks" in g.output()
        assert g.cmd("umount /mnt") == ""
        assert "/dev/vda" not in g.cmd("mount")
        assert g.cmd("ls /mnt") == ""
        assert g.cmd("mount /dev/vda /mnt ext2") == ""
        assert g.cmd("cat /mnt/hello.txt") == HELLO
        assert g.cmd("write /mnt/after-remount.txt yes") == ""
        assert g.cmd("umount /mnt") == ""
        assert g.cmd("mount -o ro /dev/vda /mnt ext2") == ""
        assert g.cmd("cat /mnt/after-remount.txt") == "yes\n"
        assert "EROFS" in g.cmd("write /mnt/ro.txt no")
        assert g.cmd("umount /mnt") == ""
        poweroff(g)
    finally:
        g.close()
    fsck(img)
    assert debugfs_cat(img, "/after-remount.txt") == b"yes\n"


def corrupt(img, offset, data):
    with open(img, "r+b") as f:
        f.seek(offset)
        f.write(data)


def test_not_ext2_and_bad_descriptors(tmp_path):
    img = make_image(tmp_path)
    corrupt(img, 1024 + 56, b"\x00\x00")        # the magic
    g = boot_to_prompt(extra=drive(img))
    try:
        assert "ext2: vda holds no ext2 filesystem" in g.output()
        assert "mnt/" not in g.cmd("ls /")      # /mnt is made only for an ext2 disk
        assert g.cmd("mkdir /mnt") == ""
        out = g.cmd("mount /dev/vda /mnt ext2")
        assert "mount: error: EINVAL" in out and "not an ext2 filesystem" in out, out
        assert "hello" not in g.cmd("ls /mnt")
        assert "mnt/" in g.cmd("ls /")
    finally:
        g.close()

    img = make_image(tmp_path)
    corrupt(img, 4096 + 8, (50000).to_bytes(4, "little"))  # group 0's inode table
    g = boot_to_prompt(extra=drive(img))
    try:
        boot = g.output()
        assert "EXT2-fs error (device vda)" in boot and "inode table" in boot, boot
        assert "mounting vda on /mnt failed: EUCLEAN" in boot, boot
        assert "/dev/vda" not in g.cmd("mount")
        assert "mnt/" in g.cmd("ls /")
    finally:
        g.close()


def test_bad_directory_record(tmp_path):
    img = make_image(tmp_path)
    blk = int(tool("debugfs", "-R", "bmap / 0", str(img)).stdout.split()[0])
    corrupt(img, blk * 4096 + 12 + 4, (4096).to_bytes(2, "little"))  # ".." past the block
    g = boot_to_prompt(extra=drive(img))
    try:
        assert "ext2: mounted vda on /mnt" in g.output()
        out = g.cmd("ls /mnt")
        assert "EXT2-fs error (device vda)" in out and "EUCLEAN" in out, out
        assert "EUCLEAN" in g.cmd("write /mnt/x y")
        assert g.cmd("umount /mnt") == ""
        assert "mnt/" in g.cmd("ls /")
    finally:
        g.close()


def test_ktest_skips_without_disk():
    g = boot_to_prompt()
    try:
        assert "ext2:" not in g.output()
        out = g.cmd("ktest ext2", timeout=60)
        assert "skip:5" in out, out
    finally:
        g.close()
