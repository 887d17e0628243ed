// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator, Linux's design (mm/page_alloc.c), Arbor's code.
 *
 * Free memory is kept as naturally aligned blocks of 2^order pages,
 * order 0..MAX_ORDER, one list per order. The first page of a free block
 * has PG_buddy set and its order in page->private; the other pages of the
 * block are plain (no flags, refcount 0). The "buddy" of the block at pfn
 * P of order N is the block at P ^ (1 << N): freeing merges a block with
 * its buddy for as long as the buddy is free and of the same order;
 * allocating takes the smallest big-enough block and splits off the
 * unused halves (expand()). Because merging is eager, the set of free
 * blocks depends only on the set of free pages, not on the history.
 *
 * Order-0 pages go through a per-CPU list first (struct per_cpu_pages):
 * alloc and free of one page are then list operations; pages move between
 * it and the buddy lists @batch at a time.
 *
 * Call graph, next to Linux's:
 *
 *   alloc_pages: pcp hit inline             alloc_pages -> __alloc_pages
 *     alloc_pages_general (anything else)     get_page_from_freelist
 *       rmqueue                                 rmqueue
 *         zone_watermark_ok                     zone_watermark_fast
 *         rmqueue_bulk -> __rmqueue_smallest    rmqueue_pcplist -> rmqueue_bulk
 *         rmqueue_buddy -> __rmqueue_smallest   rmqueue_buddy -> __rmqueue_smallest
 *           -> expand                             -> expand
 *       check_new_pages, prep_new_page          check_new_pages, prep_new_page
 *         prep_compound_page                      prep_compound_page
 *       alloc_pages_slowpath: bad page, NULL    __alloc_pages_slowpath
 *         warn_alloc (rate-limited)               warn_alloc
 *   __free_pages: last ref of a plain        __free_pages
 *   order-0 page to the pcp list inline
 *     __free_pages_general (anything else)
 *       put_page_testzero                     put_page_testzero
 *       free_pages_prepare                    free_pages_prepare
 *       free_the_page                         free_the_page
 *         order 0: pcp list                     free_unref_page
 *           free_pcppages_bulk                    free_pcppages_bulk
 *         __free_one_page                       __free_one_page
 *   put_page -> compound_head                 put_page -> folio_put
 *   mem_init                                  mm_core_init -> mem_init
 *     sparse_init (mm/sparse.c)                 sparse_init
 *     free_area_init                            free_area_init
 *     memblock_free_all -> __free_pages_core    memblock_free_all -> __free_pages_core
 *     setup_per_zone_wmarks, zone_pcp_init      setup_per_zone_wmarks, zone_pcp_init
 *
 * One CPU: masking interrupts (local_irq_save) is the zone lock, because
 * interrupt handlers may allocate with GFP_ATOMIC.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/irqflags.h>
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <arbor/time.h>
#ifndef HOST_TEST
#include <arbor/bench.h>
#include <asm/stacktrace.h>
#endif

struct pglist_data contig_page_data = {
	.node_zones[ZONE_NORMAL].name = "Normal",
};

const char *const pageflag_names[PG_NR] = {
	[PG_locked] = "locked",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_lru] = "lru",
	[PG_active] = "active",
	[PG_slab] = "slab",
	[PG_reserved] = "reserved",
	[PG_buddy] = "buddy",
	[PG_pcp] = "pcp",
	[PG_head] = "head",
	[PG_tail] = "tail",
	[PG_table] = "table",
	[PG_vmalloc] = "vmalloc",
	[PG_swapbacked] = "swapbacked",
	[PG_writeback] = "writeback",
	[PG_mappedtodisk] = "mappedtodisk",
	[PG_readahead] = "readahead",
};

unsigned long bad_page_reports;

#ifdef CONFIG_DEBUG_PAGEALLOC_CHECKS
#define IS_ENABLED_DEBUG_PAGEALLOC	1
#else
#define IS_ENABLED_DEBUG_PAGEALLOC	0
#endif

/*
 * Flags that must be clear when a page is freed: a page still on a list,
 * locked or reserved is not the caller's to free. Owner flags such as
 * PG_slab, PG_table or PG_dirty are simply cleared.
 */
#define PAGE_FLAGS_CHECK_AT_FREE					\
	(BIT(PG_reserved) | BIT(PG_buddy) | BIT(PG_pcp) | BIT(PG_lru) |	\
	 BIT(PG_locked))
/* A page coming off a free list has no flags at all. */
#define PAGE_FLAGS_CHECK_AT_PREP	PAGE_FLAGS_MASK

static inline struct zone *the_zone(void)
{
	return &contig_page_data.node_zones[ZONE_NORMAL];
}

/* ------------------------------------------------------------------------
 * Reports
 */

/*
 * Linux's ratelimit: at most @burst messages per @interval jiffies; the
 * number suppressed is told when the next window opens.
 */
struct ratelimit {
	unsigned long begin;
	int interval;
	int burst;
	int printed;
	int missed;
	bool started;
};

static bool ratelimit_ok(struct ratelimit *rs, const char *what)
{
	unsigned long now = jiffies;

	if (!rs->started || time_after(now, rs->begin + rs->interval)) {
		if (rs->missed)
			pr_warn("%s: %d reports suppressed\n", what, rs->missed);
		rs->started = true;
		rs->begin = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->printed < rs->burst) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}

/* snprintf at @n, returning the new length, never past the end. */
static __printf(4, 5) size_t buf_add(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (n >= size)
		return n;
	va_start(ap, fmt);
	len = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	if (len < 0)
		return n;
	return (size_t)len >= size - n ? size - 1 : n + len;
}

/**
 * format_page_flags - write the names of @flags' PG_ bits, '|'-separated
 * @flags:	a page->flags value (the section bits are ignored)
 * @buf:	output
 * @size:	its size
 *
 * Return: @buf ("" when no flag is set).
 */
char *format_page_flags(unsigned long flags, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < PG_NR; i++) {
		if (!(flags & BIT(i)))
			continue;
		n = buf_add(buf, size, n, "%s%s", n ? "|" : "", pageflag_names[i]);
	}
	return buf;
}

