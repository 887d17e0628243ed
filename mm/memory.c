// SPDX-License-Identifier: GPL-2.0
/*
 * User page tables and demand paging of anonymous memory (Linux:
 * mm/memory.c, mm/mprotect.c's change_protection, mm/gup.c's populate).
 *
 *   handle_mm_fault(vma, address, flags)
 *     __handle_mm_fault: pte_alloc_map() (pgd -> pud -> pmd -> pte tables,
 *                        allocated zeroed on demand)
 *       handle_pte_fault
 *         pte none        -> do_anonymous_page
 *                              read of private memory: the zero page, read-only
 *                              else a zeroed page, writable and dirty if VM_WRITE
 *         write, !pte_write -> do_wp_page
 *                              only mapping of an anon page: reuse (make writable)
 *                              else copy (zero page: a fresh zeroed page),
 *                              break-before-make, drop the old page
 *         write, clean    -> pte_mkdirty (software dirty tracking)
 *         !young          -> pte_mkyoung (software access flag)
 *
 *   zap_page_range_single -> zap_pte_range: clear, gather pages, flush, free
 *   free_pgtables         -> free_table_range: empty tables, bottom up
 *   change_protection     -> pte_modify in place, flush
 *   mm_populate           -> handle_mm_fault for every page not yet mapped
 *
 * Page accounting: an anonymous page has one reference per mapping and
 * _mapcount = mappings - 1; NR_ANON_PAGES and the mm's MM_ANONPAGES count
 * it while mapped. The zero page is special (no accounting at all).
 * Page-table pages are PG_table, in NR_PAGETABLE and mm->pgtables_bytes
 * (the pgd only in NR_PAGETABLE, as Linux).
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/list.h>
#include <arbor/maple_tree.h>
#include <arbor/mm.h>
#include <arbor/mmtrace.h>
#include <arbor/printk.h>
#include <arbor/rmap.h>
#include <arbor/string.h>
#include <asm/fault.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <asm/tlb.h>

/* The shared zero page: read faults on private memory map it read-only. */
u8 empty_zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ------------------------------------------------------------------ */
/* Page-table pages                                                     */

static u64 *pgtable_alloc(struct mm_struct *mm, bool is_pgd)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long flags;

	if (!page)
		return NULL;
	SetPageTable(page);
	flags = local_irq_save();
	mod_vm_stat(NR_PAGETABLE, 1);
	local_irq_restore(flags);
	if (!is_pgd) {
		mm->pgtables_bytes += PAGE_SIZE;
		count_vm_event(PGTABLE_ALLOC);
	}
	return page_address(page);
}

static void pgtable_free_page(struct mm_struct *mm, struct page *page, bool is_pgd)
{
	unsigned long flags;

	ClearPageTable(page);
	flags = local_irq_save();
	mod_vm_stat(NR_PAGETABLE, -1);
	local_irq_restore(flags);
	if (!is_pgd) {
		mm->pgtables_bytes -= PAGE_SIZE;
		count_vm_event(PGTABLE_FREE);
	}
	__free_page(page);
}

/**
 * pgd_alloc - give @mm an empty L0 translation table
 * @mm:		the address space (mm->pgd is set)
 *
 * Return: 0, or -ENOMEM.
 */
int pgd_alloc(struct mm_struct *mm)
{
	mm->pgd = pgtable_alloc(mm, true);
	return mm->pgd ? 0 : -ENOMEM;
}

static bool table_empty(const u64 *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * The entry at @entry points to the next level's table; make one if it
 * is empty. The zeroed table must be visible to the walker before the
 * descriptor that leads to it (DSB ISHST in between). An invalid entry is
 * never cached, so no TLB maintenance is needed.
 */
static u64 *table_alloc_entry(struct mm_struct *mm, u64 *entry)
{
	u64 d = READ_ONCE(*entry);
	u64 *table;

	if (d)
		return pmd_table_vaddr(d);
	table = pgtable_alloc(mm, false);
	if (!table)
		return NULL;
	dsb(ishst);
	/* Table descriptor: [1:0] = 11, [47:12] next-level table PA, no attributes. */
	WRITE_ONCE(*entry, __pa(table) | PMD_TYPE_TABLE);
	dsb(ishst);
	return table;
}

/**
 * pte_alloc_map - the L3 entry for @addr, with the tables above allocated
 * @mm:		the address space
 * @addr:	a user address
 *
 * Return: the kernel address of the entry, or NULL when a table could not
 * be allocated (the tables made so far stay; free_pgtables() takes them).
 */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	u64 *pud, *pmd, *pte;

	pud = table_alloc_entry(mm, pgd_offset(mm, addr));
	if (!pud)
		return NULL;
	pmd = table_alloc_entry(mm, pud + pud_index(addr));
	if (!pmd)
		return NULL;
	pte = table_alloc_entry(mm, pmd + pmd_index(addr));
	if (!pte)
		return NULL;
	return pte + pte_index(addr);
}

