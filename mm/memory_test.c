// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel tests of user page tables and the fault path:
 *
 *   user_pgtable   pte helpers and vm_get_page_prot()'s bits
 *   user_fault     zero page, do_anonymous_page, do_wp_page copy and
 *                  reuse, AF and dirty tracking, SIGSEGV codes, uaccess
 *                  (partial copies, sizes, PAN), zap_page_range_single,
 *                  free_pgtables with neighbours, change_protection,
 *                  mm_populate
 *   asid           ASIDs per address space, roll-over, TLB tagging
 *
 * Each case builds its own small address space: a pgd, an ASID context
 * and VMAs stored straight into mm_mt (no mmap needed), switches to it,
 * and tears it down again. The tree is validated, and the free page count
 * must be back exactly where it was once the mappings and tables are gone.
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/maple_tree.h>
#include <arbor/mm.h>
#include <arbor/rmap.h>
#include <arbor/signal.h>
#include <arbor/string.h>
#include <asm/fault.h>
#include <asm/fault_probe.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>
#include <asm/tlb.h>
#include <asm/uaccess.h>

#define VM_ANON_RW	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_ANON_RO	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_SHARED_RW	(VM_ANON_RW | VM_SHARED | VM_MAYSHARE)

#define MAX_TEST_VMAS	6

struct test_mm {
	struct mm_struct mm;
	struct vm_area_struct vmas[MAX_TEST_VMAS];
	int nr;
	struct mm_struct *prev;
	long free_before;
	bool started;
	bool nested;	/* another test mm outlives it: its count is checked there */
};

static void tmm_init(struct test_mm *m)
{
	memset(m, 0, sizeof(*m));
	mt_init_flags(&m->mm.mm_mt, MT_FLAGS_ALLOC_RANGE);
	m->mm.id = 9999;
}

/* VMAs are stored before tmm_start() so tree nodes stay out of the page count. */
static struct vm_area_struct *tmm_add(struct ktest *t, struct test_mm *m, unsigned long start,
				      unsigned long end, vm_flags_t flags)
{
	struct vm_area_struct *vma = &m->vmas[m->nr];

	if (m->nr == MAX_TEST_VMAS)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_mm = &m->mm;
	vma->vm_flags = flags;
	vma->vm_page_prot = vm_get_page_prot(flags);
	vma->vm_pgoff = start >> PAGE_SHIFT;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	if (mtree_store_range(&m->mm.mm_mt, start, end - 1, vma, GFP_KERNEL)) {
		ktest_fail(t, __FILE__, __LINE__, "mtree_store_range failed");
		return NULL;
	}
	m->nr++;
	return vma;
}

/*
 * Free pages plus slab pages: a slab cache (anon_vma, maple nodes) may keep
 * a new slab page after the test, which is not a leak; a page frame that a
 * mapping kept is. Leaked slab objects show in the caches' own counters.
 */
static long free_now(void)
{
	drain_local_pages();
	return global_vm_stat(NR_FREE_PAGES) +
	       ((global_vm_stat(NR_SLAB_RECLAIMABLE_B) + global_vm_stat(NR_SLAB_UNRECLAIMABLE_B)) >>
		PAGE_SHIFT);
}

static int tmm_start(struct ktest *t, struct test_mm *m)
{
	m->free_before = free_now();
	if (pgd_alloc(&m->mm)) {
		ktest_fail(t, __FILE__, __LINE__, "pgd_alloc failed");
		return -ENOMEM;
	}
	init_new_context(&m->mm);
	m->prev = active_mm;
	switch_mm(m->prev, &m->mm);
	m->started = true;
	return 0;
}

/* exit_mmap's order: zap everything, free the tables, the pgd, the ASID. */
static void tmm_end(struct ktest *t, struct test_mm *m)
{
	if (m->started) {
		for (int i = 0; i < m->nr; i++) {
			zap_page_range_single(&m->vmas[i], m->vmas[i].vm_start,
					      m->vmas[i].vm_end - m->vmas[i].vm_start);
			unlink_anon_vmas(&m->vmas[i]);	/* from the first write fault */
		}
		free_pgtables(&m->mm, 0, TASK_SIZE);
		KTEST_EXPECT_EQ(t, m->mm.pgtables_bytes, 0);
		KTEST_EXPECT_EQ(t, m->mm.rss_stat[MM_ANONPAGES], 0);
		switch_mm(&m->mm, m->prev);
		destroy_context(&m->mm);
		pgd_free(&m->mm);
		if (!m->nested)
			KTEST_EXPECT_EQ(t, free_now(), m->free_before);
	}
	KTEST_EXPECT_EQ(t, mt_validate(&m->mm.mm_mt), 0);
	mtree_destroy(&m->mm.mm_mt);
}