static char *format_gfp(gfp_t gfp, char *buf, size_t size)
{
	static const struct { gfp_t bit; const char *name; } names[] = {
		{ __GFP_ZERO, "__GFP_ZERO" },
		{ __GFP_NOWARN, "__GFP_NOWARN" },
		{ __GFP_HIGH, "__GFP_HIGH" },
		{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
		{ __GFP_COMP, "__GFP_COMP" },
		{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
		{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	};
	size_t n;

	/* The composite names first, as Linux's %pGg prints them. */
	if ((gfp & GFP_KERNEL) == GFP_KERNEL) {
		n = buf_add(buf, size, 0, "GFP_KERNEL");
		gfp &= ~GFP_KERNEL;
	} else if ((gfp & GFP_ATOMIC) == GFP_ATOMIC) {
		n = buf_add(buf, size, 0, "GFP_ATOMIC");
		gfp &= ~GFP_ATOMIC;
	} else {
		n = buf_add(buf, size, 0, "GFP_NOWAIT");
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (gfp & names[i].bit)
			n = buf_add(buf, size, n, "|%s", names[i].name);
	return buf;
}

/**
 * dump_page - print a struct page (pfn, flags by name, counts, owner words)
 * @page:	the page
 * @reason:	why, or NULL
 */
void dump_page(const struct page *page, const char *reason)
{
	char fl[128];

	printk(KERN_ERR "page:%p refcount:%d mapcount:%d mapping:%p index:%#lx private:%#lx pfn:%#lx\n",
	       page, page->_refcount, page_mapcount(page), page->mapping, page->index,
	       page->private, page_to_pfn(page));
	printk(KERN_ERR "flags: %#lx(%s) section:%lu\n", page->flags & PAGE_FLAGS_MASK,
	       format_page_flags(page->flags, fl, sizeof(fl)), page_to_section(page));
	if (reason)
		printk(KERN_ERR "page dumped because: %s\n", reason);
}

/*
 * A page in a state it must not be in for what was asked. It is reported
 * and the operation skipped: a leaked page is better than corrupt lists.
 * At most 60 reports a minute are printed, as in Linux; all are counted.
 */
static noinline void bad_page(const struct page *page, const char *reason,
			      unsigned long caller)
{
	static struct ratelimit rs = { .interval = 60 * HZ, .burst = 60 };

	bad_page_reports++;
	if (!ratelimit_ok(&rs, "BUG: Bad page state"))
		return;
	pr_err("BUG: Bad page state: pfn:%#lx (caller %pS)\n", page_to_pfn(page),
		 (void *)caller);
	dump_page(page, reason);
#ifndef HOST_TEST
	dump_backtrace((u64)__builtin_frame_address(0), (u64)__builtin_return_address(0));
#endif
}

/* ------------------------------------------------------------------------
 * Free lists
 */

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	SetPageBuddy(page);
}

static inline void add_to_free_list(struct page *page, struct zone *zone,
				    unsigned int order)
{
	struct free_area *area = &zone->free_area[order];

	set_buddy_order(page, order);
	list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	set_page_private(page, 0);
	zone->free_area[order].nr_free--;
}

/* Whether @page heads a free block of exactly @order: then it can merge. */
static inline bool page_is_buddy(const struct page *page, unsigned int order)
{
	return PageBuddy(page) && buddy_order(page) == order;
}

/*
 * Put the block of 2^@order pages at @pfn on the free lists, merging it
 * with its buddy, then the buddy of the result, and so on. A buddy in a
 * hole (no struct page) or reserved is never PageBuddy, so it stops the
 * merge. Buddies of blocks up to MAX_ORDER lie in the same section, so
 * page arithmetic stays inside one mem_map array.
 */
static void __free_one_page(struct page *page, unsigned long pfn,
			    struct zone *zone, unsigned int order)
{
	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = page + ((long)buddy_pfn - (long)pfn);

		if (!pfn_valid(buddy_pfn) || !page_is_buddy(buddy, order))
			break;
		del_page_from_free_list(buddy, zone, order);
		/* The merged block starts at the lower of the two. */
		if (buddy_pfn < pfn) {
			page = buddy;
			pfn = buddy_pfn;
		}
		order++;
	}
	add_to_free_list(page, zone, order);
}

/*
 * Split the block of 2^@high pages at @page down to 2^@low: the upper
 * half goes back on the free list of one order less, each time.
 */
static inline void expand(struct zone *zone, struct page *page,
			  unsigned int low, unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high);
	}
}

/* The smallest free block of at least @order, split to @order. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(page, zone, cur);
		expand(zone, page, order, cur);
		return page;
	}
	return NULL;
}

/* Move up to @count order-0 pages from the buddy lists to the pcp list. */
static noinline int rmqueue_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue_smallest(zone, 0);

		if (!page)
			break;
		SetPagePcp(page);
		/* In address order behind what is there: taken in that order. */
		list_add_tail(&page->lru, &pcp->list);
	}
	pcp->count += i;
	return i;
}

/* Give the @count coldest pcp pages back to the buddy lists. */
static noinline void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	while (count-- > 0 && pcp->count) {
		struct page *page = list_last_entry(&pcp->list, struct page, lru);

		list_del(&page->lru);
		ClearPagePcp(page);
		pcp->count--;
		__free_one_page(page, page_to_pfn(page), zone, 0);
	}
}

/**
 * drain_local_pages - give every page on the per-CPU list back to the
 * buddy free lists, where they can merge
 */
void drain_local_pages(void)
{
	struct zone *zone = the_zone();
	unsigned long flags = local_irq_save();

	free_pcppages_bulk(zone, zone->per_cpu_pageset.count, &zone->per_cpu_pageset);
	local_irq_restore(flags);
}

/**
 * nr_free_pages - pages in the page allocator right now (pcp lists included)
 */
unsigned long nr_free_pages(void)
{
	return global_vm_stat(NR_FREE_PAGES);
}

/**
 * zone_watermark_ok - whether @z can give 2^@order pages and keep @mark
 * @z:		the zone
 * @order:	of the request
 * @mark:	a watermark in pages
 * @gfp:	the request's flags: __GFP_HIGH (GFP_ATOMIC) may use half of @mark
 *
 * Free pages include the pcp list. The reserve below the min watermark is
 * what lets an interrupt handler still allocate when ordinary callers have
 * exhausted memory.
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, gfp_t gfp)
{
	long free = global_vm_stat(NR_FREE_PAGES) - (1L << order);
	long min = (long)mark;

	if (gfp & __GFP_HIGH)
		min -= min / 2;
	return free >= min;
}

/* ------------------------------------------------------------------------
 * Allocation
 */