/**
 * pte_lookup - the L3 entry for @addr, if its tables exist
 * @mm:		the address space
 * @addr:	a user address
 *
 * Return: the kernel address of the entry, or NULL.
 */
pte_t *pte_lookup(struct mm_struct *mm, unsigned long addr)
{
	u64 d;

	if (!mm->pgd || addr >= TASK_SIZE)
		return NULL;
	d = READ_ONCE(mm->pgd[pgd_index(addr)]);
	if (!pmd_table(d))
		return NULL;
	d = READ_ONCE(pmd_table_vaddr(d)[pud_index(addr)]);
	if (!pmd_table(d))
		return NULL;
	d = READ_ONCE(pmd_table_vaddr(d)[pmd_index(addr)]);
	if (!pmd_table(d))
		return NULL;
	return pmd_table_vaddr(d) + pte_index(addr);
}

/*
 * Free the empty tables below @table (at @level, translating from @base)
 * whose range meets [floor, ceiling). Return: whether @table is empty now.
 * Only the entries that cover [floor, ceiling) are visited (the callers
 * pass the range just unmapped, not the whole of user space), and the pgd
 * (level 0) is not scanned for emptiness: it is never freed here.
 * Freed pages are queued on @freed: they may still be in the walk cache
 * until the caller's TLB flush.
 */
static bool free_table_range(u64 *table, int level, unsigned long base, unsigned long floor,
			     unsigned long ceiling, struct list_head *freed)
{
	unsigned int shift = ARM64_HW_LEVEL_SHIFT(level);
	unsigned long size = 1UL << shift;
	unsigned long first = floor > base ? (floor - base) >> shift : 0;
	unsigned long last = (ceiling - 1 - base) >> shift;

	if (level == 3)
		return table_empty(table);
	if (last >= PTRS_PER_TABLE)
		last = PTRS_PER_TABLE - 1;
	for (unsigned long i = first; i <= last; i++) {
		unsigned long va = base + i * size;
		u64 d = table[i];
		u64 *next;

		if (!d || !pmd_table(d))
			continue;
		next = pmd_table_vaddr(d);
		if (free_table_range(next, level + 1, va, floor, ceiling, freed)) {
			WRITE_ONCE(table[i], 0);
			list_add(&virt_to_page(next)->lru, freed);
		}
	}
	return level && table_empty(table);
}

static void free_queued_tables(struct mm_struct *mm, struct list_head *freed)
{
	struct page *page, *n;

	if (list_empty(freed))
		return;
	/* The table descriptors are gone: drop walk-cache copies, then reuse. */
	flush_tlb_mm(mm);
	list_for_each_entry_safe(page, n, freed, lru) {
		list_del(&page->lru);
		pgtable_free_page(mm, page, false);
	}
}

/**
 * free_pgtables - free the page-table pages under [floor, ceiling) that map nothing
 * @mm:		the address space
 * @floor:	lowest address whose tables may go (the previous VMA's end, or 0)
 * @ceiling:	end of the range (the next VMA's start), 0 meaning TASK_SIZE
 *
 * A table is freed when all its entries are empty, its range meets
 * [floor, ceiling), and (for the upper levels) once the tables below are
 * gone. A table shared with a neighbouring VMA is freed only if that
 * neighbour has nothing mapped through it either, so nothing in use goes.
 * The pgd stays (pgd_free()). The TLB (walk cache) is flushed before any
 * page is reused.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling)
{
	LIST_HEAD(freed);

	if (!mm->pgd)
		return;
	if (!ceiling || ceiling > TASK_SIZE)
		ceiling = TASK_SIZE;
	if (floor >= ceiling)
		return;
	free_table_range(mm->pgd, 0, 0, floor, ceiling, &freed);
	free_queued_tables(mm, &freed);
}

/**
 * free_pgd_range - free the empty page-table pages that translate [@addr, @end)
 * @mm:		the address space
 * @addr:	start of the range just unmapped
 * @end:	its end
 * @floor:	the previous VMA's end (or 0): nothing below is visited
 * @ceiling:	the next VMA's start (0 meaning TASK_SIZE): nor above
 *
 * As free_pgtables(), but only the entries covering the unmapped range are
 * looked at (Linux's free_pgd_range), so unmapping one page does not scan
 * the whole of user space. A table reaching beyond the range goes only if
 * nothing is mapped through it any more.
 */
