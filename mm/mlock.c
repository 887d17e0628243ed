// SPDX-License-Identifier: GPL-2.0
/*
 * mlock(), mlock2(MLOCK_ONFAULT) and munlock() (Linux's mm/mlock.c
 * semantics, Arbor's code).
 *
 *   do_mlock: the range widened to whole pages (no alignment needed)
 *     apply_vma_lock_flags: VM_LOCKED (| VM_LOCKONFAULT) set or cleared VMA by
 *       VMA through mlock_fixup -> vma_modify_flags (split / merge), with
 *       mm->locked_vm kept; a hole fails with -ENOMEM (the parts before it
 *       stay changed, as in Linux)
 *     mlock_populate: fault every page in (Linux's __mm_populate), except
 *       with VM_LOCKONFAULT; an inaccessible (PROT_NONE) VMA cannot be
 *       populated: -EFAULT, which mlock() reports as -ENOMEM
 *
 * Arbor has no reclaim, so "locked" changes what is resident only through
 * the populate step; MADV_DONTNEED refuses locked memory, and smaps shows
 * it under Locked.
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/mmtrace.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

/* VMAs whose flags mlock leaves alone (Linux's VM_SPECIAL). */
#define VM_SPECIAL_MLOCK	(VM_IO | VM_DONTEXPAND | VM_PFNMAP)

static int mlock_fixup(struct vm_area_struct *vma, struct vm_area_struct **prev,
		       unsigned long start, unsigned long end, vm_flags_t newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t oldflags = vma->vm_flags;
	long nr_pages;
	int err;

	if (newflags == oldflags || (oldflags & VM_SPECIAL_MLOCK))
		goto out;	/* nothing to change, or never locked nor counted */
	vma = vma_modify_flags(*prev, vma, start, end, newflags, &err);
	if (!vma)
		return err;
	mm_trace("mlock_fixup %#lx-%#lx %s", start, end,
		 (newflags & VM_LOCKED) ? "lock" : "unlock");
	nr_pages = (long)((end - start) >> PAGE_SHIFT);
	if (!(newflags & VM_LOCKED))
		nr_pages = -nr_pages;
	else if (oldflags & VM_LOCKED)
		nr_pages = 0;	/* already counted (ONFAULT changed only) */
	mm->locked_vm += nr_pages;
out:
	*prev = vma;
	return 0;
}

/*
 * Give [start, start + len) (page-aligned) the lock bits @flags (0 to
 * unlock). Return: 0, -EINVAL (wraps), -ENOMEM (a hole, or no memory).
 */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start, size_t len,
				vm_flags_t flags)
{
	unsigned long end = start + len, nstart, tmp;
	struct vm_area_struct *vma, *prev;
	int error;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* The range must start inside a VMA. */
	vma = vma_lookup(mm, start);
	if (!vma)
		return -ENOMEM;
	find_vma_prev(mm, vma->vm_start, &prev);
	if (start > vma->vm_start)
		prev = vma;

	nstart = start;
	for (;;) {
		vm_flags_t newflags = (vma->vm_flags & ~VM_LOCKED_MASK) | flags;

		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = mlock_fixup(vma, &prev, nstart, tmp, newflags);
		if (error)
			return error;
		/* prev now covers [.., tmp) and maybe more (a merge with the next). */
		nstart = prev->vm_end;
		if (nstart >= end)
			return 0;
		vma = find_vma(mm, nstart);
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;	/* a hole */
	}
}

/*
 * Linux's __mm_populate() for mlock: fault in the locked VMAs of the range.
 * Return: 0, -EFAULT (an inaccessible VMA), -ENOMEM (out of memory).
 */
static int mlock_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len, addr = start;

	while (addr < end) {
		struct vm_area_struct *vma = find_vma_intersection(mm, addr, end);
		unsigned long a, b;
		int err;

		if (!vma)
			break;
		a = addr > vma->vm_start ? addr : vma->vm_start;
		b = vma->vm_end < end ? vma->vm_end : end;
		addr = vma->vm_end;
		if (vma->vm_flags & (VM_IO | VM_PFNMAP))
			continue;
		if (vma->vm_flags & VM_LOCKONFAULT)
			continue;	/* pages are locked as they fault in */
		/* gup without FOLL_FORCE: PROT_NONE cannot be faulted in. */
		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			return -EFAULT;
		err = mm_populate(mm, a, b - a);
		if (err)
			return err == -ENOMEM ? -ENOMEM : -EFAULT;
	}
	return 0;
}

/**
 * do_mlock - Linux's mlock() (@flags VM_LOCKED) and mlock2() (VM_LOCKED |
 * VM_LOCKONFAULT for MLOCK_ONFAULT) on @mm
 * @mm:		the address space
 * @start:	any address; the range is widened to whole pages
 * @len:	bytes
 * @flags:	VM_LOCKED, or VM_LOCKED | VM_LOCKONFAULT
 *
 * The caller is privileged (CAP_IPC_LOCK): RLIMIT_MEMLOCK does not apply.
 * Return: 0, -EINVAL (the range wraps), -ENOMEM (part of the range is not
 * mapped, or an inaccessible VMA could not be populated), -EAGAIN (memory
 * ran out while populating).
 */
int do_mlock(struct mm_struct *mm, unsigned long start, size_t len, vm_flags_t flags)
{
	int error;

	len = PAGE_ALIGN(len + offset_in_page(start));
	start &= PAGE_MASK;
	error = apply_vma_lock_flags(mm, start, len, flags);
	if (error)
		return error;
	error = mlock_populate(mm, start, len);
	/* __mlock_posix_error_return(): POSIX wants these two codes. */
	if (error == -EFAULT)
		return -ENOMEM;
	if (error == -ENOMEM)
		return -EAGAIN;
	return error;
}

/**
 * do_munlock - Linux's munlock() on @mm
 * @mm:		the address space
 * @start:	any address; the range is widened to whole pages
 * @len:	bytes
 *
 * Return: 0, -EINVAL (the range wraps), -ENOMEM (part of the range is not
 * mapped, or no memory to split a VMA).
 */
int do_munlock(struct mm_struct *mm, unsigned long start, size_t len)
{
	len = PAGE_ALIGN(len + offset_in_page(start));
	start &= PAGE_MASK;
	return apply_vma_lock_flags(mm, start, len, 0);
}

static int cmd_mlock(int argc, char **argv)
{
	vm_flags_t flags = VM_LOCKED;
	u64 addr, len;

	if (argc < 3 || argc > 4 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	if (argc == 4) {
		if (strcmp(argv[3], "onfault"))
			return -EINVAL;
		flags |= VM_LOCKONFAULT;	/* mlock2(MLOCK_ONFAULT) */
	}
	return shell_print_result(do_mlock(current_mm, addr, len, flags));
}
SHELL_CMD(mlock, "mlock", "<addr> <len> [onfault]",
	  "lock a range (mlock, or mlock2 MLOCK_ONFAULT) and fault it in", cmd_mlock);

static int cmd_munlock(int argc, char **argv)
{
	u64 addr, len;

	if (argc != 3 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	return shell_print_result(do_munlock(current_mm, addr, len));
}
SHELL_CMD(munlock, "munlock", "<addr> <len>", "unlock a range", cmd_munlock);
