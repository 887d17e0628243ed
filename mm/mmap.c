// SPDX-License-Identifier: GPL-2.0
/*
 * mmap() and brk() on the VMA tree (Linux's mm/mmap.c semantics, Arbor's code).
 *
 *   vm_mmap -> do_mmap: argument checks, VM_* flags
 *                -> get_unmapped_area: top-down from mmap_base (mas_empty_area_rev),
 *                   then bottom-up from TASK_UNMAPPED_BASE
 *                -> mmap_region: MAP_FIXED unmaps, merge with prev/next (vma_expand)
 *                   or a new VMA
 *           -> mm_populate (MAP_POPULATE / MAP_LOCKED)
 *   sys_brk -> do_vmi_munmap (shrink) or do_brk_flags (grow, merging with the heap)
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/mmtrace.h>
#include <arbor/printk.h>


static unsigned long vm_start_gap(struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	/* A stack that grows down keeps a guard gap below it free. */
	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= stack_guard_gap;
		if (start > vma->vm_start)
			start = 0;
	}
	return start;
}

/*
 * Linux's unmapped_area_topdown(): the highest gap of @length in
 * [@low_limit, @high_limit) that leaves a growing-down stack above it its
 * guard gap. Returns the address or -ENOMEM.
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long length,
					   unsigned long low_limit, unsigned long high_limit)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *next;
	unsigned long gap;

	if (low_limit < mmap_min_addr)
		low_limit = mmap_min_addr;
retry:
	if (high_limit <= low_limit ||
	    mas_empty_area_rev(&mas, low_limit, high_limit - 1, length))
		return -ENOMEM;
	gap = mas.last + 1 - length;
	next = find_vma(mm, mas.last);
	if (next && vm_start_gap(next) <= mas.last) {
		high_limit = vm_start_gap(next);
		goto retry;
	}
	return gap;
}

/* Linux's unmapped_area(): the lowest gap, the fallback when top-down fails. */
static unsigned long unmapped_area(struct mm_struct *mm, unsigned long length,
				   unsigned long low_limit, unsigned long high_limit)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *next;

	if (low_limit < mmap_min_addr)
		low_limit = mmap_min_addr;
retry:
	if (high_limit <= low_limit ||
	    mas_empty_area(&mas, low_limit, high_limit - 1, length))
		return -ENOMEM;
	next = find_vma(mm, mas.last);
	if (next && vm_start_gap(next) <= mas.last) {
		low_limit = next->vm_end;
		goto retry;
	}
	return mas.index;
}

/* arm64 uses the generic top-down allocator (arch_get_unmapped_area_topdown). */
static unsigned long arch_get_unmapped_area_topdown(struct mm_struct *mm, unsigned long addr,
						    unsigned long len, unsigned long flags)
{
	struct vm_area_struct *vma, *prev;
	unsigned long mmap_end = TASK_SIZE;

	if (len > mmap_end - mmap_min_addr)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return addr;
	if (addr) {
		/* The hint is honoured when the range there is free (with guard gaps). */
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (mmap_end - len >= addr && addr >= mmap_min_addr &&
		    (!vma || addr + len <= vm_start_gap(vma)) &&
		    (!prev || addr >= prev->vm_end))
			return addr;
	}
	addr = unmapped_area_topdown(mm, len, PAGE_SIZE, mm->mmap_base);
	if (IS_ERR_VALUE(addr))
		addr = unmapped_area(mm, len, TASK_UNMAPPED_BASE, mmap_end);
	return addr;
}

/**
 * get_unmapped_area - where a mapping of @len bytes goes in current_mm
 * @file:	the file (NULL: anonymous)
 * @addr:	the hint, or the address itself with MAP_FIXED
 * @len:	page-aligned length
 * @pgoff:	page offset in the file
 * @flags:	MAP_* flags
 *
 * Return: the address, or -ENOMEM (no room, or beyond TASK_SIZE) / -EINVAL
 * (a MAP_FIXED address that is not page-aligned), as unsigned long.
 */