static noinline void warn_alloc(gfp_t gfp, unsigned int order, unsigned long caller)
{
	static struct ratelimit rs = { .interval = 5 * HZ, .burst = 10 };
	struct zone *zone = the_zone();
	char g[160];

	if ((gfp & __GFP_NOWARN) || !ratelimit_ok(&rs, "page allocation failure"))
		return;
	pr_warn("page allocation failure: order:%u, mode:%#x(%s) (caller %pS)\n", order,
		gfp, format_gfp(gfp, g, sizeof(g)), (void *)caller);
	pr_warn("Node 0 %s free:%lukB min:%lukB low:%lukB high:%lukB pcp:%dkB managed:%lukB\n",
		zone->name, nr_free_pages() * (PAGE_SIZE / 1024),
		min_wmark_pages(zone) * (PAGE_SIZE / 1024),
		low_wmark_pages(zone) * (PAGE_SIZE / 1024),
		high_wmark_pages(zone) * (PAGE_SIZE / 1024),
		zone->per_cpu_pageset.count * (int)(PAGE_SIZE / 1024),
		zone->managed_pages * (PAGE_SIZE / 1024));
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		printk(KERN_WARNING "%s%lu*%lukB%s", o ? "" : "Node 0 Normal: ",
		       zone->free_area[o].nr_free, (PAGE_SIZE / 1024) << o,
		       o == MAX_ORDER ? "\n" : " ");
}

static noinline struct page *rmqueue_buddy(struct zone *zone, unsigned int order)
{
	struct page *page = __rmqueue_smallest(zone, order);

	/* Pages parked on the pcp list may be what keeps blocks from merging. */
	if (!page && zone->per_cpu_pageset.count) {
		free_pcppages_bulk(zone, zone->per_cpu_pageset.count, &zone->per_cpu_pageset);
		page = __rmqueue_smallest(zone, order);
	}
	return page;
}

static inline bool page_expected_state_new(const struct page *page)
{
	return !(page->flags & PAGE_FLAGS_CHECK_AT_PREP) && !page->_refcount &&
	       page->_mapcount == -1;
}

/*
 * A flag or reference inside a free block means someone wrote to a page
 * after freeing it, or freed it with the wrong order. With the debug
 * option every page of the block is checked, else only the first.
 * Return: the first page found in a bad state, or NULL.
 */
static __always_inline struct page *check_new_pages(struct page *page, unsigned int order)
{
	unsigned long n = IS_ENABLED_DEBUG_PAGEALLOC ? 1UL << order : 1;

	for (unsigned long i = 0; i < n; i++)
		if (unlikely(!page_expected_state_new(&page[i])))
			return &page[i];
	return NULL;
}

static noinline void clear_pages(void *addr, unsigned int order)
{
#ifdef HOST_TEST
	memset(addr, 0, PAGE_SIZE << order);
#else
	u64 *p = addr, *end = p + ((PAGE_SIZE << order) / sizeof(u64));

	/* Pairs of zero registers: GCC would turn a C loop into memset(). */
	for (; p < end; p += 8)
		__asm__ __volatile__("stp xzr, xzr, [%0]\n\t"
				     "stp xzr, xzr, [%0, #16]\n\t"
				     "stp xzr, xzr, [%0, #32]\n\t"
				     "stp xzr, xzr, [%0, #48]"
				     : : "r"(p) : "memory");
#endif
}

/*
 * A compound page: PG_head on the first, PG_tail and a pointer to the head
 * in every other, the order in the first tail. References are taken on
 * the head only; put_page() on the last one frees the whole block.
 */
static noinline void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long n = 1UL << order;

	SetPageHead(page);
	for (unsigned long i = 1; i < n; i++) {
		page[i].private = (unsigned long)page;
		SetPageTail(&page[i]);
	}
	page[1].index = order;
}

