# SPDX-License-Identifier: GPL-2.0
"""fork (`as fork`), mremap and stack growth from the shell.

fork: the child's maps equal the parent's; a write on either side is not
seen by the other (copy-on-write), shared mappings stay shared, vmstat's
cow_copy/cow_reuse move as do_wp_page decides, and freeing both sides
gives every anonymous page and page-table page back.
mremap: shrink, grow in place (merging), moves that keep the frame (the
physical address pagewalk shows), MREMAP_FIXED / MREMAP_DONTUNMAP, each
errno by name; maps is checked line for line.
Stack: a fault just below [stack] grows it; one in the guard gap is
SIGSEGV (SEGV_MAPERR).
"""
import re

import pytest

PAGE = 4096
TOP = 1 << 48
STACK_LOW = TOP - (128 << 10)
GAP = 256 * PAGE


def line(start, end, perms, name=None):
    head = f"{start:08x}-{end:08x} {perms} 00000000 00:00 0 "
    return head if name is None else f"{head:<72} {name}"


def stack(low=STACK_LOW):
    return line(low, TOP, "rw-p", "[stack]")


def maps(g):
    return [l.rstrip("\r") for l in g.cmd("maps").split("\n") if l.strip()]


def vmstat(g):
    vals = {}
    for l in g.cmd("vmstat").splitlines():
        m = re.match(r"^([a-z_]+) (-?\d+)$", l.strip())
        if m:
            vals[m[1]] = int(m[2])
    return vals


def peek(g, addr, n=1):
    out = g.cmd(f"peek {addr:#x} {n}").strip()
    m = re.match(r"^[0-9a-f]{16}:((?: [0-9a-f]{2})+)$", out)
    assert m, out
    return [int(x, 16) for x in m[1].split()]


def pa(g, addr):
    out = g.cmd(f"pagewalk {addr:#x}")
    m = re.search(r"^PA 0x([0-9a-f]+) \(4K page at L3\)", out, re.M)
    assert m, out
    return int(m[1], 16)


def new_as(g):
    m = re.search(r"^as (\d+)$", g.cmd("as new").strip())
    assert m
    return int(m[1])


def fork(g, *arg):
    out = g.cmd(" ".join(["as fork", *map(str, arg)])).strip()
    m = re.match(r"^as (\d+)$", out)
    assert m, out
    return int(m[1])


@pytest.fixture
def space(shell):
    """A fresh current address space; afterwards every page is back."""
    before = vmstat(shell)
    sid = new_as(shell)
    assert shell.cmd(f"as use {sid}").strip() == ""
    shell.ids = [sid]
    yield shell
    shell.cmd("as use 0")
    for i in shell.ids:
        assert shell.cmd(f"as free {i}").strip() == ""
    after = vmstat(shell)
    assert after["nr_anon_pages"] == before["nr_anon_pages"]
    assert after["nr_page_table_pages"] == before["nr_page_table_pages"]


def mmap(g, addr, length, prot="rw-", flags="private,anon,fixed"):
    assert g.cmd(f"mmap {addr:#x} {length:#x} {prot} {flags}").strip() == f"{addr:#x}"


A = 0x10000000
S = 0x20000000


