// SPDX-License-Identifier: GPL-2.0
/*
 * The slab allocator: object caches and kmalloc() (Linux's SLUB design,
 * for one CPU).
 *
 * Call graph, next to Linux's mm/slub.c:
 *
 *   kmalloc(size)                               kmalloc -> __kmalloc
 *     size_index[] / fls: the kmalloc cache        kmalloc_slab
 *     slab_alloc: pop s->cpu_slab->freelist        slab_alloc_node (cpu freelist)
 *       __slab_alloc: the current slab is empty    ___slab_alloc
 *         deactivate_slab -> get_partial           deactivate_slab, get_partial
 *         new_slab: alloc_pages, build freelist    allocate_slab
 *         alloc_debug: debug caches                alloc_debug_processing
 *     kmalloc_large: > 8 KiB, compound pages       __kmalloc_large_node
 *   kfree(p)                                    kfree
 *     addr_to_head_page                            virt_to_folio
 *     slab_free: push on the current slab          do_slab_free (fast path)
 *       __slab_free -> do_slab_free: relist,       __slab_free
 *                      free surplus empty slabs    discard_slab
 *         free_debug: debug caches                 free_debug_processing
 *     kfree_nonslab: large blocks, bad pointers    free_large_kmalloc
 *
 * A slab is 2^order pages cut into s->size slots. Its head struct page
 * (PageSlab) holds slab_cache, freelist (a chain of free objects through a
 * pointer at s->offset inside each), inuse and objects. A slab is in one
 * of three places: the cache's current slab (s->cpu_slab, on no list), the
 * partial list (some objects free; empty slabs at the tail, at most
 * SLAB_MIN_EMPTY of them kept) or the full list (no free object). Lists
 * change only when a slab fills, empties or stops being current.
 *
 * Debug caches (CONFIG_SLAB_DEBUG) never have a current slab, so their
 * every alloc and free takes the slow path and is checked there, and the
 * fast path costs nothing for them. Slot layout of a debug cache:
 *
 *   | left red zone | object ... | right red zone | free ptr | alloc | free |
 *   <- red_left_pad ><- object_size ><---------- up to s->size ------------->
 *
 * The red zones hold SLUB_RED_ACTIVE while the object is allocated and
 * SLUB_RED_INACTIVE while it is free; a free object is POISON_FREE with a
 * POISON_END last byte (unless the cache has a constructor); kmalloc objects
 * also red-zone the bytes between the size asked for and the class size.
 * A check that fails prints a report and the kernel goes on: a bad free is
 * not done, a corrupted object is quarantined (kept allocated, never handed
 * out, its free pointer set to QUARANTINE_MARK).
 *
 * Interrupts are masked around every change to a cache, since interrupt
 * handlers may allocate (GFP_ATOMIC).
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/irqflags.h>
#include <arbor/mm.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#ifndef HOST_TEST
#include <arbor/bench.h>
#endif

#ifndef _RET_IP_
#define _RET_IP_		((unsigned long)__builtin_return_address(0))
#endif

#define SLAB_MIN_EMPTY		2	/* empty slabs a cache keeps for reuse */
#define SLAB_MAX_ORDER		3	/* highest order picked for small objects */
#define MAX_OBJS_PER_SLAB	((PAGE_SIZE << SLAB_MAX_ORDER) / KMALLOC_MIN_SIZE)
#define SLAB_MAX_ALIGN		(PAGE_SIZE << SLAB_MAX_ORDER)

/* The free pointer of a quarantined object: no object ever lives there. */
#define QUARANTINE_MARK		((void *)0x7a7a7a7a7a7a7a7aUL)

/* Head page private word of a large kmalloc block: magic | order. */
#define KMALLOC_LARGE_MAGIC	0x6b6d616c6c000000UL
#define KMALLOC_LARGE_MASK	0xffffffffff000000UL

BUILD_BUG_ON(KMALLOC_MAX_SIZE != PAGE_SIZE << MAX_ORDER);

/*
 * Every cache's current slab when it has none: its freelist is NULL, so
 * the fast path falls through to __slab_alloc(), and no real slab equals it,
 * so the free fast path never matches it.
 */
static struct page no_cpu_slab;

static LIST_HEAD(slab_caches);
static struct kmem_cache kmem_cache_boot;
/* The cache of struct kmem_cache, as Linux's "kmem_cache". */
struct kmem_cache *kmem_cache;
struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

static bool slab_up;
unsigned long kmalloc_large_pages, kmalloc_large_blocks;
unsigned long slab_bug_count[NR_SLAB_BUGS];

#ifdef CONFIG_SLAB_DEBUG
static bool slab_debug_default = true;
#endif

/* kmalloc index of sizes 1..192 by (size - 1) / 8: 96 is 1, 192 is 2. */
static const u8 size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,		/* 8, 16, 32, 64 */
	1, 1, 1, 1,			/* 96 */
	7, 7, 7, 7,			/* 128 */
	2, 2, 2, 2, 2, 2, 2, 2,		/* 192 */
};

static unsigned int kmalloc_index_size(unsigned int idx)
{
	return idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
}

static inline unsigned int fls_long(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
#ifdef CONFIG_SLAB_DEBUG
	return s->flags & SLAB_DEBUG_FLAGS;
#else
	return false;
#endif
}

static inline void *get_freepointer(const struct kmem_cache *s, const void *obj)
{
	return *(void **)((char *)obj + s->offset);
}

static inline void set_freepointer(const struct kmem_cache *s, void *obj, void *fp)
{
	*(void **)((char *)obj + s->offset) = fp;
}

static inline char *slab_base(const struct page *slab)
{
	return page_address(slab);
}

static inline void *slab_object(const struct kmem_cache *s, const struct page *slab,
				unsigned int idx)
{
	return slab_base(slab) + (size_t)idx * s->size + s->red_left_pad;
}

/*
 * The head struct page of the linear-map address @addr, or NULL when it
 * has none (not a linear-map address, or memory without a memmap). Cheap
 * enough for the free fast path, safe for any pointer.
 */
static inline struct page *addr_to_head_page(const void *addr)
{
	unsigned long pfn = __pa_linear(addr) >> PAGE_SHIFT;
	uintptr_t base;
	struct page *page;

	if (unlikely(pfn >= MAX_PFN))
		return NULL;
	base = mem_section[pfn_to_section_nr(pfn)].map_base;
	if (unlikely(!base))
		return NULL;
	page = (struct page *)(base + pfn * sizeof(struct page));
	if (PageTail(page))
		page = (struct page *)page->private;
	return page;
}

/* Whether @p is the start of an object slot of @slab; its index in @idx. */
static bool object_index(const struct kmem_cache *s, const struct page *slab, const void *p,
			 unsigned int *idx)
{
	unsigned long off = (unsigned long)p - (unsigned long)slab_base(slab);

	if (off < s->red_left_pad)
		return false;
	off -= s->red_left_pad;
	if (off % s->size || off / s->size >= s->objects)
		return false;
	*idx = off / s->size;
	return true;
}

/* ---------------------------------------------------------------------- */
/* Reports */

static char slab_report_buf[2048];
static size_t slab_report_len;

/* One line of a report: to the log as KERN_ERR, and to the report buffer. */
static void __printf(1, 2) slab_report(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (slab_report_len + n < sizeof(slab_report_buf)) {
		memcpy(slab_report_buf + slab_report_len, line, n);
		slab_report_len += n;
		slab_report_buf[slab_report_len] = '\0';
	}
	printk(KERN_ERR "%s", line);
}

/*
 * The head of a report, Linux's "BUG <cache> (Not tainted): <what>", and
 * the caller of the operation that found it.
 */
static void __printf(4, 5) slab_bug(const char *cache, enum slab_bug kind, unsigned long caller,
				    const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	slab_bug_count[kind]++;
	slab_report_len = 0;
	slab_report_buf[0] = '\0';
	slab_report("=============================================================================\n");
	slab_report("BUG %s (Not tainted): %s\n", cache, what);
	slab_report("-----------------------------------------------------------------------------\n");
	slab_report("INFO: Caller %pS\n", (void *)caller);
}