void free_pgd_range(struct mm_struct *mm, unsigned long addr, unsigned long end,
		    unsigned long floor, unsigned long ceiling)
{
	if (!ceiling || ceiling > TASK_SIZE)
		ceiling = TASK_SIZE;
	free_pgtables(mm, max(addr, floor), min(end, ceiling));
}

/**
 * pgd_free - free @mm's translation tables
 * @mm:		an address space whose mappings were all zapped
 *
 * Any empty table still below the pgd is freed too; a table that still
 * maps pages is reported (its pages would leak) and kept.
 */
void pgd_free(struct mm_struct *mm)
{
	if (!mm->pgd)
		return;
	free_pgtables(mm, 0, TASK_SIZE);
	if (!table_empty(mm->pgd))
		pr_err("pgd_free: mm %d still maps pages; its tables are leaked\n", mm->id);
	else
		pgtable_free_page(mm, virt_to_page(mm->pgd), true);
	mm->pgd = NULL;
}

/* ------------------------------------------------------------------ */
/* Page accounting (Linux's rmap entry points, without the reverse map) */

static unsigned long linear_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

static void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
				   unsigned long addr)
{
	unsigned long flags;

	page->_mapcount = 0;
	page->mapping = (struct address_space *)PAGE_MAPPING_ANON;
	page->index = linear_page_index(vma, addr);
	vma->vm_mm->rss_stat[MM_ANONPAGES]++;
	flags = local_irq_save();
	mod_vm_stat(NR_ANON_PAGES, 1);
	local_irq_restore(flags);
}

/* Which RSS counter a page counts in (Linux's mm_counter). */
static int mm_counter(const struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/*
 * A page-cache page gets one more PTE (Linux's page_add_file_rmap): the
 * first one puts it in NR_FILE_MAPPED ("Mapped" in meminfo).
 */
static void page_add_file_rmap(struct page *page, struct vm_area_struct *vma)
{
	unsigned long flags;

	vma->vm_mm->rss_stat[mm_counter(page)]++;
	if (++page->_mapcount == 0) {
		flags = local_irq_save();
		mod_vm_stat(NR_FILE_MAPPED, 1);
		local_irq_restore(flags);
	}
}

/**
 * page_remove_rmap - one PTE of @page in @vma went
 * @page:	the page
 * @vma:	where it was mapped
 *
 * The caller drops its reference afterwards.
 */
void page_remove_rmap(struct page *page, struct vm_area_struct *vma)
{
	unsigned long flags;

	/* RSS counts this mm's PTEs; NR_ANON_PAGES / NR_FILE_MAPPED count pages mapped at all. */
	vma->vm_mm->rss_stat[mm_counter(page)]--;
	if (--page->_mapcount >= 0)
		return;
	flags = local_irq_save();
	mod_vm_stat(PageAnon(page) ? NR_ANON_PAGES : NR_FILE_MAPPED, -1);
	local_irq_restore(flags);
}

/* Linux's vm_normal_page(): the struct page behind @pte, or NULL for special ones. */
static struct page *vm_normal_page(struct vm_area_struct *vma, pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);

	if (pte_special(pte) || is_zero_pfn(pfn) || (vma->vm_flags & (VM_PFNMAP | VM_IO)))
		return NULL;
	if (!pfn_valid(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

/* ------------------------------------------------------------------ */
/* Faults                                                               */

static unsigned int do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;
	pte_t entry;

	/* Reading private memory shares the zero page until the first write. */
	if (!(vmf->flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_SHARED)) {
		entry = pte_mkspecial(pfn_pte(ZERO_PAGE_PFN(), vma->vm_page_prot));
		entry = pte_wrprotect(entry) & ~PTE_DIRTY;
		set_pte_at(vma->vm_mm, vmf->address, vmf->pte, entry);
		count_vm_event(ZERO_PAGE_MAP);
		mm_trace("do_anonymous_page zero %#lx", vmf->address);
		return 0;
	}

	/* Linux's vmf_anon_prepare(): a private page needs the VMA's anon_vma. */
	if (!(vma->vm_flags & VM_SHARED) && anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(page, vma, vmf->address);
	entry = mk_pte(page, vma->vm_page_prot);
	/*
	 * Linux: a new private page is dirty, and writable if the VMA is. A
	 * shared page read in stays clean (vm_page_prot: writable, AP[2] set)
	 * so that its first write is seen.
	 */
	if ((vma->vm_flags & VM_WRITE) &&
	    ((vmf->flags & FAULT_FLAG_WRITE) || !(vma->vm_flags & VM_SHARED)))
		entry = pte_mkwrite(pte_mkdirty(entry));
	set_pte_at(vma->vm_mm, vmf->address, vmf->pte, entry);
	count_vm_event(ANON_FAULT_ALLOC);
	mm_trace("do_anonymous_page anon %#lx", vmf->address);
	return 0;
}

/* The only user of the page: make its PTE writable, dirty and young. */
static unsigned int wp_page_reuse(struct vm_fault *vmf)
{
	pte_t entry = pte_mkyoung(pte_mkdirty(pte_mkwrite(vmf->orig_pte)));

	set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, entry);
	/* A stale read-only TLB entry would fault again: drop it. */
	flush_tlb_page(vmf->vma, vmf->address);
	return 0;
}

/*
 * Copy-on-write: a private copy replaces the mapping. The old entry is
 * cleared and flushed before the new one is written (break-before-make:
 * the output address changes, Arm ARM D8.16.1).
 */
static unsigned int wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *new;
	pte_t entry;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_page(old ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO);
	if (!new)
		return VM_FAULT_OOM;
	if (old)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	page_add_new_anon_rmap(new, vma, vmf->address);
	entry = pte_mkyoung(pte_mkwrite(pte_mkdirty(mk_pte(new, vma->vm_page_prot))));

	ptep_get_and_clear(vma->vm_mm, vmf->address, vmf->pte);
	flush_tlb_page(vma, vmf->address);
	set_pte_at(vma->vm_mm, vmf->address, vmf->pte, entry);

	if (old) {
		page_remove_rmap(old, vma);
		put_page(old);
	}
	count_vm_event(COW_COPY);
	mm_trace("wp_page_copy cow-copy %#lx", vmf->address);
	return 0;
}

static unsigned int do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;

	/*
	 * A shared writable mapping writes through: no copy ever. A file page
	 * first hears about it (page_mkwrite: blocks, dirty accounting), as in
	 * Linux's wp_page_shared.
	 */
	if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE)) {
		page = vm_normal_page(vma, vmf->orig_pte);
		if (page && !PageAnon(page) && vma->vm_ops && vma->vm_ops->page_mkwrite) {
			unsigned int ret;

			vmf->page = page;
			get_page(page);
			ret = vma->vm_ops->page_mkwrite(vmf);
			put_page(page);
			if (ret & VM_FAULT_ERROR)
				return ret;
		} else if (page && !PageAnon(page)) {
			set_page_dirty(page);
		}
		wp_page_reuse(vmf);
		if (page && !PageAnon(page) && vma->vm_file)
			balance_dirty_pages_ratelimited(vma->vm_file->f_mapping);
		return 0;
	}

	page = vm_normal_page(vma, vmf->orig_pte);
	if (!page)
		return wp_page_copy(vmf, NULL);	/* the zero page: a fresh zeroed page */
	if (PageAnon(page) && page_mapcount(page) == 1 && page_count(page) == 1) {
		count_vm_event(COW_REUSE);
		mm_trace("wp_page_reuse cow-reuse %#lx", vmf->address);
		return wp_page_reuse(vmf);
	}
	return wp_page_copy(vmf, page);
}