def test_fork_cow_isolation(space):
    g = space
    parent = g.ids[0]
    mmap(g, A, 3 * PAGE)
    mmap(g, S, PAGE, flags="shared,anon,fixed")
    g.cmd(f"poke {A:#x} 0x11 0x12")
    g.cmd(f"poke {A + PAGE:#x} 0x21")
    g.cmd(f"poke {S:#x} 0x31")
    pmaps = maps(g)
    v0 = vmstat(g)
    child = fork(g)
    g.ids.append(child)
    v1 = vmstat(g)
    # fork copies PTEs: no page is copied, none allocated
    assert v1["nr_anon_pages"] == v0["nr_anon_pages"]
    assert v1["cow_copy"] == v0["cow_copy"]
    assert re.search(rf"^  +{child} +3 +144 kB", g.cmd("as list"), re.M)

    assert g.cmd(f"as use {child}").strip() == ""
    assert maps(g) == pmaps
    assert peek(g, A, 2) == [0x11, 0x12]
    g.cmd(f"poke {A:#x} 0x99")
    g.cmd(f"poke {S:#x} 0x32")
    assert peek(g, A, 2) == [0x99, 0x12]
    v2 = vmstat(g)
    assert v2["cow_copy"] == v1["cow_copy"] + 1
    assert v2["nr_anon_pages"] == v1["nr_anon_pages"] + 1

    assert g.cmd(f"as use {parent}").strip() == ""
    assert peek(g, A, 2) == [0x11, 0x12]     # the child's write is not seen
    assert peek(g, S) == [0x32]              # a shared page is
    g.cmd(f"poke {A:#x} 0x13")               # the parent's page is its own now
    v3 = vmstat(g)
    assert v3["cow_reuse"] == v2["cow_reuse"] + 1
    assert v3["cow_copy"] == v2["cow_copy"]
    g.cmd(f"poke {A + PAGE:#x} 0x22")        # still shared with the child: copied
    assert vmstat(g)["cow_copy"] == v3["cow_copy"] + 1
    assert g.cmd(f"as use {child}").strip() == ""
    assert peek(g, A + PAGE) == [0x21]
    assert g.cmd(f"as use {parent}").strip() == ""
    assert peek(g, A + PAGE) == [0x22]


def test_fork_then_free_child_gives_pages_back(space):
    g = space
    mmap(g, A, 4 * PAGE, flags="private,anon,fixed,populate")
    v0 = vmstat(g)
    child = fork(g)
    assert vmstat(g)["nr_page_table_pages"] == v0["nr_page_table_pages"] + 4
    g.cmd(f"as use {child}")
    g.cmd(f"fill {A:#x} {4 * PAGE:#x} 0x5a")
    assert vmstat(g)["nr_anon_pages"] == v0["nr_anon_pages"] + 4
    g.cmd(f"as use {g.ids[0]}")
    assert g.cmd(f"as free {child}").strip() == ""
    v1 = vmstat(g)
    assert v1["nr_anon_pages"] == v0["nr_anon_pages"]
    assert v1["nr_page_table_pages"] == v0["nr_page_table_pages"]
    # the parent is the only mapping again: writes reuse, no copies
    g.cmd(f"fill {A:#x} {4 * PAGE:#x} 1")
    v2 = vmstat(g)
    assert v2["cow_reuse"] == v1["cow_reuse"] + 4
    assert v2["cow_copy"] == v1["cow_copy"]


def test_fork_parent_freed_first(shell):
    g = shell
    before = vmstat(g)
    parent = new_as(g)
    g.cmd(f"as use {parent}")
    mmap(g, A, PAGE)
    g.cmd(f"poke {A:#x} 0x44")
    child = fork(g)
    g.cmd(f"as use {child}")
    assert g.cmd(f"as free {parent}").strip() == ""
    v0 = vmstat(g)
    g.cmd(f"poke {A:#x} 0x45")
    assert vmstat(g)["cow_reuse"] == v0["cow_reuse"] + 1
    assert peek(g, A) == [0x45]
    g.cmd("as use 0")
    assert g.cmd(f"as free {child}").strip() == ""
    after = vmstat(g)
    assert after["nr_anon_pages"] == before["nr_anon_pages"]
    assert after["nr_page_table_pages"] == before["nr_page_table_pages"]


def test_fork_by_id_and_errors(space):
    g = space
    assert "ENOENT" in g.cmd("as fork 999")
    assert "usage:" in g.cmd("as fork x")
    child = fork(g, g.ids[0])
    g.ids.append(child)
    g.cmd(f"as use {child}")
    assert maps(g) == [stack()]


# ---- mremap ----