static pte_t pte_at(struct test_mm *m, unsigned long addr)
{
	pte_t *p = pte_lookup(&m->mm, addr);

	return p ? *p : 0;
}

static struct page *page_at(struct test_mm *m, unsigned long addr)
{
	pte_t pte = pte_at(m, addr);

	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

#define UA(a)	((u8 __user *)(a))

/* ------------------------------------------------------------------ */

static void test_pte_helpers(struct ktest *t)
{
	pte_t p = pfn_pte(0x12345, PAGE_READONLY);

	KTEST_EXPECT_TRUE(t, pte_present(p) && pte_valid(p));
	KTEST_EXPECT_EQ(t, pte_pfn(p), 0x12345);
	KTEST_EXPECT_FALSE(t, pte_write(p));
	KTEST_EXPECT_FALSE(t, pte_dirty(p));
	/* Writable but clean keeps AP[2]; dirtying clears it. */
	p = pte_mkwrite(p);
	KTEST_EXPECT_TRUE(t, pte_write(p) && pte_rdonly(p) && !pte_dirty(p));
	p = pte_mkdirty(p);
	KTEST_EXPECT_TRUE(t, !pte_rdonly(p) && pte_dirty(p));
	/* Write-protecting keeps the dirtiness in the software bit. */
	p = pte_wrprotect(p);
	KTEST_EXPECT_TRUE(t, pte_rdonly(p) && !pte_write(p) && pte_dirty(p));
	p = pte_mkclean(pte_mkwrite(p));
	KTEST_EXPECT_TRUE(t, pte_rdonly(p) && !pte_dirty(p));
	KTEST_EXPECT_FALSE(t, pte_young(pte_mkold(p)));
	/* pte_modify keeps the page and dirtiness, takes the new permissions. */
	p = pte_modify(pte_mkdirty(pfn_pte(7, PAGE_READONLY)), PAGE_NONE);
	KTEST_EXPECT_TRUE(t, pte_present(p) && pte_protnone(p) && !pte_valid(p));
	KTEST_EXPECT_EQ(t, pte_pfn(p), 7);
	p = pte_modify(p, PAGE_SHARED);
	KTEST_EXPECT_TRUE(t, pte_valid(p) && pte_write(p) && !pte_rdonly(p) && pte_dirty(p));
}

static void test_vm_get_page_prot(struct ktest *t)
{
	pgprot_t none = vm_get_page_prot(VM_NONE);
	pgprot_t rw = vm_get_page_prot(VM_READ | VM_WRITE);
	pgprot_t srw = vm_get_page_prot(VM_READ | VM_WRITE | VM_SHARED);
	pgprot_t rx = vm_get_page_prot(VM_READ | VM_EXEC);

	KTEST_EXPECT_FALSE(t, none & PTE_VALID);
	KTEST_EXPECT_TRUE(t, none & PTE_PROT_NONE);
	/* Private writable starts read-only (copy-on-write). */
	KTEST_EXPECT_TRUE(t, (rw & PTE_RDONLY) && !(rw & PTE_WRITE) && (rw & PTE_USER));
	KTEST_EXPECT_TRUE(t, (srw & PTE_WRITE) && (srw & PTE_RDONLY));
	KTEST_EXPECT_TRUE(t, (rw & PTE_UXN) && !(rx & PTE_UXN));
	/* Every user page: nG, AF, PXN, inner shareable, Normal memory. */
	for (vm_flags_t f = 1; f < 16; f++) {
		pgprot_t p = vm_get_page_prot(f);

		if (!(f & VM_ACCESS_FLAGS))
			continue;
		KTEST_EXPECT_EQ(t, p & (PTE_NG | PTE_AF | PTE_PXN | PTE_SH_MASK | PTE_ATTRINDX_MASK),
				PTE_NG | PTE_AF | PTE_PXN | PTE_SHARED | PTE_ATTRINDX(MT_NORMAL));
	}
}

static struct ktest_case pgtable_cases[] = {
	KTEST_CASE(test_pte_helpers),
	KTEST_CASE(test_vm_get_page_prot),
	{}
};
KTEST_SUITE(user_pgtable, pgtable_cases);

/* ------------------------------------------------------------------ */

#define BASE	0x400000UL

static void test_zero_page_read(struct ktest *t)
{
	struct test_mm m;
	unsigned long zero = vm_events[ZERO_PAGE_MAP];
	long anon = global_vm_stat(NR_ANON_PAGES);
	u64 v = 1;

	tmm_init(&m);
	tmm_add(t, &m, BASE, BASE + 4 * PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, get_user(v, (u64 __user *)(BASE + 8)), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, vm_events[ZERO_PAGE_MAP], zero + 1);
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_at(&m, BASE))));
	KTEST_EXPECT_TRUE(t, pte_rdonly(pte_at(&m, BASE)) && !pte_write(pte_at(&m, BASE)));
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon);
	/* Four levels of tables: pud, pmd, pte below the pgd. */
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 3 * PAGE_SIZE);
out:
	tmm_end(t, &m);
}

