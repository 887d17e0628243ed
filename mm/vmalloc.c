// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc: virtually contiguous kernel memory in [VMALLOC_START,
 * VMALLOC_END), and the area allocator that vmap() and ioremap() share.
 *
 * The range is cut into struct vmap_area blocks [va_start, va_end), each
 * area followed by one guard page that is never mapped. As in Linux's
 * mm/vmalloc.c:
 *
 *   vmap_area_root	busy areas by address; __find_vmap_area() maps an
 *			address back to its area (vfree, vmalloc_to_page, ...)
 *   free_vmap_area_root	free blocks by address, each node augmented
 *			with subtree_max_size, the largest free block in its
 *			subtree; find_vmap_lowest_match() walks down to the
 *			lowest-addressed block that fits: first fit, O(log n)
 *
 * Freeing merges the block with free neighbours (merge_or_add_vmap_area),
 * so the free tree always holds maximal blocks and an empty vmalloc range
 * is one node again. Linux's trees are red-black; these are AVL trees
 * (recursive, no parent pointers), where keeping the augmented value right
 * is a matter of recomputing it wherever a height is recomputed.
 *
 * Call graph, Linux's names in brackets where they differ:
 *
 *   vmalloc/vzalloc -> __vmalloc_node()                 [__vmalloc_node_range]
 *     __get_vm_area_node() -> alloc_vmap_area() -> find_vmap_lowest_match()
 *     vm_area_alloc_pages(): alloc_page() in batches, kernel_map_pages_array()
 *       -> map_range() once per L3 table, then a PTE loop [vmap_pages_range]
 *   vfree -> unlink_vmap_area()                         [find_unlink_vmap_area]
 *     unmap_kernel_range(): PTEs cleared, empty table pages freed, TLB flushed
 *                                                       [vunmap_range]
 *     __free_page() for every page; free_vmap_area() -> merge_or_add_vmap_area()
 *
 * Unlike Linux, the virtual range is not purged lazily: vfree() flushes the
 * TLB at once and gives everything back, so a vmalloc/vfree pair leaves
 * nr_free_pages() and NR_PAGETABLE exactly as they were.
 *
 * Before vmalloc_init() (the console's ioremap in setup_arch) areas are
 * handed out from static vm_structs in address order [vm_area_register_early];
 * vmalloc_init() turns them into busy vmap_areas.
 *
 * The vmap_area and vm_struct records live in pages of their own (two small
 * pools, vmap_obj_alloc), not in the slab, so vmalloc does not depend on
 * kmalloc. Records come from the oldest pool page with room, a merged free
 * block keeps its oldest record, and a page that holds no record goes back
 * at once: after any sequence of vmalloc/vfree the pools hold the pages
 * they held before, which keeps the accounting above exact.
 *
 * The entry points that record their caller (__builtin_return_address(0))
 * are noinline, so that the caller is the one outside this file even when
 * the compiler could inline them into a neighbour (the tests below).
 *
 * Locking: one CPU; the trees and the pools are changed with IRQs masked,
 * so looking an area up (find_vm_area, vmalloc_to_page) is safe anywhere.
 * vmalloc() and vfree() change page tables and are for process context,
 * as in Linux (whose vfree() from an interrupt defers the work; Arbor has
 * no caller that needs it).
 */
#include <arbor/bench.h>
#include <arbor/prandom.h>
#include <arbor/errno.h>
#include <arbor/irqflags.h>
#include <arbor/list.h>
#include <arbor/mm.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <arbor/time.h>
#include <arbor/vmalloc.h>
#include <asm/mmu.h>

#ifndef PAGE_ALIGN
#define PAGE_ALIGN(x)	ALIGN((unsigned long)(x), PAGE_SIZE)
#endif

/**
 * struct vmap_area - a block of the vmalloc range, busy or free
 * @va_start:	first address
 * @va_end:	end (exclusive); a busy area's guard page is inside
 * @left:	lower addresses, in whichever tree this block is in
 * @right:	higher addresses
 * @subtree_max_size: free tree: the largest block in this subtree, itself included
 * @vm:		busy tree: the area's vm_struct
 * @height:	AVL height of the subtree (a leaf is 1)
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct vmap_area *left, *right;
	union {
		unsigned long subtree_max_size;
		struct vm_struct *vm;
	};
	int height;
};

static struct vmap_area *vmap_area_root;
static struct vmap_area *free_vmap_area_root;
static bool vmap_initialized;
static unsigned long nr_vmap_areas;	/* busy */
static unsigned long nr_free_vmap_areas;

static inline unsigned long vmap_lock(void)
{
	return local_irq_save();
}

static inline void vmap_unlock(unsigned long flags)
{
	local_irq_restore(flags);
}

/* ------------------------------------------------------------------ */
/* The record pools: 64-byte slots in pages of their own.             */

#define VMAP_OBJ_SIZE		64
#define VMAP_OBJS_PER_PAGE	(PAGE_SIZE / VMAP_OBJ_SIZE - 1)	/* slot 0: the header */

/**
 * struct vmap_pool - the records of one type (vmap_area or vm_struct)
 * @partial:	pages with a free slot, oldest first
 * @pages:	pages it holds
 * @seq:	pages it ever took (the next page's age)
 */
struct vmap_pool {
	struct list_head partial;
	unsigned long pages;
	unsigned long seq;
};

/**
 * struct vmap_pool_page - slot 0 of every pool page
 * @list:	on the pool's partial list while some slot is free
 * @pool:	the pool it belongs to
 * @seq:	its age in the pool (lower: older)
 * @freelist:	freed slots, linked through their first word
 * @inuse:	slots handed out
 * @unused:	slots never handed out yet (at the end of the page)
 */
struct vmap_pool_page {
	struct list_head list;
	struct vmap_pool *pool;
	unsigned long seq;
	void *freelist;
	unsigned int inuse;
	unsigned int unused;
};

static struct vmap_pool vmap_area_pool = { .partial = LIST_HEAD_INIT(vmap_area_pool.partial) };
static struct vmap_pool vm_struct_pool = { .partial = LIST_HEAD_INIT(vm_struct_pool.partial) };

static inline struct vmap_pool_page *vmap_pool_page(const void *obj)
{
	return (struct vmap_pool_page *)ALIGN_DOWN((unsigned long)obj, PAGE_SIZE);
}

/*
 * Whether record @a sits in an older pool page than @b (or lower in the
 * same page). Records come from the oldest page with room, and a merged
 * free block keeps its oldest record: long-lived records gather in the
 * first page, later pages empty out and go back to the page allocator,
 * and a vmalloc/vfree sequence ends with the pool as it found it.
 */
static bool vmap_record_older(const void *a, const void *b)
{
	const struct vmap_pool_page *pa = vmap_pool_page(a), *pb = vmap_pool_page(b);

	return pa != pb ? pa->seq < pb->seq : a < b;
}

static void vmap_pool_add_partial(struct vmap_pool_page *pp)
{
	struct list_head *pos;

	list_for_each(pos, &pp->pool->partial)
		if (list_entry(pos, struct vmap_pool_page, list)->seq > pp->seq)
			break;
	list_add_tail(&pp->list, pos);
}

static void *vmap_obj_alloc(struct vmap_pool *pool, gfp_t gfp)
{
	struct vmap_pool_page *pp;
	unsigned long flags;
	struct page *page;
	void *obj;

	BUILD_BUG_ON(sizeof(struct vmap_area) > VMAP_OBJ_SIZE);
	BUILD_BUG_ON(sizeof(struct vm_struct) > VMAP_OBJ_SIZE);
	BUILD_BUG_ON(sizeof(struct vmap_pool_page) > VMAP_OBJ_SIZE);

	flags = vmap_lock();
	if (list_empty(&pool->partial)) {
		page = alloc_page((gfp & ~(__GFP_ZERO | __GFP_COMP)) | __GFP_NOWARN);
		if (!page) {
			vmap_unlock(flags);
			return NULL;
		}
		pp = page_address(page);
		pp->pool = pool;
		pp->seq = pool->seq++;
		pp->freelist = NULL;
		pp->inuse = 0;
		pp->unused = VMAP_OBJS_PER_PAGE;
		list_add_tail(&pp->list, &pool->partial);
		pool->pages++;
	}
	pp = list_first_entry(&pool->partial, struct vmap_pool_page, list);
	if (pp->freelist) {
		obj = pp->freelist;
		pp->freelist = *(void **)obj;
	} else {
		obj = (char *)pp + (VMAP_OBJS_PER_PAGE - --pp->unused) * VMAP_OBJ_SIZE;
	}
	if (++pp->inuse == VMAP_OBJS_PER_PAGE)
		list_del(&pp->list);
	vmap_unlock(flags);
	return obj;
}

static void vmap_obj_free(void *obj)
{
	struct vmap_pool_page *pp = vmap_pool_page(obj);
	unsigned long flags = vmap_lock();

	if (pp->inuse-- == VMAP_OBJS_PER_PAGE)
		vmap_pool_add_partial(pp);
	if (!pp->inuse) {
		/* Nothing left in it: give it back now, so the accounting stays exact. */
		list_del(&pp->list);
		pp->pool->pages--;
		vmap_unlock(flags);
		free_page((unsigned long)pp);
		return;
	}
	*(void **)obj = pp->freelist;
	pp->freelist = obj;
	vmap_unlock(flags);
}

static __unused unsigned long vmap_pool_pages(void)
{
	return vmap_area_pool.pages + vm_struct_pool.pages;
}

/* ------------------------------------------------------------------ */
/* AVL trees of vmap_areas, by va_start; @aug: the free tree's          */
/* subtree_max_size is kept.                                            */

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static inline int va_height(const struct vmap_area *va)
{
	return va ? va->height : 0;
}

static inline unsigned long va_sub_max(const struct vmap_area *va)
{
	return va ? va->subtree_max_size : 0;
}

static void va_update(struct vmap_area *va, bool aug)
{
	int hl = va_height(va->left), hr = va_height(va->right);

	va->height = 1 + max(hl, hr);
	if (aug)
		va->subtree_max_size = max(va_size(va),
					   max(va_sub_max(va->left), va_sub_max(va->right)));
}

static struct vmap_area *va_rotate_right(struct vmap_area *va, bool aug)
{
	struct vmap_area *l = va->left;

	va->left = l->right;
	l->right = va;
	va_update(va, aug);
	va_update(l, aug);
	return l;
}

static struct vmap_area *va_rotate_left(struct vmap_area *va, bool aug)
{
	struct vmap_area *r = va->right;

	va->right = r->left;
	r->left = va;
	va_update(va, aug);
	va_update(r, aug);
	return r;
}

/* Restore the AVL property at @va (children already balanced); return the new subtree root. */
static struct vmap_area *va_balance(struct vmap_area *va, bool aug)
{
	int bf = va_height(va->left) - va_height(va->right);

	if (bf > 1) {
		if (va_height(va->left->left) < va_height(va->left->right))
			va->left = va_rotate_left(va->left, aug);
		return va_rotate_right(va, aug);
	}
	if (bf < -1) {
		if (va_height(va->right->right) < va_height(va->right->left))
			va->right = va_rotate_right(va->right, aug);
		return va_rotate_left(va, aug);
	}
	va_update(va, aug);
	return va;
}

static struct vmap_area *va_insert(struct vmap_area *root, struct vmap_area *va, bool aug)
{
	if (!root) {
		va->left = va->right = NULL;
		va_update(va, aug);
		return va;
	}
	if (va->va_start < root->va_start)
		root->left = va_insert(root->left, va, aug);
	else
		root->right = va_insert(root->right, va, aug);
	return va_balance(root, aug);
}

static struct vmap_area *va_erase_min(struct vmap_area *root, struct vmap_area **min, bool aug)
{
	if (!root->left) {
		*min = root;
		return root->right;
	}
	root->left = va_erase_min(root->left, min, aug);
	return va_balance(root, aug);
}

/* @va must be in the tree. */
static struct vmap_area *va_erase(struct vmap_area *root, struct vmap_area *va, bool aug)
{
	if (va->va_start < root->va_start) {
		root->left = va_erase(root->left, va, aug);
	} else if (va->va_start > root->va_start) {
		root->right = va_erase(root->right, va, aug);
	} else {
		struct vmap_area *l = root->left, *r = root->right, *succ;

		if (!r)
			return l;
		r = va_erase_min(r, &succ, aug);
		succ->left = l;
		succ->right = r;
		root = succ;
	}
	return va_balance(root, aug);
}

/* @va's size changed in place (its order did not): fix subtree_max_size above it. */
static void va_augment_path(struct vmap_area *root, const struct vmap_area *va)
{
	if (root != va)
		va_augment_path(va->va_start < root->va_start ? root->left : root->right, va);
	va_update(root, true);
}

/* Put @new where @old is in the tree (same place in the order), @old leaves it. */
static void va_replace(struct vmap_area **root, struct vmap_area *old, struct vmap_area *new)
{
	struct vmap_area **link = root;

	while (*link != old)
		link = old->va_start < (*link)->va_start ? &(*link)->left : &(*link)->right;
	new->left = old->left;
	new->right = old->right;
	new->height = old->height;
	new->subtree_max_size = old->subtree_max_size;
	*link = new;
}

/* The busy area containing @addr. Linux: __find_vmap_area(). */
static struct vmap_area *__find_vmap_area(unsigned long addr)
{
	struct vmap_area *va = vmap_area_root;

	while (va) {
		if (addr < va->va_start)
			va = va->left;
		else if (addr >= va->va_end)
			va = va->right;
		else
			return va;
	}
	return NULL;
}

/* The busy area with the lowest va_start >= @addr. */
static struct vmap_area *find_vmap_area_from(unsigned long addr)
{
	struct vmap_area *va = vmap_area_root, *best = NULL;

	while (va) {
		if (va->va_start >= addr) {
			best = va;
			va = va->left;
		} else {
			va = va->right;
		}
	}
	return best;
}

/*
 * The lowest-addressed free block of at least @size bytes: go left while
 * the left subtree has one, else take this node if it fits, else go right.
 */
static struct vmap_area *find_vmap_lowest_match(unsigned long size)
{
	struct vmap_area *va = free_vmap_area_root;

	while (va) {
		if (va_sub_max(va->left) >= size)
			va = va->left;
		else if (va_size(va) >= size)
			return va;
		else if (va_sub_max(va->right) >= size)
			va = va->right;
		else
			return NULL;
	}
	return NULL;
}

/* The free blocks around @addr: the last starting below it, the first starting at or above. */
static void find_free_neighbours(unsigned long addr, struct vmap_area **prev,
				 struct vmap_area **next)
{
	struct vmap_area *va = free_vmap_area_root;

	*prev = *next = NULL;
	while (va) {
		if (va->va_start < addr) {
			*prev = va;
			va = va->right;
		} else {
			*next = va;
			va = va->left;
		}
	}
}

/*
 * Give [va->va_start, va->va_end) back to the free tree, merged with the
 * free blocks it touches. Records no longer needed (none, one or two) are
 * returned in @spare[] for the caller to free outside the lock.
 */
static void merge_or_add_vmap_area(struct vmap_area *va, struct vmap_area *spare[2])
{
	struct vmap_area *prev, *next, *keep = NULL;
	bool merge_prev, merge_next;

	spare[0] = spare[1] = NULL;
	find_free_neighbours(va->va_start, &prev, &next);
	if (WARN_ON((prev && prev->va_end > va->va_start) ||
		    (next && next->va_start < va->va_end))) {
		/* Overlaps free space: the trees are corrupt; leak the range. */
		spare[0] = va;
		return;
	}
	merge_prev = prev && prev->va_end == va->va_start;
	merge_next = next && next->va_start == va->va_end;

	if (merge_prev && merge_next) {
		free_vmap_area_root = va_erase(free_vmap_area_root, next, true);
		nr_free_vmap_areas--;
		prev->va_end = next->va_end;
		spare[1] = next;
		keep = prev;
	} else if (merge_prev) {
		prev->va_end = va->va_end;
		keep = prev;
	} else if (merge_next) {
		/* va_start moves down but stays above prev's: the order holds. */
		next->va_start = va->va_start;
		keep = next;
	}
	if (keep) {
		/* The merged block lives on in the oldest record (see vmap_record_older). */
		struct vmap_area *cand[2] = { va, spare[1] };

		for (int i = 0; i < 2; i++) {
			struct vmap_area *c = cand[i];

			if (!c)
				continue;
			if (vmap_record_older(c, keep)) {
				c->va_start = keep->va_start;
				c->va_end = keep->va_end;
				va_replace(&free_vmap_area_root, keep, c);
				spare[i] = keep;
				keep = c;
			} else {
				spare[i] = c;
			}
		}
		va_augment_path(free_vmap_area_root, keep);
	} else {
		free_vmap_area_root = va_insert(free_vmap_area_root, va, true);
		nr_free_vmap_areas++;
	}
}

static void free_vmap_area(struct vmap_area *va)
{
	struct vmap_area *spare[2];
	unsigned long flags = vmap_lock();

	merge_or_add_vmap_area(va, spare);
	vmap_unlock(flags);
	for (int i = 0; i < 2; i++)
		if (spare[i])
			vmap_obj_free(spare[i]);
}

/*
 * Carve @size bytes (guard page included) from the lowest free block that
 * holds them, for @vm. Return: the busy area, or NULL (no record, or no
 * room left in the range).
 */
static struct vmap_area *alloc_vmap_area(unsigned long size, struct vm_struct *vm, gfp_t gfp)
{
	struct vmap_area *va, *free, *spare = NULL;
	unsigned long flags;

	/* Taken before the lock, as Linux preloads its "ne_fit" record. */
	va = vmap_obj_alloc(&vmap_area_pool, gfp);
	if (!va)
		return NULL;

	flags = vmap_lock();
	free = find_vmap_lowest_match(size);
	if (!free) {
		vmap_unlock(flags);
		vmap_obj_free(va);
		return NULL;
	}
	if (va_size(free) == size) {
		/* A perfect fit: the block leaves the free tree; the older record stays. */
		free_vmap_area_root = va_erase(free_vmap_area_root, free, true);
		nr_free_vmap_areas--;
		if (vmap_record_older(va, free)) {
			va->va_start = free->va_start;
			va->va_end = free->va_end;
			spare = free;
		} else {
			spare = va;
			va = free;
		}
	} else {
		/* Always from the block's low end, so the free tree's order holds. */
		va->va_start = free->va_start;
		va->va_end = free->va_start + size;
		free->va_start += size;
		va_augment_path(free_vmap_area_root, free);
	}
	vm->addr = (void *)va->va_start;
	vm->size = size;
	va->vm = vm;
	vmap_area_root = va_insert(vmap_area_root, va, false);
	nr_vmap_areas++;
	vmap_unlock(flags);

	if (spare)
		vmap_obj_free(spare);
	return va;
}

/* ------------------------------------------------------------------ */
/* Areas registered before vmalloc_init()                               */

#define NR_EARLY_VMS	8

static struct vm_struct early_vms[NR_EARLY_VMS];
static unsigned int nr_early_vms;
static unsigned long early_vm_end = VMALLOC_START;

/* In address order from VMALLOC_START. Linux: vm_area_register_early(). */
static struct vm_struct *get_vm_area_early(unsigned long size, unsigned long flags,
					   const void *caller)
{
	struct vm_struct *vm;

	if (nr_early_vms == NR_EARLY_VMS || size > VMALLOC_END - early_vm_end) {
		pr_err("vmalloc: no room for an early area of %lu bytes (caller %pS)\n",
		       size, caller);
		return NULL;
	}
	vm = &early_vms[nr_early_vms++];
	vm->addr = (void *)early_vm_end;
	vm->size = size;
	vm->flags = flags | VM_EARLY;
	vm->nr_pages = 0;
	vm->phys_addr = 0;
	vm->caller = caller;
	early_vm_end += size;
	return vm;
}

/* Only the last one can go back (the console failing to map, say). */
static void free_vm_area_early(struct vm_struct *vm)
{
	if (nr_early_vms && vm == &early_vms[nr_early_vms - 1]) {
		nr_early_vms--;
		early_vm_end = (unsigned long)vm->addr;
		return;
	}
	pr_warn("vmalloc: early area at %p cannot be freed before vmalloc_init\n", vm->addr);
}

/* ------------------------------------------------------------------ */
/* Rate-limited failure reports (10 per 5 s, like Linux's default).    */

static bool vmalloc_warn_ratelimit(void)
{
	static unsigned long begin;
	static unsigned int printed;

	if (!printed || time_after(jiffies, begin + 5 * HZ)) {
		begin = jiffies;
		printed = 0;
	}
	return printed++ < 10;
}

#define vmalloc_warn(gfp, fmt, ...)					\
	do {								\
		if (!((gfp) & __GFP_NOWARN) && vmalloc_warn_ratelimit())\
			pr_warn(fmt, ##__VA_ARGS__);			\
	} while (0)

/* ------------------------------------------------------------------ */
/* vm areas                                                             */

static struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long flags,
					    gfp_t gfp, const void *caller)
{
	struct vm_struct *vm;

	if (!size || size > VMALLOC_TOTAL - PAGE_SIZE)
		goto fail;
	/* One guard page after every area. */
	size = PAGE_ALIGN(size) + PAGE_SIZE;

	if (!vmap_initialized)
		return get_vm_area_early(size, flags, caller);

	vm = vmap_obj_alloc(&vm_struct_pool, gfp);
	if (!vm)
		goto fail;
	vm->flags = flags;
	vm->nr_pages = 0;
	vm->phys_addr = 0;
	vm->caller = caller;
	if (!alloc_vmap_area(size, vm, gfp))
		goto free_vm;
	return vm;

free_vm:
	vmap_obj_free(vm);
fail:
	vmalloc_warn(gfp, "vmap allocation for size %lu failed (caller %pS)\n", size, caller);
	return NULL;
}

/**
 * get_vm_area_caller - reserve a range of the vmalloc space, map nothing
 * @size:	bytes (rounded up to pages; a guard page is added after them)
 * @flags:	VM_IOREMAP, VM_ALLOC, VM_MAP: what the caller will put there
 * @caller:	reported by vmallocinfo
 *
 * Works before vmalloc_init() too (from a small static table).
 *
 * Return: the area, or NULL when the range is full or memory is short.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller)
{
	return __get_vm_area_node(size, flags, GFP_KERNEL, caller);
}

/** get_vm_area - get_vm_area_caller() with the caller's own return address */
noinline struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return __get_vm_area_node(size, flags, GFP_KERNEL, __builtin_return_address(0));
}

