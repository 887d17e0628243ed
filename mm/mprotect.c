// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect(): new access bits for a range, VMA by VMA (Linux's
 * mm/mprotect.c semantics, Arbor's code). Each piece is split out of its
 * VMA or merged with a neighbour (vma_modify_flags), then its PTEs are
 * rewritten in place (change_protection, the arch side of the contract).
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/mman.h>

/* Everything mprotect() accepts in prot on arm64 (no BTI/MTE yet). */
#define PROT_VALID	(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)

static int mprotect_fixup(struct vm_area_struct *vma, struct vm_area_struct **pprev,
			  unsigned long start, unsigned long end, vm_flags_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t oldflags = vma->vm_flags;
	long nrpages = (end - start) >> PAGE_SHIFT;
	int err;

	if (newflags == oldflags) {
		*pprev = vma;
		return 0;
	}
	/*
	 * A private mapping made writable is charged from now on; Linux 6.x
	 * uncharges one that loses write before it was ever faulted (no
	 * anon_vma: nothing to keep charged).
	 */
	if (newflags & VM_WRITE) {
		if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
			newflags |= VM_ACCOUNT;
	} else if ((oldflags & VM_ACCOUNT) && !vma->vm_file && !vma->anon_vma) {
		newflags &= ~VM_ACCOUNT;
	}

	vma = vma_modify_flags(*pprev, vma, start, end, newflags, &err);
	if (!vma)
		return err;
	*pprev = vma;
	change_protection(vma, start, end, vma->vm_page_prot);
	vm_stat_account(mm, oldflags, -nrpages);
	vm_stat_account(mm, newflags, nrpages);
	return 0;
}

/**
 * do_mprotect_pkey - Linux's mprotect() on current_mm
 * @start:	page-aligned start
 * @len:	bytes (rounded up to pages); 0 does nothing
 * @prot:	PROT_READ/WRITE/EXEC/SEM, PROT_GROWSDOWN to extend down to the
 *		start of a growing-down VMA
 * @pkey:	protection key (-1: none; Arbor has none)
 *
 * VMAs are changed one after the other, so a hole or a refusal found past
 * the first VMA leaves the earlier ones changed, as in Linux.
 * Return: 0, -EINVAL (unaligned @start, unknown prot bits, both GROWS bits,
 * PROT_GROWSDOWN on a VMA that does not grow down), -ENOMEM (a hole in the
 * range, wrapping, no memory for a split, too many mappings), -EACCES
 * (more access than the VMA's VM_MAY* bits allow).
 */
int do_mprotect_pkey(unsigned long start, size_t len, unsigned long prot, int pkey)
{
	struct mm_struct *mm = current_mm;
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	unsigned long end, nstart, tmp;
	struct vm_area_struct *vma, *prev;
	int error;

	(void)pkey;
	prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (offset_in_page(start))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~PROT_VALID)
		return -EINVAL;

	vma = find_vma_intersection(mm, start, end);
	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else {
		if (vma->vm_start > start)
			return -ENOMEM;
		if (grows & PROT_GROWSUP)
			return -EINVAL;	/* no VM_GROWSUP on arm64 */
	}
	find_vma_prev(mm, vma->vm_start, &prev);
	if (start > vma->vm_start)
		prev = vma;

	nstart = start;
	tmp = vma->vm_start;
	error = 0;
	while (vma && vma->vm_start < end) {
		vm_flags_t newflags;

		if (vma->vm_start != tmp) {
			error = -ENOMEM;	/* a hole */
			break;
		}
		newflags = ((prot & PROT_READ) ? VM_READ : 0) |
			   ((prot & PROT_WRITE) ? VM_WRITE : 0) |
			   ((prot & PROT_EXEC) ? VM_EXEC : 0);
		newflags |= vma->vm_flags & ~VM_ACCESS_FLAGS;
		/* VM_MAY* sit four bits above the bits they allow. */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			error = -EACCES;
			break;
		}
		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = mprotect_fixup(vma, &prev, nstart, tmp, newflags);
		if (error)
			break;
		/* prev now covers [.., tmp): continue after it. */
		tmp = prev->vm_end;
		nstart = tmp;
		if (nstart >= end)
			break;
		vma = find_vma(mm, nstart);
	}
	if (!error && tmp < end)
		error = -ENOMEM;
	return error;
}