static void test_anon_write(struct ktest *t)
{
	struct test_mm m;
	long anon = global_vm_stat(NR_ANON_PAGES);
	unsigned long alloc = vm_events[ANON_FAULT_ALLOC];
	u32 v = 0;

	tmm_init(&m);
	tmm_add(t, &m, BASE, BASE + 4 * PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, put_user(0xdeadbeefU, (u32 __user *)(BASE + PAGE_SIZE + 4)), 0);
	KTEST_EXPECT_EQ(t, vm_events[ANON_FAULT_ALLOC], alloc + 1);
	KTEST_EXPECT_EQ(t, get_user(v, (u32 __user *)(BASE + PAGE_SIZE + 4)), 0);
	KTEST_EXPECT_EQ(t, v, 0xdeadbeefU);
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(&m, BASE + PAGE_SIZE)));
	KTEST_EXPECT_TRUE(t, pte_dirty(pte_at(&m, BASE + PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 1);
	KTEST_EXPECT_EQ(t, m.mm.rss_stat[MM_ANONPAGES], 1);
	KTEST_EXPECT_TRUE(t, page_at(&m, BASE + PAGE_SIZE) &&
			     PageAnon(page_at(&m, BASE + PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, page_mapcount(page_at(&m, BASE + PAGE_SIZE)), 1);
	/* The page is zeroed apart from what was written. */
	KTEST_EXPECT_EQ(t, get_user(v, (u32 __user *)(BASE + PAGE_SIZE)), 0);
	KTEST_EXPECT_EQ(t, v, 0);
out:
	tmm_end(t, &m);
}

static void test_cow_from_zero_page(struct ktest *t)
{
	struct test_mm m;
	unsigned long copy = vm_events[COW_COPY];
	u8 b;

	tmm_init(&m);
	tmm_add(t, &m, BASE, BASE + PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, get_user(b, UA(BASE)), 0);
	KTEST_EXPECT_EQ(t, put_user((u8)0x5a, UA(BASE + 1)), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 1);
	KTEST_EXPECT_FALSE(t, is_zero_pfn(pte_pfn(pte_at(&m, BASE))));
	/* The zero page itself is untouched. */
	KTEST_EXPECT_EQ(t, empty_zero_page[1], 0);
	KTEST_EXPECT_EQ(t, get_user(b, UA(BASE + 1)), 0);
	KTEST_EXPECT_EQ(t, b, 0x5a);
out:
	tmm_end(t, &m);
}

/*
 * A page mapped at two addresses, read-only in both (as fork leaves it):
 * the first write copies, the second finds itself the only mapping and
 * reuses the page.
 */
static void test_cow_copy_and_reuse(struct ktest *t)
{
	struct test_mm m;
	unsigned long a = BASE, b = BASE + PAGE_SIZE;
	unsigned long copy = vm_events[COW_COPY], reuse = vm_events[COW_REUSE];
	struct vm_area_struct *vma;
	struct page *page;
	pte_t *pb, pa;
	u8 v;

	tmm_init(&m);
	vma = tmm_add(t, &m, BASE, BASE + 2 * PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_ASSERT_TRUE(t, put_user((u8)0x11, UA(a)) == 0);
	page = page_at(&m, a);
	KTEST_ASSERT_TRUE(t, page != NULL);
	/* Share it: a second read-only mapping with its own reference. */
	pb = pte_alloc_map(&m.mm, b);
	KTEST_ASSERT_TRUE(t, pb != NULL);
	get_page(page);
	page->_mapcount++;
	m.mm.rss_stat[MM_ANONPAGES]++;	/* one more PTE; still one anon page */
	pa = pte_wrprotect(pte_at(&m, a));
	set_pte_at(&m.mm, a, pte_lookup(&m.mm, a), pa);
	set_pte_at(&m.mm, b, pb, pa);
	flush_tlb_mm(&m.mm);
	KTEST_EXPECT_EQ(t, page_mapcount(page), 2);

	KTEST_EXPECT_EQ(t, put_user((u8)0x22, UA(b)), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 1);
	KTEST_EXPECT_NE(t, page_at(&m, b), page);
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	KTEST_EXPECT_EQ(t, get_user(v, UA(a)), 0);
	KTEST_EXPECT_EQ(t, v, 0x11);
	KTEST_EXPECT_EQ(t, get_user(v, UA(b)), 0);
	KTEST_EXPECT_EQ(t, v, 0x22);

	KTEST_EXPECT_EQ(t, put_user((u8)0x33, UA(a)), 0);
	KTEST_EXPECT_EQ(t, vm_events[COW_REUSE], reuse + 1);
	KTEST_EXPECT_EQ(t, page_at(&m, a), page);
	KTEST_EXPECT_EQ(t, vm_events[COW_COPY], copy + 1);
	KTEST_EXPECT_EQ(t, m.mm.rss_stat[MM_ANONPAGES], 2);
	(void)vma;
out:
	tmm_end(t, &m);
}

static void test_access_flag_and_dirty(struct ktest *t)
{
	struct test_mm m;
	unsigned long af = vm_events[PGFAULT_ACCESS_FLAG], dirty = vm_events[PGFAULT_DIRTY];
	pte_t *ptep;
	u8 v;

	tmm_init(&m);
	tmm_add(t, &m, BASE, BASE + PAGE_SIZE, VM_SHARED_RW);
	if (tmm_start(t, &m))
		goto out;
	/* A shared mapping gets its own page on a read, mapped clean. */
	KTEST_ASSERT_TRUE(t, get_user(v, UA(BASE)) == 0);
	KTEST_EXPECT_FALSE(t, is_zero_pfn(pte_pfn(pte_at(&m, BASE))));
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(&m, BASE)) && !pte_dirty(pte_at(&m, BASE)));
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(BASE)), 0);
	KTEST_EXPECT_TRUE(t, pte_dirty(pte_at(&m, BASE)));
	KTEST_EXPECT_EQ(t, vm_events[PGFAULT_DIRTY], dirty + (cpu_has_hw_dbm ? 0 : 1));

	/* An old entry faults once (or the MMU sets AF itself). */
	ptep = pte_lookup(&m.mm, BASE);
	set_pte_at(&m.mm, BASE, ptep, pte_mkold(*ptep));
	flush_tlb_mm(&m.mm);
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), 0);
	KTEST_EXPECT_EQ(t, v, 1);
	KTEST_EXPECT_TRUE(t, pte_young(*ptep));
	KTEST_EXPECT_EQ(t, vm_events[PGFAULT_ACCESS_FLAG], af + (cpu_has_hw_af ? 0 : 1));