/**
 * slab_debug_last_report - the text of the latest slab report
 *
 * Return: the report's lines, or "" if there was none.
 */
const char *slab_debug_last_report(void)
{
	return slab_report_buf;
}

/* ---------------------------------------------------------------------- */
/* Debug checks: red zones, poison, tracking */

#ifdef CONFIG_SLAB_DEBUG

/**
 * struct slab_track - who last allocated or freed an object
 * @addr:	the caller's return address
 * @size:	the size asked for (alloc track of kmalloc objects)
 * @seq:	slab_debug_seq then: which event came first
 */
struct slab_track {
	unsigned long addr;
	unsigned int size;
	unsigned int seq;
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

static unsigned int slab_debug_seq;

static inline struct slab_track *get_track(const struct kmem_cache *s, void *obj,
					   enum track_item which)
{
	return (struct slab_track *)((char *)obj + s->offset + sizeof(void *)) + which;
}

static void set_track(const struct kmem_cache *s, void *obj, enum track_item which,
		      unsigned long addr, unsigned int size)
{
	struct slab_track *t = get_track(s, obj, which);

	t->addr = addr;
	t->size = size;
	t->seq = ++slab_debug_seq;
}

/* The size the user asked for: the kmalloc red zone starts there. */
static unsigned int orig_size(const struct kmem_cache *s, void *obj)
{
	if (!(s->flags & SLAB_KMALLOC))
		return s->object_size;
	return get_track(s, obj, TRACK_ALLOC)->size;
}

/* First byte of [start, start + n) that is not @value, or NULL. */
static u8 *check_bytes(u8 *start, u8 value, size_t n)
{
	u64 pattern = value * 0x0101010101010101ULL;

	while (n && ((uintptr_t)start & 7)) {
		if (*start != value)
			return start;
		start++;
		n--;
	}
	while (n >= 8 && *(u64 *)start == pattern) {
		start += 8;
		n -= 8;
	}
	for (; n; start++, n--)
		if (*start != value)
			return start;
	return NULL;
}

static void print_tracking(const struct kmem_cache *s, void *obj)
{
	struct slab_track *a = get_track(s, obj, TRACK_ALLOC);
	struct slab_track *f = get_track(s, obj, TRACK_FREE);

	if (a->addr)
		slab_report("INFO: Allocated by %pS (%u bytes asked for, event %u)\n",
			    (void *)a->addr, a->size, a->seq);
	else
		slab_report("INFO: Never allocated\n");
	if (f->addr)
		slab_report("INFO: Freed by %pS (event %u)\n", (void *)f->addr, f->seq);
}

static void print_object(const struct kmem_cache *s, const struct page *slab, void *obj)
{
	unsigned long off = (unsigned long)obj - (unsigned long)slab_base(slab);

	slab_report("INFO: Object %p @offset=%lu size=%u slot=%u in slab %p (pfn %#lx, objects=%u used=%u)\n",
		    obj, off, s->object_size, s->size, (void *)slab_base(slab),
		    page_to_pfn(slab), slab->objects, slab->inuse);
	print_tracking(s, obj);
}

/*
 * Check @n bytes at @start for @value; on a mismatch report @what with the
 * range of bad bytes. Return: true when intact.
 */
static bool check_bytes_and_report(const struct kmem_cache *s, const struct page *slab,
				   void *obj, enum slab_bug kind, const char *what,
				   u8 *start, u8 value, size_t n, unsigned long caller)
{
	u8 *fault = check_bytes(start, value, n), *end;

	if (!fault)
		return true;
	end = start + n;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s->name, kind, caller, "%s overwritten", what);
	slab_report("INFO: %p-%p @object%+ld. First byte 0x%x instead of 0x%x\n",
		    fault, end - 1, (long)(fault - (u8 *)obj), *fault, value);
	print_object(s, slab, obj);
	return false;
}

/*
 * Check a free (@val SLUB_RED_INACTIVE) or allocated (SLUB_RED_ACTIVE)
 * object's red zones and, if free, its poison. Reports the first problem.
 */
static bool check_object(const struct kmem_cache *s, const struct page *slab, void *obj,
			 u8 val, unsigned long caller)
{
	u8 *p = obj;

	if (!check_bytes_and_report(s, slab, obj, SLAB_BUG_REDZONE, "Left Redzone",
				    p - s->red_left_pad, val, s->red_left_pad, caller))
		return false;
	if (!check_bytes_and_report(s, slab, obj, SLAB_BUG_REDZONE, "Right Redzone",
				    p + s->object_size, val, s->inuse - s->object_size, caller))
		return false;
	if (val == SLUB_RED_ACTIVE) {
		unsigned int orig = orig_size(s, obj);

		if (orig < s->object_size &&
		    !check_bytes_and_report(s, slab, obj, SLAB_BUG_REDZONE, "kmalloc Redzone",
					    p + orig, val, s->object_size - orig, caller))
			return false;
	} else if (s->flags & SLAB_POISON) {
		if (!check_bytes_and_report(s, slab, obj, SLAB_BUG_POISON, "Poison",
					    p, POISON_FREE, s->object_size - 1, caller) ||
		    !check_bytes_and_report(s, slab, obj, SLAB_BUG_POISON, "Poison",
					    p + s->object_size - 1, POISON_END, 1, caller))
			return false;
	}
	return true;
}

/* Red zones and poison of a free object. */
static void init_object_free(const struct kmem_cache *s, void *obj)
{
	u8 *p = obj;

	memset(p - s->red_left_pad, SLUB_RED_INACTIVE, s->red_left_pad);
	memset(p + s->object_size, SLUB_RED_INACTIVE, s->inuse - s->object_size);
	if (s->flags & SLAB_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
}

static void init_debug_slab(const struct kmem_cache *s, struct page *slab)
{
	for (unsigned int i = 0; i < s->objects; i++) {
		void *obj = slab_object(s, slab, i);

		init_object_free(s, obj);
		memset(get_track(s, obj, TRACK_ALLOC), 0, 2 * sizeof(struct slab_track));
	}
}

#else /* !CONFIG_SLAB_DEBUG */

static inline void init_debug_slab(const struct kmem_cache *s, struct page *slab)
{
}

#endif /* CONFIG_SLAB_DEBUG */

/* ---------------------------------------------------------------------- */
/* Slabs */

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	static unsigned long failures;

	if (gfp & __GFP_NOWARN)
		return;
	/* Rate-limited: the first ten, then one in a thousand. */
	if (failures++ < 10 || !(failures % 1000))
		pr_warn("slab: %s: cannot allocate a slab of order %u (gfp %#x, failure %lu)\n",
			s->name, s->order, gfp, failures);
}

/* A new slab: every object free, constructed, and on the freelist in order. */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t page_gfp = gfp & (__GFP_NOWARN | __GFP_HIGH | __GFP_DIRECT_RECLAIM);
	struct page *slab;
	void *next = NULL;

	if (s->order)
		page_gfp |= __GFP_COMP;
	slab = alloc_pages(page_gfp, s->order);
	if (!slab)
		return NULL;
	slab->slab_cache = s;
	slab->inuse = 0;
	slab->objects = s->objects;
	SetPageSlab(slab);
	if (kmem_cache_debug(s))
		init_debug_slab(s, slab);
	if (s->ctor)
		for (unsigned int i = 0; i < s->objects; i++)
			s->ctor(slab_object(s, slab, i));
	for (unsigned int i = s->objects; i-- > 0;) {
		void *obj = slab_object(s, slab, i);

		set_freepointer(s, obj, next);
		next = obj;
	}
	slab->freelist = next;
	s->nr_slabs++;
	mod_vm_stat((enum vm_stat_item)s->stat_item, (long)(PAGE_SIZE << s->order));
	return slab;
}