/**
 * find_vm_area - the area containing @addr
 * @addr:	any address inside the area (the guard page included)
 *
 * Return: its vm_struct, or NULL.
 */
struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm = NULL;
	unsigned long flags;

	if (!vmap_initialized) {
		for (unsigned int i = 0; i < nr_early_vms; i++) {
			struct vm_struct *e = &early_vms[i];

			if ((unsigned long)addr - (unsigned long)e->addr < e->size)
				return e;
		}
		return NULL;
	}
	flags = vmap_lock();
	struct vmap_area *va = __find_vmap_area((unsigned long)addr);

	if (va)
		vm = va->vm;
	vmap_unlock(flags);
	return vm;
}

/*
 * Take the area starting at @addr out of the busy tree, if it is one of
 * the kinds in @want; otherwise report the caller's mistake like Linux's
 * "Trying to vfree() nonexistent vm area" and leave everything as it was.
 */
static struct vmap_area *unlink_vmap_area(const void *addr, unsigned long want,
					  const char *who, const void *caller)
{
	unsigned long a = (unsigned long)addr, flags;
	struct vmap_area *va;

	if (!is_vmalloc_addr(addr) || !IS_ALIGNED(a, PAGE_SIZE)) {
		pr_err("Trying to %s() bad address (%p), ignored; caller %pS\n", who, addr, caller);
		return NULL;
	}
	flags = vmap_lock();
	va = __find_vmap_area(a);
	if (!va || va->va_start != a) {
		vmap_unlock(flags);
		pr_err("Trying to %s() nonexistent vm area (%p), ignored; caller %pS\n",
		       who, addr, caller);
		return NULL;
	}
	if (!(va->vm->flags & want)) {
		unsigned long f = va->vm->flags;

		vmap_unlock(flags);
		pr_err("Trying to %s() a%s area (%p), ignored; caller %pS\n", who,
		       f & VM_IOREMAP ? "n ioremap" : f & VM_ALLOC ? " vmalloc" :
		       f & VM_MAP ? " vmap" : " bare vm", addr, caller);
		return NULL;
	}
	vmap_area_root = va_erase(vmap_area_root, va, false);
	nr_vmap_areas--;
	vmap_unlock(flags);
	return va;
}

