// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel tests of fork, mremap and stack growth:
 *
 *   fork     dup_mm: the VMA copy, copy-on-write sharing with exact
 *            mapcounts, refcounts and RSS, COW isolation both ways, copy
 *            vs reuse after either side goes, shared mappings, the zero
 *            page, VM_DONTCOPY / VM_WIPEONFORK / VM_LOCKED
 *   mremap   every errno case, shrink, grow in place (and merge), moves
 *            that keep the frame (MAYMOVE, FIXED, DONTUNMAP)
 *   stack    expand_stack on a fault below [stack], the guard gap,
 *            RLIMIT_STACK, a PROT_NONE neighbour
 *
 * Every case runs in fresh address spaces; afterwards the trees pass
 * mt_validate(), and no VMA, page-table page or anonymous page is left.
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/mm_ktest.h>
#include <arbor/mman.h>
#include <arbor/rmap.h>
#include <arbor/signal.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

/* The shared helpers of include/arbor/mm_ktest.h, by short names. */
#define pte_of(mm, a)	mm_test_pte(mm, a)
#define page_of(mm, a)	mm_test_page(mm, a)
#define peek8(a)	mm_test_peek8(a)
#define poke8(a, v)	mm_test_poke8(a, v)

#define ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED	(MAP_SHARED | MAP_ANONYMOUS)
#define RW		(PROT_READ | PROT_WRITE)
#define P		PAGE_SIZE
#define BASE		0x10000000UL
#define UA(a)		((u8 __user *)(a))

/* ------------------------------------------------------------------ */
/* fork                                                                 */

static void test_fork_cow(struct ktest *t)
{
	unsigned long copy = vm_events[COW_COPY], reuse = vm_events[COW_REUSE];
	struct page *p0, *p1;
	struct mm_struct *child;
	struct vm_area_struct *cv;
	struct mm_test_env e;
	long anon;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 3 * P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x11), 0);
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 0x22), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE + 2 * P), 0);	/* the zero page */
	p0 = page_of(e.mm, BASE);
	p1 = page_of(e.mm, BASE + P);
	anon = global_vm_stat(NR_ANON_PAGES);
	KTEST_EXPECT_TRUE(t, p0 && p1);
	KTEST_EXPECT_TRUE(t, pte_write(pte_of(e.mm, BASE)));

	child = dup_mm(e.mm);
	if (IS_ERR(child)) {
		ktest_fail(t, __FILE__, __LINE__, "dup_mm: %ld", PTR_ERR(child));
		goto out;
	}
	KTEST_EXPECT_EQ(t, child->map_count, 1);
	cv = vma_lookup(child, BASE);
	KTEST_EXPECT_TRUE(t, cv && cv->vm_start == BASE && cv->vm_end == BASE + 3 * P &&
			  cv->vm_mm == child);
	KTEST_EXPECT_EQ(t, child->total_vm, 3);
	KTEST_EXPECT_EQ(t, child->data_vm, 3);
	/* Same frames, read-only on both sides, two mappings and references each. */
	KTEST_EXPECT_EQ(t, page_of(child, BASE), p0);
	KTEST_EXPECT_EQ(t, page_of(child, BASE + P), p1);
	KTEST_EXPECT_EQ(t, page_mapcount(p0), 2);
	KTEST_EXPECT_EQ(t, page_count(p0), 2);
	KTEST_EXPECT_EQ(t, page_mapcount(p1), 2);
	KTEST_EXPECT_FALSE(t, pte_write(pte_of(e.mm, BASE)));
	KTEST_EXPECT_FALSE(t, pte_write(pte_of(child, BASE)));
	KTEST_EXPECT_TRUE(t, pte_dirty(pte_of(child, BASE)));
	/* The zero page is shared but never counted. */
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_of(child, BASE + 2 * P))));
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	KTEST_EXPECT_EQ(t, child->rss_stat[MM_ANONPAGES], 2);

	/* A write in the child copies; the parent keeps its bytes. */
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x11);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x99), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 1);
	KTEST_EXPECT_NE(t, page_of(child, BASE), p0);
	KTEST_EXPECT_EQ(t, page_mapcount(p0), 1);
	KTEST_EXPECT_EQ(t, page_count(p0), 1);
	KTEST_EXPECT_EQ(t, poke8(BASE + 2 * P, 0x77), 0);	/* zero page: fresh page */
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 2);
	use_mm(e.mm);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x11);
	KTEST_EXPECT_EQ(t, peek8(BASE + 2 * P), 0);
	/* The parent is the only mapping of p0 now: reuse, no copy. */
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x12), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_REUSE], reuse + 1);
	KTEST_EXPECT_EQ(t, page_of(e.mm, BASE), p0);
	/* p1 is still shared: a parent write copies it, the child keeps p1. */
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 0x23), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 3);
	KTEST_EXPECT_EQ(t, page_of(child, BASE + P), p1);
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x99);
	KTEST_EXPECT_EQ(t, peek8(BASE + P), 0x22);
	KTEST_EXPECT_EQ(t, peek8(BASE + 2 * P), 0x77);
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 0x24), 0);	/* last mapping of p1: reuse */
	KTEST_EXPECT_EQ(t, vm_events[COW_REUSE], reuse + 2);
	KTEST_EXPECT_EQ(t, page_of(child, BASE + P), p1);
	KTEST_EXPECT_EQ(t, child->rss_stat[MM_ANONPAGES], 3);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 3);
	KTEST_EXPECT_EQ(t, mt_validate(&child->mm_mt), 0);
	use_mm(e.mm);
	mmput(child);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_EQ(t, page_mapcount(p0), 1);
	KTEST_EXPECT_EQ(t, peek8(BASE + P), 0x23);