/* ------------------------------------------------------------------ */
/* Faults on file and shmem mappings (Linux's do_fault family)          */

/**
 * do_set_pte - map the page-cache @page at @addr of vmf->vma (Linux's
 * set_pte_range): writable and dirty only for a write to a shared
 * mapping; otherwise read-only, so that the first write is seen
 * @vmf:	the fault; vmf->pte is the entry for vmf->address
 * @page:	the page, with a reference that the mapping takes over
 * @addr:	the address, in the same page table as vmf->address
 */
void do_set_pte(struct vm_fault *vmf, struct page *page, unsigned long addr)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t *ptep = vmf->pte + (long)((addr >> PAGE_SHIFT) - (vmf->address >> PAGE_SHIFT));
	bool write = addr == vmf->address && (vmf->flags & FAULT_FLAG_WRITE);
	pte_t entry = mk_pte(page, vma->vm_page_prot);

	if (write)
		entry = pte_mkyoung(pte_mkdirty(pte_mkwrite(entry)));
	else
		entry = pte_wrprotect(entry) & ~PTE_DIRTY;
	/*
	 * Fault-around entries start old only where the MMU sets the access
	 * flag itself (Linux's arch_wants_old_prefaulted_pte): without
	 * FEAT_HAFDBS each old entry would cost an access-flag fault.
	 */
	if (addr != vmf->address && cpu_has_hw_af)
		entry = pte_mkold(entry);
	page_add_file_rmap(page, vma);
	set_pte_at(vma->vm_mm, addr, ptep, entry);
}

/*
 * Fault-around (Linux's do_fault_around): map the already cached pages
 * in a fault_around_bytes-aligned window around the fault, within the VMA
 * and the page table, so that a scan takes one fault per window.
 */
