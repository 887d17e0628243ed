# SPDX-License-Identifier: GPL-2.0
"""Address spaces from the shell: as, mmap, munmap, mprotect, brk, maps.

Every test works in an address space of its own (`as new`, `as use`) and
checks `maps` line for line in Linux's /proc/<pid>/maps format: the header
"%08lx-%08lx rwxp %08lx 00:00 0 ", padded to 72 columns and a space before
a name ([heap], [stack]).
"""
import re

import pytest

PAGE = 4096
MMAP_BASE = (1 << 48) - (128 << 20)


def line(start, end, perms, name=None):
    head = f"{start:08x}-{end:08x} {perms} 00000000 00:00 0 "
    return head if name is None else f"{head:<72} {name}"


STACK = line((1 << 48) - (128 << 10), 1 << 48, "rw-p", "[stack]")


def maps(g):
    return [l.rstrip("\r") for l in g.cmd("maps").split("\n") if l.strip()]


@pytest.fixture
def space(shell):
    """A fresh address space made current; freed afterwards."""
    out = shell.cmd("as new")
    m = re.search(r"as (\d+)", out)
    assert m, out
    asid = m[1]
    assert shell.cmd(f"as use {asid}").strip() == ""
    yield shell
    shell.cmd("as use 0")
    assert shell.cmd(f"as free {asid}").strip() == ""


def test_initial_space_has_stack(space):
    assert maps(space) == [STACK]


def test_mmap_topdown_merge_and_maps(space):
    g = space
    assert g.cmd("mmap 0 8192 rw- private,anon").strip() == hex(MMAP_BASE - 2 * PAGE)
    assert g.cmd("mmap 0 4096 PROT_READ|PROT_WRITE private,anon").strip() == \
        hex(MMAP_BASE - 3 * PAGE)
    assert g.cmd("mmap 0 1 r-- private,anon").strip() == hex(MMAP_BASE - 4 * PAGE)
    assert maps(g) == [line(MMAP_BASE - 4 * PAGE, MMAP_BASE - 3 * PAGE, "r--p"),
                       line(MMAP_BASE - 3 * PAGE, MMAP_BASE, "rw-p"), STACK]


def test_fixed_split_and_remerge(space):
    g = space
    a = 0x10000000
    assert g.cmd(f"mmap {a:#x} 12K rw- private,anon,fixed").strip() == hex(a)
    assert g.cmd(f"mmap {a + PAGE:#x} 4K r-x private,anon,fixed").strip() == hex(a + PAGE)
    assert maps(g)[:3] == [line(a, a + PAGE, "rw-p"), line(a + PAGE, a + 2 * PAGE, "r-xp"),
                           line(a + 2 * PAGE, a + 3 * PAGE, "rw-p")]
    assert g.cmd(f"mprotect {a + PAGE:#x} 4096 rw-").strip() == ""
    assert maps(g) == [line(a, a + 3 * PAGE, "rw-p"), STACK]
    assert g.cmd(f"mmap {a:#x} 4K rw- private,anon,fixed_noreplace").strip() == "EEXIST"
    assert g.cmd(f"mmap {a:#x} 4K rw- shared,anon,fixed").strip() == hex(a)
    # Shared anonymous memory is a shmem file, named as Linux names it.
    m = re.fullmatch(r"(\S+ rw-s 00000000 00:01 )(\d+) +/dev/zero \(deleted\)", maps(g)[0])
    assert m and m.group(1) == f"{a:08x}-{a + PAGE:08x} rw-s 00000000 00:01 ", maps(g)[0]


