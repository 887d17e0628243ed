/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SLAB_H
#define ARBOR_SLAB_H

/*
 * The slab allocator (mm/slab.c): object caches on top of the page
 * allocator, and kmalloc() over a fixed set of them. Linux's names and
 * semantics (SLUB's design, simplified for one CPU):
 *
 *   kmem_cache_create("foo", size, align, flags, ctor) -> a cache
 *   kmem_cache_alloc(cache, gfp) / kmem_cache_free(cache, obj)
 *   kmalloc(size, gfp) / kfree(p): size classes 8 .. 8 KiB ("kmalloc-64"),
 *   larger sizes straight from alloc_pages(__GFP_COMP)
 *
 * A slab is one block of 2^order pages cut into equal slots; its first
 * struct page (PageSlab) holds the slab's freelist, in-use count and cache.
 * Each cache has a current slab (Linux's cpu_slab) whose freelist serves
 * the fast path; slabs that fill go on the cache's full list, slabs with
 * free objects on its partial list, and empty slabs beyond a few go back
 * to the page allocator.
 *
 * With CONFIG_SLAB_DEBUG every cache gets red zones, poisoning and caller
 * tracking (unless "slab_debug=off" is on the command line, or the cache
 * was created with SLAB_NO_USER_FLAGS): double frees, frees of pointers that
 * never came from the allocator, writes past an object's end and writes to
 * freed objects are reported (printk KERN_ERR, "BUG <cache> ...") and the
 * kernel keeps running.
 */
#include <arbor/gfp.h>
#include <arbor/list.h>
#include <arbor/types.h>

typedef unsigned int slab_flags_t;

/* kmem_cache_create() flags, Linux's names. */
#define SLAB_RED_ZONE		0x00000400u	/* guard bytes around each object */
#define SLAB_POISON		0x00000800u	/* 0x6b-fill freed objects, check on reuse */
#define SLAB_HWCACHE_ALIGN	0x00002000u	/* align objects to the cache line */
#define SLAB_STORE_USER		0x00010000u	/* record the last alloc and free caller */
#define SLAB_PANIC		0x00040000u	/* panic if the cache cannot be created */
#define SLAB_RECLAIM_ACCOUNT	0x00020000u	/* pages count as SReclaimable */
#define SLAB_NO_USER_FLAGS	0x01000000u	/* "slab_debug" does not apply to it */
#define SLAB_KMALLOC		0x10000000u	/* internal: a kmalloc size class */

#define SLAB_DEBUG_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Debug fill patterns (Linux's <linux/poison.h> values). */
#define POISON_FREE		0x6b	/* a freed object's bytes */
#define POISON_END		0xa5	/* its last byte */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

#define L1_CACHE_BYTES		64
#define ARCH_KMALLOC_MINALIGN	8	/* every kmalloc() result is 8-aligned */
#define ARCH_SLAB_MINALIGN	8

/* kmalloc size classes: 8 << 0 .. 8 KiB, plus 96 and 192. */
#define KMALLOC_MIN_SIZE	8
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	13
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(4096UL << 10)	/* one MAX_ORDER block */

/* kmalloc(0) returns this: not NULL, yet any access faults. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * kmalloc caches by gfp: __GFP_RECLAIMABLE allocations come from the
 * "kmalloc-rcl-*" caches, whose pages count as SReclaimable.
 */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_RECLAIM,
	NR_KMALLOC_TYPES
};

#define KMEM_CACHE_NAME_LEN	32

/**
 * struct kmem_cache - a cache of equal-sized objects
 * @cpu_slab:	current slab: the fast path pops from and pushes to its
 *		freelist. Points at an always-empty dummy when there is none,
 *		and always for debug caches (whose every operation is checked)
 * @offset:	where the free pointer is kept, from the object's start
 * @size:	slot stride: object, red zones, free pointer, tracking, padding
 * @object_size: what the creator asked for (the kmalloc class size)
 * @flags:	SLAB_* as in effect (after "slab_debug" and CONFIG)
 * @align:	object alignment
 * @red_left_pad: bytes of left red zone in front of each object
 * @inuse:	end of the object's red-zoned part (object + right red zone)
 * @order:	slab size is PAGE_SIZE << @order
 * @objects:	objects per slab
 * @ctor:	constructor, run once per object when its slab is made
 * @nr_slabs:	slabs the cache holds (current + partial + full)
 * @nr_empty:	empty slabs kept on @partial (at its tail) for reuse
 * @nr_quarantined: corrupted objects set aside, never handed out again
 * @partial:	slabs with free and used objects (empty ones at the tail)
 * @full:	slabs with no free object
 * @list:	on the list of all caches
 * @name:	"kmalloc-64", "kmem_cache", ...
 *
 * Declared here (Linux keeps it private to mm/) so that tests and the
 * statistics can see it; callers only ever hold a pointer.
 */