static unsigned int do_fault_around(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long nr = fault_around_bytes >> PAGE_SHIFT;
	unsigned long from, to, pte_start, pte_end;

	if (nr <= 1)
		return 0;
	while (nr & (nr - 1))	/* a power of two, as Linux requires of the knob */
		nr &= nr - 1;
	from = ALIGN_DOWN(vmf->address, nr << PAGE_SHIFT);
	to = from + (nr << PAGE_SHIFT);
	pte_start = vmf->address & PMD_MASK;
	pte_end = pte_start + PMD_SIZE;
	from = max(max(from, vma->vm_start), pte_start);
	to = min(min(to, vma->vm_end), pte_end);
	return vma->vm_ops->map_pages(vmf, vmf->pgoff - ((vmf->address - from) >> PAGE_SHIFT),
				      vmf->pgoff + ((to - PAGE_SIZE - vmf->address) >> PAGE_SHIFT));
}

static unsigned int __do_fault(struct vm_fault *vmf)
{
	unsigned int ret;

	vmf->page = NULL;
	ret = vmf->vma->vm_ops->fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY))
		return ret;
	if (!vmf->page)
		return VM_FAULT_SIGBUS;
	return ret;
}

static unsigned int do_read_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned int ret;

	if (vma->vm_ops->map_pages) {
		do_fault_around(vmf);
		if (pte_present(ptep_get(vmf->pte)))
			return 0;
	}
	ret = __do_fault(vmf);
	if (ret & VM_FAULT_ERROR)
		return ret;
	do_set_pte(vmf, vmf->page, vmf->address);
	mm_trace("do_read_fault %#lx pgoff %lu", vmf->address, vmf->pgoff);
	return ret & VM_FAULT_MAJOR;
}

/* A write to a private file mapping: a private copy, the file never changes. */
static unsigned int do_cow_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *new;
	unsigned int ret;
	pte_t entry;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_page(GFP_KERNEL);
	if (!new)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret & VM_FAULT_ERROR) {
		__free_page(new);
		return ret;
	}
	memcpy(page_address(new), page_address(vmf->page), PAGE_SIZE);
	put_page(vmf->page);
	page_add_new_anon_rmap(new, vma, vmf->address);
	entry = pte_mkyoung(pte_mkdirty(pte_mkwrite(mk_pte(new, vma->vm_page_prot))));
	set_pte_at(vma->vm_mm, vmf->address, vmf->pte, entry);
	count_vm_event(COW_COPY);
	mm_trace("do_cow_fault %#lx pgoff %lu", vmf->address, vmf->pgoff);
	return ret & VM_FAULT_MAJOR;
}

/* A write to a shared mapping: the page cache page itself, made dirty. */
static unsigned int do_shared_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned int ret, tmp;

	ret = __do_fault(vmf);
	if (ret & VM_FAULT_ERROR)
		return ret;
	if (vma->vm_ops->page_mkwrite) {
		tmp = vma->vm_ops->page_mkwrite(vmf);
		if (tmp & VM_FAULT_ERROR) {
			put_page(vmf->page);
			return tmp;
		}
	} else {
		set_page_dirty(vmf->page);
	}
	do_set_pte(vmf, vmf->page, vmf->address);
	mm_trace("do_shared_fault %#lx pgoff %lu", vmf->address, vmf->pgoff);
	/* Only now, with the PTE in place, so writeback can write-protect it. */
	if (vma->vm_file)
		balance_dirty_pages_ratelimited(vma->vm_file->f_mapping);
	return ret & VM_FAULT_MAJOR;
}

static unsigned int do_fault(struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vmf->vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

static unsigned int handle_pte_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry = vmf->orig_pte;
	bool write = vmf->flags & FAULT_FLAG_WRITE;

	if (!pte_present(entry)) {
		if (vma->vm_ops && vma->vm_ops->fault)
			return do_fault(vmf);
		return do_anonymous_page(vmf);
	}
	if (pte_protnone(entry))
		return VM_FAULT_SIGSEGV;
	if (write && !pte_write(entry))
		return do_wp_page(vmf);

	/* Software access-flag and dirty tracking. */
	if (write && !pte_dirty(entry)) {
		entry = pte_mkdirty(entry);
		count_vm_event(PGFAULT_DIRTY);
	}
	if (!pte_young(entry)) {
		entry = pte_mkyoung(entry);
		count_vm_event(PGFAULT_ACCESS_FLAG);
	}
	if (entry != vmf->orig_pte) {
		set_pte_at(vma->vm_mm, vmf->address, vmf->pte, entry);
		if (write)
			flush_tlb_page(vma, vmf->address);
	}
	return 0;
}