unsigned long get_unmapped_area(struct file *file, unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags)
{
	(void)file;
	(void)pgoff;
	if (len > TASK_SIZE)
		return -ENOMEM;
	addr = arch_get_unmapped_area_topdown(current_mm, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (offset_in_page(addr))
		return -EINVAL;
	return addr;
}

/**
 * vma_wants_writenotify - whether the first write to each page of @vma
 * must fault even where the VMA allows writing (Linux's
 * vma_wants_writenotify): shared writable mappings whose owner tracks
 * dirty pages (page_mkwrite), so that a write is never missed, not even by
 * the MMU setting the dirty state itself (FEAT_HAFDBS with PTE_WRITE = DBM)
 * @vma:	the VMA (its vm_ops set)
 * @flags:	the VM_* flags it has or is getting
 */
bool vma_wants_writenotify(const struct vm_area_struct *vma, vm_flags_t flags)
{
	if ((flags & (VM_WRITE | VM_SHARED)) != (VM_WRITE | VM_SHARED))
		return false;
	return vma->vm_ops && vma->vm_ops->page_mkwrite;
}

/**
 * vma_page_prot - the vm_page_prot for @flags: the private (read-only)
 * protection where writes must be seen first (vma_wants_writenotify)
 */
pgprot_t vma_page_prot(const struct vm_area_struct *vma, vm_flags_t flags)
{
	if (vma_wants_writenotify(vma, flags))
		flags &= ~VM_SHARED;
	return vm_get_page_prot(flags);
}

/**
 * mmap_region - map [@addr, @addr + @len) of current_mm with @vm_flags
 * @file:	backing file (NULL: anonymous)
 * @addr:	page-aligned start (from get_unmapped_area)
 * @len:	page-aligned length
 * @vm_flags:	the VMA's flags
 * @pgoff:	page offset of @addr
 *
 * Whatever was mapped there is unmapped first (MAP_FIXED); the range then
 * joins the VMA before and/or after it when their attributes match, or
 * becomes a new VMA.
 * Return: @addr or -ENOMEM.
 */
unsigned long mmap_region(struct file *file, unsigned long addr, unsigned long len,
			  vm_flags_t vm_flags, unsigned long pgoff)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma = NULL, *prev, *next;
	unsigned long end = addr + len, merge_start = addr, merge_end = end;
	MA_STATE(vmi, &mm->mm_mt, addr, addr);
	unsigned long vm_pgoff = pgoff, pglen = len >> PAGE_SHIFT;
	int err;

	err = do_vmi_munmap(mm, addr, len);
	if (err)
		return err;

	/* Private writable memory is charged (Linux's accountable_mapping). */
	if ((vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		vm_flags |= VM_ACCOUNT;

	/* One walk to the gap that is now at addr; its neighbours are a step away. */
	(void)mas_walk(&vmi);
	next = mas_next(&vmi, ULONG_MAX);
	prev = mas_prev(&vmi, 0);	/* back over the gap, or from it when there is no next */
	/*
	 * Linux's vma_merge_new_range(): prev first; next too when prev's and
	 * next's anon_vmas can then be one.
	 */
	if (prev && prev->vm_end == addr &&
	    can_vma_merge_after(prev, vm_flags, NULL, file, pgoff)) {
		merge_start = prev->vm_start;
		vma = prev;
		vm_pgoff = prev->vm_pgoff;
	}
	if (next && next->vm_start == end &&
	    can_vma_merge_before(next, vm_flags, NULL, file, pgoff + pglen) &&
	    (!vma || !prev->anon_vma || !next->anon_vma || prev->anon_vma == next->anon_vma)) {
		merge_end = next->vm_end;
		if (!vma) {
			vma = next;
			vm_pgoff = next->vm_pgoff - pglen;
		}
	}
	if (vma) {
		/* When only next matches, next grows down; nothing is removed. */
		if (!vma_expand(vma, merge_start, merge_end, vm_pgoff,
				vma == prev ? next : NULL)) {
			mm_trace("mmap_region %#lx-%#lx merge %#lx-%#lx", addr, end,
				 vma->vm_start, vma->vm_end);
			goto expanded;
		}
		/* No memory to expand in place: fall back to a new VMA. */
	}

	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	/*
	 * The file sets the VMA up (Linux's call_mmap); shared anonymous
	 * memory gets its own shmem file (shmem_zero_setup). vm_area_free()
	 * drops the file again on failure.
	 */
	if (file) {
		vma->vm_file = get_file(file);
		err = file->f_op->mmap(file, vma);
		if (err)
			goto free_vma;
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
		if (err)
			goto free_vma;
	}
	/* Now that vm_ops are known: shared file pages must report writes. */
	vma->vm_page_prot = vma_page_prot(vma, vm_flags);
	if (vma_link(vma)) {
		err = -ENOMEM;
		goto free_vma;
	}
	if (vma->vm_file)
		vma_link_file(vma);
	mm_trace("mmap_region %#lx-%#lx new", addr, end);
expanded:
	vm_stat_account(mm, vm_flags, pglen);
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += pglen;
	return addr;

free_vma:
	vm_area_free(vma);
	return (unsigned long)(long)err;
}

static vm_flags_t calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static vm_flags_t calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) | ((flags & MAP_SYNC) ? VM_SYNC : 0);
}