static inline void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		clear_pages(page_address(page), order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

/*
 * Take a block off the lists, or NULL when that would break the watermark
 * or nothing large enough is free. No checks on the block yet.
 */
static __always_inline struct page *rmqueue(struct zone *zone, unsigned int order, gfp_t gfp)
{
	unsigned long flags = local_irq_save();
	struct page *page;

	if (unlikely(!zone_watermark_ok(zone, order, min_wmark_pages(zone), gfp)))
		goto fail;
	if (likely(order == 0)) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

		if (unlikely(list_empty(&pcp->list)) && !rmqueue_bulk(zone, pcp->batch, pcp))
			goto fail;
		page = list_first_entry(&pcp->list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		ClearPagePcp(page);
	} else {
		page = rmqueue_buddy(zone, order);
		if (!page)
			goto fail;
	}
	mod_vm_stat(NR_FREE_PAGES, -(1L << order));
	local_irq_restore(flags);
	return page;

fail:
	local_irq_restore(flags);
	return NULL;
}

/*
 * Everything off the fast path: a block in a bad state (reported and kept
 * out of circulation, then another one tried) and failure (warned about).
 */
/*
 * Direct reclaim (mm/vmscan.c sets it; host tests run without): free
 * clean page-cache pages. The flag keeps allocations made while reclaim
 * runs from reclaiming again (Linux's PF_MEMALLOC).
 */
unsigned long (*page_alloc_reclaim)(unsigned long nr_pages, gfp_t gfp);
static bool in_direct_reclaim;

static struct page *alloc_pages_direct_reclaim(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;
	int tries;

	if (!page_alloc_reclaim || in_direct_reclaim || !(gfp & __GFP_DIRECT_RECLAIM))
		return NULL;
	in_direct_reclaim = true;
	for (tries = 0; tries < 16 && !page; tries++) {
		unsigned long want = (1UL << order) > 32 ? (1UL << order) : 32;

		if (!page_alloc_reclaim(want, gfp))
			break;
		page = rmqueue(the_zone(), order, gfp);
	}
	in_direct_reclaim = false;
	return page;
}

static noinline struct page *alloc_pages_slowpath(struct page *page, gfp_t gfp,
						  unsigned int order, unsigned long caller)
{
	struct page *bad;

	if (!page)
		page = alloc_pages_direct_reclaim(gfp, order);

	while (page && (bad = check_new_pages(page, order))) {
		bad_page(bad, "a free page has flags, references or mappings", caller);
		page = rmqueue(the_zone(), order, gfp);
	}
	if (!page) {
		warn_alloc(gfp, order, caller);
		return NULL;
	}
	prep_new_page(page, order, gfp);
	return page;
}

static __always_inline struct page *__alloc_pages(gfp_t gfp, unsigned int order,
						 unsigned long caller)
{
	struct page *page = rmqueue(the_zone(), order, gfp);

	if (unlikely(!page || check_new_pages(page, order)))
		return alloc_pages_slowpath(page, gfp, order, caller);
	prep_new_page(page, order, gfp);
	return page;
}

/* Everything but a pcp hit: orders above 0, refills, __GFP_COMP, failures. */
static noinline struct page *alloc_pages_general(gfp_t gfp, unsigned int order,
						 unsigned long caller)
{
	if (unlikely(order > MAX_ORDER)) {
		warn_alloc(gfp, order, caller);
		return NULL;
	}
	return __alloc_pages(gfp, order, caller);
}

static noinline struct page *alloc_page_zeroed(struct page *page)
{
	clear_pages(page_address(page), 0);
	return page;
}

/**
 * alloc_pages - allocate 2^@order physically contiguous pages
 * @gfp:	GFP_KERNEL, GFP_ATOMIC, ... with __GFP_ZERO, __GFP_NOWARN, __GFP_COMP
 * @order:	0..MAX_ORDER
 *
 * Order 0 comes from the pcp list. Fails when the request would take the
 * free pages below the min watermark (half of it for __GFP_HIGH), or no
 * block that large is free. Nothing sleeps: with no reclaim yet, waiting
 * could not make memory appear.
 *
 * Return: the first page, with a reference count of 1, or NULL (with a
 * rate-limited warning unless __GFP_NOWARN). Never panics.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct zone *zone = the_zone();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	unsigned long flags;
	struct page *page;

	/*
	 * The fast path, a pcp hit: written out so that it calls nothing and
	 * needs no saved registers. Anything unusual takes the general path,
	 * which does the same steps again with all the checks and reports.
	 */
	if (likely(order == 0)) {
		flags = local_irq_save();
		if (likely(!list_empty(&pcp->list) &&
			   zone_watermark_ok(zone, 0, min_wmark_pages(zone), gfp))) {
			page = list_first_entry(&pcp->list, struct page, lru);
			list_del(&page->lru);
			pcp->count--;
			ClearPagePcp(page);
			mod_vm_stat(NR_FREE_PAGES, -1);
			local_irq_restore(flags);
			if (unlikely(!page_expected_state_new(page)))
				return alloc_pages_slowpath(page, gfp, 0,
					(unsigned long)__builtin_return_address(0));
			set_page_count(page, 1);
			if (unlikely(gfp & __GFP_ZERO))
				return alloc_page_zeroed(page);
			return page;
		}
		local_irq_restore(flags);
	}
	return alloc_pages_general(gfp, order, (unsigned long)__builtin_return_address(0));
}

/**
 * split_page - make a plain (not compound) block of 2^@order pages into
 *	2^@order order-0 pages, each with one reference, to be freed alone
 * @page:	the first page, from alloc_pages(gfp, @order) without __GFP_COMP
 * @order:	its order
 */
void split_page(struct page *page, unsigned int order)
{
	if (PageHead(page) || PageTail(page)) {
		bad_page(page, "split_page() of a compound page",
			 (unsigned long)__builtin_return_address(0));
		return;
	}
	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(&page[i], 1);
}

/**
 * __get_free_pages - alloc_pages() returning the linear-map address
 * @gfp:	allocation flags
 * @order:	0..MAX_ORDER
 *
 * Return: the address, or 0.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/**
 * get_zeroed_page - one zeroed page by linear-map address
 * @gfp:	allocation flags
 *
 * Return: the address, or 0.
 */
unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ------------------------------------------------------------------------
 * Freeing
 */

/*
 * Whether @page points at a struct page in a mem_map array: a stray
 * pointer handed to __free_pages() must not become a list entry.
 */
static inline bool page_is_valid(const struct page *page)
{
	unsigned long nr = page_to_section(page);
	uintptr_t base = mem_section[nr].map_base, off;

	if (unlikely(!base))
		return false;
	off = (uintptr_t)page - base - section_nr_to_pfn(nr) * sizeof(struct page);
	/* In the array and word-aligned: a full division would double the cost. */
	return off < PAGES_PER_SECTION * sizeof(struct page) && !(off & 7);
}

/*
 * The cheap tests every free does; free_arg_report() says which failed.
 * The section number is in the top bits of flags, so any value indexes
 * mem_section[] safely.
 */
static __always_inline bool free_arg_ok(const struct page *page, unsigned int order)
{
	if (unlikely(!page || order > MAX_ORDER))
		return false;
	if (IS_ENABLED_DEBUG_PAGEALLOC && unlikely(!page_is_valid(page)))
		return false;
	/* Checked before the reference is dropped, so a wrong call changes nothing. */
	if (unlikely(page->flags & (BIT(PG_head) | BIT(PG_tail))))
		return !PageTail(page) && compound_order(page) == order;
	return true;
}

static noinline void free_arg_report(struct page *page, unsigned int order,
				     unsigned long caller)
{
	if (!page) {
		pr_err("BUG: freeing a NULL page (caller %pS)\n", (void *)caller);
		bad_page_reports++;
	} else if (IS_ENABLED_DEBUG_PAGEALLOC && !page_is_valid(page)) {
		pr_err("BUG: freeing %p, which is not a struct page (caller %pS)\n", page,
		       (void *)caller);
		bad_page_reports++;
	} else if (order > MAX_ORDER) {
		bad_page(page, "freeing with an order above MAX_ORDER", caller);
	} else if (PageTail(page)) {
		bad_page(page, "freeing a tail page of a compound page", caller);
	} else {
		bad_page(page, "compound page freed with the wrong order", caller);
	}
}

static noinline void put_page_report(struct page *page, unsigned long caller)
{
	if (page->_refcount <= 0)
		bad_page(page, "freeing a page that is already free (refcount 0)", caller);
	else
		bad_page(page, "freeing a reserved page (it never came from the page allocator)",
			 caller);
}