/**
 * handle_mm_fault - resolve a fault on a user address
 * @vma:	the VMA containing @address
 * @address:	the faulting address
 * @flags:	FAULT_FLAG_WRITE, FAULT_FLAG_INSTRUCTION, FAULT_FLAG_USER, ...
 *
 * The caller checked that @vma allows the access; an access it does not
 * allow is refused with VM_FAULT_SIGSEGV all the same.
 *
 * Return: 0 when the access can be retried, else VM_FAULT_OOM (no memory
 * for a page or a table), VM_FAULT_SIGSEGV or VM_FAULT_SIGBUS.
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
	};
	vm_flags_t need;

	count_vm_event(PGFAULT);
	if (address < vma->vm_start || address >= vma->vm_end || address >= TASK_SIZE)
		return VM_FAULT_SIGSEGV;
	if (flags & FAULT_FLAG_WRITE)
		need = VM_WRITE;
	else if (flags & FAULT_FLAG_INSTRUCTION)
		need = VM_EXEC;
	else
		need = VM_READ | VM_WRITE | VM_EXEC;
	if (!(vma->vm_flags & need))
		return VM_FAULT_SIGSEGV;

	vmf.pgoff = linear_page_index(vma, vmf.address);
	vmf.pte = pte_alloc_map(vma->vm_mm, vmf.address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	vmf.orig_pte = ptep_get(vmf.pte);
	return handle_pte_fault(&vmf);
}

/* ------------------------------------------------------------------ */
/* Unmapping                                                            */

/*
 * Linux's mmu_gather, small: pages whose mapping was cleared wait here
 * until the TLB no longer holds their translation, then are released.
 */
#define GATHER_PAGES	64

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;	/* range with cleared entries */
	unsigned int nr;
	struct page *pages[GATHER_PAGES];
};

static void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->start < tlb->end)
		__flush_tlb_range(tlb->mm, tlb->start, tlb->end);
	for (unsigned int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
	tlb->start = ~0UL;
	tlb->end = 0;
}

static void tlb_track(struct mmu_gather *tlb, unsigned long addr)
{
	tlb->start = min(tlb->start, addr);
	tlb->end = max(tlb->end, addr + PAGE_SIZE);
}

static void zap_pte_range(struct mmu_gather *tlb, struct vm_area_struct *vma, pte_t *table,
			  unsigned long addr, unsigned long end)
{
	for (; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = table + pte_index(addr);
		pte_t old = ptep_get(ptep);
		struct page *page;

		if (pte_none(old))
			continue;
		ptep_get_and_clear(vma->vm_mm, addr, ptep);
		tlb_track(tlb, addr);
		if (!pte_present(old))
			continue;
		page = vm_normal_page(vma, old);
		if (!page)
			continue;
		/* A file page written through this PTE must reach its file. */
		if (!PageAnon(page)) {
			if (pte_dirty(old))
				set_page_dirty(page);
			if (pte_young(old))
				mark_page_accessed(page);
		}
		page_remove_rmap(page, vma);
		tlb->pages[tlb->nr++] = page;
		if (tlb->nr == GATHER_PAGES)
			tlb_flush_mmu(tlb);
	}
}

/**
 * zap_page_range_single - unmap the pages of a range of @vma
 * @vma:	the VMA (its vm_mm's tables are changed)
 * @start:	first address, page aligned
 * @size:	bytes, page aligned; the range should lie within @vma
 *
 * Clears the PTEs, drops each page's mapcount and reference after the
 * TLB flush (a page whose last reference this was returns to the page
 * allocator), and leaves the page tables in place.
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long start, unsigned long size)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long end = start + size, next;
	struct mmu_gather tlb;

	if (!mm->pgd || start >= end)
		return;
	/* Not an initializer: that would zero pages[] (512 bytes) on every call. */
	tlb.mm = mm;
	tlb.start = ~0UL;
	tlb.end = 0;
	tlb.nr = 0;
	if (end > TASK_SIZE)
		end = TASK_SIZE;
	for (unsigned long addr = start; addr < end; addr = next) {
		pte_t *ptep;

		next = pmd_addr_end(addr, end);
		ptep = pte_lookup(mm, addr);
		if (ptep)
			zap_pte_range(&tlb, vma, ptep - pte_index(addr), addr, next);
	}
	tlb_flush_mmu(&tlb);
}

/* ------------------------------------------------------------------ */
/* mprotect's PTE half                                                  */

/*
 * Whether a present PTE may become writable right away (Linux's
 * can_change_pte_writable): a private anonymous page nobody else maps.
 * Anything else waits for a write fault (copy, or dirty tracking).
 */