struct kmem_cache {
	struct page *cpu_slab;
	unsigned int offset;
	unsigned int size;
	unsigned int object_size;
	slab_flags_t flags;
	unsigned int align;
	unsigned int red_left_pad;
	unsigned int inuse;
	unsigned int order;
	unsigned int objects;
	unsigned int stat_item;
	void (*ctor)(void *obj);
	unsigned long nr_slabs;
	unsigned long nr_empty;
	unsigned long nr_quarantined;
	struct list_head partial;
	struct list_head full;
	struct list_head list;
	char name[KMEM_CACHE_NAME_LEN];
};

/**
 * kmem_cache_create - create a cache of objects
 * @name:	shown by slabinfo and in reports (copied; at most 31 characters)
 * @size:	object size in bytes (1 .. 2 MiB)
 * @align:	required alignment (0 or a power of two up to 32 KiB); at
 *		least ARCH_SLAB_MINALIGN, and with SLAB_HWCACHE_ALIGN a cache
 *		line (half or less of one for objects that small)
 * @flags:	SLAB_HWCACHE_ALIGN, SLAB_RECLAIM_ACCOUNT, SLAB_PANIC,
 *		SLAB_NO_USER_FLAGS, and the debug flags (any one of them
 *		turns on all three; a cache with @ctor is not poisoned)
 * @ctor:	run on each object once, when its slab is allocated; objects
 *		must be back in the constructed state when they are freed
 *
 * Return: the cache, or NULL (bad arguments, no memory); with SLAB_PANIC
 * a failure panics instead.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));

/**
 * kmem_cache_destroy - destroy a cache that has no objects left
 * @s:	the cache (NULL is ignored)
 *
 * If objects are still allocated the cache is left alone and the
 * remaining objects are reported ("Objects remaining in <name>"), as Linux
 * does; corrupted objects the cache quarantined do not count.
 */
void kmem_cache_destroy(struct kmem_cache *s);

/**
 * kmem_cache_alloc - allocate an object
 * @s:		the cache
 * @gfp:	GFP_KERNEL, GFP_ATOMIC, ... (__GFP_ZERO zeroes it)
 *
 * Return: the object, or NULL when no page could be had.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);

/** kmem_cache_zalloc - kmem_cache_alloc() of a zeroed object */
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/**
 * kmem_cache_free - give an object back to its cache
 * @s:		the cache it came from
 * @obj:	the object (NULL is ignored)
 *
 * An object of another cache, or a pointer that is no object at all, is
 * reported and not freed.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj);

/**
 * kmem_cache_shrink - give every empty slab of @s back to the page allocator
 * @s:	the cache
 *
 * Return: 0.
 */
int kmem_cache_shrink(struct kmem_cache *s);

/**
 * kmem_cache_validate - check every slab and object of @s
 * @s:	the cache
 *
 * Lists, counts and freelists always; with debug flags also every object's
 * red zones and poison. Problems are reported like the allocator's own
 * checks.
 *
 * Return: the number of problems found.
 */
int kmem_cache_validate(struct kmem_cache *s);

/** slab_validate - kmem_cache_validate() every cache; Return: problems found */
int slab_validate(void);

/**
 * kmalloc - allocate @size bytes
 * @size:	bytes; 0 gives ZERO_SIZE_PTR
 * @gfp:	GFP_KERNEL, GFP_ATOMIC, ... with __GFP_ZERO, __GFP_NOWARN,
 *		__GFP_RECLAIMABLE
 *
 * Up to KMALLOC_MAX_CACHE_SIZE from the size classes, larger sizes (up to
 * KMALLOC_MAX_SIZE) as compound pages. The result is ARCH_KMALLOC_MINALIGN
 * aligned, and aligned to @size when @size is a power of two.
 *
 * Return: the memory, or NULL.
 */
void *kmalloc(size_t size, gfp_t gfp);

