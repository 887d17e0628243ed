# SPDX-License-Identifier: GPL-2.0
"""A shared file mapping and the file API used at random on the same file,
against a model of the file's bytes: pokes through the mapping, appends
with write(), truncates down and up, peeks and cat, msync. Every access
below the end of file must show the model's bytes, every access to a page
past it must raise SIGBUS, and after poweroff the host's debugfs must show
the model's bytes and e2fsck must be clean. On ext2 and on tmpfs.
"""
import random
import re

import pytest

from fsutil import HAVE_E2FSPROGS, debugfs_cat, drive, fsck, make_ext2_image, mmap, open_fd, peek
from qemu import boot_to_prompt

PAGE = 4096
MAP_PAGES = 6


def cat_text(data):
    out = "".join(chr(b) if 32 <= b < 127 or b in (9, 10) else f"\\x{b:02x}" for b in data)
    return out + ("\n" if data and not data.endswith(b"\n") else "")


def run(g, path, seed, steps):
    rng = random.Random(seed)
    model = bytearray(b"seed\n")
    g.cmd(f"write -t {path} seed")
    fd = open_fd(g, f"open {path} rw")
    a = mmap(g, f"mmap 0 {MAP_PAGES * PAGE:#x} rw- shared {fd} 0")
    for _ in range(steps):
        op = rng.choice(("poke", "poke", "peek", "peek", "append", "truncate", "cat",
                         "msync", "sigbus"))
        size = len(model)
        if op == "poke" and size:
            off = rng.randrange(size)
            val = rng.randrange(32, 127)
            assert g.cmd(f"poke {a + off:#x} {val:#x}") == ""
            model[off] = val
        elif op == "peek" and size:
            off = rng.randrange(size)
            n = min(rng.randint(1, 16), size - off)
            assert peek(g, a + off, n) == bytes(model[off:off + n]), (off, n)
        elif op == "append" and size < (MAP_PAGES - 1) * PAGE:
            word = rng.choice(("ab", "cde", "fghij"))
            assert g.cmd(f"write -n {path} {word}") == ""
            model += word.encode()
        elif op == "truncate":
            new = rng.choice((0, rng.randrange(1, PAGE), rng.randrange(PAGE, MAP_PAGES * PAGE)))
            assert g.cmd(f"truncate {path} {new}") == ""
            model = model[:new] + bytearray(max(0, new - len(model)))
        elif op == "cat" and size < 600:
            assert g.cmd(f"cat {path}") == cat_text(bytes(model))
        elif op == "msync":
            assert g.cmd(f"msync {a:#x} {MAP_PAGES * PAGE:#x} sync").strip() == "0"
        elif op == "sigbus":
            first_bad = (size + PAGE - 1) // PAGE
            if first_bad < MAP_PAGES:
                addr = a + rng.randrange(first_bad, MAP_PAGES) * PAGE + rng.randrange(PAGE)
                out = g.cmd(f"peek {addr:#x} 1")
                assert re.search(r"SIGBUS at 0x[0-9a-f]+ \(BUS_ADRERR\)", out), (size, out)
    return bytes(model)


@pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")
@pytest.mark.parametrize("seed", [11, 12])
def test_ext2_mapping_against_model(tmp_path, seed):
    img = make_ext2_image(tmp_path, {"keep": b"k\n"})
    g = boot_to_prompt(extra=drive(img))
    try:
        data = run(g, "/mnt/mapped", seed, 300)
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    assert debugfs_cat(img, "/mapped") == data
    fsck(img)


def test_tmpfs_mapping_against_model(fresh):
    g = fresh()
    g.cmd("mkdir /t")
    assert g.cmd("mount -o size=1M none /t tmpfs") == ""
    run(g, "/t/mapped", 13, 300)
