// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA layer: allocating VMAs, finding them in the mm's maple tree,
 * splitting, expanding and merging them (Linux's mm/vma.c, Arbor's code).
 *
 * A VMA [vm_start, vm_end) is stored in mm->mm_mt as [vm_start, vm_end - 1].
 * Every change to the tree is one mas_store_prealloc() after a
 * mas_preallocate() that may fail: so every operation either fails with
 * -ENOMEM before touching anything, or succeeds completely.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/mmtrace.h>
#include <arbor/printk.h>
#include <arbor/rmap.h>
#include <arbor/slab.h>
#include <arbor/string.h>

static struct kmem_cache *vm_area_cachep;

/* Live vm_area_structs, so that tests can prove nothing leaked. */
unsigned long nr_vm_areas;

static bool vm_area_cache_ready(void)
{
	if (likely(vm_area_cachep))
		return true;
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct),
					   0, SLAB_HWCACHE_ALIGN, NULL);
	return vm_area_cachep != NULL;
}

/**
 * vm_area_alloc - a zeroed VMA belonging to @mm (not yet in its tree)
 * @mm:	the owner
 *
 * Return: the VMA or NULL.
 */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (!vm_area_cache_ready())
		return NULL;
	vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);
	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->shared);
	nr_vm_areas++;
	return vma;
}

/**
 * vm_area_dup - a copy of @orig (same range, flags and backing), not in any tree
 * @orig:	the VMA to copy
 *
 * Return: the copy or NULL.
 */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = vm_area_alloc(orig->vm_mm);

	if (!new)
		return NULL;
	*new = *orig;
	INIT_LIST_HEAD(&new->anon_vma_chain);
	INIT_LIST_HEAD(&new->shared);
	get_anon_vma(new->anon_vma);
	/* The copy maps the same file: it holds the file and joins its i_mmap. */
	if (new->vm_file) {
		get_file(new->vm_file);
		vma_link_file(new);
	}
	return new;
}

/**
 * vm_area_free - free a VMA that is in no tree any more
 * @vma:	the VMA
 */
void vm_area_free(struct vm_area_struct *vma)
{
	unlink_anon_vmas(vma);
	if (vma->vm_file) {
		vma_unlink_file(vma);
		fput(vma->vm_file);
	}
	nr_vm_areas--;
	kmem_cache_free(vm_area_cachep, vma);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	MA_STATE(mas, &mm->mm_mt, addr, addr);

	return mas_find(&mas, ULONG_MAX);
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	MA_STATE(mas, &mm->mm_mt, 0, 0);

	/* The previous VMA is the last one ending at or below the found one's start (or addr). */
	*pprev = NULL;
	if (vma && vma->vm_start <= addr) {
		if (vma->vm_start)
			mas_set(&mas, vma->vm_start - 1);
		else
			return vma;
	} else if (addr) {
		mas_set(&mas, addr - 1);
	} else {
		return vma;
	}
	*pprev = mas_find_rev(&mas, 0);
	return vma;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	return mtree_load(&mm->mm_mt, addr);
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	MA_STATE(mas, &mm->mm_mt, start, start);

	if (end <= start)
		return NULL;
	return mas_find(&mas, end - 1);
}

/* The VMA just above @vma, or NULL. */
static struct vm_area_struct *vma_next_of(struct vm_area_struct *vma)
{
	return find_vma(vma->vm_mm, vma->vm_end);
}

/*
 * Point [start, end) of @mm's tree at @entry (a VMA, or NULL to erase).
 * Preallocation happens in vma_prealloc() so that this cannot fail.
 */
static int vma_prealloc(struct ma_state *mas, struct mm_struct *mm, unsigned long start,
			unsigned long end, void *entry)
{
	mas->tree = &mm->mm_mt;
	mas_set_range(mas, start, end - 1);
	return mas_preallocate(mas, entry, GFP_KERNEL);
}

