// SPDX-License-Identifier: GPL-2.0
/*
 * mremap() (Linux's mm/mremap.c semantics, Arbor's code).
 *
 *   do_mremap(addr, old_len, new_len, flags, new_addr)
 *     flag and alignment checks                         -> -EINVAL
 *     no VMA at addr                                     -> -EFAULT
 *     MREMAP_FIXED / MREMAP_DONTUNMAP -> mremap_to: unmap the target
 *                                        (FIXED), trim, move_vma
 *     new_len <= old_len  -> unmap the tail, same address
 *     vma_to_resize: old range within one VMA (-EFAULT), ...
 *     old range ends the VMA and the space after is free -> grow in place
 *     MREMAP_MAYMOVE -> get_unmapped_area + move_vma, else -ENOMEM
 *
 *   move_vma: copy_vma (merging at the target when it can) +
 *             move_page_tables (PTEs move, frames stay) + munmap of the
 *             old range (not with MREMAP_DONTUNMAP: it stays, empty)
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/rmap.h>
#include <arbor/shell.h>
#include <arbor/string.h>

/*
 * Linux's vma_to_resize(): the VMA holding [addr, addr + old_len), if the
 * range may become new_len long. Errors as negative values in *err.
 */
static struct vm_area_struct *vma_to_resize(unsigned long addr, unsigned long old_len,
					    unsigned long new_len, unsigned long flags, int *err)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	unsigned long pgoff;

	*err = -EFAULT;
	if (!vma)
		return NULL;
	/* old_len 0 duplicates a shared mapping; private ones cannot. */
	*err = -EINVAL;
	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return NULL;
	if ((flags & MREMAP_DONTUNMAP) && (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return NULL;
	/* Never across VMA boundaries. */
	*err = -EFAULT;
	if (old_len > vma->vm_end - addr)
		return NULL;
	*err = 0;
	if (new_len == old_len)
		return vma;
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	*err = -EINVAL;
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return NULL;
	*err = -EFAULT;
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return NULL;
	*err = 0;
	return vma;
}

/*
 * Linux's copy_vma(): a VMA for [addr, addr + len) with @vma's attributes
 * at page offset @pgoff; joins the VMA before or after the target when
 * they match (the moved range then lands inside it), else a new one.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma, unsigned long addr,
				       unsigned long len, unsigned long pgoff)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long end = addr + len, pglen = len >> PAGE_SHIFT;
	struct vm_area_struct *new, *prev, *next;

	next = find_vma_prev(mm, addr, &prev);
	if (prev && prev->vm_end == addr &&
	    can_vma_merge_after(prev, vma->vm_flags, vma->anon_vma, vma->vm_file, pgoff)) {
		bool with_next = next && next->vm_start == end &&
				 can_vma_merge_before(next, vma->vm_flags, vma->anon_vma,
						      vma->vm_file, pgoff + pglen);

		if (!vma_expand(prev, prev->vm_start, with_next ? next->vm_end : end,
				prev->vm_pgoff, with_next ? next : NULL)) {
			/* The pages moving in bring their anon_vma (copied_from). */
			if (!prev->anon_vma)
				prev->anon_vma = get_anon_vma(vma->anon_vma);
			return prev;
		}
	} else if (next && next->vm_start == end &&
		   can_vma_merge_before(next, vma->vm_flags, vma->anon_vma, vma->vm_file,
					pgoff + pglen)) {
		if (!vma_expand(next, addr, next->vm_end, pgoff, NULL)) {
			if (!next->anon_vma)
				next->anon_vma = get_anon_vma(vma->anon_vma);
			return next;
		}
	}
	new = vm_area_dup(vma);
	if (!new)
		return NULL;
	new->vm_start = addr;
	new->vm_end = end;
	new->vm_pgoff = pgoff;
	if (vma_link(new)) {
		vm_area_free(new);
		return NULL;
	}
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return new;
}