static bool can_change_pte_writable(struct vm_area_struct *vma, pte_t pte)
{
	struct page *page;

	if (!(vma->vm_flags & VM_WRITE) || pte_protnone(pte))
		return false;
	if (vma->vm_flags & VM_SHARED)
		return pte_dirty(pte);
	page = vm_normal_page(vma, pte);
	return page && PageAnon(page) && page_mapcount(page) == 1 && page_count(page) == 1;
}

/**
 * change_protection - apply new permissions to the PTEs of a range
 * @vma:	the VMA (already carrying its new vm_flags)
 * @start:	first address, page aligned
 * @end:	end, exclusive
 * @newprot:	vm_get_page_prot() of the new flags
 *
 * Only permission bits change, so entries are rewritten in place without
 * break-before-make; the TLB is flushed for the range afterwards.
 *
 * Return: the number of PTEs that changed.
 */
unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
				unsigned long end, pgprot_t newprot)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pages = 0, next;

	if (!mm->pgd)
		return 0;
	for (unsigned long addr = start; addr < end; addr = next) {
		pte_t *table;

		next = pmd_addr_end(addr, end);
		table = pte_lookup(mm, addr);
		if (!table)
			continue;
		table -= pte_index(addr);
		for (unsigned long a = addr; a < next; a += PAGE_SIZE) {
			pte_t *ptep = table + pte_index(a);
			pte_t old = ptep_get(ptep), new;

			if (!pte_present(old))
				continue;
			new = pte_modify(old, newprot);
			if (pte_special(old) || is_zero_pfn(pte_pfn(old)))
				new = pte_wrprotect(new) & ~PTE_DIRTY;
			else if (can_change_pte_writable(vma, new))
				new = pte_mkwrite(new);
			if (new == old)
				continue;
			set_pte_at(mm, a, ptep, new);
			pages++;
		}
	}
	if (pages)
		flush_tlb_range(vma, start, end);
	return pages;
}

/* ------------------------------------------------------------------ */
/* Prefaulting (MAP_POPULATE, MAP_LOCKED)                               */