/* Back to the page allocator, with the fields it shares with slab cleared. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	ClearPageSlab(slab);
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->inuse = 0;
	slab->objects = 0;
	INIT_LIST_HEAD(&slab->slab_list);
	s->nr_slabs--;
	mod_vm_stat((enum vm_stat_item)s->stat_item, -(long)(PAGE_SIZE << s->order));
	__free_pages(slab, s->order);
}

/* Take the first partial slab (partly used ones come before empty ones). */
static struct page *get_partial(struct kmem_cache *s)
{
	struct page *slab = list_first_entry_or_null(&s->partial, struct page, slab_list);

	if (!slab)
		return NULL;
	list_del(&slab->slab_list);
	if (!slab->inuse)
		s->nr_empty--;
	return slab;
}

/* Stop using the current slab: put it where its fill level says. */
static void deactivate_slab(struct kmem_cache *s)
{
	struct page *slab = s->cpu_slab;

	if (slab == &no_cpu_slab)
		return;
	s->cpu_slab = &no_cpu_slab;
	if (!slab->freelist) {
		list_add(&slab->slab_list, &s->full);
	} else if (slab->inuse) {
		list_add(&slab->slab_list, &s->partial);
	} else if (s->nr_empty < SLAB_MIN_EMPTY) {
		list_add_tail(&slab->slab_list, &s->partial);
		s->nr_empty++;
	} else {
		discard_slab(s, slab);
	}
}

/*
 * Put @obj on @slab's freelist (interrupts masked, checks done) and move
 * the slab if it was full or is now empty. The current slab stays put.
 */
static void do_slab_free(struct kmem_cache *s, struct page *slab, void *obj)
{
	void *prior = slab->freelist;

	set_freepointer(s, obj, prior);
	slab->freelist = obj;
	slab->inuse--;
	if (slab == s->cpu_slab)
		return;
	if (!slab->inuse) {
		list_del(&slab->slab_list);
		if (s->nr_empty < SLAB_MIN_EMPTY) {
			list_add_tail(&slab->slab_list, &s->partial);
			s->nr_empty++;
		} else {
			discard_slab(s, slab);
		}
	} else if (!prior) {
		list_move(&slab->slab_list, &s->partial);
	}
}

/* ---------------------------------------------------------------------- */
/* Freelist walks: validation, destroy reports and corruption repair */

static unsigned long objmap[MAX_OBJS_PER_SLAB / 64];

static inline void objmap_clear(unsigned int n)
{
	memset(objmap, 0, DIV_ROUND_UP(n, 64) * sizeof(unsigned long));
}

static inline bool objmap_test(unsigned int i)
{
	return objmap[i / 64] & (1UL << (i % 64));
}

static inline void objmap_set(unsigned int i)
{
	objmap[i / 64] |= 1UL << (i % 64);
}

/*
 * The freelist was cut: objects that were free but are no longer on it
 * belong to nobody. Quarantine them (a debug cache can tell them by their
 * inactive red zone) and make the counts and lists agree again.
 */
static void fixup_lost_objects(struct kmem_cache *s, struct page *slab, unsigned int nfree)
{
	unsigned int old_inuse = slab->inuse, new_inuse = slab->objects - nfree;

	if (new_inuse <= old_inuse)
		return;
	/* Only a debug cache's free pointer lies outside the object. */
	for (unsigned int i = 0; i < s->objects && kmem_cache_debug(s); i++) {
		u8 *obj = slab_object(s, slab, i);

		if (objmap_test(i) || get_freepointer(s, obj) == QUARANTINE_MARK)
			continue;
		if (obj[s->object_size] == SLUB_RED_INACTIVE)
			set_freepointer(s, obj, QUARANTINE_MARK);
	}
	slab_report("FIX %s: %u unreachable free objects quarantined\n", s->name,
		    new_inuse - old_inuse);
	s->nr_quarantined += new_inuse - old_inuse;
	slab->inuse = new_inuse;
	if (slab == s->cpu_slab)
		return;
	if (!old_inuse)
		s->nr_empty--;
	if (!slab->freelist)
		list_move(&slab->slab_list, &s->full);
}

/*
 * Walk @slab's freelist into objmap. A pointer that is no object of this
 * slab, or a loop, is reported; the list is cut before it and the objects
 * lost with it are quarantined. Return: free objects found.
 */