/*
 * Drop one reference; true when it was the last. A page with no reference
 * (already free) and the last reference of a reserved page (never the page
 * allocator's) are reported and left alone.
 */
static __always_inline bool put_page_testzero(struct page *page, unsigned long caller)
{
	int ref = page->_refcount;

	if (unlikely(ref <= 0 || (ref == 1 && PageReserved(page)))) {
		put_page_report(page, caller);
		return false;
	}
	page->_refcount = --ref;
	return ref == 0;
}

static noinline bool free_page_is_bad(struct page *page, unsigned long caller)
{
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE) {
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set", caller);
		return true;
	}
	if (page->_mapcount != -1) {
		bad_page(page, "nonzero mapcount", caller);
		return true;
	}
	return false;
}

/* The other pages of a block: checked, then reset, all or nothing. */
static noinline bool free_tail_pages_prepare(struct page *page, unsigned int order,
					     unsigned long caller)
{
	unsigned long n = 1UL << order;
	bool compound = PageHead(page);

	if (compound && compound_order(page) != order) {
		bad_page(page, "compound page freed with the wrong order", caller);
		return false;
	}
	for (unsigned long i = 1; i < n; i++) {
		struct page *p = &page[i];

		if (compound) {
			if (!PageTail(p) || p->private != (unsigned long)page) {
				bad_page(p, "corrupt tail page of a compound page", caller);
				return false;
			}
		} else if (PageTail(p) || PageHead(p)) {
			bad_page(p, "part of a compound page inside a plain block (wrong order?)",
				 caller);
			return false;
		}
		if (p->_refcount) {
			bad_page(p, "nonzero refcount inside a block being freed (wrong order?)",
				 caller);
			return false;
		}
		if (((p->flags & PAGE_FLAGS_CHECK_AT_FREE) || p->_mapcount != -1) &&
		    free_page_is_bad(p, caller))
			return false;
	}
	for (unsigned long i = 1; i < n; i++) {
		page[i].flags &= ~PAGE_FLAGS_MASK;
		page[i].private = 0;
		page[i].mapping = NULL;
		page[i].index = 0;
	}
	return true;
}

/*
 * Check the pages of a block about to be freed and reset what the owner
 * left in them. Return false (nothing freed) when a page is in a state
 * that says the free is wrong: still mapped, on a list, reserved, part of
 * another compound page, or (other pages of a plain block) referenced.
 */
static __always_inline bool free_pages_prepare(struct page *page, unsigned int order,
					       unsigned long caller)
{
	if (unlikely(((page->flags & PAGE_FLAGS_CHECK_AT_FREE) || page->_mapcount != -1) &&
		     free_page_is_bad(page, caller)))
		return false;
	if ((order || PageHead(page)) && !free_tail_pages_prepare(page, order, caller))
		return false;
	page->flags &= ~PAGE_FLAGS_MASK;
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
	return true;
}

static __always_inline void free_the_page(struct page *page, unsigned int order,
					  unsigned long caller)
{
	struct zone *zone = the_zone();
	unsigned long flags;

	if (unlikely(!free_pages_prepare(page, order, caller)))
		return;
	flags = local_irq_save();
	if (likely(order == 0)) {
		/* free_unref_page: hot pages first in line for reuse. */
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

		SetPagePcp(page);
		list_add(&page->lru, &pcp->list);
		if (unlikely(++pcp->count >= pcp->high))
			free_pcppages_bulk(zone, pcp->batch, pcp);
	} else {
		__free_one_page(page, page_to_pfn(page), zone, order);
	}
	mod_vm_stat(NR_FREE_PAGES, 1L << order);
	local_irq_restore(flags);
}

/* Everything but the last reference to a plain order-0 page. */
static noinline void __free_pages_general(struct page *page, unsigned int order,
					  unsigned long caller)
{
	if (unlikely(!free_arg_ok(page, order))) {
		free_arg_report(page, order, caller);
		return;
	}
	if (!put_page_testzero(page, caller))
		return;
	if (likely(order == 0))
		free_the_page(page, 0, caller);
	else
		free_the_page(page, order, caller);
}

/**
 * __free_pages - drop a reference to a block from alloc_pages()
 * @page:	its first page
 * @order:	the order it was allocated with
 *
 * The block goes back when that was the last reference. Freeing a free
 * page, a reserved page, a tail page or a page that is still mapped is
 * reported ("BUG: Bad page state") and ignored.
 */
void __free_pages(struct page *page, unsigned int order)
{
	struct zone *zone = the_zone();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	unsigned long flags;

	/*
	 * The fast path: the last reference to a plain order-0 page in the
	 * state a page should be freed in goes straight to the pcp list.
	 * Anything else, including every mistake, takes the general path.
	 */
	if (likely(order == 0 && page && page->_refcount == 1 &&
		   !(page->flags & (PAGE_FLAGS_CHECK_AT_FREE | BIT(PG_head) | BIT(PG_tail))) &&
		   page->_mapcount == -1 &&
		   (!IS_ENABLED_DEBUG_PAGEALLOC || page_is_valid(page)))) {
		page->_refcount = 0;
		page->private = 0;
		page->mapping = NULL;
		page->index = 0;
		flags = local_irq_save();
		page->flags = (page->flags & ~PAGE_FLAGS_MASK) | BIT(PG_pcp);
		list_add(&page->lru, &pcp->list);
		mod_vm_stat(NR_FREE_PAGES, 1);
		if (unlikely(++pcp->count >= pcp->high))
			free_pcppages_bulk(zone, pcp->batch, pcp);
		local_irq_restore(flags);
		return;
	}
	__free_pages_general(page, order, (unsigned long)__builtin_return_address(0));
}

/**
 * free_pages - __free_pages() by linear-map address
 * @addr:	from __get_free_pages(); 0 is ignored
 * @order:	the order it was allocated with
 */