def test_munmap_and_mprotect(space):
    g = space
    a = 0x20000000
    assert g.cmd(f"mmap {a:#x} 16K rw- private,anon,fixed").strip() == hex(a)
    assert g.cmd(f"munmap {a + PAGE:#x} 4096").strip() == ""
    assert g.cmd(f"mprotect {a + 3 * PAGE:#x} 4096 ---").strip() == ""
    assert maps(g) == [line(a, a + PAGE, "rw-p"), line(a + 2 * PAGE, a + 3 * PAGE, "rw-p"),
                       line(a + 3 * PAGE, a + 4 * PAGE, "---p"), STACK]
    assert g.cmd(f"mprotect {a:#x} 16K r--").strip() == "ENOMEM"     # hole at a + PAGE
    assert maps(g)[0] == line(a, a + PAGE, "r--p")                     # first one changed
    assert g.cmd(f"munmap {a + PAGE:#x} 4096").strip() == ""           # a hole: fine
    assert g.cmd(f"munmap {a + 1:#x} 4096").strip() == "EINVAL"
    assert g.cmd(f"munmap {a:#x} 0").strip() == "EINVAL"
    assert g.cmd(f"mprotect {a + 1:#x} 4096 r--").strip() == "EINVAL"
    assert g.cmd(f"mprotect {a:#x} 4096 0x10").strip() == "EINVAL"
    assert g.cmd(f"munmap {a:#x} 64K").strip() == ""
    assert maps(g) == [STACK]


def test_brk(space):
    g = space
    assert g.cmd("brk").strip() == "0x400000"
    assert g.cmd("brk 0x402000").strip() == "0x402000"
    assert g.cmd("brk 0x405000").strip() == "0x405000"
    assert maps(g) == [line(0x400000, 0x405000, "rw-p", "[heap]"), STACK]
    assert g.cmd("mmap 0x408000 4096 r-- private,anon,fixed").strip() == "0x408000"
    assert g.cmd("brk 0x408000").strip() == "0x405000"                 # collision
    assert g.cmd("brk 0x401800").strip() == "0x401800"
    assert maps(g) == [line(0x400000, 0x402000, "rw-p", "[heap]"),
                       line(0x408000, 0x409000, "r--p"), STACK]
    assert g.cmd("brk 0").strip() == "0x401800"


@pytest.mark.parametrize("args,err", [
    ("0 0 rw- private,anon", "EINVAL"),
    ("0 0xfffffffffffff000 rw- private,anon", "ENOMEM"),
    ("0 4096 rw- anon", "EINVAL"),
    ("0 4096 rw- shared,private,anon,fixed_noreplace", "EPERM"),
    ("0 4096 rw- shared_validate,anon,0x800000", "EINVAL"),
    ("0x1001 4096 rw- private,anon,fixed", "EINVAL"),
    ("0 4096 rw- private,anon,fixed", "EPERM"),
    ("0xfffffffff000 8192 rw- private,anon,fixed", "ENOMEM"),
    ("0 0x1000000000001 rw- private,anon", "ENOMEM"),
    ("0 4096 rw- private", "EBADF"),
    ("0 4096 rw- shared,anon,growsdown", "EINVAL"),
])
def test_mmap_errnos(space, args, err):
    assert space.cmd(f"mmap {args}").strip() == err
    assert maps(space) == [STACK]


@pytest.mark.parametrize("line_", ["mmap", "mmap 0 4096 rwz private,anon", "mmap 0 4096 rw- bogus",
                                   "munmap 1", "mprotect 0 1", "brk 1 2", "maps x",
                                   "as", "as use", "as bogus 1"])
def test_usage_errors(shell, line_):
    assert "usage:" in shell.cmd(line_)


def test_as_list_use_free(shell):
    out = shell.cmd("as new")
    asid = int(re.search(r"as (\d+)", out)[1])
    listing = shell.cmd("as list")
    assert re.search(rf"^\* +0 ", listing, re.M)
    assert re.search(rf"^  +{asid} +1 +128 kB +0x400000", listing, re.M)
    assert "EBUSY" in shell.cmd("as free 0")
    assert "ENOENT" in shell.cmd("as use 999")
    assert shell.cmd(f"as free {asid}").strip() == ""
    assert not re.search(rf"^  +{asid} ", shell.cmd("as list"), re.M)


def test_ktest_vma(shell):
    out = shell.cmd("ktest vma", timeout=60)
    assert "# vma: pass:10 fail:0" in out