static unsigned int walk_freelist(struct kmem_cache *s, struct page *slab, int *problems,
				  unsigned long caller)
{
	void *prev = NULL, *p = slab->freelist;
	unsigned int n = 0, idx;

	objmap_clear(s->objects);
	while (p) {
		if (!object_index(s, slab, p, &idx) || objmap_test(idx)) {
			void *holder = prev ? prev : (void *)slab_base(slab);

			slab_bug(s->name, SLAB_BUG_FREEPTR, caller, "Freepointer corrupt");
			slab_report("INFO: Free pointer %p found in %s %p is %s\n", p,
				    prev ? "object" : "slab", holder,
				    object_index(s, slab, p, &idx) ? "a loop" : "no object of the slab");
#ifdef CONFIG_SLAB_DEBUG
			if (prev && kmem_cache_debug(s))
				print_object(s, slab, prev);
#endif
			if (prev)
				set_freepointer(s, prev, NULL);
			else
				slab->freelist = NULL;
			fixup_lost_objects(s, slab, n);
			(*problems)++;
			break;
		}
		objmap_set(idx);
		n++;
		prev = p;
		p = get_freepointer(s, p);
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* Debug alloc and free */

#ifdef CONFIG_SLAB_DEBUG

static void quarantine_object(struct kmem_cache *s, void *obj)
{
	set_freepointer(s, obj, QUARANTINE_MARK);
	s->nr_quarantined++;
}

/*
 * Pop objects off the first partial slab until one passes its checks; a
 * corrupted one is quarantined and the next one tried.
 */
static void *alloc_debug(struct kmem_cache *s, gfp_t gfp, size_t orig, unsigned long caller)
{
	struct page *slab;
	void *obj, *next;
	unsigned int idx;

	for (;;) {
		slab = list_first_entry_or_null(&s->partial, struct page, slab_list);
		if (!slab) {
			slab = new_slab(s, gfp);
			if (!slab)
				return NULL;
			list_add(&slab->slab_list, &s->partial);
			s->nr_empty++;
		}
		obj = slab->freelist;
		next = get_freepointer(s, obj);
		if (next && !object_index(s, slab, next, &idx)) {
			int problems = 0;

			walk_freelist(s, slab, &problems, caller);
			continue;	/* the list was cut and the slab relisted */
		}
		slab->freelist = next;
		if (!slab->inuse++)
			s->nr_empty--;
		if (!next)
			list_move(&slab->slab_list, &s->full);
		if (check_object(s, slab, obj, SLUB_RED_INACTIVE, caller))
			break;
		slab_report("FIX %s: Object %p quarantined; another one is handed out\n",
			    s->name, obj);
		quarantine_object(s, obj);
	}
	if (gfp & __GFP_ZERO)
		memset(obj, 0, orig);
	memset((u8 *)obj - s->red_left_pad, SLUB_RED_ACTIVE, s->red_left_pad);
	memset((u8 *)obj + orig, SLUB_RED_ACTIVE, s->inuse - orig);
	set_freepointer(s, obj, NULL);
	set_track(s, obj, TRACK_ALLOC, caller, orig);
	return obj;
}

/*
 * Whether @obj is on @slab's freelist (a double free). The walk checks each
 * pointer on the way; a bad one sends it to walk_freelist(), which reports
 * and repairs the list.
 */
static bool on_freelist(struct kmem_cache *s, struct page *slab, void *obj,
			unsigned long caller)
{
	unsigned long base = (unsigned long)slab_base(slab) + s->red_left_pad;
	unsigned long end = base + (unsigned long)s->objects * s->size;
	unsigned int n = 0, idx;
	int problems = 0;
	void *p;

	for (p = slab->freelist; p; p = get_freepointer(s, p)) {
		unsigned long a = (unsigned long)p;

		if (p == obj)
			return true;
		if (a < base || a >= end || (a - base) % s->size || ++n > s->objects)
			break;
	}
	if (!p)
		return false;
	walk_freelist(s, slab, &problems, caller);
	return object_index(s, slab, obj, &idx) && objmap_test(idx);
}

/* Checks of a debug cache's free; the object is freed only if it passes. */
static void free_debug(struct kmem_cache *s, struct page *slab, void *obj, unsigned long caller)
{
	unsigned int idx;

	if (!object_index(s, slab, obj, &idx)) {
		slab_bug(s->name, SLAB_BUG_INVALID_FREE, caller, "Invalid object pointer %p", obj);
		slab_report("INFO: %p is inside slab %p (pfn %#lx) but not at an object boundary (slot %u bytes, first object at +%u)\n",
			    obj, (void *)slab_base(slab), page_to_pfn(slab), s->size, s->red_left_pad);
		slab_report("FIX %s: Not freed\n", s->name);
		return;
	}
	if (get_freepointer(s, obj) == QUARANTINE_MARK || on_freelist(s, slab, obj, caller)) {
		slab_bug(s->name, SLAB_BUG_DOUBLE_FREE, caller, "Object already free");
		print_object(s, slab, obj);
		slab_report("FIX %s: Not freed again\n", s->name);
		return;
	}
	if (!check_object(s, slab, obj, SLUB_RED_ACTIVE, caller)) {
		slab_report("FIX %s: Object %p quarantined (not freed, never reused)\n",
			    s->name, obj);
		quarantine_object(s, obj);
		return;
	}
	init_object_free(s, obj);
	set_track(s, obj, TRACK_FREE, caller, 0);
	do_slab_free(s, slab, obj);
}

/**
 * slab_debug_unquarantine - free an object the checks set aside
 * @obj:	the quarantined object
 *
 * Its red zones and poison are rewritten first, so tests that corrupt an
 * object on purpose can give it back.
 *
 * Return: 0, or -EINVAL if @obj is not a quarantined slab object.
 */
int slab_debug_unquarantine(void *obj)
{
	struct page *slab = addr_to_head_page(obj);
	struct kmem_cache *s;
	unsigned long flags;
	unsigned int idx;
	int ret = -EINVAL;

	if (!slab || !PageSlab(slab))
		return -EINVAL;
	s = slab->slab_cache;
	flags = local_irq_save();
	if (!kmem_cache_debug(s) || !object_index(s, slab, obj, &idx) ||
	    get_freepointer(s, obj) != QUARANTINE_MARK)
		goto out;
	s->nr_quarantined--;
	init_object_free(s, obj);
	do_slab_free(s, slab, obj);
	ret = 0;
out:
	local_irq_restore(flags);
	return ret;
}

#else /* !CONFIG_SLAB_DEBUG */

static inline void *alloc_debug(struct kmem_cache *s, gfp_t gfp, size_t orig,
				unsigned long caller)
{
	return NULL;
}

static inline void free_debug(struct kmem_cache *s, struct page *slab, void *obj,
			      unsigned long caller)
{
}

#endif /* CONFIG_SLAB_DEBUG */

/* ---------------------------------------------------------------------- */
/* Allocation and free */

/*
 * Slow path of slab_alloc(), entered with interrupts masked (@flags):
 * debug caches, or the current slab has no free object left.
 */
static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, size_t orig,
				   unsigned long caller, unsigned long flags)
{
	struct page *slab;
	void *obj;

	if (kmem_cache_debug(s)) {
		obj = alloc_debug(s, gfp, orig, caller);
		local_irq_restore(flags);
		if (!obj)
			slab_out_of_memory(s, gfp);
		return obj;
	}
	deactivate_slab(s);
	slab = get_partial(s);
	if (!slab) {
		slab = new_slab(s, gfp);
		if (!slab) {
			local_irq_restore(flags);
			slab_out_of_memory(s, gfp);
			return NULL;
		}
	}
	s->cpu_slab = slab;
	obj = slab->freelist;
	slab->freelist = get_freepointer(s, obj);
	slab->inuse++;
	local_irq_restore(flags);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

/* The fast path: pop the current slab's freelist. */
static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp, size_t orig,
					unsigned long caller)
{
	unsigned long flags = local_irq_save();
	struct page *slab = s->cpu_slab;
	void *obj = slab->freelist;

	if (unlikely(!obj))
		return __slab_alloc(s, gfp, orig, caller, flags);
	slab->freelist = get_freepointer(s, obj);
	slab->inuse++;
	local_irq_restore(flags);
	if (unlikely(gfp & __GFP_ZERO))
		memset(obj, 0, s->object_size);
	return obj;
}

/* Slow path of slab_free(): another slab than the current one, or debug. */
static noinline void __slab_free(struct kmem_cache *s, struct page *slab, void *obj,
				 unsigned long caller, unsigned long flags)
{
	if (kmem_cache_debug(s))
		free_debug(s, slab, obj, caller);
	else
		do_slab_free(s, slab, obj);
	local_irq_restore(flags);
}

static __always_inline void slab_free(struct kmem_cache *s, struct page *slab, void *obj,
				      unsigned long caller)
{
	unsigned long flags = local_irq_save();

	if (unlikely(slab != s->cpu_slab)) {
		__slab_free(s, slab, obj, caller, flags);
		return;
	}
	set_freepointer(s, obj, slab->freelist);
	slab->freelist = obj;
	slab->inuse--;
	local_irq_restore(flags);
}

/**
 * kmem_cache_alloc - allocate an object from @s
 * @s:		the cache
 * @gfp:	allocation flags
 *
 * Return: the object, or NULL.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, s->object_size, _RET_IP_);
}

/* Reports a pointer that is no object of any slab (and is not freed). */
static noinline void report_invalid_free(const char *who, const void *p, struct page *page,
					 unsigned long caller)
{
	unsigned long flags = local_irq_save();

	slab_bug(who, SLAB_BUG_INVALID_FREE, caller, "Invalid free of %p: not a slab object%s",
		 p, strcmp(who, "kfree") ? "" : " or large kmalloc block");
	if (!page) {
		slab_report("INFO: %p is not in the linear map of memory with struct pages\n", p);
	} else {
		char names[128];

		format_page_flags(page->flags, names, sizeof(names));
		slab_report("INFO: its page: pfn %#lx flags %s refcount %d%s\n", page_to_pfn(page),
			    names[0] ? names : "(none)", page->_refcount,
			    is_free_buddy_page(page) ? " (free: already freed?)" : "");
	}
	slab_report("FIX %s: Not freed\n", who);
	local_irq_restore(flags);
}

/**
 * kmem_cache_free - free an object of @s
 * @s:		the cache the object came from
 * @obj:	the object, or NULL
 */
void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	unsigned long caller = _RET_IP_;
	struct page *slab;

	if (unlikely(!obj))
		return;
	slab = addr_to_head_page(obj);
	if (unlikely(!slab || !PageSlab(slab))) {
		report_invalid_free(s->name, obj, slab, caller);
		return;
	}
	if (unlikely(slab->slab_cache != s)) {
		unsigned long flags = local_irq_save();

		slab_bug(s->name, SLAB_BUG_WRONG_CACHE, caller,
			 "Wrong slab cache: object %p is from %s", obj, slab->slab_cache->name);
		slab_report("FIX %s: Not freed\n", s->name);
		local_irq_restore(flags);
		return;
	}
	slab_free(s, slab, obj, caller);
}

/* ---------------------------------------------------------------------- */
/* kmalloc */