/*
 * Unmap an unlinked area (collecting its pages on @pages if not NULL) and
 * give its range back. Return: its vm_struct, which the caller frees.
 */
static struct vm_struct *release_vmap_area(struct vmap_area *va, struct list_head *pages)
{
	struct vm_struct *vm = va->vm;

	unmap_kernel_range(va->va_start, va_size(va), pages);
	free_vmap_area(va);
	return vm;
}

static void free_vm_struct(struct vm_struct *vm)
{
	if (!(vm->flags & VM_EARLY))
		vmap_obj_free(vm);
}

/**
 * remove_vm_area - unmap an area and give its range back
 * @addr:	the area's first address
 *
 * The pages that were mapped there are not freed.
 *
 * Return: the area's vm_struct (which the caller now owns: free_vm_area()
 * or nothing for an early one), or NULL after reporting a bad @addr.
 */
noinline struct vm_struct *remove_vm_area(const void *addr)
{
	struct vmap_area *va;

	va = unlink_vmap_area(addr, ~0UL, "remove_vm_area", __builtin_return_address(0));
	return va ? release_vmap_area(va, NULL) : NULL;
}

/**
 * free_vm_area - remove_vm_area() and free the vm_struct
 * @area:	from get_vm_area(); NULL is ignored
 */
noinline void free_vm_area(struct vm_struct *area)
{
	struct vmap_area *va;

	if (!area)
		return;
	if (!vmap_initialized) {
		free_vm_area_early(area);
		return;
	}
	va = unlink_vmap_area(area->addr, ~0UL, "free_vm_area", __builtin_return_address(0));
	if (va)
		free_vm_struct(release_vmap_area(va, NULL));
}