/** kzalloc - kmalloc() of zeroed memory */
static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/** kmalloc_array - kmalloc(@n * @size), or NULL if that overflows */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

/** kcalloc - zeroed kmalloc_array() */
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/**
 * krealloc - resize a kmalloc() block
 * @p:		the block, or NULL (then it is kmalloc())
 * @new_size:	the new size; 0 frees @p and returns ZERO_SIZE_PTR
 * @gfp:	as for kmalloc(); __GFP_ZERO zeroes the part that is new
 *
 * The contents up to the smaller of the two sizes are kept. If the block
 * is already big enough it is returned as it is.
 *
 * Return: the block (maybe moved), or NULL with @p untouched.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);

/**
 * kfree - free a kmalloc() block (NULL and ZERO_SIZE_PTR are ignored)
 * @p:	the block
 */
void kfree(const void *p);

/**
 * ksize - the usable size of a kmalloc() block (its size class)
 * @p:	the block
 *
 * The caller may use all of it. Return: bytes, 0 for NULL/ZERO_SIZE_PTR or
 * a pointer that is no kmalloc() block (which is also reported).
 */
size_t ksize(const void *p);

/** kmalloc_size_roundup - the size kmalloc(@size) really gives */
size_t kmalloc_size_roundup(size_t size);

/**
 * kmalloc_slab - the cache kmalloc(@size, @gfp) takes from, or NULL for
 * sizes that bypass the caches (0 and above KMALLOC_MAX_CACHE_SIZE)
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp);

/**
 * kmem_cache_init - create the "kmem_cache" cache and the kmalloc caches
 * (after mem_init(): they take their pages from the page allocator)
 */
void kmem_cache_init(void);

/** slab_is_available - whether kmalloc() works yet */
bool slab_is_available(void);

/** slab_caches_count - the number of caches, kmalloc's included */
unsigned int slab_caches_count(void);

/** kmem_cache_find - the first cache called @name, or NULL */
struct kmem_cache *kmem_cache_find(const char *name);

/**
 * struct slab_cache_info - one cache's figures, as slabinfo prints them
 * @active_objs: objects allocated (quarantined ones included)
 * @num_objs:	objects the cache's slabs hold
 * @num_slabs:	slabs
 * @num_partial, @num_full, @num_empty: slabs by state (the current slab is
 *		counted where its fill level puts it)
 */
struct slab_cache_info {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long num_slabs;
	unsigned long num_partial;
	unsigned long num_full;
	unsigned long num_empty;
};

/** kmem_cache_get_info - fill @info from @s's slabs */
void kmem_cache_get_info(struct kmem_cache *s, struct slab_cache_info *info);

/* The cache of struct kmem_cache, and the kmalloc caches by type and index. */
extern struct kmem_cache *kmem_cache;
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* Large kmalloc() blocks outstanding (they count in SUnreclaim). */
extern unsigned long kmalloc_large_pages, kmalloc_large_blocks;

/*
 * What the checks found: one counter per kind of report. Frees of pointers
 * that are no slab object are always caught; the per-object checks need
 * CONFIG_SLAB_DEBUG.
 */
enum slab_bug {
	SLAB_BUG_DOUBLE_FREE,		/* "Object already free" */
	SLAB_BUG_INVALID_FREE,		/* not a slab object / not at a boundary */
	SLAB_BUG_WRONG_CACHE,		/* kmem_cache_free() to another cache */
	SLAB_BUG_REDZONE,		/* left, right or kmalloc red zone overwritten */
	SLAB_BUG_POISON,		/* a freed object was written (use after free) */
	SLAB_BUG_FREEPTR,		/* a free pointer was corrupted */
	SLAB_BUG_LEAK,			/* kmem_cache_destroy() with objects left */
	SLAB_BUG_LIST,			/* slab list or count inconsistent (validate) */
	NR_SLAB_BUGS
};

extern unsigned long slab_bug_count[NR_SLAB_BUGS];

/** slab_debug_last_report - the text of the latest report (for tests) */
const char *slab_debug_last_report(void);

#ifdef CONFIG_SLAB_DEBUG
/**
 * slab_debug_unquarantine - free an object the checks quarantined, after
 * restoring its red zones and poison (tests that corrupt objects on purpose
 * repair the damage with it)
 * @obj:	the object
 *
 * Return: 0, or -EINVAL if @obj is not a quarantined object.
 */
int slab_debug_unquarantine(void *obj);
#endif

#endif