static void vma_store_prealloc(struct ma_state *mas, void *entry)
{
	mas_store_prealloc(mas, entry);
	mas_destroy(mas);
}

/**
 * vma_link - insert a new VMA into its mm's tree
 * @vma:	the VMA, its range set and free in the tree
 *
 * Return: 0 or -ENOMEM (nothing changed).
 */
int vma_link(struct vm_area_struct *vma)
{
	MA_STATE(mas, NULL, 0, 0);

	if (vma_prealloc(&mas, vma->vm_mm, vma->vm_start, vma->vm_end, vma))
		return -ENOMEM;
	vma_store_prealloc(&mas, vma);
	vma->vm_mm->map_count++;
	return 0;
}

/**
 * split_vma - cut @vma in two at @addr
 * @vma:	the VMA
 * @addr:	page-aligned, strictly inside @vma
 * @new_below:	1: the new VMA takes [vm_start, addr) and @vma keeps the top;
 *		0: the new VMA takes [addr, vm_end)
 *
 * Return: 0, -ENOMEM (sysctl_max_map_count reached, or no memory; nothing
 * changed), -EINVAL (@addr not inside).
 */
int split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new;
	MA_STATE(mas, NULL, 0, 0);

	if (addr <= vma->vm_start || addr >= vma->vm_end || offset_in_page(addr))
		return -EINVAL;
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	if (new_below) {
		new->vm_end = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	}
	/* Storing the new piece cuts the old entry back to what @vma keeps. */
	if (vma_prealloc(&mas, mm, new->vm_start, new->vm_end, new))
		goto out_free;
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	vma_store_prealloc(&mas, new);
	if (new_below) {
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
	} else {
		vma->vm_end = addr;
	}
	mm->map_count++;
	mm_trace("split_vma %#lx-%#lx at %#lx", new_below ? new->vm_start : vma->vm_start,
		 new_below ? vma->vm_end : new->vm_end, addr);
	return 0;

out_free:
	vm_area_free(new);
	return -ENOMEM;
}

/* Linux's is_mergeable_vma(): flags (but soft-dirty), file, ops without close. */
static bool is_mergeable_vma(struct vm_area_struct *vma, vm_flags_t vm_flags, struct file *file)
{
	if (vma->vm_flags != vm_flags)
		return false;
	if (vma->vm_file != file)
		return false;
	if (vma->vm_ops && vma->vm_ops->close)
		return false;
	/* VM_SPECIAL mappings are never merged. */
	if (vm_flags & (VM_IO | VM_DONTEXPAND | VM_PFNMAP))
		return false;
	return true;
}

/*
 * Linux's is_mergeable_anon_vma(): the range's anon_vma @src and the
 * target VMA's @tgt are the same, or one side has none yet and the other
 * is no forked child's (Linux's vma_had_uncowed_parents()).
 */
static bool is_mergeable_anon_vma(struct anon_vma *src, struct anon_vma *tgt)
{
	if (!tgt && src)
		return !anon_vma_has_parent(src);
	if (tgt && !src)
		return !anon_vma_has_parent(tgt);
	return src == tgt;
}

/* Linux's are_anon_vmas_compatible(): prev and next may end up as one VMA. */
static bool anon_vmas_compatible(struct anon_vma *a, struct anon_vma *b)
{
	return !a || !b || a == b;
}

/**
 * can_vma_merge_before - whether a range ending at @vma->vm_start with these
 * attributes and ending at page offset @vm_pgoff can become part of @vma
 */
bool can_vma_merge_before(struct vm_area_struct *vma, vm_flags_t vm_flags, struct anon_vma *anon_vma,
			  struct file *file, unsigned long vm_pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) &&
	       is_mergeable_anon_vma(anon_vma, vma->anon_vma) && vma->vm_pgoff == vm_pgoff;
}

/**
 * can_vma_merge_after - whether a range starting at @vma->vm_end, at page
 * offset @vm_pgoff, can become part of @vma
 */
