# SPDX-License-Identifier: GPL-2.0
"""Helpers the file and mapping tests share: ext2 images made on the host
with mke2fs -d and checked with e2fsck/debugfs, the virtio-blk drive
arguments, and the shell's mmap/open/peek output parsed.
"""
import os
import re
import shutil
import subprocess

SBIN = "/usr/sbin:/sbin"
ENV = dict(os.environ, PATH=os.environ.get("PATH", "") + ":" + SBIN)
HAVE_E2FSPROGS = shutil.which("mke2fs", path=ENV["PATH"]) is not None


def tool(*args, check=True):
    return subprocess.run(list(args), env=ENV, capture_output=True, check=check)


def make_ext2_image(tmp_path, files, bs=4096, size="16M", name="disk.img"):
    """An ext2 image holding @files ({relative path: bytes}), made with mke2fs -d."""
    src = tmp_path / (name + ".src")
    src.mkdir(exist_ok=True)
    for rel, data in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    img = tmp_path / name
    tool("mke2fs", "-q", "-t", "ext2", "-b", str(bs), "-E", "root_owner=0:0",
         "-d", str(src), "-F", str(img), size)
    return img


def drive(img):
    """QEMU arguments attaching @img as the virtio-blk disk vda."""
    return ["-drive", f"if=none,id=vda,file={img},format=raw",
            "-device", "virtio-blk-device,drive=vda"]


def fsck(img):
    r = tool("e2fsck", "-fn", str(img), check=False)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()


def debugfs_cat(img, path):
    return tool("debugfs", "-R", f"cat {path}", str(img)).stdout


def mmap(g, line):
    """Run an mmap command line; the address it printed."""
    out = g.cmd(line).strip()
    assert re.fullmatch(r"0x[0-9a-f]+", out), out
    return int(out, 16)


def open_fd(g, line):
    """Run an open command line; the descriptor it printed ("fd N")."""
    out = g.cmd(line).strip()
    m = re.fullmatch(r"fd (\d+)", out)
    assert m, out
    return int(m.group(1))


def peek(g, addr, n=1):
    """@n bytes of user memory at @addr, through the shell's peek (which
    prints lines of up to 16 bytes, aligned to 16)."""
    out = g.cmd(f"peek {addr:#x} {n}")
    rows = re.findall(r"^[0-9a-f]+:((?: [0-9a-f]{2})+)\s*$", out, re.M)
    assert rows, out
    data = bytes(int(b, 16) for row in rows for b in row.split())
    assert len(data) == n, out
    return data