/**
 * kmalloc_slab - the cache serving kmalloc(@size, @gfp)
 * @size:	bytes
 * @gfp:	__GFP_RECLAIMABLE selects the kmalloc-rcl caches
 *
 * Return: the cache, or NULL for 0 and sizes above KMALLOC_MAX_CACHE_SIZE.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp)
{
	unsigned int type = !!(gfp & __GFP_RECLAIMABLE);

	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	if (size <= 192)
		return kmalloc_caches[type][size_index[(size - 1) / 8]];
	return kmalloc_caches[type][fls_long(size - 1)];
}

/**
 * kmalloc_size_roundup - the size kmalloc(@size) actually provides
 * @size:	bytes
 *
 * Return: the size class, or the page-rounded block size above
 * KMALLOC_MAX_CACHE_SIZE (@size itself when it is too large for kmalloc).
 */
size_t kmalloc_size_roundup(size_t size)
{
	struct kmem_cache *s = kmalloc_slab(size, 0);

	if (s)
		return s->object_size;
	if (!size || size > KMALLOC_MAX_SIZE)
		return size;
	return PAGE_SIZE << (fls_long((size - 1) >> PAGE_SHIFT));
}

static unsigned int large_order(size_t size)
{
	return size <= PAGE_SIZE ? 0 : fls_long((size - 1) >> PAGE_SHIFT);
}

static noinline void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = large_order(size);
	unsigned long flags;
	struct page *page;

	if (unlikely(size > KMALLOC_MAX_SIZE)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is more than KMALLOC_MAX_SIZE (%lu)\n",
				size, KMALLOC_MAX_SIZE);
		return NULL;
	}
	page = alloc_pages((gfp & ~__GFP_RECLAIMABLE) | __GFP_COMP, order);
	if (!page)
		return NULL;
	set_page_private(page, KMALLOC_LARGE_MAGIC | order);
	flags = local_irq_save();
	kmalloc_large_pages += 1UL << order;
	kmalloc_large_blocks++;
	mod_vm_stat(NR_SLAB_UNRECLAIMABLE_B, (long)(PAGE_SIZE << order));
	local_irq_restore(flags);
	return page_address(page);
}

/* A large kmalloc block is a compound head with our magic; its order. */
static bool is_kmalloc_large(const struct page *page, const void *p, unsigned int *order)
{
	unsigned long priv;

	if (!page || !PageHead(page) || PageSlab(page) || p != page_address(page))
		return false;
	priv = page_private(page);
	if ((priv & KMALLOC_LARGE_MASK) != KMALLOC_LARGE_MAGIC ||
	    (priv & ~KMALLOC_LARGE_MASK) > MAX_ORDER)
		return false;
	*order = priv & ~KMALLOC_LARGE_MASK;
	return true;
}

static noinline void kfree_nonslab(const void *p, struct page *page, unsigned long caller)
{
	unsigned int order;
	unsigned long flags;

	if (!is_kmalloc_large(page, p, &order)) {
		report_invalid_free("kfree", p, page, caller);
		return;
	}
	set_page_private(page, 0);
	flags = local_irq_save();
	kmalloc_large_pages -= 1UL << order;
	kmalloc_large_blocks--;
	mod_vm_stat(NR_SLAB_UNRECLAIMABLE_B, -(long)(PAGE_SIZE << order));
	local_irq_restore(flags);
	__free_pages(page, order);
}

static __always_inline void *do_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	unsigned int type = !!(gfp & __GFP_RECLAIMABLE);
	struct kmem_cache *s;

	if (likely(size <= 192)) {
		if (unlikely(!size))
			return ZERO_SIZE_PTR;
		s = kmalloc_caches[type][size_index[(size - 1) / 8]];
	} else if (likely(size <= KMALLOC_MAX_CACHE_SIZE)) {
		s = kmalloc_caches[type][fls_long(size - 1)];
	} else {
		return kmalloc_large(size, gfp);
	}
	return slab_alloc(s, gfp, size, caller);
}

static __always_inline void do_kfree(const void *p, unsigned long caller)
{
	struct page *slab;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	slab = addr_to_head_page(p);
	if (unlikely(!slab || !PageSlab(slab))) {
		kfree_nonslab(p, slab, caller);
		return;
	}
	slab_free(slab->slab_cache, slab, (void *)p, caller);
}

/**
 * kmalloc - allocate @size bytes
 * @size:	bytes
 * @gfp:	allocation flags
 *
 * Return: the memory, ZERO_SIZE_PTR for 0, or NULL.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	return do_kmalloc(size, gfp, _RET_IP_);
}

/**
 * kfree - free memory from kmalloc()
 * @p:	the memory; NULL and ZERO_SIZE_PTR are ignored
 */
void kfree(const void *p)
{
	do_kfree(p, _RET_IP_);
}

/*
 * Usable size of the kmalloc block @p, with the size asked for in @orig
 * (the usable size unless debug tracks it); 0 and a report if @p is none.
 */
static size_t __ksize(const void *p, size_t *orig, unsigned long caller)
{
	struct page *page = addr_to_head_page(p);
	unsigned int order;

	if (page && PageSlab(page)) {
		struct kmem_cache *s = page->slab_cache;

		*orig = s->object_size;
#ifdef CONFIG_SLAB_DEBUG
		if (kmem_cache_debug(s)) {
			unsigned int idx;

			if (!object_index(s, page, p, &idx)) {
				unsigned long flags = local_irq_save();

				slab_bug(s->name, SLAB_BUG_INVALID_FREE, caller,
					 "Invalid object pointer %p (ksize)", p);
				local_irq_restore(flags);
				return 0;
			}
			*orig = orig_size(s, (void *)p);
		}
#endif
		return s->object_size;
	}
	if (is_kmalloc_large(page, p, &order)) {
		*orig = PAGE_SIZE << order;
		return PAGE_SIZE << order;
	}
	report_invalid_free("ksize", p, page, caller);
	return 0;
}

/**
 * ksize - usable size of a kmalloc() block
 * @p:	the block
 *
 * The caller may then use all of it: with debug, the kmalloc red zone
 * behind the size asked for is given up.
 *
 * Return: bytes; 0 for NULL, ZERO_SIZE_PTR and pointers that are no block.
 */
size_t ksize(const void *p)
{
	size_t orig, size;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	size = __ksize(p, &orig, _RET_IP_);
#ifdef CONFIG_SLAB_DEBUG
	if (size && orig < size) {
		struct page *slab = addr_to_head_page(p);
		unsigned long flags = local_irq_save();

		get_track(slab->slab_cache, (void *)p, TRACK_ALLOC)->size = size;
		local_irq_restore(flags);
	}
#endif
	return size;
}

/**
 * krealloc - resize a kmalloc() block
 * @p:		the block, or NULL
 * @new_size:	bytes
 * @gfp:	allocation flags
 *
 * Return: the block, ZERO_SIZE_PTR for @new_size 0, or NULL (and @p is
 * left as it was).
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	unsigned long caller = _RET_IP_;
	size_t ks, orig;
	void *n;

	if (ZERO_OR_NULL_PTR(p))
		return do_kmalloc(new_size, gfp, caller);
	if (!new_size) {
		do_kfree(p, caller);
		return ZERO_SIZE_PTR;
	}
	ks = __ksize(p, &orig, caller);
	if (!ks)
		return NULL;
	if (new_size <= ks) {
#ifdef CONFIG_SLAB_DEBUG
		struct page *slab = addr_to_head_page(p);

		if (PageSlab(slab) && kmem_cache_debug(slab->slab_cache) &&
		    (slab->slab_cache->flags & SLAB_KMALLOC)) {
			struct kmem_cache *s = slab->slab_cache;

			/* The kmalloc red zone follows the size now asked for. */
			if (new_size < orig)
				memset((u8 *)p + new_size, SLUB_RED_ACTIVE, orig - new_size);
			else if (gfp & __GFP_ZERO)
				memset((u8 *)p + orig, 0, new_size - orig);
			get_track(s, (void *)p, TRACK_ALLOC)->size = new_size;
			return (void *)p;
		}