/* ------------------------------------------------------------------ */
/* vmalloc / vfree                                                      */

static void vmalloc_account(long pages)
{
	unsigned long flags = local_irq_save();

	mod_vm_stat(NR_VMALLOC, pages);
	local_irq_restore(flags);
}

/* Give back the pages unmap_kernel_range() collected. Return: how many. */
static unsigned long free_vmalloc_pages(struct list_head *pages)
{
	struct page *page, *tmp;
	unsigned long n = 0;

	list_for_each_entry_safe(page, tmp, pages, lru) {
		list_del(&page->lru);
		ClearPageVmalloc(page);
		__free_page(page);
		n++;
	}
	return n;
}

static void __vfree_area(struct vmap_area *va)
{
	LIST_HEAD(pages);
	struct vm_struct *vm = release_vmap_area(va, &pages);

	vmalloc_account(-(long)free_vmalloc_pages(&pages));
	free_vm_struct(vm);
}

#define VMALLOC_BATCH	32

/*
 * Back the area with order-0 pages, allocated and mapped a batch at a
 * time. Linux: vm_area_alloc_pages() + vmap_pages_range().
 */
static int vm_area_alloc_pages(struct vm_struct *area, gfp_t gfp, unsigned long nr)
{
	unsigned long addr = (unsigned long)area->addr;
	struct page *batch[VMALLOC_BATCH];

	gfp = (gfp & ~__GFP_COMP) | __GFP_NOWARN;
	for (unsigned long done = 0; done < nr;) {
		unsigned long n = min(nr - done, (unsigned long)VMALLOC_BATCH);
		unsigned long got, mapped = 0;
		int ret = 0;

		for (got = 0; got < n; got++) {
			batch[got] = alloc_page(gfp);
			if (!batch[got])
				break;
			SetPageVmalloc(batch[got]);
		}
		if (got)
			ret = kernel_map_pages_array(addr + done * PAGE_SIZE, batch, got,
						     PROT_KERNEL_RW, &mapped);
		area->nr_pages += mapped;
		done += mapped;
		/* What is mapped goes with the area; the rest straight back. */
		for (unsigned long i = mapped; i < got; i++) {
			ClearPageVmalloc(batch[i]);
			__free_page(batch[i]);
		}
		if (ret || got < n)
			return -ENOMEM;
	}
	return 0;
}

static void *__vmalloc_node(unsigned long size, gfp_t gfp, const void *caller)
{
	struct vm_struct *area;
	unsigned long nr;

	if (!size || size > VMALLOC_TOTAL) {
		vmalloc_warn(gfp, "vmalloc error: size %lu, invalid (caller %pS)\n", size, caller);
		return NULL;
	}
	nr = PAGE_ALIGN(size) >> PAGE_SHIFT;
	if (nr > totalram_pages) {
		vmalloc_warn(gfp, "vmalloc error: size %lu, exceeds total pages (caller %pS)\n",
			     size, caller);
		return NULL;
	}
	if (!vmap_initialized) {
		vmalloc_warn(gfp, "vmalloc error: size %lu, before vmalloc_init (caller %pS)\n",
			     size, caller);
		return NULL;
	}
	area = __get_vm_area_node(nr << PAGE_SHIFT, VM_ALLOC, gfp, caller);
	if (!area)
		return NULL;
	if (vm_area_alloc_pages(area, gfp, nr))
		goto fail;
	vmalloc_account(nr);
	return area->addr;

fail:
	vmalloc_warn(gfp, "vmalloc error: size %lu, failed to allocate pages (caller %pS)\n",
		     size, caller);
	/* The pages mapped so far are counted, so that freeing them uncounts them. */
	vmalloc_account(area->nr_pages);
	__vfree_area(unlink_vmap_area(area->addr, VM_ALLOC, "vfree", caller));
	return NULL;
}

/**
 * __vmalloc - vmalloc() with allocation flags
 * @size:	bytes (rounded up to pages)
 * @gfp:	for the pages: __GFP_ZERO, __GFP_NOWARN (no failure report) ...
 *
 * Return: the address of the area, or NULL.
 */
noinline void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, gfp, __builtin_return_address(0));
}

/**
 * vmalloc - allocate virtually contiguous memory
 * @size:	bytes (rounded up to pages)
 *
 * Order-0 pages, each mapped read-write and execute-never in an area of
 * its own with an unmapped guard page after it. Failure (no address range
 * or not enough memory) returns NULL with nothing left allocated, and a
 * rate-limited report.
 *
 * Return: the address, or NULL.
 */
noinline void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, __builtin_return_address(0));
}

/** vzalloc - vmalloc() of zeroed memory */
noinline void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, __builtin_return_address(0));
}

/**
 * vfree - free what vmalloc() returned
 * @addr:	the address; NULL is ignored
 *
 * Unmaps the area, flushes its TLB entries, frees its pages and the page
 * tables that became empty. Anything that is not the start of a live
 * vmalloc area (a double free, a pointer into the middle of one, an
 * ioremap or vmap area, memory from elsewhere) is reported with the
 * caller's address and otherwise ignored.
 */
noinline void vfree(const void *addr)
{
	struct vmap_area *va;

	if (!addr)
		return;
	va = unlink_vmap_area(addr, VM_ALLOC, "vfree", __builtin_return_address(0));
	if (va)
		__vfree_area(va);
}

/**
 * vmap - map an array of pages at consecutive kernel addresses
 * @pages:	the pages (each of them stays the caller's)
 * @count:	how many
 * @flags:	VM_* flags for the area (VM_MAP is implied)
 * @prot:	the attributes, e.g. PROT_KERNEL_RW
 *
 * Return: the address, or NULL.
 */
noinline void *vmap(struct page **pages, unsigned int count, unsigned long flags, u64 prot)
{
	const void *caller = __builtin_return_address(0);
	struct vm_struct *area;
	unsigned long mapped;

	if (!count || count > (VMALLOC_TOTAL >> PAGE_SHIFT))
		return NULL;
	area = __get_vm_area_node((unsigned long)count << PAGE_SHIFT,
				  (flags & ~VM_EARLY) | VM_MAP, GFP_KERNEL, caller);
	if (!area)
		return NULL;
	if (kernel_map_pages_array((unsigned long)area->addr, pages, count, prot, &mapped)) {
		free_vm_area(area);
		return NULL;
	}
	return area->addr;
}

/**
 * vunmap - undo vmap(); the pages are not freed
 * @addr:	what vmap() returned; NULL is ignored
 */
noinline void vunmap(const void *addr)
{
	struct vmap_area *va;

	if (!addr)
		return;
	va = unlink_vmap_area(addr, VM_MAP, "vunmap", __builtin_return_address(0));
	if (va)
		free_vm_struct(release_vmap_area(va, NULL));
}

/**
 * vmalloc_to_page - the page mapped at a vmalloc address
 * @addr:	any address inside a vmalloc or vmap area
 *
 * Return: the struct page, or NULL when nothing (or no RAM) is mapped there.
 */
struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t pa;

	if (!is_vmalloc_addr(addr) || kernel_va_to_phys((u64)addr, &pa))
		return NULL;
	if (!pfn_valid(pa >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page(pa >> PAGE_SHIFT);
}

/** vmalloc_to_pfn - page_to_pfn(vmalloc_to_page(@addr)), 0 when none */
unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

/** vmalloc_nr_pages - pages backing vmalloc areas (meminfo's VmallocUsed) */
unsigned long vmalloc_nr_pages(void)
{
	return (unsigned long)global_vm_stat(NR_VMALLOC);
}

/**
 * vmalloc_init - start the area allocator (mm_core_init, after the page
 * allocator)
 *
 * Kernel page tables come from the page allocator from now on; the areas
 * registered early (the console's ioremap) become busy areas, the rest of
 * the range one or more free blocks.
 */
void vmalloc_init(void)
{
	unsigned long start = VMALLOC_START;
	struct vmap_area *va;

	kernel_pgtable_use_page_alloc();

	for (unsigned int i = 0; i <= nr_early_vms; i++) {
		struct vm_struct *vm = i < nr_early_vms ? &early_vms[i] : NULL;
		unsigned long end = vm ? (unsigned long)vm->addr : VMALLOC_END;

		if (end > start) {
			va = vmap_obj_alloc(&vmap_area_pool, GFP_KERNEL);
			if (!va)
				panic("vmalloc_init: out of memory");
			va->va_start = start;
			va->va_end = end;
			free_vmap_area_root = va_insert(free_vmap_area_root, va, true);
			nr_free_vmap_areas++;
		}
		if (!vm)
			break;
		va = vmap_obj_alloc(&vmap_area_pool, GFP_KERNEL);
		if (!va)
			panic("vmalloc_init: out of memory");
		va->va_start = (unsigned long)vm->addr;
		va->va_end = va->va_start + vm->size;
		va->vm = vm;
		vmap_area_root = va_insert(vmap_area_root, va, false);
		nr_vmap_areas++;
		start = va->va_end;
	}
	vmap_initialized = true;
}

/* ------------------------------------------------------------------ */
/* vmallocinfo                                                          */

/*
 * 0xffff800010000000-0xffff800010002000    8192 earlycon_init+0x7c/0x1c0 phys=0x9000000 ioremap
 * 0xffff800010024000-0xffff800010035000   69632 cmd_foo+0x20/0x90 pages=16 vmalloc
 *
 * Like /proc/vmallocinfo: the range and size include the guard page.
 * The tree is read one area at a time, so printing never holds the lock.
 */
static int cmd_vmallocinfo(int argc, char **argv)
{
	unsigned long addr = 0, flags;

	if (argc != 1)
		return -EINVAL;
	for (;;) {
		struct vmap_area *va;
		struct vm_struct vm;

		flags = vmap_lock();
		va = find_vmap_area_from(addr);
		if (va)
			vm = *va->vm;
		vmap_unlock(flags);
		if (!va)
			break;
		addr = (unsigned long)vm.addr + vm.size;

		shell_printf("0x%016lx-0x%016lx %7lu", (unsigned long)vm.addr, addr, vm.size);
		if (vm.caller)
			shell_printf(" %pS", vm.caller);
		if (vm.nr_pages)
			shell_printf(" pages=%u", vm.nr_pages);
		if (vm.phys_addr)
			shell_printf(" phys=%#llx", (unsigned long long)vm.phys_addr);
		if (vm.flags & VM_IOREMAP)
			shell_printf(" ioremap");
		if (vm.flags & VM_ALLOC)
			shell_printf(" vmalloc");
		if (vm.flags & VM_MAP)
			shell_printf(" vmap");
		shell_printf("\n");
	}
	return 0;
}
SHELL_CMD(vmallocinfo, "vmallocinfo", "",
	  "the vmalloc/ioremap areas (like /proc/vmallocinfo)", cmd_vmallocinfo);

/* ------------------------------------------------------------------ */
/* Benchmark                                                            */

static void bench_vmalloc64k_body(void *arg)
{
	vfree(vmalloc(64 * 1024));
}

static u64 bench_vmalloc64k(void)
{
	return bench_insns_per_iter(bench_vmalloc64k_body, NULL, 2000);
}
KBENCH(vmalloc64k, "vmalloc64k_pair_insns", "insns", bench_vmalloc64k);

/* ------------------------------------------------------------------ */
/* Consistency check of both trees (CONFIG_DEBUG_VMALLOC)               */

#ifdef CONFIG_DEBUG_VMALLOC
struct vmap_check {
	bool free;			/* checking the free tree */
	unsigned long n, bytes;
	unsigned long prev_end;
	const char *err;		/* first problem found */
	unsigned long err_addr;
};

static void vmap_check_fail(struct vmap_check *c, const char *what, unsigned long addr)
{
	if (!c->err) {
		c->err = what;
		c->err_addr = addr;
	}
}

/* In-order walk; return the subtree's height as counted. */
static int vmap_check_subtree(const struct vmap_area *va, struct vmap_check *c)
{
	int hl, hr;

	if (!va)
		return 0;
	hl = vmap_check_subtree(va->left, c);

	if (va->va_start >= va->va_end || !IS_ALIGNED(va->va_start | va->va_end, PAGE_SIZE))
		vmap_check_fail(c, "empty or unaligned block", va->va_start);
	if (va->va_start < VMALLOC_START || va->va_end > VMALLOC_END)
		vmap_check_fail(c, "block outside the vmalloc range", va->va_start);
	if (c->n && va->va_start < c->prev_end)
		vmap_check_fail(c, "blocks out of order or overlapping", va->va_start);
	if (c->free && c->n && va->va_start == c->prev_end)
		vmap_check_fail(c, "two adjacent free blocks not merged", va->va_start);
	if (c->free) {
		const struct vmap_area *busy = find_vmap_area_from(va->va_start);

		if (__find_vmap_area(va->va_start) || (busy && busy->va_start < va->va_end))
			vmap_check_fail(c, "free block overlaps a busy area", va->va_start);
	} else if (!va->vm || va->vm->addr != (void *)va->va_start ||
		   va->vm->size != va_size(va)) {
		vmap_check_fail(c, "busy area and its vm_struct disagree", va->va_start);
	}
	c->prev_end = va->va_end;
	c->n++;
	c->bytes += va_size(va);

	hr = vmap_check_subtree(va->right, c);
	if (va->height != 1 + max(hl, hr) || hl - hr > 1 || hr - hl > 1)
		vmap_check_fail(c, "AVL height or balance wrong", va->va_start);
	if (c->free && va->subtree_max_size !=
	    max(va_size(va), max(va_sub_max(va->left), va_sub_max(va->right))))
		vmap_check_fail(c, "subtree_max_size wrong", va->va_start);
	return 1 + max(hl, hr);
}

/*
 * vmap_area_check - validate both trees: order, balance, augmentation, the
 * counts, and that busy areas and free blocks tile the range exactly.
 * Return: NULL, or what is wrong (also printed).
 */
static __unused const char *vmap_area_check(void)
{
	struct vmap_check busy = { .free = false }, free = { .free = true };
	unsigned long flags = vmap_lock();
	const char *err;
	unsigned long addr;

	vmap_check_subtree(vmap_area_root, &busy);
	vmap_check_subtree(free_vmap_area_root, &free);
	err = busy.err ? busy.err : free.err;
	addr = busy.err ? busy.err_addr : free.err_addr;
	if (!err && (busy.n != nr_vmap_areas || free.n != nr_free_vmap_areas))
		err = "area counts disagree with the trees";
	if (!err && busy.bytes + free.bytes != VMALLOC_TOTAL)
		err = "busy and free blocks do not cover the range";
	vmap_unlock(flags);
	if (err)
		pr_err("vmap_area_check: %s (at %#lx)\n", err, addr);
	return err;
}
#endif

/* ------------------------------------------------------------------ */
/* ktest suite "vmalloc"                                                */

#ifdef CONFIG_KTEST
#include <arbor/kallsyms.h>
#include <arbor/ktest.h>
#include <arbor/log.h>
#include <arbor/setup.h>
#include <asm/fault_probe.h>
#include <asm/ptdump.h>

/* What every vmalloc/vfree sequence must leave exactly as it found it. */
struct vm_snapshot {
	unsigned long free_pages;
	long pagetables;
	long vmalloc;
	unsigned long busy, free_blocks;
	unsigned long pool_pages;
};

static void vm_snapshot(struct vm_snapshot *s)
{
	unsigned long flags = vmap_lock();

	s->free_pages = nr_free_pages();
	s->pagetables = global_vm_stat(NR_PAGETABLE);
	s->vmalloc = global_vm_stat(NR_VMALLOC);
	s->busy = nr_vmap_areas;
	s->free_blocks = nr_free_vmap_areas;
	s->pool_pages = vmap_pool_pages();
	vmap_unlock(flags);
}

#define EXPECT_SNAPSHOT_EQ(t, a, b)					\
	do {								\
		KTEST_EXPECT_EQ(t, (a).free_pages, (b).free_pages);	\
		KTEST_EXPECT_EQ(t, (a).pagetables, (b).pagetables);	\
		KTEST_EXPECT_EQ(t, (a).vmalloc, (b).vmalloc);		\
		KTEST_EXPECT_EQ(t, (a).busy, (b).busy);			\
		KTEST_EXPECT_EQ(t, (a).free_blocks, (b).free_blocks);	\
		KTEST_EXPECT_EQ(t, (a).pool_pages, (b).pool_pages);	\
	} while (0)

static void expect_trees_ok(struct ktest *t, int line)
{
#ifdef CONFIG_DEBUG_VMALLOC
	const char *err = vmap_area_check();

	if (err)
		ktest_fail(t, __FILE__, line, "vmap_area_check: %s", err);
#endif
}
#define EXPECT_TREES_OK(t)	expect_trees_ok(t, __LINE__)

static bool mapped(const void *p)
{
	u8 x;

	return probe_kernel_read(&x, p, 1) == 0;
}

static bool caller_is(const void *caller, const char *fn)
{
	char sym[128];
	size_t n = strlen(fn);

	sprint_symbol(sym, sizeof(sym), (unsigned long)caller);
	return !strncmp(sym, fn, n) && sym[n] == '+';
}

static u8 byte_pattern(unsigned long i, unsigned long seed)
{
	return (u8)((i * 131) ^ (i >> 9) ^ seed);
}

/* Fill every byte, then read every byte back. Return: bytes that differed. */
static unsigned long fill_and_check(u8 *p, unsigned long size, unsigned long seed)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < size; i++)
		p[i] = byte_pattern(i, seed);
	for (unsigned long i = 0; i < size; i++)
		bad += p[i] != byte_pattern(i, seed);
	return bad;
}

