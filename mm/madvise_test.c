// SPDX-License-Identifier: GPL-2.0
/*
 * The "madvise" ktest suite: madvise(), mincore(), mlock()/munlock() and
 * the smaps figures, every errno case, the VMA layouts their splits and
 * merges leave, and exact page accounting: anonymous pages, RSS,
 * page-table bytes and free page frames move by exactly what each call
 * should free or fault in. Each case runs in its own mm made current;
 * afterwards the tree must pass mt_validate(), and after mmput() no VMA,
 * page-table page or anonymous page may be left over.
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/mm_ktest.h>
#include <arbor/mman.h>
#include <arbor/rmap.h>
#include <arbor/string.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

/* The shared helpers of include/arbor/mm_ktest.h, by short names. */
#define pte_of(mm, a)	mm_test_pte(mm, a)

#define ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define RW		(PROT_READ | PROT_WRITE)
#define P		PAGE_SIZE
#define BASE		0x10000000UL
#define UA(a)		((u8 __user *)(a))

static long free_now(void)
{
	drain_local_pages();
	return (long)nr_free_pages();
}

static bool map(struct ktest *t, unsigned long addr, unsigned long len, unsigned long prot,
		unsigned long flags)
{
	long ret = vm_mmap(addr, len, prot, flags);

	if (ret != (long)addr) {
		ktest_fail(t, __FILE__, __LINE__, "mmap %lx: %ld", addr, ret);
		return false;
	}
	return true;
}

/* Write @v to the first byte of each page of [addr, addr + n pages). */
static void fill_pages(struct ktest *t, unsigned long addr, int n, u8 v)
{
	for (int i = 0; i < n; i++)
		KTEST_EXPECT_EQ(t, put_user(v, UA(addr + i * P)), 0);
}

static int byte_at(unsigned long addr)
{
	u8 v;

	if (get_user(v, UA(addr)))
		return -1;
	return v;
}

static struct vm_area_struct *vma_at(struct mm_struct *mm, unsigned long addr)
{
	return vma_lookup(mm, addr);
}

/* ------------------------------------------------------------------ */

static void test_madvise_errnos(struct ktest *t)
{
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 4 * P, RW, ANON_PRIV))
		goto out;
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, 5), -EINVAL);	/* unknown advice */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, -1), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, 100), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 1, P, MADV_DONTNEED), -EINVAL);
	/* Unknown advice is refused before the alignment is looked at. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 1, P, 99), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, -1UL, MADV_DONTNEED), -EINVAL);	/* wraps */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, -P, 2 * P, MADV_NORMAL), -EINVAL);	/* end < start */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 0, MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, 0x1000, 0, 99), -EINVAL);
	/* Nothing mapped at all, or only past the last VMA. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, 0x1000, P, MADV_DONTNEED), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, TASK_SIZE + P, P, MADV_WILLNEED), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 4 * P, MADV_WILLNEED), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);	/* untouched */
	/* Locked memory cannot be dropped. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE, P, VM_LOCKED), 0);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, MADV_DONTNEED), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, MADV_FREE), -EINVAL);
	KTEST_EXPECT_EQ(t, byte_at(BASE), 0);
	/* MADV_FREE wants private anonymous memory. */
	if (!map(t, BASE + 8 * P, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))
		goto out;
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 8 * P, P, MADV_FREE), -EINVAL);
	/* DONTNEED on shared anonymous memory keeps the data (shmem in Linux). */
	KTEST_EXPECT_EQ(t, put_user((u8)0x42, UA(BASE + 8 * P)), 0);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 8 * P, P, MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 8 * P), 0x42);
out:
	mm_test_end(t, &e);
}