out:
	tmm_end(t, &m);
}

static void expect_fault(struct ktest *t, unsigned long addr, int signo, int code)
{
	struct uaccess_fault f = { 0 };

	KTEST_EXPECT_TRUE(t, uaccess_last_fault(&f));
	KTEST_EXPECT_EQ(t, f.addr, addr);
	KTEST_EXPECT_EQ(t, f.signo, signo);
	KTEST_EXPECT_EQ(t, f.code, code);
}

static void test_segv_codes(struct ktest *t)
{
	struct test_mm m;
	unsigned long segv = vm_events[PGFAULT_SIGSEGV];
	unsigned long ro = BASE, none = BASE + PAGE_SIZE, hole = BASE + 2 * PAGE_SIZE;
	u8 v;

	tmm_init(&m);
	tmm_add(t, &m, ro, ro + PAGE_SIZE, VM_ANON_RO);
	tmm_add(t, &m, none, none + PAGE_SIZE, VM_MAYREAD | VM_MAYWRITE);
	if (tmm_start(t, &m))
		goto out;
	uaccess_fault_clear();
	KTEST_EXPECT_EQ(t, get_user(v, UA(hole + 3)), -EFAULT);
	expect_fault(t, hole + 3, SIGSEGV, SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(ro + 5)), -EFAULT);
	expect_fault(t, ro + 5, SIGSEGV, SEGV_ACCERR);
	KTEST_EXPECT_EQ(t, get_user(v, UA(ro + 5)), 0);	/* reading is fine */
	KTEST_EXPECT_EQ(t, get_user(v, UA(none)), -EFAULT);
	expect_fault(t, none, SIGSEGV, SEGV_ACCERR);
	KTEST_EXPECT_EQ(t, get_user(v, UA(0)), -EFAULT);
	expect_fault(t, 0, SIGSEGV, SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, vm_events[PGFAULT_SIGSEGV], segv + 4);
	/* Beyond TASK_SIZE nothing is even tried. */
	uaccess_fault_clear();
	KTEST_EXPECT_EQ(t, get_user(v, (u8 __user *)TASK_SIZE), -EFAULT);
	KTEST_EXPECT_FALSE(t, uaccess_last_fault(&(struct uaccess_fault){ 0 }));
	KTEST_EXPECT_EQ(t, copy_from_user(&v, (void __user *)(TASK_SIZE - 1), 2), 2);
	/* A kernel address is never a user one, whatever the accessor. */
	KTEST_EXPECT_EQ(t, copy_from_user(&v, (void __user *)&v, 1), 1);