out:
	mm_test_end(t, &e);
}

/* The parent goes first: the child's pages become its own, reused on write. */
static void test_fork_parent_exits_first(struct ktest *t)
{
	unsigned long copy = vm_events[COW_COPY], reuse = vm_events[COW_REUSE];
	struct mm_struct *child;
	struct page *p0;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x5a), 0);
	p0 = page_of(e.mm, BASE);
	child = dup_mm(e.mm);
	if (IS_ERR(child)) {
		ktest_fail(t, __FILE__, __LINE__, "dup_mm failed");
		goto out;
	}
	/* Free the parent's side by unmapping everything it has. */
	KTEST_EXPECT_EQ(t, do_munmap(e.mm, BASE, P), 0);
	KTEST_EXPECT_EQ(t, page_mapcount(p0), 1);
	KTEST_EXPECT_EQ(t, page_count(p0), 1);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 0);
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x5a);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x5b), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy);
	KTEST_EXPECT_EQ(t, vm_events[COW_REUSE], reuse + 1);
	KTEST_EXPECT_EQ(t, page_of(child, BASE), p0);
	use_mm(e.mm);
	mmput(child);
out:
	mm_test_end(t, &e);
}

static void test_fork_shared(struct ktest *t)
{
	unsigned long copy = vm_events[COW_COPY];
	struct mm_struct *child;
	struct page *s;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 2 * P, RW, ANON_SHARED | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x41), 0);
	s = page_of(e.mm, BASE);
	child = dup_mm(e.mm);
	if (IS_ERR(child)) {
		ktest_fail(t, __FILE__, __LINE__, "dup_mm failed");
		goto out;
	}
	/* Shared pages stay writable (clean in the child) in both. */
	KTEST_EXPECT_TRUE(t, pte_write(pte_of(e.mm, BASE)) && pte_dirty(pte_of(e.mm, BASE)));
	KTEST_EXPECT_TRUE(t, pte_write(pte_of(child, BASE)) && !pte_dirty(pte_of(child, BASE)));
	KTEST_EXPECT_EQ(t, page_of(child, BASE), s);
	/* Two PTEs and the shmem file's page cache hold it. */
	KTEST_EXPECT_EQ(t, page_mapcount(s), 2);
	KTEST_EXPECT_EQ(t, page_count(s), 3);
	KTEST_EXPECT_TRUE(t, !PageAnon(s) && s->mapping == find_vma(e.mm, BASE)->vm_file->f_mapping);
	KTEST_EXPECT_TRUE(t, find_vma(child, BASE)->vm_file == find_vma(e.mm, BASE)->vm_file);
	use_mm(child);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x42), 0);
	KTEST_EXPECT_EQ(t, page_of(child, BASE), s);
	use_mm(e.mm);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x42);	/* the child's write shows */
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy);
	use_mm(e.mm);
	mmput(child);
	KTEST_EXPECT_EQ(t, page_mapcount(s), 1);
	KTEST_EXPECT_EQ(t, page_count(s), 2);