/*
 * Linux's move_vma(): the pages of [old_addr, old_addr + old_len) move to
 * new_addr (already free, new_len long) with their page-table entries.
 */
static unsigned long move_vma(struct vm_area_struct *vma, unsigned long old_addr,
			      unsigned long old_len, unsigned long new_len,
			      unsigned long new_addr, unsigned long flags)
{
	struct mm_struct *mm = vma->vm_mm;
	vm_flags_t vm_flags = vma->vm_flags;
	struct vm_area_struct *new_vma;
	unsigned long new_pgoff, moved;

	/* The move may split the old VMA in up to three and add one. */
	if (mm->map_count >= sysctl_max_map_count - 3)
		return -ENOMEM;
	new_pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	new_vma = copy_vma(vma, new_addr, new_len, new_pgoff);
	if (!new_vma)
		return -ENOMEM;
	moved = move_page_tables(vma, old_addr, new_vma, new_addr, old_len);
	if (moved < old_len) {
		/* Out of page-table memory: put back what moved, drop the target. */
		move_page_tables(new_vma, new_addr, vma, old_addr, moved);
		do_munmap(mm, new_addr, new_len);
		return -ENOMEM;
	}
	vm_stat_account(mm, vm_flags, new_len >> PAGE_SHIFT);
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += new_len >> PAGE_SHIFT;
	if (flags & MREMAP_DONTUNMAP) {
		/*
		 * The old range stays mapped, empty; its pages left with the move.
		 * A VMA moved whole needs its anon_vma no more (Linux's
		 * dontunmap_complete()).
		 */
		if (new_vma != vma && vma->vm_start == old_addr &&
		    vma->vm_end == old_addr + old_len)
			unlink_anon_vmas(vma);
		if (vm_flags & VM_LOCKED_MASK) {
			int err;
			struct vm_area_struct *prev;

			find_vma_prev(mm, old_addr, &prev);
			vma = vma_modify_flags(prev, vma, old_addr, old_addr + old_len,
					       vm_flags & ~VM_LOCKED_MASK, &err);
			if (vma && (vm_flags & VM_LOCKED))
				mm->locked_vm -= old_len >> PAGE_SHIFT;
		}
	} else {
		do_munmap(mm, old_addr, old_len);
	}
	if ((vm_flags & VM_LOCKED) && new_len > old_len)
		(void)mm_populate(mm, new_addr + old_len, new_len - old_len);
	return new_addr;
}