/* DONTNEED: zeroes afterwards, pages freed exactly, page tables kept. */
static void test_madvise_dontneed(struct ktest *t)
{
	struct mm_test_env e;
	long anon, rss, free;
	unsigned long pgt;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 8 * P, RW, ANON_PRIV))
		goto out;
	fill_pages(t, BASE, 8, 0x5a);
	anon = global_vm_stat(NR_ANON_PAGES);
	rss = e.mm->rss_stat[MM_ANONPAGES];
	pgt = e.mm->pgtables_bytes;
	KTEST_EXPECT_EQ(t, rss, 8);
	free = free_now();

	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 2 * P, 3 * P, MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, free_now(), free + 3);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon - 3);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], rss - 3);
	KTEST_EXPECT_EQ(t, e.mm->pgtables_bytes, pgt);	/* tables stay, as in Linux */
	KTEST_EXPECT_TRUE(t, pte_none(pte_of(e.mm, BASE + 2 * P)));
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);	/* no split */
	KTEST_EXPECT_EQ(t, byte_at(BASE + P), 0x5a);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 2 * P), 0);	/* reads back zero (zero page) */
	KTEST_EXPECT_EQ(t, byte_at(BASE + 4 * P), 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 5 * P), 0x5a);
	KTEST_EXPECT_EQ(t, free_now(), free + 3);	/* the zero page costs nothing */
	/* Writing again faults in a fresh zeroed page. */
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(BASE + 3 * P + 7)), 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 3 * P), 0);
	KTEST_EXPECT_EQ(t, free_now(), free + 2);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], rss - 2);

	/* A hole in the middle: both sides are dropped, then -ENOMEM. */
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, BASE + 6 * P, P), 0);
	fill_pages(t, BASE, 6, 0x11);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 4 * P, 8 * P, MADV_DONTNEED), -ENOMEM);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 3 * P), 0x11);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 5 * P), 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 7 * P), 0);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 4);
out:
	mm_test_end(t, &e);
}

/* FREE: the data stays (no reclaim), the PTEs become clean and old. */
static void test_madvise_free(struct ktest *t)
{
	struct mm_test_env e;
	struct mem_size_stats mss;
	long free;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 4 * P, RW, ANON_PRIV))
		goto out;
	fill_pages(t, BASE, 3, 0x77);	/* the fourth page stays unmapped */
	KTEST_EXPECT_EQ(t, byte_at(BASE + 3 * P), 0);	/* ... then the zero page */
	free = free_now();
	KTEST_EXPECT_TRUE(t, pte_dirty(pte_of(e.mm, BASE)));
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 4 * P, MADV_FREE), 0);
	KTEST_EXPECT_EQ(t, free_now(), free);
	KTEST_EXPECT_FALSE(t, pte_dirty(pte_of(e.mm, BASE)));
	KTEST_EXPECT_FALSE(t, pte_young(pte_of(e.mm, BASE)));
	smap_gather_stats(vma_at(e.mm, BASE), &mss);
	KTEST_EXPECT_EQ(t, mss.resident, 3 * P);	/* the zero page is not counted */
	KTEST_EXPECT_EQ(t, mss.lazyfree, 3 * P);
	KTEST_EXPECT_EQ(t, mss.private_clean, 3 * P);
	KTEST_EXPECT_EQ(t, mss.referenced, 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + P), 0x77);
	/* Writing again makes the page dirty: no longer lazily freeable. */
	KTEST_EXPECT_EQ(t, put_user((u8)0x78, UA(BASE + 2 * P)), 0);
	KTEST_EXPECT_TRUE(t, pte_dirty(pte_of(e.mm, BASE + 2 * P)));
	smap_gather_stats(vma_at(e.mm, BASE), &mss);
	KTEST_EXPECT_EQ(t, mss.lazyfree, 2 * P);
	KTEST_EXPECT_EQ(t, mss.private_dirty, P);
	KTEST_EXPECT_EQ(t, mss.referenced, 2 * P);	/* page 1 was read, page 2 written */
	KTEST_EXPECT_EQ(t, free_now(), free);
out:
	mm_test_end(t, &e);
}