out:
	tmm_end(t, &m);
}

static void test_uaccess_sizes_and_partial(struct ktest *t)
{
	struct test_mm m;
	unsigned long end = BASE + 2 * PAGE_SIZE;
	u8 buf[32], back[32];
	u16 h;
	u32 w;
	u64 q;

	tmm_init(&m);
	tmm_add(t, &m, BASE, end, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	for (int i = 0; i < 32; i++)
		buf[i] = (u8)(i * 7 + 1);
	KTEST_EXPECT_EQ(t, copy_to_user(UA(BASE + 3), buf, 32), 0);
	KTEST_EXPECT_EQ(t, copy_from_user(back, UA(BASE + 3), 32), 0);
	KTEST_EXPECT_EQ(t, memcmp(buf, back, 32), 0);
	KTEST_EXPECT_EQ(t, get_user(h, (u16 __user *)(BASE + 3)), 0);
	KTEST_EXPECT_EQ(t, h, buf[0] | buf[1] << 8);
	KTEST_EXPECT_EQ(t, put_user(0x89abcdefU, (u32 __user *)(BASE + 0x101)), 0);
	KTEST_EXPECT_EQ(t, get_user(w, (u32 __user *)(BASE + 0x101)), 0);
	KTEST_EXPECT_EQ(t, w, 0x89abcdefU);
	KTEST_EXPECT_EQ(t, put_user(0x0123456789abcdefULL, (u64 __user *)(BASE + 0x200)), 0);
	KTEST_EXPECT_EQ(t, get_user(q, (u64 __user *)(BASE + 0x200)), 0);
	KTEST_EXPECT_EQ(t, q, 0x0123456789abcdefULL);
	/* Running into the hole after the VMA: exactly the bytes past it are left. */
	KTEST_EXPECT_EQ(t, copy_to_user(UA(end - 5), buf, 12), 7);
	KTEST_EXPECT_EQ(t, copy_from_user(back, UA(end - 5), 12), 7);
	KTEST_EXPECT_EQ(t, memcmp(back, buf, 5), 0);
	expect_fault(t, end, SIGSEGV, SEGV_MAPERR);
	KTEST_EXPECT_EQ(t, fill_user(UA(end - 16), 0xab, 20), 4);
	KTEST_EXPECT_EQ(t, clear_user(UA(BASE), 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, get_user(q, (u64 __user *)(end - 8)), 0);
	KTEST_EXPECT_EQ(t, q, 0);
out:
	tmm_end(t, &m);
}

/* With PAN the kernel's ordinary loads cannot read user pages. */
static void test_pan(struct ktest *t)
{
	struct test_mm m;
	u8 v;

	if (!cpu_has_pan) {
		ktest_skip(t, "no FEAT_PAN on this CPU");
		return;
	}
	tmm_init(&m);
	tmm_add(t, &m, BASE, BASE + PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, put_user((u8)7, UA(BASE)), 0);
	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, (const void *)BASE, 1), -EFAULT);
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), 0);
	KTEST_EXPECT_EQ(t, v, 7);