void free_pages(unsigned long addr, unsigned int order)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);
	unsigned long pfn;
	struct page *page;

	if (!addr)
		return;
	/*
	 * The linear map (2^47 bytes) is far larger than physical memory
	 * (2^40), so an image, vmalloc or user address gives no valid pfn.
	 */
	pfn = __pa_linear(addr) >> PAGE_SHIFT;
	if (!pfn_valid(pfn)) {
		pr_err("BUG: free_pages(%#lx): not a linear-map address of RAM (caller %pS)\n",
		       addr, (void *)caller);
		bad_page_reports++;
		return;
	}
	page = pfn_to_page(pfn);
	if (unlikely(!free_arg_ok(page, order))) {
		free_arg_report(page, order, caller);
		return;
	}
	if (put_page_testzero(page, caller))
		free_the_page(page, order, caller);
}

/**
 * put_page - drop a reference to a page or to the compound page it is in
 * @page:	any page of it
 *
 * The last reference frees the whole compound page (or the single page).
 */
void put_page(struct page *page)
{
	unsigned long caller = (unsigned long)__builtin_return_address(0);

	if (unlikely(!page || (IS_ENABLED_DEBUG_PAGEALLOC && !page_is_valid(page)))) {
		free_arg_report(page, 0, caller);
		return;
	}
	page = compound_head(page);
	if (IS_ENABLED_DEBUG_PAGEALLOC && unlikely(!page_is_valid(page))) {
		free_arg_report(page, 0, caller);
		return;
	}
	if (put_page_testzero(page, caller))
		free_the_page(page, compound_order(page), caller);
}

/**
 * is_free_buddy_page - whether @page is free
 * @page:	any page
 *
 * True for a page on the pcp list, the head of a free block, or any page
 * inside one.
 */
bool is_free_buddy_page(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	if (PagePcp(page))
		return true;
	/* The smallest aligned candidate first: a block can only contain pfn if it is its head's order or more. */
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct page *head = page - (pfn & ((1UL << o) - 1));

		if (PageBuddy(head) && buddy_order(head) >= o)
			return true;
	}
	return false;
}

/* The head of the free block containing @pfn, or NULL. */
static struct page *free_block_head(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		struct page *head = page - (pfn & ((1UL << o) - 1));

		if (PageBuddy(head) && buddy_order(head) >= o)
			return head;
	}
	return NULL;
}

/* ------------------------------------------------------------------------
 * Consistency checks (CONFIG_DEBUG_PAGEALLOC_CHECKS)
 */

#if IS_ENABLED_DEBUG_PAGEALLOC

#define CHECK_REPORTS_MAX	10

static __printf(2, 3) void check_fail(int *bad, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	if (++*bad > CHECK_REPORTS_MAX) {
		if (*bad == CHECK_REPORTS_MAX + 1)
			pr_err("check_free_lists: more problems, not printed\n");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("check_free_lists: %s\n", buf);
}

static void check_free_block(struct page *page, unsigned int order, int *bad)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long n = 1UL << order;

	if (!pfn_valid(pfn) || pfn_to_page(pfn) != page) {
		check_fail(bad, "order-%u list entry %p is not a valid struct page", order, page);
		return;
	}
	if (!PageBuddy(page) || (page->flags & PAGE_FLAGS_MASK) != BIT(PG_buddy))
		check_fail(bad, "pfn %#lx on the order-%u list has flags %#lx", pfn, order,
			   page->flags & PAGE_FLAGS_MASK);
	if (buddy_order(page) != order)
		check_fail(bad, "pfn %#lx on the order-%u list says order %u", pfn, order,
			   buddy_order(page));
	if (!IS_ALIGNED(pfn, n))
		check_fail(bad, "pfn %#lx on the order-%u list is misaligned", pfn, order);
	if (page->_refcount || page->_mapcount != -1)
		check_fail(bad, "free pfn %#lx has refcount %d mapcount %d", pfn,
			   page->_refcount, page->_mapcount);
	/* No other block or pcp page inside this one: blocks do not overlap. */
	for (unsigned long i = 1; i < n; i++) {
		const struct page *p = &page[i];

		if ((p->flags & PAGE_FLAGS_MASK) || p->_refcount || p->_mapcount != -1) {
			check_fail(bad, "pfn %#lx inside the free order-%u block at %#lx has flags %#lx refcount %d",
				   pfn + i, order, pfn, p->flags & PAGE_FLAGS_MASK, p->_refcount);
			break;
		}
	}
	if (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ n;

		if (pfn_valid(buddy_pfn) && page_is_buddy(pfn_to_page(buddy_pfn), order))
			check_fail(bad, "free order-%u blocks %#lx and %#lx were not merged",
				   order, pfn, buddy_pfn);
	}
}

/**
 * check_free_lists - validate every free list, the pcp list and the counts
 *
 * See include/arbor/mm.h for what is checked.
 *
 * Return: the number of problems found (0: consistent).
 */
int check_free_lists(void)
{
	struct zone *zone = the_zone();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	unsigned long total = 0, heads = 0, limit = zone->managed_pages + 1;
	unsigned long seen_buddy = 0, seen_pcp = 0, flags;
	const struct list_head *pos;
	int bad = 0;

	flags = local_irq_save();
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long n = 0;

		list_for_each(pos, &area->free_list) {
			/* A corrupt list may loop: no list holds more than all pages. */
			if (++n > limit) {
				check_fail(&bad, "order-%u free list does not end", order);
				break;
			}
			if (pos->next->prev != pos)
				check_fail(&bad, "order-%u free list links broken at %p", order, pos);
			check_free_block(list_entry(pos, struct page, lru), order, &bad);
		}
		if (n != area->nr_free)
			check_fail(&bad, "order-%u: nr_free %lu but %lu blocks on the list", order,
				   area->nr_free, n);
		total += n << order;
		heads += n;
	}

	{
		unsigned long n = 0;

		list_for_each(pos, &pcp->list) {
			const struct page *page = list_entry(pos, struct page, lru);

			if (++n > limit) {
				check_fail(&bad, "pcp list does not end");
				break;
			}
			if ((page->flags & PAGE_FLAGS_MASK) != BIT(PG_pcp) || page->_refcount ||
			    page->_mapcount != -1)
				check_fail(&bad, "pfn %#lx on the pcp list has flags %#lx refcount %d",
					   page_to_pfn(page), page->flags & PAGE_FLAGS_MASK,
					   page->_refcount);
		}
		if (n != (unsigned long)pcp->count)
			check_fail(&bad, "pcp count %d but %lu pages on the list", pcp->count, n);
		if (pcp->count > pcp->high)
			check_fail(&bad, "pcp count %d above high %d", pcp->count, pcp->high);
		total += n;
	}

	/* Every PageBuddy/PagePcp page must be one of those just walked. */
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		struct page *map;

		if (!present_section_nr(nr))
			continue;
		map = pfn_to_page(section_nr_to_pfn(nr));
		for (unsigned long i = 0; i < PAGES_PER_SECTION; i++) {
			seen_buddy += PageBuddy(&map[i]);
			seen_pcp += PagePcp(&map[i]);
		}
	}
	if (seen_buddy != heads)
		check_fail(&bad, "%lu PageBuddy pages, %lu blocks on the lists", seen_buddy, heads);
	if (seen_pcp != (unsigned long)pcp->count)
		check_fail(&bad, "%lu PagePcp pages, pcp count %d", seen_pcp, pcp->count);
	if (total != (unsigned long)global_vm_stat(NR_FREE_PAGES))
		check_fail(&bad, "free lists hold %lu pages, NR_FREE_PAGES is %ld", total,
			   global_vm_stat(NR_FREE_PAGES));
	local_irq_restore(flags);
	return bad;
}

