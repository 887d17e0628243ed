# SPDX-License-Identifier: GPL-2.0
"""Random file operations through the shell, each checked against a model
of the tree kept here: mkdir, write (append and truncate), rm, rmdir, mv,
truncate, cat and ls with their errno names, on ramfs, tmpfs and ext2.
After the ext2 run the machine powers off and the host's e2fsck -fn must
be clean and debugfs must show every file's bytes. Fixed seeds, so a
failure replays exactly.
"""
import random
import re

import pytest

from fsutil import HAVE_E2FSPROGS, debugfs_cat, drive, fsck, make_ext2_image
from qemu import boot_to_prompt

NAMES = ("x", "y", "z")
WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")
ERR = re.compile(r"^\w+: error: (E[A-Z]+) ")


class Model:
    """The expected tree below one base directory: path -> bytes | None (a directory)."""

    def __init__(self):
        self.nodes = {"": None}

    def walk_parent(self, path):
        """The errno a lookup of path's parent gives, or None."""
        parts = path.split("/")
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i])
            if prefix not in self.nodes:
                return "ENOENT"
            if self.nodes[prefix] is not None:
                return "ENOTDIR"
        return None

    def children(self, d):
        pre = d + "/" if d else ""
        return sorted(p[len(pre):] for p in self.nodes
                      if p.startswith(pre) and p != d and "/" not in p[len(pre):])

    def isdir(self, p):
        return p in self.nodes and self.nodes[p] is None

    def lookup(self, p):
        e = self.walk_parent(p)
        if e:
            return e
        return None if p in self.nodes else "ENOENT"


def random_path(rng, m):
    """Mostly a name in a directory that exists (so that operations succeed
    often), sometimes anything (so that errors happen too)."""
    if rng.random() < 0.8:
        d = rng.choice(sorted(k for k, v in m.nodes.items() if v is None))
        if m.children(d) and rng.random() < 0.4:
            name = rng.choice(m.children(d))
        else:
            name = rng.choice(NAMES)
        return f"{d}/{name}" if d else name
    return "/".join(rng.choice(NAMES) for _ in range(rng.randint(1, 3)))


def step(g, m, base, rng):
    """One random operation: run it, check the output against the model, update the model."""
    op = rng.choice(("mkdir", "mkdir", "write", "write", "writet", "rm", "rmdir", "mv",
                     "truncate", "cat", "cat", "ls"))
    p = random_path(rng, m)
    full = f"{base}/{p}"
    expect_err = None
    want_out = ""
    if op == "mkdir":
        expect_err = m.walk_parent(p) or ("EEXIST" if p in m.nodes else None)
        line = f"mkdir {full}"
        if not expect_err:
            m.nodes[p] = None
    elif op in ("write", "writet"):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        expect_err = m.walk_parent(p) or ("EISDIR" if m.isdir(p) else None)
        line = f"write {'-t ' if op == 'writet' else ''}{full} {text}"
        if not expect_err:
            old = m.nodes.get(p) or b""
            m.nodes[p] = (b"" if op == "writet" else old) + (text + "\n").encode()
    elif op == "rm":
        expect_err = m.lookup(p) or ("EISDIR" if m.isdir(p) else None)
        line = f"rm {full}"
        if not expect_err:
            del m.nodes[p]
    elif op == "rmdir":
        empty = sorted(k for k, v in m.nodes.items() if v is None and k and not m.children(k))
        if empty and rng.random() < 0.5:
            p = rng.choice(empty)
            full = f"{base}/{p}"
        expect_err = m.lookup(p) or (None if m.isdir(p) else "ENOTDIR")
        if not expect_err and m.children(p):
            expect_err = "ENOTEMPTY"
        line = f"rmdir {full}"
        if not expect_err:
            del m.nodes[p]
    elif op == "truncate":
        size = rng.choice((0, 3, 10, 5000))
        expect_err = m.lookup(p) or ("EISDIR" if m.isdir(p) else None)
        line = f"truncate {full} {size}"
        if not expect_err:
            data = m.nodes[p]
            m.nodes[p] = data[:size] + b"\0" * max(0, size - len(data))
    elif op == "cat":
        expect_err = m.lookup(p) or ("EISDIR" if m.isdir(p) else None)
        line = f"cat {full}"
        if not expect_err:
            data = m.nodes[p]
            want_out = "".join(chr(b) if 32 <= b < 127 or b in (9, 10) else f"\\x{b:02x}"
                               for b in data)
            if data and not data.endswith(b"\n"):
                want_out += "\n"
    elif op == "ls":
        p = rng.choice(["", random_path(rng, m)])
        full = f"{base}/{p}" if p else base
        expect_err = m.lookup(p)
        line = f"ls {full}"
        if not expect_err:
            if m.isdir(p):
                want_out = "".join(n + ("/" if m.isdir(f"{p}/{n}" if p else n) else "") + "\n"
                                   for n in m.children(p))
            else:
                want_out = full + "\n"
    else:
        q = random_path(rng, m)
        line = f"mv {full} {base}/{q}"
        expect_err = m.lookup(p) or m.walk_parent(q)
        if not expect_err and m.isdir(p) and q.startswith(p + "/"):
            expect_err = "EINVAL"
        if not expect_err and q in m.nodes and q != p:
            if m.isdir(p) and not m.isdir(q):
                expect_err = "ENOTDIR"
            elif not m.isdir(p) and m.isdir(q):
                expect_err = "EISDIR"
            elif m.isdir(q) and m.children(q):
                expect_err = "ENOTEMPTY"
        if not expect_err and q != p:
            moved = {k: v for k, v in m.nodes.items() if k == p or k.startswith(p + "/")}
            for k in list(m.nodes):
                if k == q or k.startswith(q + "/"):
                    del m.nodes[k]
            for k, v in moved.items():
                del m.nodes[k]
                m.nodes[q + k[len(p):]] = v
    out = g.cmd(line)
    if expect_err:
        match = ERR.match(out)
        assert match and match.group(1) == expect_err, (line, out, expect_err)
    else:
        assert out == want_out, (line, out, want_out)


def run_model(g, base, seed, steps):
    rng = random.Random(seed)
    m = Model()
    for _ in range(steps):
        step(g, m, base, rng)
    return m


@pytest.mark.parametrize("seed", [1, 2])
def test_ramfs_and_tmpfs_against_model(fresh, seed):
    g = fresh()
    g.cmd("mkdir /r")
    run_model(g, "/r", seed, 400)
    g.cmd("mkdir /t")
    assert g.cmd("mount -o size=2M none /t tmpfs").strip() == ""
    run_model(g, "/t", seed + 100, 400)


@pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")
@pytest.mark.parametrize("seed,bs", [(3, 4096), (4, 1024)])
def test_ext2_against_model(tmp_path, seed, bs):
    img = make_ext2_image(tmp_path, {"keep": b"k\n"}, bs=bs)
    g = boot_to_prompt(extra=drive(img))
    try:
        assert g.cmd("mkdir /mnt/e") == ""
        m = run_model(g, "/mnt/e", seed, 400)
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    fsck(img)
    for path, data in m.nodes.items():
        if data is not None:
            assert debugfs_cat(img, f"/e/{path}") == data, path