out:
	mm_test_end(t, &e);
}

/* mprotect(rw) in the parent must not make a still-shared page writable. */
static void test_fork_mprotect_keeps_cow(struct ktest *t)
{
	unsigned long copy = vm_events[COW_COPY];
	struct mm_struct *child;
	struct page *p0;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, poke8(BASE, 1), 0);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(BASE, P, PROT_READ, -1), 0);
	p0 = page_of(e.mm, BASE);
	child = dup_mm(e.mm);
	if (IS_ERR(child)) {
		ktest_fail(t, __FILE__, __LINE__, "dup_mm failed");
		goto out;
	}
	KTEST_EXPECT_EQ(t, page_mapcount(p0), 2);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(BASE, P, RW, -1), 0);
	KTEST_EXPECT_FALSE(t, pte_write(pte_of(e.mm, BASE)));
	KTEST_EXPECT_EQ(t, poke8(BASE, 2), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 1);
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE), 1);
	KTEST_EXPECT_EQ(t, poke8(BASE, 3), -EFAULT);	/* read-only in the child */
	use_mm(e.mm);
	mmput(child);
out:
	mm_test_end(t, &e);
}

static void test_fork_vma_flags(struct ktest *t)
{
	struct vm_area_struct *v;
	struct mm_struct *child;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, true))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 2 * P, P, RW, ANON_PRIV | MAP_FIXED), BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 4 * P, P, RW, ANON_PRIV | MAP_FIXED | MAP_LOCKED),
			BASE + 4 * P);
	KTEST_EXPECT_EQ(t, poke8(BASE, 1), 0);
	KTEST_EXPECT_EQ(t, poke8(BASE + 2 * P, 2), 0);
	vma_lookup(e.mm, BASE)->vm_flags |= VM_DONTCOPY;
	vma_lookup(e.mm, BASE + 2 * P)->vm_flags |= VM_WIPEONFORK;
	child = dup_mm(e.mm);
	if (IS_ERR(child)) {
		ktest_fail(t, __FILE__, __LINE__, "dup_mm failed");
		goto out;
	}
	KTEST_EXPECT_EQ(t, child->map_count, 3);	/* [stack], wiped, locked */
	KTEST_EXPECT_TRUE(t, !vma_lookup(child, BASE));
	v = vma_lookup(child, BASE + 2 * P);
	KTEST_EXPECT_TRUE(t, v && (v->vm_flags & VM_WIPEONFORK));
	KTEST_EXPECT_TRUE(t, !pte_present(pte_of(child, BASE + 2 * P)));
	v = vma_lookup(child, BASE + 4 * P);
	KTEST_EXPECT_TRUE(t, v && !(v->vm_flags & VM_LOCKED));
	KTEST_EXPECT_EQ(t, child->locked_vm, 0);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 1);
	KTEST_EXPECT_EQ(t, child->stack_vm, e.mm->stack_vm);
	KTEST_EXPECT_EQ(t, child->total_vm, e.mm->total_vm - 1);
	KTEST_EXPECT_EQ(t, child->rss_stat[MM_ANONPAGES], 1);	/* the locked page */
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE + 2 * P), 0);
	use_mm(e.mm);
	mmput(child);
out:
	mm_test_end(t, &e);
}

