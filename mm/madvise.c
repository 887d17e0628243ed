// SPDX-License-Identifier: GPL-2.0
/*
 * madvise(): advice about a range's future use (Linux's mm/madvise.c
 * semantics, Arbor's code).
 *
 *   do_madvise: advice and alignment checks, then madvise_walk_vmas
 *     madvise_walk_vmas: the advice is applied VMA by VMA; a hole in the
 *       range does not stop the walk, but the call returns -ENOMEM at the end
 *     madvise_vma_behavior:
 *       MADV_DONTNEED   zap the PTEs (zap_page_range_single): private
 *                       anonymous memory reads back as zeroes afterwards.
 *                       Page tables stay, as in Linux. MAP_SHARED anonymous
 *                       memory keeps its pages: Linux refills it from shmem.
 *       MADV_FREE       private anonymous pages mapped only here become
 *                       clean and old; Linux drops such pages at reclaim
 *                       unless they were written again. Arbor has no
 *                       reclaim, so the data stays (Linux without memory
 *                       pressure); a write simply dirties the page again.
 *       MADV_WILLNEED   anonymous memory: Linux only starts swap-in of
 *                       swapped-out pages (it never allocates); Arbor has
 *                       no swap, so this is a no-op that succeeds.
 *       MADV_POPULATE_READ, MADV_POPULATE_WRITE
 *                       Linux's way to prefault: every page is faulted in
 *                       as a read (the zero page for private anonymous
 *                       memory) or a write (private copies), through
 *                       handle_mm_fault; VMAs that do not allow the access
 *                       (or VM_IO/VM_PFNMAP) give -EINVAL, as gup's
 *                       check_vma_flags() does without FOLL_FORCE
 *       MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL
 *                       VM_RAND_READ / VM_SEQ_READ on the VMA, split out of
 *                       it or merged with a neighbour (vma_modify_flags)
 *
 * Also the "madvise" shell command.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/mmtrace.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/pgtable.h>
#include <asm/tlb.h>

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return true;
	default:
		return false;
	}
}

static const char *madvise_name(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL:	return "MADV_NORMAL";
	case MADV_RANDOM:	return "MADV_RANDOM";
	case MADV_SEQUENTIAL:	return "MADV_SEQUENTIAL";
	case MADV_WILLNEED:	return "MADV_WILLNEED";
	case MADV_DONTNEED:	return "MADV_DONTNEED";
	case MADV_FREE:		return "MADV_FREE";
	case MADV_POPULATE_READ: return "MADV_POPULATE_READ";
	case MADV_POPULATE_WRITE: return "MADV_POPULATE_WRITE";
	default:		return "?";
	}
}

/* Linux's vma_is_anonymous(): no vm_ops (a private /dev/zero mapping has a file but none). */
static bool madvise_vma_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

/*
 * MADV_FREE on [start, end) of a private anonymous VMA: each page mapped
 * only here becomes clean and old, so that a reclaim pass could drop it
 * unless it is written again. Shared pages (mapcount > 1, e.g. after a
 * fork) and the zero page are left alone, as in Linux.
 */
static void madvise_free_single_vma(struct vm_area_struct *vma, unsigned long start,
				    unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long changed = 0;

	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = pte_lookup(mm, addr);
		pte_t old, new;
		struct page *page;

		if (!ptep)
			continue;
		old = ptep_get(ptep);
		if (!pte_valid(old) || pte_special(old) || is_zero_pfn(pte_pfn(old)) ||
		    !pfn_valid(pte_pfn(old)))
			continue;
		page = pfn_to_page(pte_pfn(old));
		if (!PageAnon(page) || page_mapcount(page) != 1)
			continue;
		ClearPageDirty(page);
		/* Clean (AP[2] set again on a DBM entry) and old: a later access is seen. */
		new = pte_mkold(pte_mkclean(old));
		if (new == old)
			continue;
		set_pte_at(mm, addr, ptep, new);
		changed++;
	}
	if (changed)
		flush_tlb_range(vma, start, end);
}

static int madvise_dontneed_free(struct vm_area_struct *vma, struct vm_area_struct **prev,
				 unsigned long start, unsigned long end, int behavior)
{
	*prev = vma;
	/* Locked and raw-PFN memory cannot be given back (can_madv_lru_vma). */
	if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
		return -EINVAL;
	if (behavior == MADV_DONTNEED) {
		/*
		 * Only the PTEs go: shared anonymous memory (shmem) and file
		 * pages stay in the page cache and the next fault finds them;
		 * private anonymous pages and COW copies are freed.
		 */
		zap_page_range_single(vma, start, end - start);
		return 0;
	}
	if (!madvise_vma_anonymous(vma))
		return -EINVAL;
	madvise_free_single_vma(vma, start, end);
	return 0;
}

/*
 * MADV_POPULATE_(READ|WRITE) on [start, end) of @vma (Linux's
 * faultin_vma_page_range): pages already mapped well enough are skipped,
 * so that only real faults are counted.
 */
static int madvise_populate(struct vm_area_struct *vma, struct vm_area_struct **prev,
			    unsigned long start, unsigned long end, int behavior)
{
	bool write = behavior == MADV_POPULATE_WRITE;
	unsigned int flags = FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0);
	vm_flags_t need = write ? VM_WRITE : VM_READ;

	*prev = vma;
	if ((vma->vm_flags & (VM_IO | VM_PFNMAP)) || !(vma->vm_flags & need))
		return -EINVAL;
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = pte_lookup(vma->vm_mm, addr);
		unsigned int ret;

		if (ptep && pte_valid(ptep_get(ptep)) &&
		    (!write || (pte_write(ptep_get(ptep)) && pte_dirty(ptep_get(ptep)))))
			continue;
		ret = handle_mm_fault(vma, addr, flags);
		if (ret & VM_FAULT_OOM)
			return -ENOMEM;
		if (ret & VM_FAULT_ERROR)
			return -EFAULT;	/* SIGSEGV / SIGBUS */
	}
	return 0;
}