bool can_vma_merge_after(struct vm_area_struct *vma, vm_flags_t vm_flags, struct anon_vma *anon_vma,
			 struct file *file, unsigned long vm_pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) &&
	       is_mergeable_anon_vma(anon_vma, vma->anon_vma) &&
	       vma->vm_pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) == vm_pgoff;
}

/* A VMA leaves the tree for good: the owner's close hook, then free it. */
static void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	vm_area_free(vma);
}

/**
 * vma_expand - grow @vma to [@start, @end), swallowing @next if @end is its end
 * @vma:	the VMA (in the tree)
 * @start:	new start (<= vm_start)
 * @end:	new end (>= vm_end)
 * @pgoff:	the page offset of @start
 * @next:	the VMA after @vma, removed when @end == next->vm_end, or NULL
 *
 * The range added must be free in the tree but for @next.
 * Return: 0 or -ENOMEM (nothing changed).
 */
int vma_expand(struct vm_area_struct *vma, unsigned long start, unsigned long end,
	       unsigned long pgoff, struct vm_area_struct *next)
{
	struct mm_struct *mm = vma->vm_mm;
	bool remove_next = next && end == next->vm_end;
	MA_STATE(mas, NULL, 0, 0);

	if (vma_prealloc(&mas, mm, start, end, vma))
		return -ENOMEM;
	vma_store_prealloc(&mas, vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (remove_next) {
		if (!vma->anon_vma)
			vma->anon_vma = get_anon_vma(next->anon_vma);
		mm->map_count--;
		remove_vma(next);
	}
	return 0;
}

/**
 * vma_modify_flags - give [@start, @end) of @vma the flags @newflags,
 * merging with the neighbours when they then match and splitting otherwise
 * @prev:	the VMA before @vma (or NULL)
 * @vma:	the VMA; [@start, @end) lies inside it
 * @start:	page-aligned
 * @end:	page-aligned
 * @newflags:	the flags wanted
 * @err:	set to 0 or -ENOMEM
 *
 * Linux's vma_modify() with vma_merge()'s cases for an existing range: the
 * piece joins @prev when it starts at @vma's start, joins the next VMA when
 * it ends at @vma's end, both, or is split out. vm_flags and vm_page_prot
 * of the returned VMA are set; page tables are the caller's business.
 * Return: the VMA now covering [@start, @end), or NULL with *@err set
 * (on -ENOMEM a split already made may remain, as in Linux).
 */
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *prev, struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					vm_flags_t newflags, int *err)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *next = vma_next_of(vma);
	unsigned long pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	unsigned long pglen = (end - start) >> PAGE_SHIFT;
	bool merge_prev, merge_next;
	MA_STATE(mas, NULL, 0, 0);

	*err = 0;
	merge_prev = prev && start == vma->vm_start && prev->vm_end == start &&
		     can_vma_merge_after(prev, newflags, vma->anon_vma, vma->vm_file, pgoff);
	merge_next = next && end == vma->vm_end && next->vm_start == end &&
		     can_vma_merge_before(next, newflags, vma->anon_vma, vma->vm_file,
					  pgoff + pglen);
	if (merge_prev && merge_next &&
	    !anon_vmas_compatible(prev->anon_vma, next->anon_vma))
		merge_next = false;

	if (merge_prev) {
		unsigned long new_end = merge_next ? next->vm_end : end;

		/* prev grows over the piece (and next); vma shrinks or goes. */
		if (vma_prealloc(&mas, mm, prev->vm_start, new_end, prev))
			goto nomem;
		vma_store_prealloc(&mas, prev);
		prev->vm_end = new_end;
		/* The merged VMA keeps whichever anon_vma there is (dup_anon_vma). */
		if (!prev->anon_vma)
			prev->anon_vma = get_anon_vma(vma->anon_vma ? vma->anon_vma :
						      merge_next ? next->anon_vma : NULL);
		if (end == vma->vm_end) {
			mm->map_count--;
			remove_vma(vma);
		} else {
			vma->vm_start = end;
			vma->vm_pgoff += pglen;
		}
		if (merge_next) {
			mm->map_count--;
			remove_vma(next);
		}
		mm_trace("vma_merge %#lx-%#lx into prev %#lx-%#lx", start, end,
			 prev->vm_start, prev->vm_end);
		return prev;
	}
	if (merge_next) {
		/* next grows down over the piece; vma shrinks or goes. */
		if (vma_prealloc(&mas, mm, start, next->vm_end, next))
			goto nomem;
		vma_store_prealloc(&mas, next);
		next->vm_start = start;
		next->vm_pgoff = pgoff;
		if (!next->anon_vma)
			next->anon_vma = get_anon_vma(vma->anon_vma);
		if (start == vma->vm_start) {
			mm->map_count--;
			remove_vma(vma);
		} else {
			vma->vm_end = start;
		}
		mm_trace("vma_merge %#lx-%#lx into next %#lx-%#lx", start, end,
			 next->vm_start, next->vm_end);
		return next;
	}
	if (start > vma->vm_start) {
		*err = split_vma(vma, start, 1);
		if (*err)
			return NULL;
	}
	if (end < vma->vm_end) {
		*err = split_vma(vma, end, 0);
		if (*err)
			return NULL;
	}
	vma->vm_flags = newflags;
	vma->vm_page_prot = vma_page_prot(vma, newflags);
	return vma;