#endif
		/* Keep the spare bytes zeroed for a later __GFP_ZERO growth. */
		if (gfp & __GFP_ZERO)
			memset((u8 *)p + new_size, 0, ks - new_size);
		return (void *)p;
	}
	n = do_kmalloc(new_size, gfp, caller);
	if (!n)
		return NULL;
	memcpy(n, p, orig);
	do_kfree(p, caller);
	return n;
}

/* ---------------------------------------------------------------------- */
/* Caches */

static slab_flags_t kmem_cache_flags(slab_flags_t flags, void (*ctor)(void *))
{
#ifdef CONFIG_SLAB_DEBUG
	if (slab_debug_default && !(flags & SLAB_NO_USER_FLAGS))
		flags |= SLAB_DEBUG_FLAGS;
	/* The checks rely on each other: red zones tell free from used. */
	if (flags & SLAB_DEBUG_FLAGS)
		flags |= SLAB_DEBUG_FLAGS;
	/* A constructed object must keep its contents while free. */
	if (ctor)
		flags &= ~SLAB_POISON;
#else
	flags &= ~SLAB_DEBUG_FLAGS;
#endif
	return flags;
}

static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		/* Small objects share a line rather than each padding one. */
		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	return max(align, (unsigned int)ARCH_SLAB_MINALIGN);
}

/*
 * The slab order, as Linux's calculate_order(): the smallest order up to
 * SLAB_MAX_ORDER whose slab holds at least four objects (else two, else
 * one) with at most 1/8 wasted; failing that the least wasteful order up
 * to SLAB_MAX_ORDER; and for objects too big for that, the smallest order
 * that holds one. Orders stay low so that slabs come easily from
 * fragmented memory.
 */
static int calculate_order(unsigned int size)
{
	unsigned long best_waste = ~0UL;
	int best = -1;

	for (unsigned int min_objects = 4; min_objects; min_objects /= 2) {
		for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
			unsigned long bytes = PAGE_SIZE << order, n = bytes / size;

			if (n >= min_objects && (bytes - n * size) * 8 <= bytes)
				return order;
		}
	}
	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order, n = bytes / size;
		/* Waste in 1/1024ths of the slab, to compare slabs of two sizes. */
		unsigned long waste = ((bytes - n * size) << 10) / bytes;

		if (n && waste < best_waste) {
			best_waste = waste;
			best = order;
		}
	}
	if (best >= 0)
		return best;
	for (unsigned int order = SLAB_MAX_ORDER + 1; order <= MAX_ORDER; order++)
		if ((PAGE_SIZE << order) >= size)
			return order;
	return -1;
}

/* Slot layout; see the picture at the top of the file. */
static int calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	if (kmem_cache_debug(s))
		size += sizeof(void *);			/* right red zone */
	s->inuse = size;
	if (kmem_cache_debug(s) || s->ctor) {
		s->offset = size;			/* free pointer outside */
		size += sizeof(void *);
	} else {
		s->offset = 0;
	}
#ifdef CONFIG_SLAB_DEBUG
	if (kmem_cache_debug(s)) {
		size += 2 * sizeof(struct slab_track);
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
#endif
	size = ALIGN(size, s->align);
	order = calculate_order(size);
	if (order < 0)
		return -E2BIG;
	s->size = size;
	s->order = order;
	s->objects = (PAGE_SIZE << order) / size;
	return s->objects <= MAX_OBJS_PER_SLAB ? 0 : -E2BIG;
}

static int kmem_cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
			    unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	if (!name || !*name || !size || size > KMALLOC_MAX_SIZE / 2 ||
	    (align & (align - 1)) || align > SLAB_MAX_ALIGN)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	for (unsigned int i = 0; i < sizeof(s->name) - 1 && name[i]; i++)
		s->name[i] = name[i];
	s->object_size = size;
	s->ctor = ctor;
	s->flags = kmem_cache_flags(flags, ctor);
	s->align = calculate_alignment(s->flags, align, size);
	if (calculate_sizes(s))
		return -E2BIG;
	s->stat_item = (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B :
							   NR_SLAB_UNRECLAIMABLE_B;
	s->cpu_slab = &no_cpu_slab;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	return 0;
}

static void add_cache(struct kmem_cache *s)
{
	unsigned long flags = local_irq_save();

	list_add(&s->list, &slab_caches);	/* newest first, as /proc/slabinfo */
	local_irq_restore(flags);
}

/**
 * kmem_cache_create - create a cache of objects
 * @name:	its name
 * @size:	object size
 * @align:	alignment, 0 or a power of two
 * @flags:	SLAB_* flags
 * @ctor:	constructor or NULL
 *
 * Return: the cache, or NULL.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s;
	int err = -ENOMEM;

	s = kmem_cache_alloc(kmem_cache, GFP_KERNEL);
	if (!s)
		goto fail;
	err = kmem_cache_setup(s, name, size, align, flags & ~SLAB_KMALLOC, ctor);
	if (err)
		goto fail_free;
	add_cache(s);
	return s;

fail_free:
	kmem_cache_free(kmem_cache, s);
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: cannot create cache %s: %s", name ? name : "(null)",
		      errname(err));
	pr_warn("kmem_cache_create(%s, %u, %u): %s\n", name ? name : "(null)", size, align,
		errname(err));
	return NULL;
}

/* Free every empty slab, the current one included (interrupts masked). */
static void __kmem_cache_shrink(struct kmem_cache *s)
{
	struct page *slab, *tmp;

	deactivate_slab(s);
	list_for_each_entry_safe(slab, tmp, &s->partial, slab_list) {
		if (!slab->inuse) {
			list_del(&slab->slab_list);
			discard_slab(s, slab);
		}
	}
	s->nr_empty = 0;
}

/**
 * kmem_cache_shrink - release @s's empty slabs
 * @s:	the cache
 *
 * Return: 0.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags = local_irq_save();

	__kmem_cache_shrink(s);
	local_irq_restore(flags);
	return 0;
}

/* Lists up to a few objects still allocated in @s (interrupts masked). */
static void report_remaining(struct kmem_cache *s, unsigned long remaining,
			     unsigned long caller)
{
	struct list_head *lists[] = { &s->partial, &s->full };
	unsigned int shown = 0;
	struct page *slab;

	slab_bug(s->name, SLAB_BUG_LEAK, caller, "Objects remaining in %s on kmem_cache_destroy()",
		 s->name);
	slab_report("INFO: %lu objects still allocated%s\n", remaining,
		    s->nr_quarantined ? " (quarantined ones not counted)" : "");
	for (unsigned int l = 0; l < ARRAY_SIZE(lists); l++) {
		list_for_each_entry(slab, lists[l], slab_list) {
			int problems = 0;

			if (shown >= 8)
				break;
			walk_freelist(s, slab, &problems, caller);
			for (unsigned int i = 0; i < s->objects && shown < 8; i++) {
				void *obj = slab_object(s, slab, i);

				if (objmap_test(i))
					continue;
#ifdef CONFIG_SLAB_DEBUG
				if (kmem_cache_debug(s)) {
					struct slab_track *t = get_track(s, obj, TRACK_ALLOC);

					if (get_freepointer(s, obj) == QUARANTINE_MARK)
						continue;
					slab_report("INFO: Object %p allocated by %pS\n", obj,
						    (void *)t->addr);
					shown++;
					continue;
				}
#endif
				slab_report("INFO: Object %p\n", obj);
				shown++;
			}
		}
	}
	slab_report("FIX %s: Cache not destroyed\n", s->name);
}