def test_mremap_shrink_grow_merge(space):
    g = space
    mmap(g, A, 4 * PAGE)
    assert g.cmd(f"mremap {A:#x} {4 * PAGE:#x} {2 * PAGE:#x}").strip() == f"{A:#x}"
    assert maps(g) == [line(A, A + 2 * PAGE, "rw-p"), stack()]
    assert g.cmd(f"mremap {A:#x} {2 * PAGE:#x} {3 * PAGE:#x}").strip() == f"{A:#x}"
    assert maps(g) == [line(A, A + 3 * PAGE, "rw-p"), stack()]
    mmap(g, A + 5 * PAGE, PAGE)
    assert g.cmd(f"mremap {A:#x} {3 * PAGE:#x} {5 * PAGE:#x}").strip() == f"{A:#x}"
    assert maps(g) == [line(A, A + 6 * PAGE, "rw-p"), stack()]
    assert g.cmd(f"mremap {A:#x} {6 * PAGE:#x} {7 * PAGE:#x} 0").strip() == f"{A:#x}"
    mmap(g, A + 8 * PAGE, PAGE, prot="r--")
    assert g.cmd(f"mremap {A:#x} {7 * PAGE:#x} {9 * PAGE:#x}").strip() == "ENOMEM"


def test_mremap_move_keeps_frame(space):
    g = space
    mmap(g, A, 2 * PAGE)
    mmap(g, A + 2 * PAGE, PAGE, prot="r--")
    g.cmd(f"poke {A:#x} 0xab")
    g.cmd(f"poke {A + PAGE:#x} 0xcd")
    f0, f1 = pa(g, A), pa(g, A + PAGE)
    v0 = vmstat(g)
    out = g.cmd(f"mremap {A:#x} {2 * PAGE:#x} {4 * PAGE:#x} maymove").strip()
    new = int(out, 16)
    assert new != A
    assert pa(g, new) == f0 and pa(g, new + PAGE) == f1
    assert peek(g, new) == [0xab] and peek(g, new + PAGE) == [0xcd]
    v1 = vmstat(g)
    assert v1["nr_anon_pages"] == v0["nr_anon_pages"]
    assert v1["anon_fault_alloc"] == v0["anon_fault_alloc"]
    assert maps(g) == [line(A + 2 * PAGE, A + 3 * PAGE, "r--p"),
                       line(new, new + 4 * PAGE, "rw-p"), stack()]
    assert g.cmd(f"peek {A:#x}").strip() == f"SIGSEGV at {A:#x} (SEGV_MAPERR)"

    # MREMAP_FIXED replaces what is at the target
    T = 0x30000000
    mmap(g, T, 2 * PAGE, flags="private,anon,fixed,populate")
    out = g.cmd(f"mremap {new:#x} {2 * PAGE:#x} {2 * PAGE:#x} maymove,fixed {T:#x}").strip()
    assert out == f"{T:#x}"
    assert pa(g, T) == f0
    assert vmstat(g)["nr_anon_pages"] == v0["nr_anon_pages"]
    assert maps(g) == [line(A + 2 * PAGE, A + 3 * PAGE, "r--p"),
                       line(T, T + 2 * PAGE, "rw-p"),
                       line(new + 2 * PAGE, new + 4 * PAGE, "rw-p"), stack()]

    # MREMAP_DONTUNMAP: the old range stays, empty (reads as zeroes)
    D = 0x40000000
    out = g.cmd(f"mremap {T:#x} {2 * PAGE:#x} {2 * PAGE:#x} maymove,dontunmap,fixed {D:#x}")
    assert out.strip() == f"{D:#x}"
    assert pa(g, D + PAGE) == f1
    assert peek(g, T + PAGE) == [0]
    assert peek(g, D + PAGE) == [0xcd]
    assert maps(g) == [line(A + 2 * PAGE, A + 3 * PAGE, "r--p"),
                       line(T, T + 2 * PAGE, "rw-p"),
                       line(D, D + 2 * PAGE, "rw-p"),
                       line(new + 2 * PAGE, new + 4 * PAGE, "rw-p"), stack()]