static struct ktest_case fork_cases[] = {
	KTEST_CASE(test_fork_cow),
	KTEST_CASE(test_fork_parent_exits_first),
	KTEST_CASE(test_fork_shared),
	KTEST_CASE(test_fork_mprotect_keeps_cow),
	KTEST_CASE(test_fork_vma_flags),
	{}
};
KTEST_SUITE(fork, fork_cases);

/* ------------------------------------------------------------------ */
/* mremap                                                               */

#define MR(a, o, n, f, na)	((long)do_mremap(a, o, n, f, na))

static void test_mremap_errnos(struct ktest *t)
{
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 2 * P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 2 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED),
			BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 4 * P, P, RW, ANON_PRIV | MAP_FIXED), BASE + 4 * P);
	/* Flags and alignment. */
	KTEST_EXPECT_EQ(t, MR(BASE, P, P, 8, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, P, MREMAP_FIXED, BASE + 8 * P), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, P, MREMAP_DONTUNMAP, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, 2 * P, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE + 1, P, P, 0, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, 0, 0, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, -1UL, MREMAP_MAYMOVE, 0), -EINVAL);	/* aligns to 0 */
	KTEST_EXPECT_EQ(t, MR(BASE, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 8 * P + 1),
			-EINVAL);
	KTEST_EXPECT_EQ(t, MR(BASE, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, TASK_SIZE), -EINVAL);
	/* Overlapping source and target. */
	KTEST_EXPECT_EQ(t, MR(BASE, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + P),
			-EINVAL);
	/* old_len 0 only duplicates shared mappings. */
	KTEST_EXPECT_EQ(t, MR(BASE, 0, P, MREMAP_MAYMOVE, 0), -EINVAL);
	/* No VMA at the address. */
	KTEST_EXPECT_EQ(t, MR(BASE + 3 * P, P, 2 * P, MREMAP_MAYMOVE, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, MR(BASE + 3 * P, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 9 * P),
			-EFAULT);
	/* The old range spans two VMAs. */
	KTEST_EXPECT_EQ(t, MR(BASE, 3 * P, 4 * P, MREMAP_MAYMOVE, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, MR(BASE, 3 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 9 * P),
			-EFAULT);
	/* Growing with the next VMA in the way and no MAYMOVE. */
	KTEST_EXPECT_EQ(t, MR(BASE, 2 * P, 3 * P, 0, 0), -ENOMEM);
	/* A shrink reaching over a hole is fine (munmap semantics). */
	KTEST_EXPECT_EQ(t, MR(BASE + 4 * P, P, P, 0, 0), BASE + 4 * P);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);
	mm_test_end(t, &e);
}

static void test_mremap_shrink_grow(struct ktest *t)
{
	struct vm_area_struct *v;
	struct mm_test_env e;
	long anon;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 4 * P, RW, ANON_PRIV | MAP_FIXED | MAP_POPULATE), BASE);
	anon = global_vm_stat(NR_ANON_PAGES);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 4);
	/* Shrink: the tail is unmapped and its pages freed. */
	KTEST_EXPECT_EQ(t, MR(BASE, 4 * P, 2 * P + 1, 0, 0), BASE);
	v = vma_lookup(e.mm, BASE);
	KTEST_EXPECT_TRUE(t, v && v->vm_end == BASE + 3 * P);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 3);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon - 1);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 3);
	/* Grow in place: the space after is free. */
	KTEST_EXPECT_EQ(t, MR(BASE, 3 * P, 6 * P, 0, 0), BASE);
	KTEST_EXPECT_TRUE(t, v->vm_start == BASE && v->vm_end == BASE + 6 * P);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 6);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	/* Growing up to a matching neighbour merges with it. */
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 8 * P, 2 * P, RW, ANON_PRIV | MAP_FIXED), BASE + 8 * P);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 2);
	KTEST_EXPECT_EQ(t, MR(BASE, 6 * P, 8 * P, 0, 0), BASE);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	v = vma_lookup(e.mm, BASE);
	KTEST_EXPECT_TRUE(t, v && v->vm_end == BASE + 10 * P);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 10);
	/* Growing a range that does not end the VMA needs a move. */
	KTEST_EXPECT_EQ(t, MR(BASE, P, 2 * P, 0, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, peek8(BASE + 9 * P), 0);
	mm_test_end(t, &e);
}