/* NORMAL/RANDOM/SEQUENTIAL: new flags for [start, end), split or merged. */
static int madvise_update_vma(struct vm_area_struct *vma, struct vm_area_struct **prev,
			      unsigned long start, unsigned long end, vm_flags_t new_flags)
{
	int err;

	if (new_flags == vma->vm_flags) {
		*prev = vma;
		return 0;
	}
	vma = vma_modify_flags(*prev, vma, start, end, new_flags, &err);
	if (!vma)
		return err;
	*prev = vma;
	return 0;
}

static int madvise_vma_behavior(struct vm_area_struct *vma, struct vm_area_struct **prev,
				unsigned long start, unsigned long end, int behavior)
{
	vm_flags_t new_flags = vma->vm_flags;
	int err;

	mm_trace("madvise_vma_behavior %s %#lx-%#lx", madvise_name(behavior), start, end);
	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_FREE:
		return madvise_dontneed_free(vma, prev, start, end, behavior);
	case MADV_WILLNEED:
		/* Files: read the range into the page cache now (Linux's
		 * madvise_willneed -> vfs_fadvise); anonymous: swap-in only,
		 * and there is no swap. */
		*prev = vma;
		if (vma->vm_file && !vma_is_shmem(vma)) {
			loff_t off = (loff_t)(start - vma->vm_start) +
				     ((loff_t)vma->vm_pgoff << PAGE_SHIFT);

			force_page_cache_readahead(vma->vm_file, (unsigned long)(off >> PAGE_SHIFT),
						   (end - start) >> PAGE_SHIFT);
		}
		return 0;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return madvise_populate(vma, prev, start, end, behavior);
	case MADV_NORMAL:
		new_flags &= ~(VM_RAND_READ | VM_SEQ_READ);
		break;
	case MADV_SEQUENTIAL:
		new_flags = (new_flags & ~VM_RAND_READ) | VM_SEQ_READ;
		break;
	case MADV_RANDOM:
		new_flags = (new_flags & ~VM_SEQ_READ) | VM_RAND_READ;
		break;
	}
	err = madvise_update_vma(vma, prev, start, end, new_flags);
	/* Linux: a split that found no memory is worth retrying. */
	return err == -ENOMEM ? -EAGAIN : err;
}

/**
 * do_madvise - Linux's madvise() on @mm
 * @mm:		the address space
 * @start:	page-aligned start
 * @len_in:	bytes (rounded up to pages); 0 does nothing
 * @behavior:	MADV_NORMAL, _RANDOM, _SEQUENTIAL, _WILLNEED, _DONTNEED, _FREE,
 *		_POPULATE_READ, _POPULATE_WRITE
 *
 * The advice is applied to every mapped part of the range; holes are
 * skipped and reported at the end.
 * Return: 0, -EINVAL (unknown advice, unaligned @start, a length that
 * wraps; DONTNEED/FREE on VM_LOCKED or VM_PFNMAP memory, FREE on memory
 * that is not private anonymous, POPULATE on a VMA without the access),
 * -ENOMEM (part of the range is not mapped: the mapped parts were advised
 * all the same; or POPULATE ran out of memory), -EAGAIN (no memory to
 * split a VMA for NORMAL/RANDOM/SEQUENTIAL), -EFAULT (POPULATE hit a
 * fault that would be a signal).
 */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in, int behavior)
{
	struct vm_area_struct *vma, *prev;
	unsigned long end, tmp, len;
	int unmapped_error = 0, error;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (offset_in_page(start))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	/* A length that wraps when rounded up. */
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;

	vma = find_vma_prev(mm, start, &prev);
	if (vma && start > vma->vm_start)
		prev = vma;
	for (;;) {
		if (!vma)
			return -ENOMEM;
		/* A hole before this VMA: skip it, remember it. */
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = madvise_vma_behavior(vma, &prev, start, tmp, behavior);
		if (error)
			return error;
		start = tmp;
		/* prev may have grown past tmp by a merge. */
		if (prev && start < prev->vm_end)
			start = prev->vm_end;
		if (start >= end)
			break;
		vma = find_vma(mm, prev ? prev->vm_end : start);
	}
	return unmapped_error;
}

static const struct {
	const char *name;
	int advice;
} madvise_names[] = {
	{ "normal", MADV_NORMAL }, { "random", MADV_RANDOM },
	{ "sequential", MADV_SEQUENTIAL }, { "willneed", MADV_WILLNEED },
	{ "dontneed", MADV_DONTNEED }, { "free", MADV_FREE },
	{ "populate_read", MADV_POPULATE_READ }, { "populate_write", MADV_POPULATE_WRITE },
};

static int cmd_madvise(int argc, char **argv)
{
	u64 addr, len, v;
	int advice = -1;

	if (argc != 4 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	for (unsigned int i = 0; i < ARRAY_SIZE(madvise_names); i++)
		if (!strcmp(argv[3], madvise_names[i].name))
			advice = madvise_names[i].advice;
	/* A number passes through, so that unknown advice can be tried. */
	if (advice < 0) {
		if (parse_num(argv[3], &v) || v > 0x7fffffff)
			return -EINVAL;
		advice = (int)v;
	}
	return shell_print_result(do_madvise(current_mm, addr, len, advice));
}
SHELL_CMD(madvise, "madvise", "<addr> <len> <advice>",
	  "advice: dontneed, willneed, free, normal, random, sequential, populate_read,"
	  " populate_write (or a number)",
	  cmd_madvise);