static void test_madvise_flags_split_merge(struct ktest *t)
{
	struct mm_test_env e;
	struct vm_area_struct *vma;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 8 * P, RW, ANON_PRIV))
		goto out;
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 2 * P, 2 * P, MADV_RANDOM), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);
	vma = vma_at(e.mm, BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vma->vm_start, BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vma->vm_end, BASE + 4 * P);
	KTEST_EXPECT_TRUE(t, vma->vm_flags & VM_RAND_READ);
	KTEST_EXPECT_FALSE(t, vma_at(e.mm, BASE)->vm_flags & VM_RAND_READ);
	/* SEQUENTIAL replaces RANDOM; over two VMAs, merging them. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 2 * P, 6 * P, MADV_SEQUENTIAL), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 2);
	vma = vma_at(e.mm, BASE + 7 * P);
	KTEST_EXPECT_EQ(t, vma->vm_start, BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vma->vm_flags & (VM_RAND_READ | VM_SEQ_READ), VM_SEQ_READ);
	/* The same advice again changes nothing. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 3 * P, P, MADV_SEQUENTIAL), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 2);
	/* NORMAL over everything, with a hole after it: merged back, then -ENOMEM. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 10 * P, MADV_NORMAL), -ENOMEM);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	vma = vma_at(e.mm, BASE);
	KTEST_EXPECT_EQ(t, vma->vm_end, BASE + 8 * P);
	KTEST_EXPECT_EQ(t, vma->vm_flags & (VM_RAND_READ | VM_SEQ_READ), 0);
	/* A split that would pass max_map_count: -EAGAIN for these, nothing changed. */
	e.mm->map_count = sysctl_max_map_count;
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + P, P, MADV_RANDOM), -EAGAIN);
	e.mm->map_count = 1;
	KTEST_EXPECT_EQ(t, vma_at(e.mm, BASE)->vm_end, BASE + 8 * P);
out:
	mm_test_end(t, &e);
}

/* POPULATE_READ / _WRITE: Linux's prefault (WILLNEED does not allocate). */
static void test_madvise_populate(struct ktest *t)
{
	struct mm_test_env e;
	long anon, free;
	unsigned long pgt;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 4 * P, RW, ANON_PRIV) || !map(t, BASE + 4 * P, P, PROT_READ, ANON_PRIV) ||
	    !map(t, BASE + 5 * P, P, PROT_NONE, ANON_PRIV))
		goto out;
	anon = global_vm_stat(NR_ANON_PAGES);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 4 * P, MADV_WILLNEED), 0);
	KTEST_EXPECT_TRUE(t, pte_none(pte_of(e.mm, BASE)));
	/* Read: the zero page everywhere, no page allocated. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 5 * P, MADV_POPULATE_READ), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_of(e.mm, BASE + 3 * P))));
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_of(e.mm, BASE + 4 * P))));
	pgt = e.mm->pgtables_bytes;
	free = free_now();
	/* Write: private copies of the zero page, exactly one page each. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + P, 2 * P, MADV_POPULATE_WRITE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 2);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	KTEST_EXPECT_EQ(t, free_now(), free - 2);
	KTEST_EXPECT_EQ(t, e.mm->pgtables_bytes, pgt);
	KTEST_EXPECT_TRUE(t, pte_write(pte_of(e.mm, BASE + P)) && pte_dirty(pte_of(e.mm, BASE + P)));
	/* Again: nothing to do. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + P, 2 * P, MADV_POPULATE_WRITE), 0);
	KTEST_EXPECT_EQ(t, free_now(), free - 2);
	/* Not allowed by the VMA: -EINVAL (the earlier VMA was populated first). */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 3 * P, 2 * P, MADV_POPULATE_WRITE), -EINVAL);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 3);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + 5 * P, P, MADV_POPULATE_READ), -EINVAL);
	KTEST_EXPECT_TRUE(t, pte_none(pte_of(e.mm, BASE + 5 * P)));
	/* A hole: the mapped part is populated, then -ENOMEM. */
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, BASE, P), 0);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE - P, 2 * P, MADV_POPULATE_WRITE), -ENOMEM);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 3);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, 2 * P, MADV_POPULATE_READ), -ENOMEM);
out:
	mm_test_end(t, &e);
}