nomem:
	*err = -ENOMEM;
	return NULL;
}

/**
 * vm_stat_account - count @npages of a mapping with @flags in @mm's totals
 * @mm:		the address space
 * @flags:	the mapping's VM_* flags
 * @npages:	pages added (negative: removed)
 */
void vm_stat_account(struct mm_struct *mm, vm_flags_t flags, long npages)
{
	mm->total_vm += npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += npages;
	else if (flags & VM_STACK)
		mm->stack_vm += npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += npages;
}

/*
 * The common munmap: one VMA removed whole, [vm_start, vm_end) being the
 * range. The same steps as below without the detached tree, which only
 * gathers the VMAs to tear down (here there is one, already in hand).
 * @vmi is the cursor that found @vma: its neighbours are a step away,
 * usually in the same leaf, instead of two more walks from the root
 * (Linux's vma_prev()/vma_next() on the munmap iterator).
 */
static int vma_munmap_single(struct mm_struct *mm, struct vm_area_struct *vma,
			     struct ma_state *vmi)
{
	struct ma_state c;
	unsigned long start = vma->vm_start, end = vma->vm_end;
	unsigned long pages = (end - start) >> PAGE_SHIFT;
	struct vm_area_struct *prev = NULL, *next;
	MA_STATE(mas, NULL, 0, 0);

	if (vma_prealloc(&mas, mm, start, end, NULL))
		return -ENOMEM;
	c = *vmi;
	prev = mas_prev(&c, 0);			/* the last VMA below start */
	next = mas_next(vmi, ULONG_MAX);	/* the first above end */
	vma_store_prealloc(&mas, NULL);
	mm->map_count--;
	zap_page_range_single(vma, start, end - start);
	vm_stat_account(mm, vma->vm_flags, -(long)pages);
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm -= pages;
	free_pgd_range(mm, start, end, prev ? prev->vm_end : 0,
		       next ? next->vm_start : TASK_SIZE);
	remove_vma(vma);
	return 0;
}

/*
 * Unmap [start, end), which overlaps @vma (the first VMA that does).
 * Linux's do_vmi_align_munmap(): split at the ends, move the VMAs inside
 * to a detached tree (the only step that may fail after the splits), erase
 * the range from the mm's tree, then zap, free page tables and free the VMAs.
 */