/* printk output caught while a test provokes a report. */
static char vm_cap[2048];
static size_t vm_cap_len;

static void vm_cap_write(struct console *con, const char *s, size_t n)
{
	n = min(n, sizeof(vm_cap) - 1 - vm_cap_len);
	memcpy(vm_cap + vm_cap_len, s, n);
	vm_cap_len += n;
	vm_cap[vm_cap_len] = '\0';
}

static struct console vm_cap_console = { .name = "vmalloc-ktest", .write = vm_cap_write };

static void capture_start(void)
{
	register_console(&vm_cap_console);
	vm_cap_len = 0;		/* forget the log replayed on registration */
	vm_cap[0] = '\0';
}

static void capture_stop(void)
{
	unregister_console(&vm_cap_console);
}

static bool captured(const char *s)
{
	return strstr(vm_cap, s) != NULL;
}

/* Sizes from one byte to several MiB: every byte written and read, all given back. */
static void test_vmalloc_sizes(struct ktest *t)
{
	static const unsigned long sizes[] = {
		1, 100, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE,
		64 * 1024 + 7, 1024 * 1024 + 3, 2 * 1024 * 1024,
		4 * 1024 * 1024 + PAGE_SIZE, 6 * 1024 * 1024 + 123,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long size = sizes[i], nr = PFN_UP(size);
		struct vm_snapshot before, after;
		struct vm_struct *vm;
		u8 *p;

		vm_snapshot(&before);
		p = vmalloc(size);
		KTEST_ASSERT_TRUE(t, p != NULL);
		KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p) && IS_ALIGNED((unsigned long)p, PAGE_SIZE));
		KTEST_EXPECT_EQ(t, global_vm_stat(NR_VMALLOC), before.vmalloc + (long)nr);
		KTEST_EXPECT_TRUE(t, before.free_pages - nr_free_pages() >= nr);
		vm = find_vm_area(p + size - 1);
		KTEST_ASSERT_TRUE(t, vm != NULL);
		KTEST_EXPECT_EQ(t, vm->addr, p);
		KTEST_EXPECT_EQ(t, vm->flags, VM_ALLOC);
		KTEST_EXPECT_EQ(t, vm->nr_pages, nr);
		KTEST_EXPECT_EQ(t, vm->size, (nr + 1) * PAGE_SIZE);
		KTEST_EXPECT_TRUE(t, caller_is(vm->caller, "test_vmalloc_sizes"));
		KTEST_EXPECT_EQ(t, fill_and_check(p, size, i), 0);
		/* The last page is mapped to its end; the guard page after it is not. */
		KTEST_EXPECT_TRUE(t, mapped(p + nr * PAGE_SIZE - 1));
		KTEST_EXPECT_FALSE(t, mapped(p + nr * PAGE_SIZE));
		vfree(p);
		/* Gone from the TLB too, not only from the tables. */
		KTEST_EXPECT_FALSE(t, mapped(p));
		KTEST_EXPECT_FALSE(t, mapped(p + size - 1));
		vm_snapshot(&after);
		EXPECT_SNAPSHOT_EQ(t, after, before);
	}
	EXPECT_TREES_OK(t);
}

static void test_vzalloc_zeroes(struct ktest *t)
{
	unsigned long size = 5 * PAGE_SIZE + 17, nonzero = 0;
	struct vm_snapshot before, after;
	u8 *p;

	/* Leave dirty pages on the free lists for vzalloc to pick up. */
	p = vmalloc(size);
	KTEST_ASSERT_TRUE(t, p != NULL);
	memset(p, 0xa5, size);
	vfree(p);

	vm_snapshot(&before);
	p = vzalloc(size);
	KTEST_ASSERT_TRUE(t, p != NULL);
	for (unsigned long i = 0; i < PAGE_ALIGN(size); i++)
		nonzero += p[i] != 0;
	KTEST_EXPECT_EQ(t, nonzero, 0);
	vfree(p);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
}

#define NR_RAND_AREAS	256

static struct {
	u8 *p;
	unsigned long size;
} rand_areas[NR_RAND_AREAS];

static void rand_area_fill(unsigned int i)
{
	u8 *p = rand_areas[i].p;
	unsigned long size = rand_areas[i].size;

	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		p[off] = (u8)(i ^ (off >> PAGE_SHIFT));
	p[size - 1] = (u8)~i;
}

static bool rand_area_intact(unsigned int i)
{
	u8 *p = rand_areas[i].p;
	unsigned long size = rand_areas[i].size;

	for (unsigned long off = 0; off < size - 1; off += PAGE_SIZE)
		if (p[off] != (u8)(i ^ (off >> PAGE_SHIFT)))
			return false;
	return p[size - 1] == (u8)~i;
}

static bool rand_area_alloc(unsigned int i, u64 *seed)
{
	/* Mostly up to 48 KiB, one in sixteen up to 1 MiB. */
	unsigned long max = (prandom_u64_state(seed) & 15) ? 48 * 1024 : 1024 * 1024;

	rand_areas[i].size = 1 + prandom_u64_state(seed) % max;
	rand_areas[i].p = vmalloc(rand_areas[i].size);
	if (!rand_areas[i].p)
		return false;
	rand_area_fill(i);
	return true;
}

/* No two live areas overlap, guard pages included; every guard page is unmapped. */
static unsigned long rand_areas_check_layout(void)
{
	unsigned long bad = 0;

	for (unsigned int i = 0; i < NR_RAND_AREAS; i++) {
		unsigned long a0 = (unsigned long)rand_areas[i].p;
		unsigned long a1 = a0 + PAGE_ALIGN(rand_areas[i].size) + PAGE_SIZE;

		if (!a0)
			continue;
		bad += mapped((void *)(a1 - PAGE_SIZE));
		for (unsigned int j = i + 1; j < NR_RAND_AREAS; j++) {
			unsigned long b0 = (unsigned long)rand_areas[j].p;
			unsigned long b1 = b0 + PAGE_ALIGN(rand_areas[j].size) + PAGE_SIZE;

			if (b0 && a0 < b1 && b0 < a1)
				bad++;
		}
	}
	return bad;
}

/* Many areas of random sizes, freed and reallocated in a random (fixed-seed) order. */
static void test_vmalloc_random_interleaved(struct ktest *t)
{
	struct vm_snapshot before, after;
	unsigned long lost = 0, failed = 0;
	u64 seed = 0x9e3779b97f4a7c15ULL;
	unsigned int order[NR_RAND_AREAS];

	vm_snapshot(&before);
	memset(rand_areas, 0, sizeof(rand_areas));
	for (unsigned int i = 0; i < NR_RAND_AREAS; i++)
		failed += !rand_area_alloc(i, &seed);
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT_EQ(t, rand_areas_check_layout(), 0);
	EXPECT_TREES_OK(t);

	/* Churn: a random slot is freed if live, else filled again. */
	for (unsigned int k = 0; k < 4 * NR_RAND_AREAS; k++) {
		unsigned int i = prandom_u64_state(&seed) % NR_RAND_AREAS;

		if (rand_areas[i].p) {
			lost += !rand_area_intact(i);
			vfree(rand_areas[i].p);
			rand_areas[i].p = NULL;
		} else {
			failed += !rand_area_alloc(i, &seed);
		}
	}
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT_EQ(t, lost, 0);
	KTEST_EXPECT_EQ(t, rand_areas_check_layout(), 0);
	EXPECT_TREES_OK(t);

	/* Everything else, in a shuffled order. */
	for (unsigned int i = 0; i < NR_RAND_AREAS; i++)
		order[i] = i;
	for (unsigned int i = NR_RAND_AREAS - 1; i > 0; i--) {
		unsigned int j = prandom_u64_state(&seed) % (i + 1), tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	for (unsigned int k = 0; k < NR_RAND_AREAS; k++) {
		unsigned int i = order[k];

		if (!rand_areas[i].p)
			continue;
		lost += !rand_area_intact(i);
		vfree(rand_areas[i].p);
		KTEST_EXPECT_FALSE(t, mapped(rand_areas[i].p));
		rand_areas[i].p = NULL;
	}
	KTEST_EXPECT_EQ(t, lost, 0);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	EXPECT_TREES_OK(t);
}

/* vmalloc_to_page() against an independent walk of the live tables. */
static void test_vmalloc_to_page(struct ktest *t)
{
	unsigned long size = 5 * PAGE_SIZE + 100;
	struct vm_snapshot before, after;
	struct page *lin;
	u8 *p;

	vm_snapshot(&before);
	p = vmalloc(size);
	KTEST_ASSERT_TRUE(t, p != NULL);
	for (unsigned int i = 0; i < PFN_UP(size); i++) {
		u8 *a = p + i * PAGE_SIZE + 123;
		struct page *page = vmalloc_to_page(a);
		struct pt_walk w;

		KTEST_ASSERT_TRUE(t, page != NULL);
		KTEST_EXPECT_EQ(t, pt_walk_live((u64)a, &w), 0);
		KTEST_EXPECT_EQ(t, w.leaf_level, 3);
		KTEST_EXPECT_EQ(t, w.pa, page_to_phys(page) + 123);
		KTEST_EXPECT_EQ(t, w.step[3].desc & PTE_ATTR_MASK, PROT_KERNEL_RW);
		KTEST_EXPECT_EQ(t, vmalloc_to_pfn(a), page_to_pfn(page));
		KTEST_EXPECT_TRUE(t, PageVmalloc(page) && !PageReserved(page) && !PageBuddy(page));
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		/* The same memory through the linear map. */
		*a = (u8)(0x40 + i);
		KTEST_EXPECT_EQ(t, ((u8 *)page_address(page))[123], 0x40 + i);
	}
	KTEST_EXPECT_TRUE(t, vmalloc_to_page(p + PFN_UP(size) * PAGE_SIZE) == NULL);
	lin = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, lin != NULL);
	KTEST_EXPECT_TRUE(t, vmalloc_to_page(page_address(lin)) == NULL);
	__free_page(lin);
	vfree(p);
	KTEST_EXPECT_TRUE(t, vmalloc_to_page(p) == NULL);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
}