/**
 * do_mmap - Linux's do_mmap() for anonymous memory in current_mm
 * @file:	must be NULL (Arbor has no files yet)
 * @addr:	hint, or the exact address with MAP_FIXED / MAP_FIXED_NOREPLACE
 * @len:	bytes (rounded up to pages)
 * @prot:	PROT_*
 * @flags:	MAP_*
 * @vm_flags:	extra VM_* flags
 * @pgoff:	page offset
 * @populate:	set to the bytes to prefault (MAP_POPULATE, MAP_LOCKED), else 0
 *
 * Return: the address, or as unsigned long -EINVAL (zero length, unaligned
 * MAP_FIXED address, neither MAP_SHARED nor MAP_PRIVATE, MAP_SHARED with
 * MAP_GROWSDOWN), -ENOMEM (length overflows when page-aligned, beyond
 * TASK_SIZE, no room, too many mappings), -EOVERFLOW (@pgoff wraps),
 * -EEXIST (MAP_FIXED_NOREPLACE over a mapping; the map type is checked
 * after it, and anonymous MAP_SHARED_VALIDATE is -EINVAL), -EPERM
 * (MAP_FIXED below mmap_min_addr).
 */
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff, unsigned long *populate)
{
	struct mm_struct *mm = current_mm;

	*populate = 0;
	if (!len)
		return -EINVAL;
	/* A hint below mmap_min_addr is moved up to it (round_hint_to_min). */
	if (!(flags & MAP_FIXED) && addr && addr < mmap_min_addr)
		addr = PAGE_ALIGN(mmap_min_addr);
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;

	/* MAP_FIXED_NOREPLACE means MAP_FIXED that refuses to replace. */
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;

	addr = get_unmapped_area(file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	/* An unprivileged task may not map below mmap_min_addr (security_mmap_addr). */
	if (addr < mmap_min_addr)
		return -EPERM;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags |= calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | mm->def_flags |
		    VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file) {
		/*
		 * Linux's checks for files: the map type, then what the open
		 * mode allows. A read-only descriptor gives a shared mapping
		 * that can never become writable (VM_MAYWRITE cleared, so a
		 * later mprotect(PROT_WRITE) is EACCES).
		 */
		switch (flags & MAP_TYPE) {
		case MAP_SHARED_VALIDATE:
			if (flags & ~LEGACY_MAP_MASK)
				return -EOPNOTSUPP;
			fallthrough;
		case MAP_SHARED:
			if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
				return -EACCES;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			if (!(file->f_mode & FMODE_WRITE))
				vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
			fallthrough;
		case MAP_PRIVATE:
			if (!(file->f_mode & FMODE_READ))
				return -EACCES;
			if (!file->f_op || !file->f_op->mmap)
				return -ENODEV;
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
	} else {
		/*
		 * Only now the map type, as Linux does; and for anonymous memory
		 * MAP_SHARED_VALIDATE is no valid type at all (its EOPNOTSUPP for
		 * unknown flags is a file mapping's check): EINVAL, as on Linux 6.18.
		 */
		if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_PRIVATE)
			return -EINVAL;
		if ((flags & MAP_TYPE) == MAP_PRIVATE) {
			pgoff = addr >> PAGE_SHIFT;
		} else {
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			pgoff = 0;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
		}
	}
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;

	addr = mmap_region(file, addr, len, vm_flags, pgoff);
	if (!IS_ERR_VALUE(addr) &&
	    ((vm_flags & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		*populate = len;
	return addr;
}

/**
 * ksys_mmap_pgoff - mmap(2) in current_mm, with prefaulting
 * @addr:	hint or fixed address
 * @len:	bytes
 * @prot:	PROT_*
 * @flags:	MAP_*
 * @fd:		a descriptor of the current address space (ignored with MAP_ANONYMOUS)
 * @pgoff:	file offset in pages
 *
 * Return: the address or a negative errno (see do_mmap(); -EBADF for a bad
 * descriptor, -EACCES/-ENODEV from the file checks).
 */
long ksys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct file *file = NULL;
	unsigned long populate, ret;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((unsigned int)fd);
		if (!file)
			return -EBADF;
	}
	/* ksys_mmap_pgoff drops these two historical flags. */
	flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
	ret = do_mmap(file, addr, len, prot, flags, 0, pgoff, &populate);
	if (file)
		fput(file);
	if (!IS_ERR_VALUE(ret) && populate)
		(void)mm_populate(current_mm, ret, populate);
	return (long)ret;
}

/**
 * sys_mmap - mmap(2) with a byte offset, which must be page aligned (-EINVAL)
 * Return: as ksys_mmap_pgoff().
 */
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off)
{
	if (offset_in_page(off))
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

/**
 * vm_mmap - mmap() of anonymous memory in current_mm, with prefaulting
 * @addr:	hint or fixed address
 * @len:	bytes
 * @prot:	PROT_*
 * @flags:	MAP_* (without MAP_ANONYMOUS descriptor -1 is used: -EBADF)
 *
 * Return: the address or a negative errno (see do_mmap()).
 */
long vm_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags)
{
	return ksys_mmap_pgoff(addr, len, prot, flags, (unsigned long)-1, 0);
}