out:
	tmm_end(t, &m);
}

static void test_zap_frees_pages(struct ktest *t)
{
	struct test_mm m;
	struct vm_area_struct *vma;
	long anon = global_vm_stat(NR_ANON_PAGES), free;

	tmm_init(&m);
	vma = tmm_add(t, &m, BASE, BASE + 8 * PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, fill_user(UA(BASE), 0x77, 8 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 8);
	free = free_now();
	zap_page_range_single(vma, BASE + 2 * PAGE_SIZE, 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, free_now(), free + 4);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 4);
	KTEST_EXPECT_EQ(t, m.mm.rss_stat[MM_ANONPAGES], 4);
	KTEST_EXPECT_TRUE(t, pte_none(pte_at(&m, BASE + 2 * PAGE_SIZE)));
	KTEST_EXPECT_TRUE(t, pte_none(pte_at(&m, BASE + 5 * PAGE_SIZE)));
	KTEST_EXPECT_TRUE(t, pte_present(pte_at(&m, BASE + 6 * PAGE_SIZE)));
	/* Zapped pages read back as zero (a new fault, the zero page). */
	{
		u8 v = 1;

		KTEST_EXPECT_EQ(t, get_user(v, UA(BASE + 3 * PAGE_SIZE)), 0);
		KTEST_EXPECT_EQ(t, v, 0);
		KTEST_EXPECT_EQ(t, get_user(v, UA(BASE + 6 * PAGE_SIZE)), 0);
		KTEST_EXPECT_EQ(t, v, 0x77);
	}
out:
	tmm_end(t, &m);
}

/*
 * Two VMAs sharing one pte table, and one far away (its own pud and pmd
 * tables): tables go only when nothing in them is mapped.
 */
static void test_free_pgtables(struct ktest *t)
{
	struct test_mm m;
	unsigned long a = BASE, b = BASE + 4 * PAGE_SIZE, far = 0x8000000000UL;
	struct vm_area_struct *va, *vb, *vf;
	long tables;

	tmm_init(&m);
	va = tmm_add(t, &m, a, a + PAGE_SIZE, VM_ANON_RW);
	vb = tmm_add(t, &m, b, b + PAGE_SIZE, VM_ANON_RW);
	vf = tmm_add(t, &m, far, far + PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	tables = global_vm_stat(NR_PAGETABLE);
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(a)), 0);
	KTEST_EXPECT_EQ(t, put_user((u8)2, UA(b)), 0);
	KTEST_EXPECT_EQ(t, put_user((u8)3, UA(far)), 0);
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 6 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), tables + 6);

	/* Unmap a: its pte table still maps b, so nothing goes. */
	zap_page_range_single(va, a, PAGE_SIZE);
	free_pgtables(&m.mm, 0, b);
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 6 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_present(pte_at(&m, b)));

	/* Unmap far: its three tables go, the pgd stays. */
	zap_page_range_single(vf, far, PAGE_SIZE);
	free_pgtables(&m.mm, b + PAGE_SIZE, 0);
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, m.mm.pgd[pgd_index(far)], 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), tables + 3);

	/* Unmap b: now the shared pte table and those above it go. */
	zap_page_range_single(vb, b, PAGE_SIZE);
	free_pgtables(&m.mm, a + PAGE_SIZE, far);
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), tables);
	/* And a fault afterwards builds them again. */
	KTEST_EXPECT_EQ(t, put_user((u8)4, UA(b)), 0);
	KTEST_EXPECT_EQ(t, m.mm.pgtables_bytes, 3 * PAGE_SIZE);
out:
	tmm_end(t, &m);
}