static void test_vmap_vunmap(struct ktest *t)
{
	struct vm_snapshot before, after;
	struct page *pair, *pages[4];
	struct vm_struct *vm;
	unsigned long bad = 0;
	u8 *p;

	vm_snapshot(&before);
	pair = alloc_pages(GFP_KERNEL, 1);	/* two that follow each other physically */
	pages[0] = pair;
	pages[1] = pair ? pair + 1 : NULL;
	pages[2] = alloc_page(GFP_KERNEL);
	pages[3] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, pair && pages[2] && pages[3]);

	p = vmap(pages, 4, VM_MAP, PROT_KERNEL_RW);
	KTEST_ASSERT_TRUE(t, p != NULL);
	vm = find_vm_area(p);
	KTEST_ASSERT_TRUE(t, vm != NULL);
	KTEST_EXPECT_EQ(t, vm->flags, VM_MAP);
	KTEST_EXPECT_EQ(t, vm->nr_pages, 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_VMALLOC), before.vmalloc);
	for (unsigned int i = 0; i < 4; i++) {
		u64 *w = (u64 *)(p + i * PAGE_SIZE);

		w[0] = 0x7a11ed00 + i;
		bad += *(u64 *)page_address(pages[i]) != 0x7a11ed00 + i;
		bad += vmalloc_to_page(w) != pages[i];
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_FALSE(t, mapped(p + 4 * PAGE_SIZE));
	vunmap(p);
	KTEST_EXPECT_FALSE(t, mapped(p));
	/* The pages are still the caller's, with what was written through the mapping. */
	for (unsigned int i = 0; i < 4; i++) {
		bad += page_count(pages[i]) != 1 && i != 1;
		bad += *(u64 *)page_address(pages[i]) != 0x7a11ed00 + i;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	__free_pages(pair, 1);
	__free_page(pages[2]);
	__free_page(pages[3]);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
}

/*
 * An area alone in a fresh 1 GiB region needs a new L2 and a new L3 table
 * from the page allocator; vfree() must free both and clear the L1 entry.
 */
static void test_pgtable_pages_freed(struct ktest *t)
{
	struct vm_snapshot before, after;
	unsigned long flags, start, target, freed;
	struct vm_struct *spacer;
	struct vmap_area *free;
	struct pt_walk w;
	u8 *p;

	vm_snapshot(&before);
	flags = vmap_lock();
	free = find_vmap_lowest_match(3 * PAGE_SIZE);
	start = free ? free->va_start : 0;
	vmap_unlock(flags);
	KTEST_ASSERT_TRUE(t, start != 0);
	target = ALIGN(start + 2 * PAGE_SIZE, PUD_SIZE);

	/* Fill the range up to the next 1 GiB boundary (address space only). */
	spacer = get_vm_area(target - start - PAGE_SIZE, VM_MAP);
	KTEST_ASSERT_TRUE(t, spacer != NULL);
	KTEST_EXPECT_EQ(t, spacer->addr, (void *)start);
	KTEST_EXPECT_EQ(t, pt_walk_live(target, &w), -ENOENT);
	KTEST_EXPECT_EQ(t, w.nr_steps, 2);	/* the L1 entry is empty */

	freed = kernel_pgtables_freed();
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT_TRUE(t, p != NULL);
	KTEST_EXPECT_EQ(t, p, (void *)target);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), before.pagetables + 2);
	KTEST_EXPECT_EQ(t, pt_walk_live(target, &w), 0);
	KTEST_EXPECT_EQ(t, w.leaf_level, 3);
	for (int level = 2; level <= 3; level++) {
		struct page *table = pfn_to_page(w.step[level].table >> PAGE_SHIFT);

		KTEST_EXPECT_TRUE(t, PageTable(table) && !PageReserved(table));
	}
	KTEST_EXPECT_EQ(t, fill_and_check(p, 2 * PAGE_SIZE, 7), 0);
	vfree(p);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), before.pagetables);
	KTEST_EXPECT_EQ(t, kernel_pgtables_freed(), freed + 2);
	KTEST_EXPECT_EQ(t, pt_walk_live(target, &w), -ENOENT);
	KTEST_EXPECT_EQ(t, w.nr_steps, 2);
	free_vm_area(spacer);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	EXPECT_TREES_OK(t);
}

/* The console's early ioremap is an area like any other; a second mapping of the UART works. */
static void test_ioremap(struct ktest *t)
{
	phys_addr_t uart = boot_info.uart_base;
	struct vm_snapshot before, after;
	struct vm_struct *early = NULL, *vm;
	unsigned long flags, addr = 0;
	struct pt_walk w;
	u32 fr;
	u8 *p, *q;

	if (!uart) {
		ktest_skip(t, "no UART");
		return;
	}
	flags = vmap_lock();
	for (struct vmap_area *va; !early && (va = find_vmap_area_from(addr)); addr = va->va_end)
		if ((va->vm->flags & VM_IOREMAP) && va->vm->phys_addr == ALIGN_DOWN(uart, PAGE_SIZE))
			early = va->vm;
	vmap_unlock(flags);
	KTEST_ASSERT_TRUE(t, early != NULL);
	KTEST_EXPECT_EQ(t, early->addr, (void *)VMALLOC_START);
	KTEST_EXPECT_EQ(t, early->flags, VM_IOREMAP | VM_EARLY);
	KTEST_EXPECT_TRUE(t, caller_is(early->caller, "earlycon_init"));
	KTEST_EXPECT_EQ(t, probe_kernel_read(&fr, (u8 *)early->addr + 0x18, sizeof(fr)), 0);

	vm_snapshot(&before);
	p = ioremap(uart, 0x1000);
	KTEST_ASSERT_TRUE(t, p != NULL);
	vm = find_vm_area(p);
	KTEST_ASSERT_TRUE(t, vm != NULL);
	KTEST_EXPECT_EQ(t, vm->flags, VM_IOREMAP);
	KTEST_EXPECT_EQ(t, vm->phys_addr, uart);
	KTEST_EXPECT_EQ(t, vm->size, 2 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, caller_is(vm->caller, "test_ioremap"));
	KTEST_EXPECT_EQ(t, pt_walk_live((u64)p, &w), 0);
	KTEST_EXPECT_EQ(t, w.pa, uart);
	KTEST_EXPECT_EQ(t, w.step[3].desc & PTE_ATTR_MASK, PROT_DEVICE);
	KTEST_EXPECT_EQ(t, probe_kernel_read(&fr, p + 0x18, sizeof(fr)), 0);
	KTEST_EXPECT_FALSE(t, mapped(p + PAGE_SIZE));

	/* An address inside a page comes back with its offset; iounmap takes it. */
	q = ioremap(uart + 0x18, 4);
	KTEST_ASSERT_TRUE(t, q != NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)q & (PAGE_SIZE - 1), 0x18);
	KTEST_EXPECT_EQ(t, probe_kernel_read(&fr, q, sizeof(fr)), 0);
	iounmap(q);
	KTEST_EXPECT_FALSE(t, mapped(q));
	iounmap(p);
	KTEST_EXPECT_FALSE(t, mapped(p));

	/* RAM and empty ranges are refused. */
	capture_start();
	q = ioremap(__pa(vm_cap), 8);
	capture_stop();
	KTEST_EXPECT_TRUE(t, q == NULL);
	KTEST_EXPECT_TRUE(t, captured("is RAM, refused"));
	KTEST_EXPECT_TRUE(t, ioremap(uart, 0) == NULL);

	/* The console still prints through the early mapping. */
	capture_start();
	printk("vmalloc ktest: console still works\n");
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("console still works"));
	KTEST_EXPECT_EQ(t, probe_kernel_read(&fr, (u8 *)early->addr + 0x18, sizeof(fr)), 0);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
}