#else

/**
 * check_free_lists - without CONFIG_DEBUG_PAGEALLOC_CHECKS: nothing checked
 *
 * Return: 0.
 */
int check_free_lists(void)
{
	return 0;
}

#endif

/* ------------------------------------------------------------------------
 * Boot: from memblock to the buddy allocator
 */

/* Linux's free_area_init() for the one zone. */
static void free_area_init(void)
{
	struct zone *zone = the_zone();
	unsigned long first = ~0UL, last = 0;

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		if (!present_section_nr(nr))
			continue;
		if (first == ~0UL)
			first = section_nr_to_pfn(nr);
		last = section_nr_to_pfn(nr + 1);
	}
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
		zone->free_area[o].nr_free = 0;
	}
	INIT_LIST_HEAD(&zone->per_cpu_pageset.list);
	zone->per_cpu_pageset.count = 0;
	zone->name = "Normal";
	zone->zone_start_pfn = first == ~0UL ? 0 : first;
	zone->spanned_pages = first == ~0UL ? 0 : last - first;
	zone->present_pages = physpages;
	zone->managed_pages = 0;
	contig_page_data.node_id = 0;
}

/* The first page of a block takes the block's worth: Linux's __free_pages_core. */
static void __free_pages_core(struct page *page, unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order;

	for (unsigned long i = 0; i < n; i++) {
		page[i].flags &= ~BIT(PG_reserved);
		page[i]._refcount = 0;
	}
	the_zone()->managed_pages += n;
	totalram_pages += n;
	mod_vm_stat(NR_FREE_PAGES, n);
	__free_one_page(page, pfn, the_zone(), order);
}

/* Free [spfn, epfn) in the largest naturally aligned blocks that fit. */
static void free_pfn_range(unsigned long spfn, unsigned long epfn)
{
	while (spfn < epfn) {
		unsigned int order = MAX_ORDER;

		while (order && (!IS_ALIGNED(spfn, 1UL << order) || spfn + (1UL << order) > epfn))
			order--;
		/* A section without a mem_map (its allocation failed) stays unused. */
		if (pfn_valid(spfn))
			__free_pages_core(pfn_to_page(spfn), spfn, order);
		spfn += 1UL << order;
	}
}

/**
 * memblock_free_all - release every free memblock range to the buddy
 * allocator
 *
 * Partial pages at the edges stay reserved, as does everything memblock
 * has reserved (the image, the DTB, page tables, the mem_map arrays).
 * memblock refuses to allocate afterwards: its free memory is the buddy
 * allocator's now.
 *
 * Return: pages released.
 */
unsigned long memblock_free_all(void)
{
	unsigned long before = totalram_pages;
	phys_addr_t start, end;
	u64 i;

	for_each_free_mem_range(i, &start, &end) {
		unsigned long spfn = PFN_UP(start), epfn = PFN_DOWN(end);

		if (spfn >= MAX_PFN)
			break;
		free_pfn_range(spfn, min(epfn, MAX_PFN));
	}
	memblock_handoff();
	return totalram_pages - before;
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1UL << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/*
 * Linux's min_free_kbytes: sqrt(16 * RAM in KiB), 128 KiB..256 MiB, so the
 * reserve grows slower than memory (4 MiB of 1 GiB, 1.4 MiB of 128 MiB).
 * low and high sit a quarter and a half of min above it.
 */
static void setup_per_zone_wmarks(void)
{
	struct zone *zone = the_zone();
	unsigned long kb = zone->managed_pages * (PAGE_SIZE / 1024);
	unsigned long min_kb = int_sqrt(kb * 16), min;

	min_kb = min_kb < 128 ? 128 : min_kb > 262144 ? 262144 : min_kb;
	min = min_kb / (PAGE_SIZE / 1024);
	/* Never more than a quarter of a very small machine. */
	if (min > zone->managed_pages / 4)
		min = zone->managed_pages / 4;
	zone->_watermark[WMARK_MIN] = min;
	zone->_watermark[WMARK_LOW] = min + min / 4;
	zone->_watermark[WMARK_HIGH] = min + min / 2;
}

/*
 * Linux's zone_batchsize(): about a thousandth of the zone, at most 1 MiB,
 * a quarter of that, rounded to 2^n - 1 (which spreads batches over
 * cache colours); high = 6 * batch.
 */
static void zone_pcp_init(void)
{
	struct per_cpu_pages *pcp = &the_zone()->per_cpu_pageset;
	unsigned long batch = the_zone()->managed_pages / 1024, p2 = 1;

	if (batch > (1024 * 1024) / PAGE_SIZE)
		batch = (1024 * 1024) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (p2 * 2 <= batch)
		p2 *= 2;
	batch = p2 > 1 ? p2 - 1 : 1;
	pcp->batch = (int)batch;
	pcp->high = (int)(6 * batch);
}

static void mem_init_print_info(void)
{
#ifndef HOST_TEST
	unsigned long code = (_etext - _stext) >> 10, ro = (__end_rodata - __start_rodata) >> 10;
	unsigned long rw = (_edata - _sdata) >> 10, bss = (__bss_stop - __bss_start) >> 10;

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK bss, %luK reserved)\n",
		totalram_pages << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10), code, rw, ro,
		bss, (physpages - totalram_pages) << (PAGE_SHIFT - 10));