static void test_change_protection(struct ktest *t)
{
	struct test_mm m;
	struct vm_area_struct *vma;
	unsigned long faults;
	u8 v;

	tmm_init(&m);
	vma = tmm_add(t, &m, BASE, BASE + 4 * PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &m))
		goto out;
	KTEST_EXPECT_EQ(t, fill_user(UA(BASE), 0x42, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE + 2 * PAGE_SIZE)), 0);	/* zero page */

	/* Read-only: every present PTE is rewritten, the contents stay. */
	vma->vm_flags = VM_ANON_RO;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	KTEST_EXPECT_EQ(t, change_protection(vma, BASE, BASE + 4 * PAGE_SIZE, vma->vm_page_prot), 2);
	KTEST_EXPECT_TRUE(t, pte_rdonly(pte_at(&m, BASE)) && !pte_write(pte_at(&m, BASE)));
	KTEST_EXPECT_EQ(t, put_user((u8)1, UA(BASE)), -EFAULT);
	expect_fault(t, BASE, SIGSEGV, SEGV_ACCERR);
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE + PAGE_SIZE)), 0);
	KTEST_EXPECT_EQ(t, v, 0x42);

	/* PROT_NONE: present but inaccessible. */
	vma->vm_flags = VM_MAYREAD | VM_MAYWRITE;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	change_protection(vma, BASE, BASE + 4 * PAGE_SIZE, vma->vm_page_prot);
	KTEST_EXPECT_TRUE(t, pte_protnone(pte_at(&m, BASE)));
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), -EFAULT);
	expect_fault(t, BASE, SIGSEGV, SEGV_ACCERR);

	/* Writable again: the exclusive anon pages need no fault, the zero page stays read-only. */
	vma->vm_flags = VM_ANON_RW;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	change_protection(vma, BASE, BASE + 4 * PAGE_SIZE, vma->vm_page_prot);
	KTEST_EXPECT_TRUE(t, pte_write(pte_at(&m, BASE)) && pte_dirty(pte_at(&m, BASE)));
	KTEST_EXPECT_TRUE(t, !pte_write(pte_at(&m, BASE + 2 * PAGE_SIZE)));
	faults = vm_events[PGFAULT];
	KTEST_EXPECT_EQ(t, put_user((u8)9, UA(BASE)), 0);
	KTEST_EXPECT_EQ(t, vm_events[PGFAULT], faults);
	KTEST_EXPECT_EQ(t, get_user(v, UA(BASE + 1)), 0);
	KTEST_EXPECT_EQ(t, v, 0x42);
out:
	tmm_end(t, &m);
}

static void test_mm_populate(struct ktest *t)
{
	struct test_mm m;
	unsigned long rw = BASE, ro = BASE + 0x10000, none = BASE + 0x20000;
	long anon = global_vm_stat(NR_ANON_PAGES);

	tmm_init(&m);
	tmm_add(t, &m, rw, rw + 8 * PAGE_SIZE, VM_ANON_RW);
	tmm_add(t, &m, ro, ro + 2 * PAGE_SIZE, VM_ANON_RO);
	tmm_add(t, &m, none, none + 2 * PAGE_SIZE, VM_MAYREAD);
	if (tmm_start(t, &m))
		goto out;
	/* The range covers holes between the VMAs too. */
	KTEST_EXPECT_EQ(t, mm_populate(&m.mm, rw, none + 2 * PAGE_SIZE - rw), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 8);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_TRUE(t, pte_write(pte_at(&m, rw + i * PAGE_SIZE)));
	KTEST_EXPECT_TRUE(t, is_zero_pfn(pte_pfn(pte_at(&m, ro + PAGE_SIZE))));
	KTEST_EXPECT_TRUE(t, pte_none(pte_at(&m, none)));
	/* Again: nothing left to do. */
	KTEST_EXPECT_EQ(t, mm_populate(&m.mm, rw, 8 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), anon + 8);
out:
	tmm_end(t, &m);
}

static struct ktest_case fault_cases[] = {
	KTEST_CASE(test_zero_page_read),
	KTEST_CASE(test_anon_write),
	KTEST_CASE(test_cow_from_zero_page),
	KTEST_CASE(test_cow_copy_and_reuse),
	KTEST_CASE(test_access_flag_and_dirty),
	KTEST_CASE(test_segv_codes),
	KTEST_CASE(test_uaccess_sizes_and_partial),
	KTEST_CASE(test_pan),
	KTEST_CASE(test_zap_frees_pages),
	KTEST_CASE(test_free_pgtables),
	KTEST_CASE(test_change_protection),
	KTEST_CASE(test_mm_populate),
	{}
};
KTEST_SUITE(user_fault, fault_cases);

/* ------------------------------------------------------------------ */