/* Every wrong free is reported with the caller, and changes nothing. */
static void test_vfree_bad(struct ktest *t)
{
	struct vm_snapshot before, after;
	struct page *page;
	void *io;
	u8 *p;

	vm_snapshot(&before);

	capture_start();
	vfree(NULL);
	vunmap(NULL);
	iounmap(NULL);
	capture_stop();
	KTEST_EXPECT_EQ(t, vm_cap_len, 0);

	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, page != NULL);
	capture_start();
	vfree(page_address(page));
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to vfree() bad address"));
	KTEST_EXPECT_TRUE(t, captured("test_vfree_bad+"));
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_page(page);

	p = vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT_TRUE(t, p != NULL);
	memset(p, 0x3c, 3 * PAGE_SIZE);

	capture_start();
	vfree(p + PAGE_SIZE);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to vfree() nonexistent vm area"));
	KTEST_EXPECT_TRUE(t, captured("test_vfree_bad+"));

	capture_start();
	vfree(p + 1);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to vfree() bad address"));

	capture_start();
	vunmap(p);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to vunmap() a vmalloc area"));

	capture_start();
	iounmap(p);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to iounmap() bad address"));

	/* All ignored: the area is whole and still mapped. */
	KTEST_EXPECT_TRUE(t, find_vm_area(p) && find_vm_area(p)->addr == p);
	KTEST_EXPECT_TRUE(t, p[0] == 0x3c && p[3 * PAGE_SIZE - 1] == 0x3c);
	vfree(p);

	capture_start();
	vfree(p);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("Trying to vfree() nonexistent vm area"));

	if (boot_info.uart_base) {
		io = ioremap(boot_info.uart_base, 0x1000);
		KTEST_ASSERT_TRUE(t, io != NULL);
		capture_start();
		vfree(io);
		capture_stop();
		KTEST_EXPECT_TRUE(t, captured("Trying to vfree() an ioremap area"));
		KTEST_EXPECT_TRUE(t, mapped(io));
		iounmap(io);
	}
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	EXPECT_TREES_OK(t);
}

/* vmallocinfo shows each kind of area in /proc/vmallocinfo's format. */
static void test_vmallocinfo_lines(struct ktest *t)
{
	struct vm_snapshot before, after;
	char *argv[] = { "vmallocinfo", NULL };
	char line[160];
	struct page *page;
	void *p, *v;

	vm_snapshot(&before);
	p = vmalloc(3 * PAGE_SIZE + 1);
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, p && page);
	v = vmap(&page, 1, VM_MAP, PROT_KERNEL_RW);
	KTEST_ASSERT_TRUE(t, v != NULL);

	capture_start();
	KTEST_EXPECT_EQ(t, cmd_vmallocinfo(1, argv), 0);
	capture_stop();

	snprintf(line, sizeof(line), "0x%016lx-0x%016lx   20480 test_vmallocinfo_lines+0x",
		 (unsigned long)p, (unsigned long)p + 5 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, captured(line));
	KTEST_EXPECT_TRUE(t, captured(" pages=4 vmalloc\n"));
	snprintf(line, sizeof(line), "0x%016lx-0x%016lx    8192 test_vmallocinfo_lines+0x",
		 (unsigned long)v, (unsigned long)v + 2 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, captured(line));
	KTEST_EXPECT_TRUE(t, captured(" vmap\n"));
	if (boot_info.uart_base) {
		snprintf(line, sizeof(line), " phys=%#llx ioremap\n",
			 (unsigned long long)ALIGN_DOWN(boot_info.uart_base, PAGE_SIZE));
		KTEST_EXPECT_TRUE(t, captured(line));
	}
	KTEST_EXPECT_EQ(t, cmd_vmallocinfo(2, argv), -EINVAL);

	vunmap(v);
	__free_page(page);
	vfree(p);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
}

#define NR_FILL_AREAS	256
static struct vm_struct *fill_areas[NR_FILL_AREAS];

/* Take the whole address range with get_vm_area(); vmalloc then fails cleanly. */
static void test_vmalloc_va_exhaustion(struct ktest *t)
{
	struct vm_snapshot before, full, after;
	unsigned int n = 0;

	vm_snapshot(&before);
	/* Largest first; each area costs size bytes with its guard page. */
	for (unsigned long size = 1UL << 35; size >= 2 * PAGE_SIZE; size >>= 1) {
		struct vm_struct *vm;

		while (n < NR_FILL_AREAS &&
		       (vm = __get_vm_area_node(size - PAGE_SIZE, VM_MAP, GFP_KERNEL | __GFP_NOWARN,
						test_vmalloc_va_exhaustion)))
			fill_areas[n++] = vm;
	}
	KTEST_EXPECT_TRUE(t, n < NR_FILL_AREAS);
	KTEST_EXPECT_TRUE(t, find_vmap_lowest_match(2 * PAGE_SIZE) == NULL);
	EXPECT_TREES_OK(t);

	vm_snapshot(&full);
	capture_start();
	KTEST_EXPECT_TRUE(t, vmalloc(1) == NULL);
	capture_stop();
	KTEST_EXPECT_TRUE(t, captured("vmap allocation for size 8192 failed"));
	KTEST_EXPECT_TRUE(t, get_vm_area(1, VM_ALLOC) == NULL);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, full);

	/* Every other one first, so that the merges go both ways. */
	for (unsigned int i = 0; i < n; i += 2)
		free_vm_area(fill_areas[i]);
	EXPECT_TREES_OK(t);
	for (unsigned int i = 1; i < n; i += 2)
		free_vm_area(fill_areas[i]);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	EXPECT_TREES_OK(t);
}

/* More than the free memory fails cleanly; half of it works and comes back whole. */
static void test_vmalloc_memory_exhaustion(struct ktest *t)
{
	struct vm_snapshot before, after;
	unsigned long nr, bad = 0;
	u8 *p;

	vm_snapshot(&before);
	nr = before.free_pages;
	/* Its page tables need pages too, so this runs out half-way through the last ones. */
	capture_start();
	p = vmalloc(nr << PAGE_SHIFT);
	capture_stop();
	KTEST_EXPECT_TRUE(t, p == NULL);
	KTEST_EXPECT_TRUE(t, captured("failed to allocate pages (caller test_vmalloc_memory_exhaustion+"));
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	KTEST_EXPECT_TRUE(t, vmalloc((totalram_pages + 1) << PAGE_SHIFT) == NULL);

	p = vmalloc((nr / 2) << PAGE_SHIFT);
	KTEST_ASSERT_TRUE(t, p != NULL);
	for (unsigned long i = 0; i < nr / 2; i++)
		*(u64 *)(p + (i << PAGE_SHIFT)) = i * 0x9e3779b97f4a7c15ULL;
	for (unsigned long i = 0; i < nr / 2; i++)
		bad += *(u64 *)(p + (i << PAGE_SHIFT)) != i * 0x9e3779b97f4a7c15ULL;
	KTEST_EXPECT_EQ(t, bad, 0);
	vfree(p);
	vm_snapshot(&after);
	EXPECT_SNAPSHOT_EQ(t, after, before);
	EXPECT_TREES_OK(t);
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(test_vmalloc_sizes),
	KTEST_CASE(test_vzalloc_zeroes),
	KTEST_CASE(test_vmalloc_random_interleaved),
	KTEST_CASE(test_vmalloc_to_page),
	KTEST_CASE(test_vmap_vunmap),
	KTEST_CASE(test_pgtable_pages_freed),
	KTEST_CASE(test_ioremap),
	KTEST_CASE(test_vfree_bad),
	KTEST_CASE(test_vmallocinfo_lines),
	KTEST_CASE(test_vmalloc_va_exhaustion),
	KTEST_CASE(test_vmalloc_memory_exhaustion),
	{}
};
KTEST_SUITE(vmalloc, vmalloc_cases);
#endif /* CONFIG_KTEST */