/**
 * kmem_cache_destroy - destroy an empty cache
 * @s:	the cache, or NULL
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	struct list_head *lists[2];
	unsigned long flags, used = 0;
	struct page *slab, *tmp;

	if (!s)
		return;
	if (s == kmem_cache || (s->flags & SLAB_KMALLOC)) {
		pr_err("kmem_cache_destroy: %s is a boot cache; not destroyed\n", s->name);
		return;
	}
	flags = local_irq_save();
	__kmem_cache_shrink(s);
	lists[0] = &s->partial;
	lists[1] = &s->full;
	for (unsigned int l = 0; l < 2; l++)
		list_for_each_entry(slab, lists[l], slab_list)
			used += slab->inuse;
	if (used > s->nr_quarantined) {
		report_remaining(s, used - s->nr_quarantined, _RET_IP_);
		local_irq_restore(flags);
		return;
	}
	for (unsigned int l = 0; l < 2; l++) {
		list_for_each_entry_safe(slab, tmp, lists[l], slab_list) {
			list_del(&slab->slab_list);
			discard_slab(s, slab);
		}
	}
	list_del(&s->list);
	local_irq_restore(flags);
	kmem_cache_free(kmem_cache, s);
}

/**
 * kmem_cache_get_info - @s's slab and object counts
 * @s:		the cache
 * @info:	filled in
 */
void kmem_cache_get_info(struct kmem_cache *s, struct slab_cache_info *info)
{
	unsigned long flags = local_irq_save();
	struct page *slab;

	memset(info, 0, sizeof(*info));
	list_for_each_entry(slab, &s->partial, slab_list) {
		info->active_objs += slab->inuse;
		if (slab->inuse)
			info->num_partial++;
		else
			info->num_empty++;
	}
	list_for_each_entry(slab, &s->full, slab_list) {
		info->active_objs += slab->inuse;
		info->num_full++;
	}
	slab = s->cpu_slab;
	if (slab != &no_cpu_slab) {
		info->active_objs += slab->inuse;
		if (!slab->freelist)
			info->num_full++;
		else if (slab->inuse)
			info->num_partial++;
		else
			info->num_empty++;
	}
	info->num_slabs = s->nr_slabs;
	info->num_objs = s->nr_slabs * s->objects;
	local_irq_restore(flags);
}

/* Check one slab of @s; @state: 0 current, 1 partial, 2 full. */
static int validate_slab(struct kmem_cache *s, struct page *slab, int state,
			 unsigned long *quarantined, unsigned long *empty, unsigned long caller)
{
	static const char *const where[] = { "current slab", "partial list", "full list" };
	int problems = 0;
	unsigned int nfree;

	if (!PageSlab(slab) || slab->slab_cache != s || slab->objects != s->objects) {
		slab_bug(s->name, SLAB_BUG_LIST, caller, "Slab %p on the %s is not one of this cache's",
			 (void *)slab, where[state]);
		return 1;
	}
	nfree = walk_freelist(s, slab, &problems, caller);
	if (nfree + slab->inuse != s->objects) {
		slab_bug(s->name, SLAB_BUG_LIST, caller, "Wrong object count");
		slab_report("INFO: slab %p: %u objects, %u in use, %u on the freelist\n",
			    (void *)slab_base(slab), s->objects, slab->inuse, nfree);
		problems++;
	}
	if ((state == 1 && !slab->freelist) || (state == 2 && slab->freelist)) {
		slab_bug(s->name, SLAB_BUG_LIST, caller, "Slab %p on the %s has %u free objects",
			 (void *)slab_base(slab), where[state], nfree);
		problems++;
	}
	if (state == 1 && !slab->inuse)
		(*empty)++;
#ifdef CONFIG_SLAB_DEBUG
	if (kmem_cache_debug(s)) {
		for (unsigned int i = 0; i < s->objects; i++) {
			void *obj = slab_object(s, slab, i);

			if (objmap_test(i)) {
				if (!check_object(s, slab, obj, SLUB_RED_INACTIVE, caller))
					problems++;
			} else if (get_freepointer(s, obj) == QUARANTINE_MARK) {
				(*quarantined)++;
			} else if (!check_object(s, slab, obj, SLUB_RED_ACTIVE, caller)) {
				problems++;
			}
		}
	}
#endif
	return problems;
}

/**
 * kmem_cache_validate - check every slab and object of @s
 * @s:	the cache
 *
 * Return: the number of problems found (each one reported).
 */
int kmem_cache_validate(struct kmem_cache *s)
{
	unsigned long flags = local_irq_save();
	unsigned long slabs = 0, quarantined = 0, empty = 0;
	struct page *slab;
	int problems = 0;

	if (s->cpu_slab != &no_cpu_slab) {
		problems += validate_slab(s, s->cpu_slab, 0, &quarantined, &empty, _RET_IP_);
		slabs++;
	}
	list_for_each_entry(slab, &s->partial, slab_list) {
		problems += validate_slab(s, slab, 1, &quarantined, &empty, _RET_IP_);
		slabs++;
	}
	list_for_each_entry(slab, &s->full, slab_list) {
		problems += validate_slab(s, slab, 2, &quarantined, &empty, _RET_IP_);
		slabs++;
	}
	if (slabs != s->nr_slabs || empty != s->nr_empty ||
	    (kmem_cache_debug(s) && quarantined != s->nr_quarantined)) {
		slab_bug(s->name, SLAB_BUG_LIST, _RET_IP_, "Slab counts disagree with the lists");
		slab_report("INFO: slabs %lu listed / %lu counted, empty %lu / %lu, quarantined %lu / %lu\n",
			    slabs, s->nr_slabs, empty, s->nr_empty, quarantined,
			    s->nr_quarantined);
		problems++;
	}
	local_irq_restore(flags);
	return problems;
}

/**
 * slab_validate - kmem_cache_validate() every cache
 *
 * Return: the number of problems found in all of them.
 */
int slab_validate(void)
{
	struct kmem_cache *s;
	int problems = 0;

	list_for_each_entry(s, &slab_caches, list)
		problems += kmem_cache_validate(s);
	return problems;
}

/**
 * kmem_cache_find - look a cache up by name
 * @name:	e.g. "kmalloc-64"
 *
 * Return: the newest cache of that name, or NULL.
 */
struct kmem_cache *kmem_cache_find(const char *name)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/** slab_caches_count - the number of caches. Return: the count. */
unsigned int slab_caches_count(void)
{
	struct kmem_cache *s;
	unsigned int n = 0;

	list_for_each_entry(s, &slab_caches, list)
		n++;
	return n;
}

/** slab_is_available - Return: whether kmem_cache_init() has run. */
bool slab_is_available(void)
{
	return slab_up;
}

static struct kmem_cache *create_kmalloc_cache(const char *name, unsigned int size,
					       unsigned int align, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_alloc(kmem_cache, GFP_KERNEL);

	if (!s || kmem_cache_setup(s, name, size, align, flags, NULL))
		panic("slab: cannot create %s", name);
	add_cache(s);
	return s;
}

static void create_kmalloc_caches(void)
{
	static const char *const prefix[NR_KMALLOC_TYPES] = { "kmalloc-", "kmalloc-rcl-" };

	for (unsigned int type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (unsigned int idx = 1; idx <= KMALLOC_SHIFT_HIGH; idx++) {
			unsigned int size = kmalloc_index_size(idx);
			char name[KMEM_CACHE_NAME_LEN];

			if (idx > 2 && idx < KMALLOC_SHIFT_LOW)
				continue;
			if (size >= 1024)
				snprintf(name, sizeof(name), "%s%uk", prefix[type], size >> 10);
			else
				snprintf(name, sizeof(name), "%s%u", prefix[type], size);
			/* Power-of-two sizes are naturally aligned, as Linux promises. */
			kmalloc_caches[type][idx] = create_kmalloc_cache(name, size,
				(size & (size - 1)) ? ARCH_KMALLOC_MINALIGN : size,
				SLAB_KMALLOC | (type == KMALLOC_RECLAIM ? SLAB_RECLAIM_ACCOUNT : 0));
		}
	}
}

/**
 * kmem_cache_init - start the slab allocator
 *
 * The "kmem_cache" cache itself is static (it cannot come from itself);
 * every other struct kmem_cache, the kmalloc caches' included, is an
 * object of it. "slab_debug=off" (or "-") on the command line turns the
 * debug checks off for caches that do not ask for them.
 */