static void test_mincore(struct ktest *t)
{
	struct mm_test_env e;
	unsigned char vec[8];

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 6 * P, RW, ANON_PRIV) || !map(t, BASE + 6 * P, 2 * P, PROT_READ, ANON_PRIV))
		goto out;
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE, 8 * P, vec), 0);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(t, vec[i], 0);
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(BASE + P)), 0);
	KTEST_EXPECT_EQ(t, byte_at(BASE + 3 * P), 0);		/* the zero page */
	KTEST_EXPECT_EQ(t, byte_at(BASE + 7 * P), 0);
	memset(vec, 0xff, sizeof(vec));
	/* The length is rounded up: 7 pages and a byte make 8 entries. */
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE, 7 * P + 1, vec), 0);
	{
		static const unsigned char want[8] = { 0, 1, 0, 1, 0, 0, 0, 1 };

		for (int i = 0; i < 8; i++)
			KTEST_EXPECT_EQ(t, vec[i], want[i]);
	}
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE + 1, P, vec), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE + 8 * P, P, vec), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE + 7 * P, 2 * P, vec), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE - P, 2 * P, vec), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, TASK_SIZE - P, 2 * P, vec), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE, 0, vec), 0);
	/* DONTNEED makes a page non-resident again. */
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE + P, P, MADV_DONTNEED), 0);
	KTEST_EXPECT_EQ(t, do_mincore_vec(e.mm, BASE + P, P, vec), 0);
	KTEST_EXPECT_EQ(t, vec[0], 0);
out:
	mm_test_end(t, &e);
}

static void test_mlock(struct ktest *t)
{
	struct mm_test_env e;
	struct vm_area_struct *vma;
	struct mem_size_stats mss;
	long anon;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 8 * P, RW, ANON_PRIV))
		goto out;
	anon = global_vm_stat(NR_ANON_PAGES);
	/* Unaligned: widened to the pages it touches (2 and 3). */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 2 * P + 100, P, VM_LOCKED), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);
	vma = vma_at(e.mm, BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vma->vm_start, BASE + 2 * P);
	KTEST_EXPECT_EQ(t, vma->vm_end, BASE + 4 * P);
	KTEST_EXPECT_TRUE(t, vma->vm_flags & VM_LOCKED);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 2);	/* populated */
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	smap_gather_stats(vma, &mss);
	KTEST_EXPECT_EQ(t, mss.pss_locked >> PSS_SHIFT, 2 * P);
	KTEST_EXPECT_EQ(t, mss.private_dirty, 2 * P);
	/* Locking again counts nothing twice. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 2 * P, 2 * P, VM_LOCKED), 0);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	/* A hole at the start: -ENOMEM, nothing changed. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE - P, 2 * P, VM_LOCKED), -ENOMEM);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);
	/* A hole after the range's first part: that part is locked (unpopulated), -ENOMEM. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 6 * P, 4 * P, VM_LOCKED), -ENOMEM);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 4);
	KTEST_EXPECT_TRUE(t, vma_at(e.mm, BASE + 7 * P)->vm_flags & VM_LOCKED);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	KTEST_EXPECT_EQ(t, do_munlock(e.mm, BASE + 6 * P, 4 * P), -ENOMEM);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, do_munlock(e.mm, BASE - P, P), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE, 0, VM_LOCKED), 0);
	/* munlock merges everything back; pages stay mapped. */
	KTEST_EXPECT_EQ(t, do_munlock(e.mm, BASE, 8 * P), 0);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	KTEST_EXPECT_EQ(t, vma_at(e.mm, BASE)->vm_end, BASE + 8 * P);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	/* MLOCK_ONFAULT: locked, not populated. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 4 * P, 2 * P, VM_LOCKED | VM_LOCKONFAULT), 0);
	KTEST_EXPECT_EQ(t, vma_at(e.mm, BASE + 4 * P)->vm_flags & VM_LOCKED_MASK,
			VM_LOCKED_MASK);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 2);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	/* Plain mlock over it drops ONFAULT, populates, counts nothing new. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 4 * P, 2 * P, VM_LOCKED), 0);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 4);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 8);
	/* munmap takes locked pages off locked_vm. */
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, BASE + 4 * P, P), 0);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 1);
out:
	mm_test_end(t, &e);
}

