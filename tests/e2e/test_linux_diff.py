# SPDX-License-Identifier: GPL-2.0
"""Differential tests: Arbor's mmap family against the Linux it runs on.

Each script is a list of shell command lines in Arbor's syntax. It runs
twice: on the host Linux through tests/host/linux_mm_ref.c (built here with
the host gcc; it issues the real syscalls and prints what Arbor's shell
would), and in a fresh Arbor address space (`as new`, `as use`). The two
transcripts must be identical line for line.

Rules the scripts keep so that the comparison is fair:
- Every address lies in WINDOW (2^44 .. 2^44 + 1 GiB): free in the host's
  process (x86-64 user space puts nothing that low and that high) and in
  Arbor's (below TASK_SIZE = 2^48, far from mmap_base and the stack). `maps`
  shows only the lines inside the window on both sides.
- No placement-dependent call except to check that it succeeds: the
  address printed by `mmap 0 ...` without MAP_FIXED is compared as <placed>.
- Differences that are not Arbor's to fix are avoided and say why in a
  comment: the host is x86-64 (TASK_SIZE 2^47, or 2^56 with 5-level paging),
  the tests may run as root (CAP_SYS_RAWIO lifts mmap_min_addr, CAP_IPC_LOCK
  lifts RLIMIT_MEMLOCK), and MAP_SHARED|MAP_ANONYMOUS is a shmem file on
  Linux ("/dev/zero (deleted)" with its own device, inode and offset),
  which Arbor shows as anonymous: such host lines are normalised to the
  anonymous form.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qemu import ROOT

PAGE = 4096
W = 1 << 44
WINDOW = (W, W + (1 << 30))
REF_SRC = ROOT / "tests" / "host" / "linux_mm_ref.c"
REF_BIN = ROOT / "build" / "host" / "linux_mm_ref"
MAPS_LINE = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) ([-r][-w][-x][ps]) ([0-9a-f]+) "
                       r"([0-9a-f]+:[0-9a-f]+) (\d+) ?(.*)$")


def a(n):
    """The window's address n pages in (n may be fractional for offsets)."""
    return hex(W + int(n * PAGE))


A0, A1, A2, A3, A4, A5, A6, A7, A8 = (a(i) for i in range(9))
A16, A32 = a(16), a(32)
# Beyond every TASK_SIZE the host and Arbor can have (x86-64 with LA57: 2^56).
HIGH = hex(1 << 56)