/**
 * mm_populate - fault in a range
 * @mm:		the address space
 * @start:	first address (rounded down to a page)
 * @len:	bytes (the end is rounded up to a page)
 *
 * As Linux's populate_vma_page_range(): a write fault for private
 * writable VMAs (so the pages are private copies at once), a read fault
 * otherwise; pages already mapped well enough are left alone. Holes,
 * VM_IO/VM_PFNMAP and inaccessible (PROT_NONE) VMAs are skipped.
 *
 * Return: 0, -ENOMEM when memory ran out, -EFAULT on another fault error.
 */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = ALIGN(start + len, PAGE_SIZE);
	unsigned long addr = start & PAGE_MASK;

	if (end < addr || end > TASK_SIZE)
		end = TASK_SIZE;
	while (addr < end) {
		unsigned long index = addr;
		struct vm_area_struct *vma = mt_find(&mm->mm_mt, &index, end - 1);
		unsigned int flags = FAULT_FLAG_USER;
		unsigned long a, stop;

		if (!vma)
			break;
		a = max(addr, vma->vm_start);
		stop = min(end, vma->vm_end);
		addr = vma->vm_end;
		if ((vma->vm_flags & (VM_IO | VM_PFNMAP)) || !(vma->vm_flags & VM_ACCESS_FLAGS))
			continue;
		if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			flags |= FAULT_FLAG_WRITE;
		for (; a < stop; a += PAGE_SIZE) {
			pte_t *ptep = pte_lookup(mm, a);
			unsigned int ret;

			if (ptep && pte_valid(*ptep) && pte_young(*ptep) &&
			    (!(flags & FAULT_FLAG_WRITE) || pte_write(*ptep)))
				continue;
			ret = handle_mm_fault(vma, a, flags);
			if (ret & VM_FAULT_OOM)
				return -ENOMEM;
			if (ret & VM_FAULT_ERROR)
				return -EFAULT;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* fork: copying page tables (Linux's copy_page_range)                 */

/* Private mappings that may become writable share pages copy-on-write. */
static bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/*
 * One more mapping of @page, in @vma (Linux's page_dup_rmap): the page
 * stays in NR_ANON_PAGES once, but each mm's RSS counts it.
 */
static void page_dup_rmap(struct page *page, struct vm_area_struct *vma)
{
	get_page(page);
	page->_mapcount++;
	vma->vm_mm->rss_stat[mm_counter(page)]++;
}

/*
 * Copy one present PTE. A writable private page is write-protected in the
 * parent as well as the child, so the first write on either side goes to
 * do_wp_page(), which copies while page_mapcount() > 1. Shared pages stay
 * writable, clean in the child (dirtiness is the parent's to report).
 * The child's entry starts old, as Linux's.
 * Return: whether the parent's entry was write-protected.
 */
static bool copy_present_pte(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			     pte_t *dst_pte, pte_t *src_pte, unsigned long addr)
{
	pte_t pte = ptep_get(src_pte);
	struct page *page = vm_normal_page(src_vma, pte);
	bool wrprotected = false;

	if (is_cow_mapping(src_vma->vm_flags) && pte_write(pte)) {
		ptep_set_wrprotect(src_vma->vm_mm, addr, src_pte);
		pte = pte_wrprotect(pte);
		wrprotected = true;
	}
	if (src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	pte = pte_mkold(pte);
	if (page)
		page_dup_rmap(page, dst_vma);
	set_pte_at(dst_vma->vm_mm, addr, dst_pte, pte);
	return wrprotected;
}

/**
 * copy_page_range - copy the page tables of @src_vma into @dst_vma (fork)
 * @dst_vma:	the child's copy of @src_vma (same range, in the child's mm)
 * @src_vma:	the parent's VMA
 *
 * Every present PTE is duplicated: the page gets one more mapping and
 * reference (the zero page none), and private writable pages become
 * read-only on both sides for copy-on-write. The parent's TLB is flushed
 * for the range when an entry lost its write permission.
 * On failure the entries copied so far stay in the child and are
 * accounted, so tearing the child down (mmput) undoes them.
 *
 * Return: 0, or -ENOMEM when a page-table page could not be allocated.
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct mm_struct *src_mm = src_vma->vm_mm, *dst_mm = dst_vma->vm_mm;
	unsigned long end = src_vma->vm_end, next;
	bool flush = false;
	int ret = 0;

	if (!src_mm->pgd)
		return 0;
	/* Nothing to share: the child starts empty there (VM_WIPEONFORK). */
	if (dst_vma->vm_flags & VM_WIPEONFORK)
		return 0;
	for (unsigned long addr = src_vma->vm_start; addr < end; addr = next) {
		pte_t *src_table;

		next = pmd_addr_end(addr, end);
		src_table = pte_lookup(src_mm, addr);
		if (!src_table)
			continue;
		src_table -= pte_index(addr);
		for (unsigned long a = addr; a < next; a += PAGE_SIZE) {
			pte_t *src_pte = src_table + pte_index(a), *dst_pte;

			if (!pte_present(ptep_get(src_pte)))
				continue;
			dst_pte = pte_alloc_map(dst_mm, a);
			if (!dst_pte) {
				ret = -ENOMEM;
				goto out;
			}
			if (copy_present_pte(dst_vma, src_vma, dst_pte, src_pte, a))
				flush = true;
		}
	}
out:
	if (flush)
		flush_tlb_range(src_vma, src_vma->vm_start, src_vma->vm_end);
	return ret;
}

/* ------------------------------------------------------------------ */
/* mremap: moving page-table entries (Linux's move_page_tables)        */

/**
 * move_page_tables - move the PTEs of [@old_addr, @old_addr + @len) in
 * @vma to @new_addr in @new_vma, without copying any data
 * @vma:	the VMA the range is in now
 * @old_addr:	page-aligned start of the range
 * @new_vma:	the VMA that covers [@new_addr, @new_addr + @len) (same mm)
 * @new_addr:	page-aligned destination
 * @len:	page-aligned length
 *
 * Each present entry is cleared at the old address and written unchanged
 * at the new one: the same frame, mapcount and reference, only its
 * virtual address changes. The old range's TLB entries are flushed once
 * (the old entries are gone before the flush; the pages are not freed,
 * so a stale TLB entry until then is harmless). Empty page tables left at
 * the old address are the caller's to free (munmap does).
 *
 * Return: bytes moved: @len, or less when a page-table page could not be
 * allocated (the caller moves them back, as Linux's move_vma does).
 */
unsigned long move_page_tables(struct vm_area_struct *vma, unsigned long old_addr,
			       struct vm_area_struct *new_vma, unsigned long new_addr,
			       unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long done = 0;
	bool moved = false;

	if (!mm->pgd)
		return len;
	for (; done < len; done += PAGE_SIZE) {
		pte_t *old_pte = pte_lookup(mm, old_addr + done), *new_pte;
		pte_t pte;

		if (!old_pte || pte_none(ptep_get(old_pte)))
			continue;
		/* The destination's tables first: a failure must lose nothing. */
		new_pte = pte_alloc_map(new_vma->vm_mm, new_addr + done);
		if (!new_pte)
			break;
		pte = ptep_get_and_clear(mm, old_addr + done, old_pte);
		set_pte_at(new_vma->vm_mm, new_addr + done, new_pte, pte);
		moved = true;
	}
	if (moved)
		flush_tlb_range(vma, old_addr, old_addr + len);
	return done;
}