static void test_mremap_move(struct ktest *t)
{
	unsigned long pfn0, pfn1, na;
	struct vm_area_struct *v;
	long anon, pt;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 2 * P, RW, ANON_PRIV | MAP_FIXED), BASE);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 2 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED),
			BASE + 2 * P);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0xa0), 0);
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 0xa1), 0);
	pfn0 = pte_pfn(pte_of(e.mm, BASE));
	pfn1 = pte_pfn(pte_of(e.mm, BASE + P));
	anon = global_vm_stat(NR_ANON_PAGES);
	/* Blocked above: MAYMOVE moves it; the frames move with their PTEs. */
	na = do_mremap(BASE, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	KTEST_EXPECT_FALSE(t, IS_ERR_VALUE(na));
	KTEST_EXPECT_NE(t, na, BASE);
	KTEST_EXPECT_EQ(t, pte_pfn(pte_of(e.mm, na)), pfn0);
	KTEST_EXPECT_EQ(t, pte_pfn(pte_of(e.mm, na + P)), pfn1);
	KTEST_EXPECT_EQ(t, page_mapcount(pfn_to_page(pfn0)), 1);
	KTEST_EXPECT_EQ(t, page_count(pfn_to_page(pfn0)), 1);
	KTEST_EXPECT_TRUE(t, pte_none(pte_of(e.mm, BASE)));
	KTEST_EXPECT_TRUE(t, !vma_lookup(e.mm, BASE));
	v = vma_lookup(e.mm, na);
	KTEST_EXPECT_TRUE(t, v && v->vm_start == na && v->vm_end == na + 4 * P);
	KTEST_EXPECT_EQ(t, peek8(na), 0xa0);
	KTEST_EXPECT_EQ(t, peek8(na + P), 0xa1);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 5);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 2);

	/* MREMAP_FIXED over an existing mapping: it is unmapped first. */
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 16 * P, 2 * P, RW, ANON_PRIV | MAP_FIXED | MAP_POPULATE),
			BASE + 16 * P);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 2);
	KTEST_EXPECT_EQ(t, MR(na, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 16 * P),
			BASE + 16 * P);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_EQ(t, pte_pfn(pte_of(e.mm, BASE + 16 * P)), pfn0);
	KTEST_EXPECT_EQ(t, peek8(BASE + 17 * P), 0xa1);
	/* What was left of the old VMA [na + 2P, na + 4P) stays. */
	v = vma_lookup(e.mm, na + 2 * P);
	KTEST_EXPECT_TRUE(t, v && v->vm_start == na + 2 * P && v->vm_end == na + 4 * P);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);

	/* MREMAP_DONTUNMAP: the old range stays mapped, empty. */
	pt = e.mm->pgtables_bytes;
	KTEST_EXPECT_EQ(t, MR(BASE + 16 * P, 2 * P, 2 * P,
			      MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED, BASE + 32 * P),
			BASE + 32 * P);
	KTEST_EXPECT_EQ(t, pte_pfn(pte_of(e.mm, BASE + 32 * P)), pfn0);
	KTEST_EXPECT_TRUE(t, pte_none(pte_of(e.mm, BASE + 16 * P)));
	v = vma_lookup(e.mm, BASE + 16 * P);
	KTEST_EXPECT_TRUE(t, v && v->vm_end == BASE + 18 * P);
	KTEST_EXPECT_EQ(t, peek8(BASE + 16 * P), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE + 33 * P), 0xa1);
	KTEST_EXPECT_EQ(t, e.mm->pgtables_bytes, pt);	/* same L3 table */
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 4);
	mm_test_end(t, &e);
}