static void test_mlock_special(struct ktest *t)
{
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	/* PROT_NONE: the VMA is marked, but it cannot be populated: -ENOMEM. */
	if (!map(t, BASE, 2 * P, PROT_NONE, ANON_PRIV))
		goto out;
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE, 2 * P, VM_LOCKED), -ENOMEM);
	KTEST_EXPECT_TRUE(t, vma_at(e.mm, BASE)->vm_flags & VM_LOCKED);
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 0);
	/* Read-only private memory is populated with the zero page. */
	if (!map(t, BASE + 4 * P, 2 * P, PROT_READ, ANON_PRIV))
		goto out;
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE + 4 * P, 2 * P, VM_LOCKED), 0);
	KTEST_EXPECT_TRUE(t, pte_present(pte_of(e.mm, BASE + 5 * P)));
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 0);
	/* MAP_LOCKED: locked and populated by mmap itself. */
	if (!map(t, BASE + 8 * P, 3 * P, RW, ANON_PRIV | MAP_LOCKED))
		goto out;
	KTEST_EXPECT_EQ(t, e.mm->locked_vm, 7);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 3);
	/* A range wrapping past the top. */
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, -2 * P, 4 * P, VM_LOCKED), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munlock(e.mm, -2 * P, 4 * P), -EINVAL);
out:
	mm_test_end(t, &e);
}

static void test_smaps_stats(struct ktest *t)
{
	struct mm_test_env e;
	struct mem_size_stats mss;
	struct vm_area_struct *vma;

	if (!mm_test_begin(t, &e, false))
		return;
	if (!map(t, BASE, 8 * P, RW, ANON_PRIV))
		goto out;
	vma = vma_at(e.mm, BASE);
	smap_gather_stats(vma, &mss);
	KTEST_EXPECT_EQ(t, mss.resident, 0);
	KTEST_EXPECT_EQ(t, mss.pss, 0);
	fill_pages(t, BASE, 2, 1);
	for (int i = 2; i < 5; i++)
		KTEST_EXPECT_EQ(t, byte_at(BASE + i * P), 0);	/* zero page: not in Rss */
	smap_gather_stats(vma, &mss);
	KTEST_EXPECT_EQ(t, mss.resident, 2 * P);
	KTEST_EXPECT_EQ(t, mss.anonymous, 2 * P);
	KTEST_EXPECT_EQ(t, mss.private_dirty, 2 * P);
	KTEST_EXPECT_EQ(t, mss.private_clean + mss.shared_clean + mss.shared_dirty, 0);
	KTEST_EXPECT_EQ(t, mss.pss >> PSS_SHIFT, 2 * P);
	KTEST_EXPECT_EQ(t, mss.pss_dirty >> PSS_SHIFT, 2 * P);
	KTEST_EXPECT_EQ(t, mss.referenced, 2 * P);
	KTEST_EXPECT_EQ(t, mss.pss_locked, 0);
	KTEST_EXPECT_EQ(t, mss.lazyfree, 0);
	/* A page with a second reference (a second mapping) is shared, Pss halved. */
	{
		struct page *pg = pfn_to_page(pte_pfn(pte_of(e.mm, BASE)));

		pg->_mapcount++;
		get_page(pg);
		smap_gather_stats(vma, &mss);
		KTEST_EXPECT_EQ(t, mss.shared_dirty, P);
		KTEST_EXPECT_EQ(t, mss.private_dirty, P);
		KTEST_EXPECT_EQ(t, mss.pss >> PSS_SHIFT, P + P / 2);
		pg->_mapcount--;
		put_page(pg);
	}
out:
	mm_test_end(t, &e);
}

static const struct ktest_case madvise_cases[] = {
	KTEST_CASE(test_madvise_errnos),
	KTEST_CASE(test_madvise_dontneed),
	KTEST_CASE(test_madvise_free),
	KTEST_CASE(test_madvise_flags_split_merge),
	KTEST_CASE(test_madvise_populate),
	KTEST_CASE(test_mincore),
	KTEST_CASE(test_mlock),
	KTEST_CASE(test_mlock_special),
	KTEST_CASE(test_smaps_stats),
	{}
};
KTEST_SUITE(madvise, madvise_cases);