#else
	pr_info("Memory: %luK/%luK available (%luK reserved)\n",
		totalram_pages << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		(physpages - totalram_pages) << (PAGE_SHIFT - 10));
#endif
}

/**
 * mem_init - build the struct page arrays and hand every free memblock
 * range to the buddy allocator (Linux's sparse_init + memblock_free_all)
 */
void mem_init(void)
{
	phys_addr_t start, end;
	u64 i;

	physpages = 0;
	for_each_mem_range(i, &start, &end)
		if (PFN_DOWN(end) > PFN_UP(start))
			physpages += PFN_DOWN(end) - PFN_UP(start);
	totalram_pages = 0;

	sparse_init();
	free_area_init();
	memblock_free_all();
	setup_per_zone_wmarks();
	zone_pcp_init();
	mem_init_print_info();
}

/* ------------------------------------------------------------------------
 * Shell commands
 */

static int cmd_buddyinfo(int argc, char **argv)
{
	struct zone *zone = the_zone();
	unsigned long nr[NR_PAGE_ORDERS], flags;

	if (argc > 1)
		return -EINVAL;
	/* One consistent snapshot, printed with interrupts on. */
	flags = local_irq_save();
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		nr[o] = zone->free_area[o].nr_free;
	local_irq_restore(flags);
	printk("Node %d, zone %8s ", contig_page_data.node_id, zone->name);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		printk("%6lu ", nr[o]);
	printk("\n");
	return 0;
}
SHELL_CMD(buddyinfo, "buddyinfo", "",
	  "free blocks per order 0..10, like /proc/buddyinfo (pcp pages not included)",
	  cmd_buddyinfo);

static int cmd_zoneinfo(int argc, char **argv)
{
	struct zone *zone = the_zone();
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

	if (argc > 1)
		return -EINVAL;
	printk("Node %d, zone %8s\n", contig_page_data.node_id, zone->name);
	printk("  pages free     %lu\n", nr_free_pages());
	printk("        min      %lu\n", min_wmark_pages(zone));
	printk("        low      %lu\n", low_wmark_pages(zone));
	printk("        high     %lu\n", high_wmark_pages(zone));
	printk("        spanned  %lu\n", zone->spanned_pages);
	printk("        present  %lu\n", zone->present_pages);
	printk("        managed  %lu\n", zone->managed_pages);
	printk("  pagesets\n");
	printk("    cpu: 0\n");
	printk("              count: %d\n", pcp->count);
	printk("              high:  %d\n", pcp->high);
	printk("              batch: %d\n", pcp->batch);
	printk("  start_pfn:           %lu\n", zone->zone_start_pfn);
	return 0;
}
SHELL_CMD(zoneinfo, "zoneinfo", "",
	  "the zone's free pages, watermarks and per-cpu list, like /proc/zoneinfo",
	  cmd_zoneinfo);

static int cmd_pageinfo(int argc, char **argv)
{
	unsigned long pfn;
	struct page *page, *head;
	char fl[160];
	u64 v;

	if (argc != 2 || parse_num(argv[1], &v))
		return -EINVAL;
	/* Below MAX_PFN it is a page frame number, else a physical address. */
	pfn = v >= MAX_PFN ? (unsigned long)(v >> PAGE_SHIFT) : (unsigned long)v;
	if (!pfn_valid(pfn)) {
		printk("pageinfo: pfn %#lx (phys %#llx) has no struct page: not in a memory section\n",
		       pfn, (unsigned long long)pfn << PAGE_SHIFT);
		return 1;
	}
	page = pfn_to_page(pfn);
	printk("pfn:      %#lx\n", pfn);
	printk("phys:     %#llx\n", (unsigned long long)pfn << PAGE_SHIFT);
	printk("page:     %p\n", page);
	printk("section:  %lu\n", page_to_section(page));
	printk("flags:    %#lx(%s)\n", page->flags & PAGE_FLAGS_MASK,
	       format_page_flags(page->flags, fl, sizeof(fl)));
	printk("refcount: %d\n", page->_refcount);
	printk("mapcount: %d\n", page_mapcount(page));
	printk("mapping:  %p index: %#lx private: %#lx\n", page->mapping, page->index,
	       page->private);
	if (PageReserved(page))
		printk("state:    reserved (not managed by the page allocator)\n");
	else if (PageBuddy(page))
		printk("state:    free, buddy block head, order %u (%lu pages)\n",
		       buddy_order(page), 1UL << buddy_order(page));
	else if (PagePcp(page))
		printk("state:    free, on per-cpu list\n");
	else if ((head = free_block_head(pfn)))
		printk("state:    free, inside the order %u buddy block at pfn %#lx\n",
		       buddy_order(head), page_to_pfn(head));
	else if (PageTail(page))
		printk("state:    allocated, tail of the order %u compound page at pfn %#lx\n",
		       compound_order(compound_head(page)), page_to_pfn(compound_head(page)));
	else if (PageHead(page))
		printk("state:    allocated, compound head, order %u\n", compound_order(page));
	else
		printk("state:    allocated\n");
	return 0;
}
SHELL_CMD(pageinfo, "pageinfo", "<pfn|phys>",
	  "show the struct page of a page frame (a value >= 2^28 is a physical address)",
	  cmd_pageinfo);

/* ------------------------------------------------------------------------
 * Benchmarks
 */

#ifndef HOST_TEST
static void bench_order0_pair(void *arg)
{
	__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
}

static u64 bench_page_order0(void)
{
	return bench_insns_per_iter(bench_order0_pair, NULL, 100000);
}
KBENCH(page_order0, "page_order0_pair_insns", "insns", bench_page_order0);

static void bench_order3_pair(void *arg)
{
	__free_pages(alloc_pages(GFP_KERNEL, 3), 3);
}

static u64 bench_page_order3(void)
{
	return bench_insns_per_iter(bench_order3_pair, NULL, 20000);
}
KBENCH(page_order3, "page_order3_pair_insns", "insns", bench_page_order3);

static u64 bench_struct_page(void)
{
	return sizeof(struct page);
}
KBENCH(struct_page, "struct_page_bytes", "bytes", bench_struct_page);
#endif

BUILD_BUG_ON(sizeof(struct page) > 64);