void kmem_cache_init(void)
{
#ifdef CONFIG_SLAB_DEBUG
	char arg[16];

	if (cmdline_get("slab_debug", arg, sizeof(arg))) {
		if (!strcmp(arg, "off") || !strcmp(arg, "-") || !strcmp(arg, "0"))
			slab_debug_default = false;
		else if (arg[0] && strcmp(arg, "on") && strcmp(arg, "1"))
			pr_warn("slab: slab_debug=%s not understood (on/off); debug stays on\n", arg);
	}
#endif
	kmem_cache = &kmem_cache_boot;
	if (kmem_cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
			     SLAB_HWCACHE_ALIGN, NULL))
		panic("slab: cannot set up the kmem_cache cache");
	add_cache(kmem_cache);
	create_kmalloc_caches();
	slab_up = true;
#ifdef CONFIG_SLAB_DEBUG
	pr_info("slab: %u caches, kmalloc up to %lu bytes, debug checks %s\n",
		slab_caches_count(), KMALLOC_MAX_CACHE_SIZE,
		slab_debug_default ? "on (slab_debug=off disables)" : "off");
#else
	pr_info("slab: %u caches, kmalloc up to %lu bytes\n", slab_caches_count(),
		KMALLOC_MAX_CACHE_SIZE);
#endif
}

/* ---------------------------------------------------------------------- */
/* slabinfo */

static void slabinfo_flags(const struct kmem_cache *s, char *buf, size_t size)
{
	static const struct { slab_flags_t flag; const char *name; } names[] = {
		{ SLAB_RED_ZONE, "red_zone" }, { SLAB_POISON, "poison" },
		{ SLAB_STORE_USER, "store_user" }, { SLAB_HWCACHE_ALIGN, "hwcache_align" },
		{ SLAB_RECLAIM_ACCOUNT, "reclaim_account" }, { SLAB_PANIC, "panic" },
		{ SLAB_NO_USER_FLAGS, "no_user_flags" }, { SLAB_KMALLOC, "kmalloc" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(names) && n < size; i++)
		if (s->flags & names[i].flag)
			n += snprintf(buf + n, size - n, "%s%s", n ? " " : "", names[i].name);
	if (!n)
		snprintf(buf, size, "(none)");
}

static void slabinfo_one(struct kmem_cache *s)
{
	struct slab_cache_info info;
	char flags[128];

	kmem_cache_get_info(s, &info);
	slabinfo_flags(s, flags, sizeof(flags));
	printk("%s: object %u bytes, slot %u bytes, align %u, order %u (%lu kB), %u objects per slab\n",
	       s->name, s->object_size, s->size, s->align, s->order,
	       (PAGE_SIZE << s->order) >> 10, s->objects);
	printk("  flags:       %s%s\n", flags, s->ctor ? " (constructor)" : "");
	if (s->red_left_pad || s->offset >= s->object_size)
		printk("  layout:      left red zone %u, object %u, right red zone %u, free pointer at +%u, metadata to +%u\n",
		       s->red_left_pad, s->object_size, s->inuse - s->object_size, s->offset,
		       s->size - s->red_left_pad);
	else
		printk("  layout:      object %u, free pointer at +%u (inside the free object)\n",
		       s->object_size, s->offset);
	printk("  slabs:       %lu (partial %lu, full %lu, empty %lu%s)\n", info.num_slabs,
	       info.num_partial, info.num_full, info.num_empty,
	       s->cpu_slab != &no_cpu_slab ? ", one of them current" : "");
	printk("  objects:     %lu active of %lu, %lu quarantined\n", info.active_objs,
	       info.num_objs, s->nr_quarantined);
	printk("  memory:      %lu kB %s\n", (info.num_slabs << s->order) * (PAGE_SIZE >> 10),
	       s->stat_item == NR_SLAB_RECLAIMABLE_B ? "reclaimable" : "unreclaimable");
}

static void slabinfo_totals(void)
{
	unsigned long caches = 0, used = 0, slabs = 0, pages = 0, active = 0, objs = 0;
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list) {
		struct slab_cache_info info;

		kmem_cache_get_info(s, &info);
		caches++;
		used += info.active_objs != 0;
		slabs += info.num_slabs;
		pages += info.num_slabs << s->order;
		active += info.active_objs;
		objs += info.num_objs;
	}
	printk("caches:        %lu (%lu with objects)\n", caches, used);
	printk("slabs:         %lu (%lu kB)\n", slabs, pages * (PAGE_SIZE >> 10));
	printk("objects:       %lu active of %lu\n", active, objs);
	printk("large kmalloc: %lu blocks (%lu kB)\n", kmalloc_large_blocks,
	       kmalloc_large_pages * (PAGE_SIZE >> 10));
	printk("SReclaimable:  %lu kB\n", global_vm_stat(NR_SLAB_RECLAIMABLE_B) >> 10);
	printk("SUnreclaim:    %lu kB\n", global_vm_stat(NR_SLAB_UNRECLAIMABLE_B) >> 10);
}

static int cmd_slabinfo(int argc, char **argv)
{
	struct kmem_cache *s;

	if (argc > 2)
		return -EINVAL;
	if (argc == 2 && !strcmp(argv[1], "-T")) {
		slabinfo_totals();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "-v")) {
		int problems = slab_validate();

		printk("slabinfo: validated %u caches: %d problem%s\n", slab_caches_count(),
		       problems, problems == 1 ? "" : "s");
		return problems ? 1 : 0;
	}
	if (argc == 2) {
		if (argv[1][0] == '-')
			return -EINVAL;
		s = kmem_cache_find(argv[1]);
		if (!s) {
			printk("slabinfo: no cache named '%s' (see 'slabinfo')\n", argv[1]);
			return 1;
		}
		slabinfo_one(s);
		return 0;
	}
	printk("slabinfo - version: 2.1\n");
	printk("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		struct slab_cache_info info;

		kmem_cache_get_info(s, &info);
		printk("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
		       s->name, info.active_objs, info.num_objs, s->size, s->objects,
		       1U << s->order, 0U, 0U, 0U, info.num_slabs, info.num_slabs, 0U);
	}
	return 0;
}
SHELL_CMD(slabinfo, "slabinfo", "[<cache> | -T | -v]",
	  "slab caches like /proc/slabinfo; one cache in detail, totals, or validate all",
	  cmd_slabinfo);

/* ---------------------------------------------------------------------- */
/* Benchmarks */

#ifndef HOST_TEST
static void bench_kmalloc64(void *arg)
{
	kfree(kmalloc(64, GFP_KERNEL));
}

static u64 run_kmalloc64(void)
{
	return bench_insns_per_iter(bench_kmalloc64, NULL, 20000);
}
/*
 * kmalloc(64)+kfree as configured: with CONFIG_SLAB_DEBUG the checks run
 * unless the command line says slab_debug=off. make bench reports both:
 * kmalloc64_pair_insns from a slab_debug=off boot (the fast path) and
 * kmalloc64_debug_pair_insns from a boot with the checks on.
 */
KBENCH(kmalloc64, "kmalloc64_pair_insns", "insns", run_kmalloc64);

static struct kmem_cache *bench_cache;

static void bench_cache64(void *arg)
{
	kmem_cache_free(bench_cache, kmem_cache_alloc(bench_cache, GFP_KERNEL));
}

/* kmem_cache_alloc+free of 64-byte objects in a cache without debug flags. */
static u64 run_cache64(void)
{
	u64 insns;

	bench_cache = kmem_cache_create("bench-64", 64, 0, SLAB_NO_USER_FLAGS, NULL);
	if (!bench_cache)
		return 0;
	insns = bench_insns_per_iter(bench_cache64, NULL, 20000);
	kmem_cache_destroy(bench_cache);
	return insns;
}
KBENCH(kmem_cache64, "kmem_cache64_pair_insns", "insns", run_cache64);
#endif