/**
 * ksys_msync - msync(2): write shared file pages of [@start, @start + @len)
 * back (MS_SYNC); MS_ASYNC does nothing more (pages are already tracked
 * dirty, as Linux since 2.6.19); MS_INVALIDATE is refused on locked memory
 * Return: 0, -EINVAL (bad flags, unaligned start, MS_ASYNC|MS_SYNC),
 * -ENOMEM (a hole in the range), -EBUSY (MS_INVALIDATE on VM_LOCKED), or
 * the writeback error (-EIO, -ENOSPC).
 */
int ksys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current_mm;
	unsigned long end;
	struct vm_area_struct *vma;
	int unmapped_error = 0, error;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (offset_in_page(start))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	for (;;) {
		struct file *file;
		loff_t fstart, fend;

		error = -ENOMEM;
		if (!vma)
			break;
		if (start < vma->vm_start) {
			if (flags == MS_ASYNC)
				break;
			start = vma->vm_start;
			if (start >= end)
				break;
			unmapped_error = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED)) {
			error = -EBUSY;
			break;
		}
		file = vma->vm_file;
		fstart = (loff_t)(start - vma->vm_start) + ((loff_t)vma->vm_pgoff << PAGE_SHIFT);
		fend = fstart + (loff_t)(min(end, vma->vm_end) - start) - 1;
		start = vma->vm_end;
		if ((flags & MS_SYNC) && file && (vma->vm_flags & VM_SHARED)) {
			get_file(file);
			error = vfs_fsync_range(file, fstart, fend, 1);
			fput(file);
			if (error || start >= end)
				break;
		} else if (start >= end) {
			error = 0;
			break;
		}
		vma = find_vma(mm, start);
	}
	return error ? error : unmapped_error;
}

/**
 * do_brk_flags - map [@addr, @addr + @len) as heap, growing @brkvma when it ends at @addr
 * @mm:		the address space
 * @brkvma:	the VMA below @addr (the heap), or NULL
 * @addr:	page-aligned
 * @len:	page-aligned
 * @flags:	extra VM_* flags
 *
 * Return: 0 or -ENOMEM.
 */
