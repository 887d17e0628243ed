// SPDX-License-Identifier: GPL-2.0
/*
 * The "smaps" command: Linux's /proc/<pid>/smaps for the current address
 * space (fs/proc/task_mmu.c semantics and format, Arbor's code).
 *
 * Each VMA's figures come from walking its page tables:
 *   - only "normal" pages count: the shared zero page and special PTEs
 *     are not in Rss (Linux's vm_normal_page() returns NULL for them),
 *     while mincore() does call them resident;
 *   - a page with one reference is private; otherwise its mapcount
 *     decides (>= 2: shared, and Pss gets 1/mapcount of it);
 *   - dirty: the PTE's dirty bit (hardware DBM or software) or PG_dirty;
 *     referenced: the access flag or PG_referenced;
 *   - Locked is the Pss of the pages of a VM_LOCKED VMA;
 *   - LazyFree: anonymous pages MADV_FREE made clean. Arbor does not track
 *     PG_swapbacked; a private anonymous page is created dirty and only
 *     MADV_FREE cleans it, so "clean, private anonymous" is that set.
 * Fields for memory Arbor does not have (KSM, huge pages, swap) print 0,
 * as Linux does when there is none. THPeligible is 0; ProtectionKey is
 * not printed (no pkeys on this CPU), as on Linux/arm64.
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/pgtable.h>

/* The page behind a PTE if it is a normal one (Linux's vm_normal_page()). */
static struct page *smaps_normal_page(struct vm_area_struct *vma, pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);

	if (pte_special(pte) || is_zero_pfn(pfn) || (vma->vm_flags & (VM_PFNMAP | VM_IO)))
		return NULL;
	if (!pfn_valid(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

static void smaps_page_accumulate(struct mem_size_stats *mss, unsigned long size, u64 pss,
				  bool dirty, bool locked, bool private)
{
	mss->pss += pss;
	if (dirty) {
		mss->pss_dirty += pss;
		if (private)
			mss->private_dirty += size;
		else
			mss->shared_dirty += size;
	} else {
		if (private)
			mss->private_clean += size;
		else
			mss->shared_clean += size;
	}
	if (locked)
		mss->pss_locked += pss;
}

static void smaps_pte_entry(struct vm_area_struct *vma, pte_t pte, struct mem_size_stats *mss)
{
	bool locked = vma->vm_flags & VM_LOCKED;
	struct page *page;
	bool dirty, young;
	int mapcount;
	u64 pss;

	if (!pte_present(pte))
		return;
	page = smaps_normal_page(vma, pte);
	if (!page)
		return;
	dirty = pte_dirty(pte) || PageDirty(page);
	young = pte_young(pte) || PageReferenced(page);
	if (PageAnon(page)) {
		mss->anonymous += PAGE_SIZE;
		if (!dirty && !(vma->vm_flags & VM_SHARED))
			mss->lazyfree += PAGE_SIZE;
	}
	mss->resident += PAGE_SIZE;
	if (young)
		mss->referenced += PAGE_SIZE;
	/* One reference: mapped exactly once, here. */
	if (page_count(page) == 1) {
		smaps_page_accumulate(mss, PAGE_SIZE, (u64)PAGE_SIZE << PSS_SHIFT, dirty, locked,
				      true);
		return;
	}
	mapcount = page_mapcount(page);
	pss = (u64)PAGE_SIZE << PSS_SHIFT;
	if (mapcount >= 2)
		pss /= mapcount;
	smaps_page_accumulate(mss, PAGE_SIZE, pss, dirty, locked, mapcount < 2);
}

/**
 * smap_gather_stats - add up what @vma maps, as /proc/<pid>/smaps shows it
 * @vma:	the VMA
 * @mss:	zeroed, then filled (bytes; pss fields << PSS_SHIFT)
 */
void smap_gather_stats(struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long next;

	memset(mss, 0, sizeof(*mss));
	if (!mm->pgd)
		return;
	for (unsigned long addr = vma->vm_start; addr < vma->vm_end; addr = next) {
		pte_t *table;

		next = pmd_addr_end(addr, vma->vm_end);
		table = pte_lookup(mm, addr);
		if (!table)
			continue;	/* no PTE table: nothing mapped in this 2 MiB */
		for (unsigned long a = addr; a < next; a += PAGE_SIZE, table++)
			smaps_pte_entry(vma, ptep_get(table), mss);
	}
}

/* Linux's mnemonics, by VM_* bit; NULL: Arbor has no such flag. */
static const char *const vm_flag_mnemonics[32] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh",
	[4] = "mr", [5] = "mw", [6] = "me", [7] = "ms",
	[8] = "gd", [10] = "pf", [13] = "lo", [14] = "io",
	[15] = "sr", [16] = "rr", [17] = "dc", [18] = "de",
	[19] = "lf", [20] = "ac", [21] = "nr", [23] = "sf",
	[25] = "wf", [26] = "dd",
};

/* "Label:" padded to 16 columns, the kB value in 8 (Linux's SEQ_PUT_DEC). */
static void smaps_line(const char *label, unsigned long bytes)
{
	printk("%-16s%8lu kB\n", label, bytes >> 10);
}

static void show_smap(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct mem_size_stats mss;
	char flags[32 * 3 + 1];
	int n = 0;

	smap_gather_stats(vma, &mss);
	show_map(mm, vma);
	smaps_line("Size:", vma->vm_end - vma->vm_start);
	smaps_line("KernelPageSize:", PAGE_SIZE);
	smaps_line("MMUPageSize:", PAGE_SIZE);
	smaps_line("Rss:", mss.resident);
	smaps_line("Pss:", (unsigned long)(mss.pss >> PSS_SHIFT));
	smaps_line("Pss_Dirty:", (unsigned long)(mss.pss_dirty >> PSS_SHIFT));
	smaps_line("Shared_Clean:", mss.shared_clean);
	smaps_line("Shared_Dirty:", mss.shared_dirty);
	smaps_line("Private_Clean:", mss.private_clean);
	smaps_line("Private_Dirty:", mss.private_dirty);
	smaps_line("Referenced:", mss.referenced);
	smaps_line("Anonymous:", mss.anonymous);
	smaps_line("KSM:", 0);
	smaps_line("LazyFree:", mss.lazyfree);
	smaps_line("AnonHugePages:", 0);
	smaps_line("ShmemPmdMapped:", 0);
	smaps_line("FilePmdMapped:", 0);
	smaps_line("Shared_Hugetlb:", 0);
	/* The one label longer than 16 columns: Linux gives its value 7. */
	printk("Private_Hugetlb: %7lu kB\n", 0UL);
	smaps_line("Swap:", 0);
	smaps_line("SwapPss:", 0);
	smaps_line("Locked:", (unsigned long)(mss.pss_locked >> PSS_SHIFT));
	printk("THPeligible:    %8u\n", 0U);
	for (int bit = 0; bit < 32; bit++)
		if ((vma->vm_flags & (1UL << bit)) && vm_flag_mnemonics[bit])
			n += snprintf(flags + n, sizeof(flags) - n, "%s ", vm_flag_mnemonics[bit]);
	flags[n] = '\0';
	printk("VmFlags: %s\n", flags);
}

static int cmd_smaps(int argc, char **argv)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma;
	unsigned long idx = 0;
	u64 addr;

	if (argc > 2)
		return -EINVAL;
	if (argc == 2) {
		if (parse_num(argv[1], &addr))
			return -EINVAL;
		vma = vma_lookup(mm, addr);
		if (!vma)
			return -ENOENT;
		show_smap(mm, vma);
		return 0;
	}
	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX)
		show_smap(mm, vma);
	return 0;
}
SHELL_CMD(smaps, "smaps", "[addr]",
	  "memory use per VMA (or of the VMA at addr), like /proc/<pid>/smaps", cmd_smaps);