/* Two address spaces map the same VA to different pages; ASIDs keep them apart. */
static void test_asid_separation(struct ktest *t, unsigned long limit)
{
	struct test_mm a, b;
	struct mm_struct *prev = active_mm;
	u64 gen;
	u8 v;

	tmm_init(&a);
	tmm_init(&b);
	b.nested = true;
	tmm_add(t, &a, BASE, BASE + PAGE_SIZE, VM_ANON_RW);
	tmm_add(t, &b, BASE, BASE + PAGE_SIZE, VM_ANON_RW);
	if (tmm_start(t, &a))
		goto out_a;
	if (tmm_start(t, &b))
		goto out_b;
	if (limit)
		asid_set_limit(limit);
	gen = asid_generation();
	for (int round = 0; round < 4; round++) {
		switch_mm(active_mm, &a.mm);
		KTEST_EXPECT_EQ(t, put_user((u8)(0xa0 + round), UA(BASE)), 0);
		switch_mm(active_mm, &b.mm);
		KTEST_EXPECT_EQ(t, put_user((u8)(0xb0 + round), UA(BASE)), 0);
		switch_mm(active_mm, &a.mm);
		KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), 0);
		KTEST_EXPECT_EQ(t, v, 0xa0 + round);
		switch_mm(active_mm, &b.mm);
		KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), 0);
		KTEST_EXPECT_EQ(t, v, 0xb0 + round);
	}
	if (limit == 2) {
		/* One usable ASID: every switch between the two rolls over. */
		KTEST_EXPECT_TRUE(t, asid_generation() >= gen + 8);
	} else {
		KTEST_EXPECT_NE(t, mm_asid(&a.mm), 0);
		KTEST_EXPECT_NE(t, mm_asid(&b.mm), 0);
		KTEST_EXPECT_NE(t, mm_asid(&a.mm), mm_asid(&b.mm));
		KTEST_EXPECT_EQ(t, asid_generation(), gen);
	}
	if (limit)
		asid_set_limit(0);
	/* Tear down in the order the helpers expect: each from itself. */
	switch_mm(active_mm, &b.mm);
	b.prev = prev;
	a.prev = prev;
	tmm_end(t, &b);
	switch_mm(active_mm, &a.mm);
	tmm_end(t, &a);
	return;
out_b:
	tmm_end(t, &b);
out_a:
	tmm_end(t, &a);
}

static void test_asid_distinct(struct ktest *t)
{
	test_asid_separation(t, 0);
}

static void test_asid_rollover(struct ktest *t)
{
	test_asid_separation(t, 2);
}

static void test_asid_small_space(struct ktest *t)
{
	struct test_mm m[4];
	struct mm_struct *prev = active_mm;
	unsigned long roll = vm_events[ASID_ROLLOVER];

	/* Three usable ASIDs for four address spaces: the fourth rolls over. */
	asid_set_limit(4);
	roll = vm_events[ASID_ROLLOVER];
	for (int i = 0; i < 4; i++) {
		tmm_init(&m[i]);
		m[i].nested = i > 0;
		tmm_add(t, &m[i], BASE, BASE + PAGE_SIZE, VM_ANON_RW);
	}
	for (int i = 0; i < 4; i++) {
		if (tmm_start(t, &m[i]))
			break;
		KTEST_EXPECT_EQ(t, put_user((u8)i, UA(BASE)), 0);
		KTEST_EXPECT_TRUE(t, mm_asid(&m[i].mm) >= 1 && mm_asid(&m[i].mm) <= 3);
	}
	KTEST_EXPECT_EQ(t, vm_events[ASID_ROLLOVER], roll + 1);
	for (int i = 0; i < 4; i++) {
		u8 v = 0xff;

		switch_mm(active_mm, &m[i].mm);
		KTEST_EXPECT_EQ(t, get_user(v, UA(BASE)), 0);
		KTEST_EXPECT_EQ(t, v, i);
	}
	asid_set_limit(0);
	for (int i = 3; i >= 0; i--) {
		switch_mm(active_mm, &m[i].mm);
		m[i].prev = prev;
		tmm_end(t, &m[i]);
	}
}

static struct ktest_case asid_cases[] = {
	KTEST_CASE(test_asid_distinct),
	KTEST_CASE(test_asid_rollover),
	KTEST_CASE(test_asid_small_space),
	{}
};
KTEST_SUITE(asid, asid_cases);