static int do_vmi_align_munmap(struct mm_struct *mm, struct ma_state *vmi,
			       struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct maple_tree mt_detach;
	struct vm_area_struct *prev, *next, *last;
	unsigned long idx;
	int count = 0, err;
	MA_STATE(mas, NULL, 0, 0);

	if (vma->vm_start == start && vma->vm_end == end)
		return vma_munmap_single(mm, vma, vmi);
	if (start > vma->vm_start) {
		/* Cutting a hole in one VMA leaves one more: check the limit first. */
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		err = split_vma(vma, start, 1);
		if (err)
			return err;
	}
	last = find_vma_intersection(mm, end - 1, end);
	if (last && last->vm_end > end) {
		err = split_vma(last, end, 1);
		if (err)
			return err;
	}

	mt_init_flags(&mt_detach, 0);
	idx = start;
	for (vma = find_vma_intersection(mm, start, end); vma;
	     vma = find_vma_intersection(mm, idx, end)) {
		if (mtree_store_range(&mt_detach, vma->vm_start, vma->vm_end - 1, vma,
				      GFP_KERNEL))
			goto out_detach;
		count++;
		idx = vma->vm_end;
		if (idx >= end)
			break;
	}
	if (vma_prealloc(&mas, mm, start, end, NULL))
		goto out_detach;
	prev = NULL;
	if (start) {
		MA_STATE(p, &mm->mm_mt, start - 1, start - 1);

		prev = mas_find_rev(&p, 0);	/* the last VMA below start */
	}
	next = find_vma(mm, end);
	vma_store_prealloc(&mas, NULL);
	mm->map_count -= count;

	idx = 0;
	mt_for_each(&mt_detach, vma, idx, ULONG_MAX) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

		zap_page_range_single(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		vm_stat_account(mm, vma->vm_flags, -(long)pages);
		if (vma->vm_flags & VM_LOCKED)
			mm->locked_vm -= pages;
	}
	/* Page-table pages shared with the neighbours stay (floor/ceiling). */
	free_pgd_range(mm, start, end, prev ? prev->vm_end : 0,
		       next ? next->vm_start : TASK_SIZE);
	idx = 0;
	mt_for_each(&mt_detach, vma, idx, ULONG_MAX)
		remove_vma(vma);
	mtree_destroy(&mt_detach);
	return 0;

out_detach:
	mtree_destroy(&mt_detach);
	return -ENOMEM;
}

/**
 * do_vmi_munmap - unmap [@start, @start + @len) of @mm (Linux's munmap())
 * @mm:		the address space
 * @start:	page-aligned
 * @len:	bytes, rounded up to pages
 *
 * Unmapping a range with nothing mapped succeeds.
 * Return: 0, -EINVAL (unaligned @start, zero @len, beyond TASK_SIZE),
 * -ENOMEM (a split needed memory or would pass sysctl_max_map_count).
 */
int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	MA_STATE(vmi, &mm->mm_mt, start, start);
	struct vm_area_struct *vma;
	unsigned long end;

	if (offset_in_page(start) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end == start)
		return -EINVAL;
	vma = mas_find(&vmi, end - 1);	/* find_vma_intersection() */
	mm_trace("do_vmi_munmap %#lx-%#lx%s", start, end, vma ? "" : " (nothing mapped)");
	if (!vma)
		return 0;
	return do_vmi_align_munmap(mm, &vmi, vma, start, end);
}

/** do_munmap - do_vmi_munmap() (Linux keeps both names) */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	return do_vmi_munmap(mm, start, len);
}

/**
 * exit_mmap - tear down every mapping of @mm and its VMA tree
 * @mm:	the address space (no longer used by anyone)
 */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long idx = 0;

	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX)
		zap_page_range_single(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	free_pgtables(mm, 0, TASK_SIZE);
	idx = 0;
	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX)
		remove_vma(vma);
	mtree_destroy(&mm->mm_mt);
	mm->map_count = 0;
	mm->total_vm = mm->locked_vm = mm->data_vm = mm->exec_vm = mm->stack_vm = 0;
}