SCRIPTS = {
    # ---- mmap(2) errors ----
    "mmap_einval_length_zero": [
        f"mmap {A0} 0 rw- private,anon",
        f"mmap {A0} 0 rw- private,anon,fixed",
        "maps",
    ],
    "mmap_einval_unaligned_fixed": [
        f"mmap {a(0.5)} 4K rw- private,anon,fixed",
        f"mmap {a(0.5)} 4K rw- private,anon,fixed_noreplace",
        "maps",
    ],
    "mmap_einval_map_type": [
        f"mmap {A0} 4K rw- anon",
        f"mmap {A0} 4K rw- anon,fixed",
        f"mmap {A0} 4K rw- 0x4,anon,fixed",
        "maps",
    ],
    "mmap_shared_validate_anonymous": [
        # Anonymous MAP_SHARED_VALIDATE is no valid map type: EINVAL, not the
        # file mappings' EOPNOTSUPP, and only after the address checks (so
        # EEXIST and ENOMEM win). An unknown flag is ignored otherwise.
        # (Arbor said EOPNOTSUPP before the address: fixed in mm/mmap.c.)
        f"mmap {A0} 4K rw- shared_validate,anon,fixed,0x800000",
        f"mmap {A0} 4K rw- shared_validate,anon,fixed",
        f"mmap {A0} 4K rw- private,anon,fixed,0x800000",
        f"mmap {A0} 4K rw- shared_validate,anon,fixed_noreplace",
        f"mmap {A0} 4K rw- shared,private,anon,fixed_noreplace",
        f"mmap {A1} 4K rw- shared,anon,fixed_noreplace",
        f"mmap {A0} 4K rw- anon,fixed_noreplace",
        f"mmap {HIGH} 4K rw- anon,fixed",
        f"mmap {A4} 4K rw- anon,fixed",
        "maps",
    ],
    "mmap_ebadf_not_anonymous": [
        f"mmap {A0} 4K rw- private,fixed",
        f"mmap {A0} 4K rw- shared",
        "maps",
    ],
    "mmap_enomem_lengths_and_task_size": [
        # PAGE_ALIGN(len) wraps to 0; lengths beyond any TASK_SIZE; a fixed
        # address beyond it. (mmap_min_addr's EPERM is not scripted: the host
        # tests may run as root, and CAP_SYS_RAWIO lifts that limit.)
        f"mmap {A0} 0xfffffffffffff001 rw- private,anon",
        f"mmap {A0} 0xfffffffffffff000 rw- private,anon",
        f"mmap {A0} {1 << 57:#x} rw- private,anon",
        f"mmap {HIGH} 4K rw- private,anon,fixed",
        "maps",
    ],
    "mmap_eexist_fixed_noreplace": [
        f"mmap {A1} 8K rw- private,anon,fixed",
        f"mmap {A0} 8K rw- private,anon,fixed_noreplace",
        f"mmap {A2} 4K rw- private,anon,fixed_noreplace",
        f"mmap {A3} 4K rw- private,anon,fixed_noreplace",
        "maps",
    ],
    "mmap_einval_shared_growsdown": [
        f"mmap {A0} 4K rw- shared,anon,growsdown",
        f"mmap {A0} 4K rw- shared,anon,fixed,growsdown",
        "maps",
    ],
    "mmap_hint_and_placement": [
        # A free hint is used as it is; 0 places the mapping somewhere. (Not
        # an unaligned hint: arm64's generic code rounds it up, x86-64's own
        # arch_get_unmapped_area_topdown rounds it down; Arbor is arm64's.)
        f"mmap {A4} 4K rw- private,anon",
        f"mmap {A5} 4K r-- private,anon",
        "mmap 0 4K rw- private,anon",
        "maps",
    ],
    # ---- mmap merges and MAP_FIXED replacement ----
    "mmap_adjacent_merge": [
        f"mmap {A0} 4K rw- private,anon,fixed",
        f"mmap {A1} 4K rw- private,anon,fixed",
        f"mmap {A3} 4K rw- private,anon,fixed",
        "maps",
        f"mmap {A2} 4K rw- private,anon,fixed",
        "maps",
        f"mmap {A4} 4K r-- private,anon,fixed",
        "maps",
    ],
    "mmap_fixed_replaces_and_remerges": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"fill {A0} 16K 0x5a",
        f"mmap {A1} 8K r-x private,anon,fixed",
        "maps",
        f"peek {a(0.75)} 32",
        f"mmap {A0} 16K rw- private,anon,fixed",
        "maps",
        f"peek {A0} 8",
    ],
    "mmap_fixed_over_several": [
        f"mmap {A0} 4K r-- private,anon,fixed",
        f"mmap {A2} 4K --- private,anon,fixed",
        f"mmap {A4} 4K rw- private,anon,fixed",
        f"mmap {A1} 12K rw- private,anon,fixed",
        "maps",
    ],
    "mmap_shared_anon_no_merge": [
        # Each MAP_SHARED|MAP_ANONYMOUS mapping is its own object: neighbours
        # never merge, with each other or with private memory.
        f"mmap {A0} 4K rw- shared,anon,fixed",
        f"mmap {A1} 4K rw- shared,anon,fixed",
        f"mmap {A2} 4K rw- private,anon,fixed",
        "maps",
    ],
    "mmap_noreserve_flags_differ": [
        # VM_NORESERVE is a VMA flag: read-only neighbours (no VM_ACCOUNT
        # either way) with and without MAP_NORESERVE stay apart.
        f"mmap {A0} 4K r-- private,anon,fixed",
        f"mmap {A1} 4K r-- private,anon,fixed,noreserve",
        f"mmap {A2} 4K r-- private,anon,fixed",
        "maps",
    ],
    "mmap_account_merge_via_mprotect": [
        # VM_ACCOUNT is invisible in maps but decides merges: a private
        # writable mapping is accounted, a read-only one is not; made
        # writable by mprotect, a mapping is charged and then matches. (Made
        # read-only again, Linux drops VM_ACCOUNT only from a never-faulted
        # VMA: see mprotect_unaccounts_unfaulted; here both were faulted.)
        f"mmap {A0} 4K r-- private,anon,fixed",
        f"mmap {A1} 4K rw- private,anon,fixed",
        f"poke {A1} 1",
        f"mprotect {A0} 4K rw-",
        "maps",
        f"mmap {A4} 4K rw- private,anon,fixed",
        f"mmap {A5} 4K rw- private,anon,fixed",
        "maps",
    ],
    "mmap_populate_locked": [
        f"mmap {A0} 16K rw- private,anon,fixed,populate",
        f"mincore {A0} 16K",
        f"mmap {A4} 8K rw- private,anon,fixed,locked",
        f"mincore {A0} 24K",
        "maps",
        f"munlock {A4} 8K",
        f"mincore {A0} 24K",
    ],
    "mmap_growsdown": [
        f"mmap {A16} 8K rw- private,anon,fixed,growsdown",
        "maps",
        f"peek {A16} 4",
    ],
    # ---- munmap(2) ----
    "munmap_errors": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"munmap {a(0.5)} 4K",
        f"munmap {A0} 0",
        f"munmap {HIGH} 4K",
        f"munmap {A0} 0xfffffffffffff000",
        f"munmap {A4} 4K",
        "maps",
    ],
    "munmap_split_and_span": [
        f"mmap {A0} 32K rw- private,anon,fixed",
        f"mprotect {A5} 4K r--",
        f"munmap {A2} 4K",
        "maps",
        f"munmap {A4} 8K",
        "maps",
        f"munmap {A1} 0x1800",
        "maps",
        f"munmap {A0} 64K",
        "maps",
    ],
    # ---- mprotect(2) ----
    "mprotect_errors": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"mprotect {a(0.5)} 4K r--",
        f"mprotect {A0} 4K 0x10",
        f"mprotect {A0} 4K PROT_READ|PROT_GROWSDOWN",
        f"mprotect {A0} 4K PROT_READ|PROT_GROWSUP",
        f"mprotect {A0} 0 r--",
        f"mprotect {A0} 0xfffffffffffff000 r--",
        f"mprotect {A8} 4K r--",
        "maps",
    ],
    "mprotect_hole_partial": [
        # The VMAs before the hole are changed, then ENOMEM.
        f"mmap {A1} 8K rw- private,anon,fixed",
        f"mmap {A4} 8K rw- private,anon,fixed",
        f"mprotect {A2} 16K r--",
        "maps",
        f"mprotect {A0} 8K r--",
        "maps",
    ],
    "mprotect_split_and_remerge": [
        f"mmap {A0} 32K rw- private,anon,fixed",
        f"mprotect {A2} 8K r--",
        f"mprotect {A6} 4K ---",
        "maps",
        f"mprotect {A2} 8K rw-",
        "maps",
        f"mprotect {A0} 32K r-x",
        "maps",
        f"mprotect {A0} 32K rw-",
        "maps",
    ],
    # ---- mremap(2) ----
    "mremap_errors": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"mmap {A2} 4K r-- private,anon,fixed",
        f"mremap {a(0.5)} 4K 8K maymove",
        f"mremap {A0} 4K 0 maymove",
        f"mremap {A0} 4K 8K fixed {A16}",
        f"mremap {A0} 4K 4K dontunmap",
        f"mremap {A0} 4K 8K maymove,dontunmap",
        f"mremap {A0} 8K 8K maymove,fixed {A1}",
        f"mremap {A0} 8K 8K maymove,fixed {a(16.5)}",
        f"mremap {A8} 4K 8K maymove",
        # old range across two VMAs (resizing: a move of several VMAs is
        # new in Linux 6.17 and only for same-size moves, not scripted).
        f"mremap {A0} 12K 16K maymove",
        f"mremap {A0} 8K 12K",
        f"mremap {A0} 0 4K maymove",
        "maps",
    ],
    "mremap_shrink_and_grow_in_place": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"fill {A0} 16K 0x11",
        f"mremap {A0} 16K 8K",
        "maps",
        f"mremap {A0} 8K 24K",
        "maps",
        f"peek {a(1.75)} 8",
        f"peek {a(2)} 8",
        f"mmap {A8} 8K rw- private,anon,fixed",
        f"mremap {A0} 24K 32K",
        "maps",
        f"mremap {A0} 32K 40K",
        "maps",
    ],
    "mremap_move_fixed": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"poke {A0} 1 2 3",
        f"poke {A3} 4",
        f"mmap {A16} 4K rw- private,anon,fixed",
        f"mremap {A0} 16K 16K maymove,fixed {A16}",
        "maps",
        f"peek {A16} 4",
        f"peek {a(19)} 1",
        f"peek {A0} 1",
        f"mremap {A16} 8K 8K maymove,fixed {a(14)}",
        "maps",
    ],
    "mremap_move_merges_with_neighbour": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"mmap {A8} 8K rw- private,anon,fixed",
        f"poke {A8} 9",
        f"mremap {A8} 8K 8K maymove,fixed {A2}",
        "maps",
        f"peek {A2} 1",
    ],
    "mremap_middle_and_dontunmap": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"fill {A0} 16K 0x22",
        f"mremap {A1} 4K 4K maymove,fixed {A16}",
        "maps",
        f"mremap {A2} 4K 4K maymove,dontunmap,fixed {A32}",
        "maps",
        f"peek {A2} 4",
        f"peek {A32} 4",
        f"mincore {A0} 16K",
    ],
    "mremap_grow_blocked_then_maymove_fixed": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"mmap {A2} 4K r-- private,anon,fixed",
        f"mremap {A0} 8K 16K",
        f"mremap {A0} 8K 16K maymove,fixed {A16}",
        "maps",
    ],
    # ---- madvise(2) ----
    "madvise_errors": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"madvise {a(0.5)} 4K dontneed",
        f"madvise {A0} 4K 99",
        f"madvise {A0} 4K 5",
        f"madvise {A0} 0xffffffffffffffff willneed",
        f"madvise {A0} 0 dontneed",
        f"madvise {A8} 4K dontneed",
        f"madvise {A8} 4K normal",
        f"fill {A0} 16K 1",
        f"madvise {A2} 24K dontneed",
        f"mincore {A0} 16K",
        f"mlock {A0} 4K",
        f"madvise {A0} 4K dontneed",
        f"madvise {A0} 4K free",
        f"mmap {A8} 4K rw- shared,anon,fixed",
        f"madvise {A8} 4K free",
        f"madvise {A8} 4K willneed",
        "maps",
    ],
    "madvise_random_sequential_split_merge": [
        f"mmap {A0} 32K rw- private,anon,fixed",
        f"madvise {A2} 8K random",
        "maps",
        f"madvise {A2} 24K sequential",
        "maps",
        f"madvise {A0} 32K normal",
        "maps",
    ],
    "madvise_dontneed_free_populate": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"fill {A0} 16K 0xab",
        f"madvise {A1} 8K dontneed",
        f"mincore {A0} 16K",
        f"peek {a(1.5)} 4",
        f"peek {A3} 4",
        f"madvise {A0} 16K populate_write",
        f"mincore {A0} 16K",
        f"mmap {A8} 8K r-- private,anon,fixed",
        f"madvise {A8} 8K populate_write",
        f"madvise {A8} 8K populate_read",
        f"mincore {A8} 8K",
    ],
    # ---- mincore(2) ----
    "mincore_errors_and_residency": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"mincore {a(0.5)} 4K",
        f"mincore {A8} 4K",
        f"mincore {A2} 16K",
        f"mincore {A0} 0",
        f"mincore {A0} 16K",
        f"touch {A0} 4K r",
        f"touch {A2} 4K w",
        f"mincore {A0} 16K",
        f"mincore {A0} 0x1001",
    ],
    # ---- mlock(2) ----
    # (Small ranges: a non-root CI user has RLIMIT_MEMLOCK of some MiB; a
    # limit of 0 would make every mlock EPERM on the host only.)
    "mlock_errors": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"mlock {A8} 4K",
        f"mlock {A1} 8K",
        "maps",
        f"mlock {A0} 0",
        f"mlock {A0} 0xfffffffffffff000",
        f"munlock {A8} 4K",
        f"munlock {A0} 0",
        "maps",
    ],
    "mlock_split_merge_onfault": [
        f"mmap {A0} 16K rw- private,anon,fixed",
        f"mlock {a(1.5)} 4K",
        "maps",
        f"mincore {A0} 16K",
        f"munlock {A0} 16K",
        "maps",
        f"mlock {A0} 16K onfault",
        f"mincore {A0} 16K",
        "maps",
        f"munlock {A0} 8K",
        "maps",
    ],
    # ---- faults ----
    "fault_prot_none_and_readonly": [
        f"mmap {A0} 4K --- private,anon,fixed",
        f"mmap {A1} 4K r-- private,anon,fixed",
        f"mmap {A2} 4K rw- private,anon,fixed",
        f"peek {A0} 4",
        f"peek {a(1.5)} 4",
        f"poke {a(1.25)} 1",
        f"poke {A2} 7",
        f"touch {A0} 12K r",
        f"touch {A1} 8K w",
        f"touch {A2} 4K w",
        f"mprotect {A0} 4K r--",
        f"peek {A0} 4",
    ],
    "fault_after_munmap": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"poke {A1} 0x42",
        f"munmap {A1} 4K",
        f"peek {A1} 1",
        f"poke {a(1.5)} 1",
        f"peek {a(0.999)} 8",
        f"fill {A0} 8K 3",
        f"touch {A0} 8K r",
        f"peek {a(0.999)} 1",
    ],
    "fault_write_only_and_mprotect_downgrade": [
        f"mmap {A0} 8K rw- private,anon,fixed",
        f"fill {A0} 8K 0x77",
        f"mprotect {A0} 8K r--",
        f"peek {A1} 2",
        f"poke {A1} 1",
        f"mprotect {A1} 4K ---",
        f"peek {A1} 1",
        f"mprotect {A0} 8K rw-",
        f"poke {A1} 0x10",
        f"peek {A1} 2",
        "maps",
    ],
    # ---- anon_vma (include/arbor/rmap.h) ----
    "anon_vma_blocks_merge": [
        # Each VMA was write-faulted on its own, so each has its own
        # anon_vma: with matching flags again they still stay apart
        # (is_mergeable_anon_vma).
        f"mmap {A0} 16K rw- private,anon,fixed,populate",
        f"mmap {A4} 8K rw- private,anon,fixed,locked",
        "maps",
        f"munlock {A4} 8K",
        "maps",
    ],
    "anon_vma_shared_with_neighbour": [
        # A VMA faulted next to a faulted one that differs only in access
        # bits borrows its anon_vma (find_mergeable_anon_vma), so the two
        # merge once mprotect() makes them alike. A read fault maps the zero
        # page and gives no anon_vma.
        f"mmap {A0} 4K rw- private,anon,fixed",
        f"mmap {A1} 4K r-- private,anon,fixed",
        f"mprotect {A1} 4K rw-",
        f"poke {A0} 1",
        f"poke {A1} 2",
        f"mmap {A4} 4K rw- private,anon,fixed",
        f"peek {A4} 1",
        f"mmap {A5} 4K rw- private,anon,fixed",
        "maps",
        f"mprotect {A0} 8K r--",
        f"mprotect {A0} 8K rw-",
        "maps",
        f"peek {A0} 1",
        f"peek {A1} 1",
    ],
    "mprotect_unaccounts_unfaulted": [
        # Linux 6.x's mprotect_fixup drops VM_ACCOUNT when a never-faulted
        # (no anon_vma) private anonymous VMA loses PROT_WRITE, so it then
        # merges with a read-only neighbour; a faulted one keeps it.
        f"mmap {A0} 4K r-- private,anon,fixed",
        f"mmap {A1} 4K rw- private,anon,fixed",
        f"mprotect {A1} 4K r--",
        "maps",
        f"mmap {A4} 4K r-- private,anon,fixed",
        f"mmap {A5} 4K rw- private,anon,fixed",
        f"poke {A5} 1",
        f"mprotect {A5} 4K r--",
        "maps",
    ],
}