static struct ktest_case mremap_cases[] = {
	KTEST_CASE(test_mremap_errnos),
	KTEST_CASE(test_mremap_shrink_grow),
	KTEST_CASE(test_mremap_move),
	{}
};
KTEST_SUITE(mremap, mremap_cases);

/* ------------------------------------------------------------------ */
/* stack growth                                                         */

#define STACK_LOW	(STACK_TOP - (128UL << 10))

static int fault_code(void)
{
	struct uaccess_fault f;

	return uaccess_last_fault(&f) ? f.code : 0;
}

static void test_stack_grows(struct ktest *t)
{
	struct vm_area_struct *stack;
	unsigned long stack_vm;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, true))
		return;
	stack = vma_lookup(e.mm, STACK_TOP - 1);
	stack_vm = e.mm->stack_vm;
	KTEST_EXPECT_TRUE(t, stack && stack->vm_start == STACK_LOW);
	KTEST_EXPECT_EQ(t, poke8(STACK_LOW - 8, 7), 0);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_LOW - P);
	KTEST_EXPECT_EQ(t, e.mm->stack_vm, stack_vm + 1);
	KTEST_EXPECT_EQ(t, peek8(STACK_LOW - 8), 7);
	/* Far below (but within RLIMIT_STACK): grows in one step. */
	KTEST_EXPECT_EQ(t, peek8(STACK_TOP - (8UL << 20)), 0);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_TOP - (8UL << 20));
	KTEST_EXPECT_EQ(t, e.mm->stack_vm, (8UL << 20) >> PAGE_SHIFT);
	/* Beyond RLIMIT_STACK: SEGV_MAPERR, nothing changes. */
	uaccess_fault_clear();
	KTEST_EXPECT_EQ(t, peek8(STACK_TOP - (8UL << 20) - 1), -1);
	KTEST_EXPECT_EQ(t, fault_code(), SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_TOP - (8UL << 20));
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	mm_test_end(t, &e);
}

static void test_stack_guard_gap(struct ktest *t)
{
	struct vm_area_struct *stack;
	unsigned long below = STACK_LOW - stack_guard_gap - 4 * P;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, true))
		return;
	stack = vma_lookup(e.mm, STACK_TOP - 1);
	/* A mapping ending 4 pages below the gap: 4 pages of growth allowed. */
	KTEST_EXPECT_EQ(t, vm_mmap(below - P, P, RW, ANON_PRIV | MAP_FIXED), below - P);
	KTEST_EXPECT_EQ(t, poke8(STACK_LOW - 4 * P, 1), 0);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_LOW - 4 * P);
	uaccess_fault_clear();
	KTEST_EXPECT_EQ(t, poke8(STACK_LOW - 5 * P, 1), -EFAULT);
	KTEST_EXPECT_EQ(t, fault_code(), SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_LOW - 4 * P);
	/* Inside the gap, far from the stack: no VMA, not the stack's. */
	uaccess_fault_clear();
	KTEST_EXPECT_EQ(t, peek8(below + P), -1);
	KTEST_EXPECT_EQ(t, fault_code(), SEGV_MAPERR);
	/* A PROT_NONE neighbour is no reason to keep the gap (Linux). */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(below - P, P, PROT_NONE, -1), 0);
	KTEST_EXPECT_EQ(t, poke8(STACK_LOW - 8 * P, 1), 0);
	KTEST_EXPECT_EQ(t, stack->vm_start, STACK_LOW - 8 * P);
	/* Only stacks grow; nothing below mmap_min_addr. */
	KTEST_EXPECT_EQ(t, expand_stack(vma_lookup(e.mm, below - P), below - 2 * P), -EFAULT);
	KTEST_EXPECT_EQ(t, expand_stack(stack, 0), -EPERM);
	mm_test_end(t, &e);
}

static struct ktest_case stack_cases[] = {
	KTEST_CASE(test_stack_grows),
	KTEST_CASE(test_stack_guard_gap),
	{}
};
KTEST_SUITE(stack, stack_cases);