/* MREMAP_FIXED and MREMAP_DONTUNMAP: the move to a chosen (or hinted) address. */
static unsigned long mremap_to(unsigned long addr, unsigned long old_len,
			       unsigned long new_addr, unsigned long new_len,
			       unsigned long flags)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma;
	unsigned long map_flags = 0, ret;
	int err;

	if (offset_in_page(new_addr))
		return -EINVAL;
	if (new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
		return -EINVAL;
	/* The two ranges may not overlap. */
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;
	/* Unmapping the target and the tail may add two VMAs (Linux's margin). */
	if (mm->map_count + 2 >= sysctl_max_map_count - 3)
		return -ENOMEM;
	if (flags & MREMAP_FIXED) {
		err = do_munmap(mm, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	vma = vma_to_resize(addr, old_len, new_len, flags, &err);
	if (!vma)
		return err;
	if (flags & MREMAP_FIXED)
		map_flags |= MAP_FIXED;
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	ret = get_unmapped_area(vma->vm_file, new_addr, new_len,
				vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT), map_flags);
	if (IS_ERR_VALUE(ret))
		return ret;
	if (!(flags & MREMAP_FIXED))
		new_addr = ret;
	return move_vma(vma, addr, old_len, new_len, new_addr, flags);
}

/* Linux's vma_expandable(): nothing in [vm_end, vm_end + delta), all below TASK_SIZE. */
static bool vma_expandable(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;

	if (end < vma->vm_end || end > TASK_SIZE)
		return false;
	if (find_vma_intersection(vma->vm_mm, vma->vm_end, end))
		return false;
	return !IS_ERR_VALUE(get_unmapped_area(NULL, vma->vm_start, end - vma->vm_start, 0,
					       MAP_FIXED));
}

/* Grow @vma by @delta in place, joining the next VMA when it then touches and matches. */
static int vma_grow_in_place(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;
	struct vm_area_struct *next = find_vma(vma->vm_mm, vma->vm_end);

	if (next && next->vm_start == end &&
	    can_vma_merge_before(next, vma->vm_flags, vma->anon_vma, vma->vm_file,
				 vma->vm_pgoff + ((end - vma->vm_start) >> PAGE_SHIFT)))
		return vma_expand(vma, vma->vm_start, next->vm_end, vma->vm_pgoff, next);
	return vma_expand(vma, vma->vm_start, end, vma->vm_pgoff, NULL);
}

unsigned long do_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
			unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma;
	unsigned long delta, map_flags, ret;
	int err;

	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	/* MREMAP_DONTUNMAP always moves, and never resizes. */
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (offset_in_page(addr))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;

	if (!vma_lookup(mm, addr))
		return -EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(addr, old_len, new_addr, new_len, flags);

	/* Shrinking always works in place (the tail may span VMAs). */
	if (old_len >= new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err && old_len != new_len)
			return err;
		return addr;
	}

	vma = vma_to_resize(addr, old_len, new_len, flags, &err);
	if (!vma)
		return err;
	delta = new_len - old_len;
	/* The range ends the VMA: grow it when the space after it is free. */
	if (old_len == vma->vm_end - addr && vma_expandable(vma, delta)) {
		vm_flags_t vm_flags = vma->vm_flags;

		if (vma_grow_in_place(vma, delta))
			return -ENOMEM;
		vm_stat_account(mm, vm_flags, delta >> PAGE_SHIFT);
		if (vm_flags & VM_LOCKED) {
			mm->locked_vm += delta >> PAGE_SHIFT;
			(void)mm_populate(mm, addr + old_len, delta);
		}
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	map_flags = (vma->vm_flags & VM_MAYSHARE) ? MAP_SHARED : 0;
	ret = get_unmapped_area(vma->vm_file, 0, new_len,
				vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT), map_flags);
	if (IS_ERR_VALUE(ret))
		return ret;
	return move_vma(vma, addr, old_len, new_len, ret, flags);
}

/* ------------------------------------------------------------------ */
/* The shell command                                                    */

static int parse_mremap_flags(const char *s, unsigned long *flags)
{
	*flags = 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 7 && !strncmp(s, "maymove", n))
			*flags |= MREMAP_MAYMOVE;
		else if (n == 5 && !strncmp(s, "fixed", n))
			*flags |= MREMAP_FIXED;
		else if (n == 9 && !strncmp(s, "dontunmap", n))
			*flags |= MREMAP_DONTUNMAP;
		else if (n == 1 && *s == '0')
			;	/* no flags */
		else
			return -EINVAL;
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}

static int cmd_mremap(int argc, char **argv)
{
	u64 addr, old_len, new_len, new_addr = 0;
	unsigned long flags = 0, ret;

	if (argc < 4 || argc > 6 || parse_num(argv[1], &addr) || parse_num(argv[2], &old_len) ||
	    parse_num(argv[3], &new_len))
		return -EINVAL;
	if (argc >= 5 && parse_mremap_flags(argv[4], &flags))
		return -EINVAL;
	if (argc == 6 && parse_num(argv[5], &new_addr))
		return -EINVAL;
	ret = do_mremap(addr, old_len, new_len, flags, new_addr);
	if (IS_ERR_VALUE(ret))
		return shell_print_errno((long)ret);
	printk("%#lx\n", ret);
	return 0;
}
SHELL_CMD(mremap, "mremap", "<old> <oldlen> <newlen> [flags] [newaddr]",
	  "resize or move a mapping; flags maymove,fixed,dontunmap", cmd_mremap);