# Where Arbor is known to differ from Linux 6.18 and is not fixed yet: each
# runs like the others and must still differ (strict xfail), so that a fix
# shows up as an XPASS to move the script into SCRIPTS.
KNOWN_DIFFERENCES = {}


def normalise(cmd, out_lines):
    """The same normalisation for both sides."""
    res = []
    for l in out_lines:
        l = l.rstrip("\r")
        if cmd == "maps":
            m = MAPS_LINE.match(l)
            if not m:
                res.append(l)
                continue
            start, end = int(m[1], 16), int(m[2], 16)
            if not (start >= WINDOW[0] and end <= WINDOW[1]):
                continue
            name = m[7].strip()
            if name == "/dev/zero (deleted)":
                # Linux's shared anonymous memory is a shmem file; Arbor's
                # is anonymous. Same range and permissions, anonymous form.
                name = ""
                l = f"{m[1]}-{m[2]} {m[3]} 00000000 00:00 0 "
            res.append(l)
            continue
        if re.match(r"^mmap 0 ", cmd) and "fixed" not in cmd and re.match(r"^0x[0-9a-f]+$", l):
            l = "<placed>"
        res.append(l)
    return res


def transcript_host(lines):
    out = subprocess.run([str(REF_BIN), hex(WINDOW[0]), hex(WINDOW[1])],
                         input="\n".join(lines) + "\n", capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    res, cur = [], None
    for l in out.stdout.split("\n"):
        if l.startswith("$ "):
            cur = (l[2:], [])
            res.append(cur)
        elif cur is not None:
            cur[1].append(l)
    # The final "\n" leaves an empty string after the last block.
    if res and res[-1][1] and res[-1][1][-1] == "":
        res[-1][1].pop()
    return [(cmd, normalise(cmd, body)) for cmd, body in res]


def transcript_arbor(g, lines):
    out = g.cmd("as new")
    m = re.search(r"as (\d+)", out)
    assert m, out
    asid = m[1]
    assert g.cmd(f"as use {asid}").strip() == ""
    res = []
    try:
        for l in lines:
            body = g.cmd(l).split("\n")
            if body and body[-1] == "":
                body = body[:-1]
            res.append((l, normalise(l, body)))
    finally:
        g.cmd("as use 0")
        assert g.cmd(f"as free {asid}").strip() == ""
    return res


@pytest.fixture(scope="module")
def ref():
    gcc = shutil.which("gcc")
    if not gcc:
        pytest.skip("no host gcc to build the Linux reference")
    REF_BIN.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([gcc, "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror",
                    str(REF_SRC), "-o", str(REF_BIN)], check=True)
    return REF_BIN


def test_window_free_on_host(ref):
    """Nothing of the reference program's own lies in the window."""
    assert transcript_host(["maps"]) == [("maps", [])]


def test_enough_scripts():
    assert len(SCRIPTS) >= 30


def compare(shell, name, lines):
    host = transcript_host(lines)
    arbor = transcript_arbor(shell, lines)
    assert [c for c, _ in host] == lines
    diffs = [f"{c}\n  linux: {h!r}\n  arbor: {b!r}"
             for (c, h), (_, b) in zip(host, arbor) if h != b]
    assert not diffs, f"{name}: Arbor differs from Linux {Path('/proc/version').read_text().split()[2]}:\n" + \
        "\n".join(diffs)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_linux(ref, shell, name):
    compare(shell, name, SCRIPTS[name])


# (Defined only while there are some: an empty parameter set is a skip.)
if KNOWN_DIFFERENCES:
    @pytest.mark.xfail(strict=True, reason="known difference from Linux")
    @pytest.mark.parametrize("name", sorted(KNOWN_DIFFERENCES))
    def test_known_difference(ref, shell, name):
        compare(shell, name, KNOWN_DIFFERENCES[name])
