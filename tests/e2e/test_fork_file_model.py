# SPDX-License-Identifier: GPL-2.0
"""Shared and private mappings of one file in forked address spaces, used
at random against a model: every address space maps the file twice, shared
(S) and private (P). Writes through S change the file for everyone; the
first write to a page through P makes that address space's own copy,
which forks inherit and which a later truncate below it drops (Linux's
even_cows); pages of P never written show the file as it is now. Appends,
truncates down and up, forks and switches between address spaces mix in;
every read is checked, every access past the end must raise SIGBUS.
"""
import random
import re

import pytest

from fsutil import HAVE_E2FSPROGS, debugfs_cat, drive, fsck, make_ext2_image, mmap, open_fd, peek
from qemu import boot_to_prompt

PAGE = 4096
MAP_PAGES = 4


class Space:
    def __init__(self, s, p, cow=None):
        self.s, self.p = s, p
        self.cow = dict(cow or {})      # page index -> bytearray(PAGE), the private copies

    def fork(self, new_id):
        child = Space(self.s, self.p, {k: bytearray(v) for k, v in self.cow.items()})
        child.id = new_id
        return child


def file_page(model, idx):
    chunk = bytes(model[idx * PAGE:(idx + 1) * PAGE])
    return bytearray(chunk + bytes(PAGE - len(chunk)))


def run(g, path, seed, steps):
    rng = random.Random(seed)
    model = bytearray(b"0123456789" * 500)      # 5000 bytes: two pages
    g.cmd(f"write -t -n {path} {'0123456789' * 20}")
    g.cmd(f"truncate {path} 0")
    for i in range(0, len(model), 200):
        g.cmd(f"write -n {path} {model[i:i + 200].decode()}")
    fd = open_fd(g, f"open {path} rw")
    s = mmap(g, f"mmap 0 {MAP_PAGES * PAGE:#x} rw- shared {fd} 0")
    p = mmap(g, f"mmap 0 {MAP_PAGES * PAGE:#x} rw- private {fd} 0")
    spaces = {0: Space(s, p)}
    spaces[0].id = 0
    cur = 0
    for _ in range(steps):
        sp = spaces[cur]
        size = len(model)
        op = rng.choice(("poke_s", "poke_p", "poke_p", "peek_s", "peek_p", "peek_p", "append",
                         "truncate", "fork", "switch", "sigbus"))
        if op in ("poke_s", "poke_p") and size:
            off = rng.randrange(size)
            val = rng.randrange(33, 127)
            base = sp.s if op == "poke_s" else sp.p
            assert g.cmd(f"poke {base + off:#x} {val:#x}") == ""
            if op == "poke_s":
                model[off] = val
            else:
                idx = off // PAGE
                if idx not in sp.cow:
                    sp.cow[idx] = file_page(model, idx)
                sp.cow[idx][off % PAGE] = val
        elif op in ("peek_s", "peek_p") and size:
            off = rng.randrange(size)
            n = min(rng.randint(1, 24), size - off, PAGE - off % PAGE)
            if op == "peek_s":
                want = bytes(model[off:off + n])
                got = peek(g, sp.s + off, n)
            else:
                idx = off // PAGE
                page = sp.cow.get(idx) or file_page(model, idx)
                want = bytes(page[off % PAGE:off % PAGE + n])
                got = peek(g, sp.p + off, n)
            assert got == want, (op, cur, off, n, got, want)
        elif op == "append" and size < (MAP_PAGES - 1) * PAGE:
            word = rng.choice(("ab", "cde", "fghij"))
            assert g.cmd(f"write -n {path} {word}") == ""
            model += word.encode()
        elif op == "truncate":
            new = rng.choice((rng.randrange(0, PAGE), rng.randrange(PAGE, MAP_PAGES * PAGE)))
            assert g.cmd(f"truncate {path} {new}") == ""
            model = model[:new] + bytearray(max(0, new - len(model)))
            keep = (new + PAGE - 1) // PAGE
            for other in spaces.values():
                other.cow = {k: v for k, v in other.cow.items() if k < keep}
        elif op == "fork" and len(spaces) < 4:
            out = g.cmd("as fork").strip()
            m = re.fullmatch(r"as (\d+)", out)
            assert m, out
            spaces[int(m.group(1))] = sp.fork(int(m.group(1)))
        elif op == "switch":
            cur = rng.choice(sorted(spaces))
            assert g.cmd(f"as use {cur}") == ""
        elif op == "sigbus":
            first_bad = (size + PAGE - 1) // PAGE
            if first_bad < MAP_PAGES:
                base = rng.choice((sp.s, sp.p))
                addr = base + rng.randrange(first_bad, MAP_PAGES) * PAGE + rng.randrange(PAGE)
                out = g.cmd(f"peek {addr:#x} 1")
                assert re.search(r"SIGBUS at 0x[0-9a-f]+ \(BUS_ADRERR\)", out), (size, out)
    return bytes(model)


def test_ramfs_fork_file_model(fresh):
    g = fresh()
    run(g, "/shared_file", 21, 400)


@pytest.mark.skipif(not HAVE_E2FSPROGS, reason="e2fsprogs not installed")
def test_ext2_fork_file_model(tmp_path):
    img = make_ext2_image(tmp_path, {"keep": b"k\n"})
    g = boot_to_prompt(extra=drive(img))
    try:
        data = run(g, "/mnt/shared_file", 22, 400)
        g.send("poweroff\r")
        assert g.wait_exit() == 0
    finally:
        g.kill()
    assert debugfs_cat(img, "/shared_file") == data
    fsck(img)