int do_brk_flags(struct mm_struct *mm, struct vm_area_struct *brkvma, unsigned long addr,
		 unsigned long len, vm_flags_t flags)
{
	struct vm_area_struct *vma;

	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	if (brkvma && brkvma->vm_end == addr &&
	    can_vma_merge_after(brkvma, flags, NULL, NULL, addr >> PAGE_SHIFT)) {
		if (vma_expand(brkvma, brkvma->vm_start, addr + len, brkvma->vm_pgoff, NULL))
			return -ENOMEM;
		goto out;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_pgoff = addr >> PAGE_SHIFT;
	vma->vm_flags = flags;
	vma->vm_page_prot = vm_get_page_prot(flags);
	if (vma_link(vma)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
out:
	vm_stat_account(mm, flags, len >> PAGE_SHIFT);
	if (flags & VM_LOCKED)
		mm->locked_vm += len >> PAGE_SHIFT;
	return 0;
}

/**
 * sys_brk - move current_mm's program break (Linux's brk())
 * @brk:	the new break; below start_brk (e.g. 0) only asks for the current one
 *
 * Growing maps pages (merged into the heap VMA), shrinking unmaps them; a
 * break that would come within a page (plus guard gap) of another mapping
 * is refused and the old break returned.
 * Return: the break now in effect.
 */
unsigned long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current_mm;
	unsigned long newbrk, oldbrk, origbrk = mm->brk;
	struct vm_area_struct *next, *brkvma;

	if (brk < mm->start_brk)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk < brk || newbrk > TASK_SIZE)	/* wrapped, or beyond user space */
		goto out;
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		/* Shrinking is always allowed, but only the heap's own pages go. */
		brkvma = find_vma_intersection(mm, newbrk, oldbrk);
		if (!brkvma || brkvma->vm_start >= oldbrk)
			goto out;
		if (do_vmi_munmap(mm, newbrk, oldbrk - newbrk))
			goto out;
		mm->brk = brk;
		return brk;
	}
	if (IS_ERR_VALUE(get_unmapped_area(NULL, oldbrk, newbrk - oldbrk, 0, MAP_FIXED)))
		goto out;
	/* Keep a page (and a stack's guard gap) between the heap and the next mapping. */
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;
	/* The heap VMA, if any: the one below oldbrk that reaches above start_brk. */
	find_vma_prev(mm, oldbrk, &brkvma);
	if (brkvma && brkvma->vm_end <= mm->start_brk)
		brkvma = NULL;
	if (do_brk_flags(mm, brkvma, oldbrk, newbrk - oldbrk, 0))
		goto out;
	mm->brk = brk;
	if (mm->def_flags & VM_LOCKED)
		(void)mm_populate(mm, oldbrk, newbrk - oldbrk);
	return brk;
out:
	mm->brk = origbrk;
	return origbrk;
}

/**
 * expand_stack - grow a stack VMA down so that it covers @address
 * @vma:	a VM_GROWSDOWN VMA above @address (find_vma's answer for it)
 * @address:	the faulting address below vma->vm_start
 *
 * Linux's expand_downwards(): the stack may not come within
 * stack_guard_gap of an accessible VMA below it that is not itself a
 * stack (a PROT_NONE guard mapping does not count), nor grow past
 * RLIMIT_STACK (8 MiB), nor below mmap_min_addr.
 *
 * Return: 0 (grown, or already covering), -EFAULT (not a stack), -EPERM
 * (below mmap_min_addr), -ENOMEM (guard gap, limit, or no memory).
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev;
	unsigned long grow;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	address &= PAGE_MASK;
	if (address < mmap_min_addr)
		return -EPERM;
	if (address >= vma->vm_start)
		return 0;
	find_vma_prev(mm, vma->vm_start, &prev);
	if (prev && address < prev->vm_end)
		return -ENOMEM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    address - prev->vm_end < stack_guard_gap)
		return -ENOMEM;
	/* acct_stack_growth(): the whole stack against RLIMIT_STACK. */
	if (vma->vm_end - address > STACK_RLIMIT)
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if (vma_expand(vma, address, vma->vm_end, vma->vm_pgoff - grow, NULL))
		return -ENOMEM;
	vm_stat_account(mm, vma->vm_flags, grow);
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	return 0;
}