@pytest.mark.parametrize("args,err", [
    (f"{A:#x} 0x1000 0x1000 8", None),                     # usage: unknown flag name
    (f"{A:#x} 0x1000 0x1000 fixed 0x50000000", "EINVAL"),  # FIXED without MAYMOVE
    (f"{A:#x} 0x1000 0x1000 dontunmap", "EINVAL"),
    (f"{A:#x} 0x1000 0x2000 maymove,dontunmap", "EINVAL"),
    (f"{A + 1:#x} 0x1000 0x1000", "EINVAL"),
    (f"{A:#x} 0x1000 0", "EINVAL"),
    (f"{A:#x} 0x1000 0x1000 maymove,fixed 0x50000001", "EINVAL"),
    (f"{A:#x} 0x2000 0x2000 maymove,fixed {A + 0x1000:#x}", "EINVAL"),
    (f"{A:#x} 0 0x1000 maymove", "EINVAL"),
    (f"{A + 0x3000:#x} 0x1000 0x2000 maymove", "EFAULT"),
    (f"{A:#x} 0x3000 0x4000 maymove", "EFAULT"),
    (f"{A:#x} 0x2000 0x3000", "ENOMEM"),
])
def test_mremap_errnos(space, args, err):
    g = space
    mmap(g, A, 2 * PAGE)
    mmap(g, A + 2 * PAGE, PAGE, prot="r--")
    out = g.cmd(f"mremap {args}").strip()
    if err is None:
        assert "usage:" in out
    else:
        assert out == err
    assert maps(g) == [line(A, A + 2 * PAGE, "rw-p"), line(A + 2 * PAGE, A + 3 * PAGE, "r--p"),
                       stack()]


@pytest.mark.parametrize("line_", ["mremap", "mremap 1 2", "mremap x 1 1", "mremap 1 1 1 bogus",
                                   "mremap 1 1 1 maymove z", "mremap 1 1 1 maymove 1 2"])
def test_mremap_usage(shell, line_):
    assert "usage:" in shell.cmd(line_)


# ---- stack growth ----

def test_stack_grows_and_guard_gap(space):
    g = space
    assert g.cmd(f"poke {STACK_LOW - 8:#x} 7").strip() == ""
    assert maps(g) == [stack(STACK_LOW - PAGE)]
    assert peek(g, STACK_LOW - 8) == [7]
    assert g.cmd(f"touch {STACK_LOW - 4 * PAGE:#x} {PAGE:#x} w").strip() == "touched 1 page"
    low = STACK_LOW - 4 * PAGE
    assert maps(g) == [stack(low)]
    # a mapping whose end leaves exactly the guard gap below the stack
    below = low - GAP
    mmap(g, below - PAGE, PAGE)
    out = g.cmd(f"poke {low - 1:#x} 1").strip()
    assert out == f"SIGSEGV at {low - 1:#x} (SEGV_MAPERR)"
    out = g.cmd(f"peek {below + PAGE:#x}").strip()
    assert out == f"SIGSEGV at {below + PAGE:#x} (SEGV_MAPERR)"
    assert maps(g) == [line(below - PAGE, below, "rw-p"), stack(low)]
    # beyond RLIMIT_STACK (8 MiB) it never grows
    g.cmd(f"munmap {below - PAGE:#x} {PAGE:#x}")
    far = TOP - (8 << 20) - PAGE
    assert g.cmd(f"peek {far:#x}").strip() == f"SIGSEGV at {far:#x} (SEGV_MAPERR)"
    assert g.cmd(f"peek {far + PAGE:#x}").strip().endswith(" 00")
    assert maps(g) == [stack(far + PAGE)]


def test_ktest_fork_mremap_stack(shell):
    out = shell.cmd("ktest fork", timeout=60)
    assert "# fork: pass:5 fail:0" in out
    out = shell.cmd("ktest mremap", timeout=60)
    assert "# mremap: pass:3 fail:0" in out
    out = shell.cmd("ktest stack", timeout=60)
    assert "# stack: pass:2 fail:0" in out
