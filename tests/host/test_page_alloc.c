// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for mm/sparse.c, mm/page_alloc.c and mm/vmstat.c.
 *
 * The "physical memory" is a 400 MiB mmap (MAP_NORESERVE: only what is
 * touched is backed) that __va() reaches by setting memstart_addr so that
 * pa - memstart_addr + PAGE_OFFSET lands in it. Three banks with holes
 * between them: one inside section 8, one straddling sections 8 and 9, a
 * whole absent section 10, and a small bank with unaligned edges in
 * section 11, plus reserved ranges with unaligned edges.
 *
 * A reference model (one byte per frame: not managed / free / allocated)
 * is checked against every allocation and free: blocks aligned, inside
 * managed memory, never overlapping anything held; NR_FREE_PAGES exact
 * after every operation; a NULL only when the watermark forbids the
 * request or the model has no free aligned block that large. After
 * freeing everything the free lists must be exactly the original ones:
 * same per-order counts and the same set of (pfn, order) blocks.
 */
#include "test.h"

#include <stdarg.h>
#include <stdbool.h>
#include <sys/mman.h>

#include <arbor/errno.h>
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/time.h>

#include "host_printk.h"

u64 memstart_addr, kimage_voffset;
bool linear_map_ready;
volatile unsigned long jiffies;

#define MiB		(1ULL << 20)
#define BASE_PA		0x40000000ULL		/* section 8, as on QEMU virt */
#define SPAN		(400 * MiB)
#define BASE_PFN	((unsigned long)(BASE_PA >> PAGE_SHIFT))
#define SPAN_PFNS	((unsigned long)(SPAN >> PAGE_SHIFT))

struct range {
	u64 start, end;		/* offsets from BASE_PA */
};

static const struct range banks[] = {
	{ 0, 48 * MiB },				/* section 8 */
	{ 100 * MiB, 160 * MiB },			/* sections 8 and 9 */
	/* section 10 (256..384 MiB) absent */
	{ 388 * MiB + 0x123, 400 * MiB - 0x800 },	/* section 11, unaligned edges */
};

static const struct range reserved[] = {
	{ 2 * MiB, 3 * MiB + 0x123 },		/* "kernel image" */
	{ 40 * MiB, 41 * MiB },			/* "DTB" */
	{ 159 * MiB + 0x10, 159 * MiB + 0x20 },	/* a small allocation */
};

static u8 *mem;

enum { M_NONE, M_FREE, M_USED };
static u8 model[SPAN_PFNS];
static unsigned long managed_pages, used_pages;

static struct zone *zone(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

static struct page *P(unsigned long rel)
{
	return pfn_to_page(BASE_PFN + rel);
}

static unsigned long rel_pfn(const struct page *page)
{
	return page_to_pfn(page) - BASE_PFN;
}

/* Managed, worked out by brute force: a page wholly in a bank, touching no
 * reserved range (memblock's, which by now include the mem_map arrays). */
static bool expect_managed(unsigned long rel)
{
	u64 s = BASE_PA + ((u64)rel << PAGE_SHIFT), e = s + PAGE_SIZE;
	bool in_bank = false;

	for (size_t i = 0; i < ARRAY_SIZE(banks); i++)
		if (s >= BASE_PA + banks[i].start && e <= BASE_PA + banks[i].end)
			in_bank = true;
	if (!in_bank)
		return false;
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (r->base < e && r->base + r->size > s)
			return false;
	}
	return true;
}

static void setup(void)
{
	if (!mem) {
		mem = mmap(NULL, SPAN, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (mem == MAP_FAILED) {
			perror("mmap");
			exit(1);
		}
	} else {
		madvise(mem, SPAN, MADV_DONTNEED);	/* back to zero, RSS freed */
	}
	memstart_addr = BASE_PA + PAGE_OFFSET - (u64)(uintptr_t)mem;
	linear_map_ready = true;

	memset(mem_section, 0, sizeof(mem_section));
	memset(vm_stat, 0, sizeof(vm_stat));
	memblock_reset();
	for (size_t i = 0; i < ARRAY_SIZE(banks); i++)
		memblock_add(BASE_PA + banks[i].start, banks[i].end - banks[i].start);
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		memblock_reserve(BASE_PA + reserved[i].start,
				 reserved[i].end - reserved[i].start);
	printk_quiet = true;
	mem_init();
	printk_quiet = false;

	managed_pages = used_pages = 0;
	for (unsigned long rel = 0; rel < SPAN_PFNS; rel++) {
		model[rel] = expect_managed(rel) ? M_FREE : M_NONE;
		managed_pages += model[rel] == M_FREE;
	}
	/* Let the rate limits start afresh for each case. */
	jiffies += 3600 * HZ;
}

/* ---- free-list snapshots ------------------------------------------------ */

struct block {
	unsigned long pfn;
	unsigned int order;
};

struct lists {
	unsigned long nr_free[NR_PAGE_ORDERS];
	long free;
	size_t n;
	struct block *blocks;
};

static int block_cmp(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static void take_lists(struct lists *l)
{
	struct page *page;
	size_t cap = 0;

	drain_local_pages();
	l->n = 0;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		cap += zone()->free_area[o].nr_free;
	l->blocks = calloc(cap + 1, sizeof(*l->blocks));
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		l->nr_free[o] = zone()->free_area[o].nr_free;
		list_for_each_entry(page, &zone()->free_area[o].free_list, lru) {
			if (l->n < cap)
				l->blocks[l->n++] = (struct block){ page_to_pfn(page), o };
		}
	}
	qsort(l->blocks, l->n, sizeof(*l->blocks), block_cmp);
	l->free = global_vm_stat(NR_FREE_PAGES);
}

static bool same_lists(const struct lists *a, const struct lists *b)
{
	if (a->free != b->free || a->n != b->n)
		return false;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		if (a->nr_free[o] != b->nr_free[o])
			return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->blocks[i].pfn != b->blocks[i].pfn || a->blocks[i].order != b->blocks[i].order)
			return false;
	return true;
}

static void put_lists(struct lists *l)
{
	free(l->blocks);
}

#define CHECK_RESTORED(before)						\
	do {								\
		struct lists _now;					\
		take_lists(&_now);					\
		CHECK(same_lists(&_now, (before)));			\
		put_lists(&_now);					\
		CHECK_EQ(check_free_lists(), 0);			\
	} while (0)

/* ---- the model ------------------------------------------------------------ */

static bool model_alloc(struct page *page, unsigned int order)
{
	unsigned long rel = rel_pfn(page), n = 1UL << order;

	if (page_to_pfn(page) < BASE_PFN || rel + n > SPAN_PFNS || !IS_ALIGNED(rel, n)) {
		printf("# block at pfn %#lx order %u outside the span or misaligned\n",
		       page_to_pfn(page), order);
		return false;
	}
	for (unsigned long i = 0; i < n; i++) {
		if (model[rel + i] != M_FREE) {
			printf("# pfn %#lx of the order-%u block at %#lx is %s\n",
			       BASE_PFN + rel + i, order, BASE_PFN + rel,
			       model[rel + i] == M_NONE ? "not managed" : "already allocated");
			return false;
		}
	}
	memset(&model[rel], M_USED, n);
	used_pages += n;
	return true;
}

static void model_free(struct page *page, unsigned int order)
{
	memset(&model[rel_pfn(page)], M_FREE, 1UL << order);
	used_pages -= 1UL << order;
}

/* Whether the model has a free, aligned block of 2^order pages. */
static bool model_has_block(unsigned int order)
{
	unsigned long n = 1UL << order;

	for (unsigned long rel = 0; rel + n <= SPAN_PFNS; rel += n) {
		unsigned long i;

		for (i = 0; i < n && model[rel + i] == M_FREE; i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

/* Every frame the model calls free is free in the allocator and vice versa. */
static bool model_matches_pages(void)
{
	for (unsigned long rel = 0; rel < SPAN_PFNS; rel++) {
		bool model_free_page = model[rel] == M_FREE;

		if (model[rel] == M_NONE)
			continue;
		if (is_free_buddy_page(P(rel)) != model_free_page) {
			printf("# pfn %#lx: model says %s, the allocator disagrees\n",
			       BASE_PFN + rel, model_free_page ? "free" : "allocated");
			return false;
		}
	}
	return true;
}

static bool counts_ok(void)
{
	return (unsigned long)nr_free_pages() == managed_pages - used_pages;
}

/* ---- struct page arrays ---------------------------------------------------- */

TEST(sections_and_pfn_round_trip)
{
	unsigned long present = 0, bad = 0, reserved_in_holes = 0, managed = 0;

	setup();
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++)
		present += present_section_nr(nr);
	CHECK_EQ(present, 3);
	CHECK(present_section_nr(8) && present_section_nr(9) && present_section_nr(11));
	CHECK(!present_section_nr(10));
	CHECK(!pfn_valid(BASE_PFN + (300 * MiB >> PAGE_SHIFT)));
	CHECK(!pfn_valid(BASE_PFN - 1));
	CHECK(!pfn_valid(MAX_PFN));

	for (unsigned long nr = 8; nr <= 11; nr++) {
		if (!present_section_nr(nr))
			continue;
		for (unsigned long pfn = section_nr_to_pfn(nr); pfn < section_nr_to_pfn(nr + 1); pfn++) {
			struct page *page = pfn_to_page(pfn);
			unsigned long rel = pfn - BASE_PFN;

			if (!pfn_valid(pfn) || page_to_pfn(page) != pfn || page_to_section(page) != nr)
				bad++;
			if (rel < SPAN_PFNS && model[rel] == M_FREE) {
				managed++;
				/* Managed pages are free and in the linear map. */
				if (PageReserved(page) || page_count(page) ||
				    virt_to_page(page_address(page)) != page)
					bad++;
			} else {
				reserved_in_holes += PageReserved(page) && page_count(page) == 1;
				if (!PageReserved(page))
					bad++;
			}
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(managed, managed_pages);
	CHECK_EQ(totalram_pages, managed_pages);
	CHECK_EQ(zone()->managed_pages, managed_pages);
	CHECK_EQ(nr_free_pages(), managed_pages);
	CHECK_EQ(reserved_in_holes, 3 * PAGES_PER_SECTION - managed_pages);
	/* physpages: whole pages of the banks. */
	CHECK_EQ(physpages, (48 * MiB + 60 * MiB) / PAGE_SIZE +
			    ((400 * MiB - 0x1000) - (388 * MiB + 0x1000)) / PAGE_SIZE);
	CHECK_EQ(sizeof(struct page) <= 64, 1);
	CHECK_EQ(check_free_lists(), 0);
}

/* The mem_map arrays come from memblock, so their memory stays reserved. */
TEST(mem_map_is_reserved)
{
	setup();
	for (unsigned long nr = 8; nr <= 11; nr++) {
		struct page *map;
		size_t size = PAGES_PER_SECTION * sizeof(struct page);

		if (!present_section_nr(nr))
			continue;
		map = pfn_to_page(section_nr_to_pfn(nr));
		for (size_t off = 0; off < size; off += PAGE_SIZE)
			CHECK(PageReserved(virt_to_page((char *)map + off)));
	}
}

/* Initial free lists: naturally aligned blocks, maximal, sum = managed. */
TEST(initial_free_lists)
{
	struct lists l;
	unsigned long sum = 0;

	setup();
	take_lists(&l);
	for (size_t i = 0; i < l.n; i++) {
		unsigned long n = 1UL << l.blocks[i].order;

		CHECK(IS_ALIGNED(l.blocks[i].pfn, n));
		sum += n;
	}
	CHECK_EQ(sum, managed_pages);
	CHECK(l.nr_free[MAX_ORDER] > 20);
	CHECK_EQ(check_free_lists(), 0);
	put_lists(&l);
	CHECK_EQ(zone()->spanned_pages, 4 * PAGES_PER_SECTION);
	CHECK_EQ(zone()->zone_start_pfn, section_nr_to_pfn(8));
}

TEST(memblock_refuses_after_handoff)
{
	char buf[512];

	setup();
	CHECK(memblock_is_handed_off());
	printk_capture_start(buf, sizeof(buf));
	CHECK_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	printk_capture_stop();
	CHECK(strstr(buf, "memblock: allocation of 0x1000 bytes refused") != NULL);
	memblock_reset();
	CHECK(!memblock_is_handed_off());
}

/* ---- allocation basics ---------------------------------------------------- */

TEST(alloc_free_each_order)
{
	struct lists before;

	setup();
	take_lists(&before);
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		CHECK(page != NULL);
		if (!page)
			continue;
		CHECK(model_alloc(page, order));
		CHECK_EQ(page_count(page), 1);
		CHECK_EQ(page->flags & PAGE_FLAGS_MASK, 0);
		CHECK(counts_ok());
		__free_pages(page, order);
		model_free(page, order);
		CHECK(counts_ok());
	}
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1) == NULL);
	CHECK_RESTORED(&before);
	put_lists(&before);
}

TEST(gfp_zero)
{
	struct lists before;

	setup();
	take_lists(&before);
	for (unsigned int order = 0; order <= 3; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		u8 *p;
		bool zero = true;

		CHECK(page != NULL);
		memset(page_address(page), 0x5a, PAGE_SIZE << order);
		__free_pages(page, order);
		page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		CHECK(page != NULL);
		p = page_address(page);
		for (size_t i = 0; i < (PAGE_SIZE << order); i++)
			zero &= !p[i];
		CHECK(zero);
		__free_pages(page, order);
	}
	CHECK_RESTORED(&before);
	put_lists(&before);
}

TEST(compound_pages)
{
	struct lists before;
	struct page *head;

	setup();
	take_lists(&before);
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 4);
	CHECK(head != NULL);
	CHECK(PageHead(head));
	CHECK_EQ(compound_order(head), 4);
	for (int i = 1; i < 16; i++) {
		CHECK(PageTail(&head[i]));
		CHECK(compound_head(&head[i]) == head);
	}
	get_page(&head[3]);
	CHECK_EQ(page_count(head), 2);
	CHECK_EQ(page_count(&head[9]), 2);
	put_page(&head[15]);
	CHECK_EQ(page_count(head), 1);
	CHECK_EQ(nr_free_pages(), managed_pages - 16);
	put_page(&head[1]);
	CHECK_EQ(nr_free_pages(), managed_pages);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(head[i].flags & (BIT(PG_head) | BIT(PG_tail)), 0);
	/* __free_pages() of a compound head with its order works too. */
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	CHECK(head != NULL);
	__free_pages(head, 2);
	CHECK_RESTORED(&before);
	put_lists(&before);
}

TEST(split_page_and_fragmentation)
{
	struct lists before, mid;
	struct page *page;
	unsigned long n = 1UL << MAX_ORDER;

	setup();
	take_lists(&before);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER);
	CHECK(page != NULL);
	split_page(page, MAX_ORDER);
	for (unsigned long i = 1; i < n; i += 2)
		__free_page(&page[i]);
	take_lists(&mid);
	CHECK_EQ(mid.nr_free[0], before.nr_free[0] + n / 2);
	CHECK_EQ(mid.nr_free[MAX_ORDER], before.nr_free[MAX_ORDER] - 1);
	CHECK_EQ(check_free_lists(), 0);
	put_lists(&mid);
	for (unsigned long i = 0; i < n; i += 2)
		__free_page(&page[i]);
	CHECK_RESTORED(&before);
	put_lists(&before);
}

/* ---- bad frees ------------------------------------------------------------ */

TEST(bad_frees_reported_and_ignored)
{
	static char buf[16384];
	struct lists before;
	unsigned long reports;
	struct page *page, *head, *rsv;

	setup();
	page = alloc_page(GFP_KERNEL);
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	rsv = P((2 * MiB) >> PAGE_SHIFT);	/* the "kernel image" */
	CHECK(page && head);
	__free_page(page);
	take_lists(&before);
	reports = bad_page_reports;

	printk_capture_start(buf, sizeof(buf));
	__free_page(page);			/* double free */
	put_page(page);				/* and again */
	__free_page(rsv);			/* reserved */
	__free_pages(&head[2], 0);		/* tail */
	__free_pages(head, 2);			/* wrong order */
	__free_page((struct page *)page_address(head));	/* not a struct page */
	__free_page(NULL);
	free_pages((unsigned long)mem - PAGE_SIZE, 0);	/* below RAM */
	__free_pages(page, MAX_ORDER + 1);
	printk_capture_stop();

	CHECK_EQ(bad_page_reports, reports + 9);
	CHECK(strstr(buf, "BUG: Bad page state") != NULL);
	CHECK(strstr(buf, "already free") != NULL);
	CHECK(strstr(buf, "freeing a reserved page") != NULL);
	CHECK(strstr(buf, "flags: 0x80(reserved)") != NULL);
	CHECK(strstr(buf, "tail page") != NULL);
	CHECK(strstr(buf, "wrong order") != NULL);
	CHECK(strstr(buf, "not a struct page") != NULL);
	CHECK(strstr(buf, "NULL page") != NULL);
	CHECK(strstr(buf, "not a linear-map address") != NULL);
	CHECK(strstr(buf, "above MAX_ORDER") != NULL);
	CHECK(PageReserved(rsv) && page_count(rsv) == 1);
	CHECK_EQ(page_count(head), 1);

	/* None of it changed the free lists or the counters. */
	{
		struct lists now;

		take_lists(&now);
		CHECK(same_lists(&now, &before));
		put_lists(&now);
	}
	CHECK_EQ(check_free_lists(), 0);
	put_page(head);
	CHECK_EQ(nr_free_pages(), managed_pages);
	put_lists(&before);
}

/* A page written after it was freed is caught when handed out again. */
TEST(corrupted_free_page_is_skipped)
{
	static char buf[8192];
	unsigned long reports = bad_page_reports;
	struct page *page, *again;

	setup();
	page = alloc_page(GFP_KERNEL);
	CHECK(page != NULL);
	__free_page(page);
	page->_refcount = 5;	/* a stale user's get_page() */
	printk_capture_start(buf, sizeof(buf));
	again = alloc_page(GFP_KERNEL);
	printk_capture_stop();
	CHECK(again != NULL && again != page);
	CHECK_EQ(bad_page_reports, reports + 1);
	CHECK(strstr(buf, "refcount:5") != NULL);
	__free_page(again);
	/* The bad page is out of circulation: one page fewer than managed. */
	CHECK_EQ(nr_free_pages(), managed_pages - 1);
}

/* check_free_lists() itself notices broken invariants. */
TEST(check_free_lists_detects)
{
	struct page *page;
	struct zone *z;

	setup();
	z = zone();
	printk_quiet = true;
	CHECK_EQ(check_free_lists(), 0);
	z->free_area[3].nr_free++;
	CHECK(check_free_lists() > 0);
	z->free_area[3].nr_free--;
	page = list_first_entry(&z->free_area[MAX_ORDER].free_list, struct page, lru);
	SetPageReserved(&page[7]);
	CHECK(check_free_lists() > 0);
	ClearPageReserved(&page[7]);
	page->private = 9;
	CHECK(check_free_lists() > 0);
	page->private = MAX_ORDER;
	mod_vm_stat(NR_FREE_PAGES, 1);
	CHECK(check_free_lists() > 0);
	mod_vm_stat(NR_FREE_PAGES, -1);
	CHECK_EQ(check_free_lists(), 0);
	printk_quiet = false;
}

/* ---- exhaustion ------------------------------------------------------------- */

struct held {
	struct page *page;
	unsigned int order;
	bool compound;
};

static struct held *held;
static size_t nheld;

static size_t alloc_until_null(gfp_t gfp, unsigned int order)
{
	struct page *page;
	size_t n = 0;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, order))) {
		if (!model_alloc(page, order))
			test_failed_checks++;
		held[nheld++] = (struct held){ page, order, false };
		n++;
	}
	return n;
}

static void free_all_held(void)
{
	while (nheld) {
		struct held *h = &held[--nheld];

		__free_pages(h->page, h->order);
		model_free(h->page, h->order);
	}
}

TEST(exhaust_order0)
{
	struct lists before;
	unsigned long min, n;
	char buf[2048];

	setup();
	held = calloc(SPAN_PFNS, sizeof(*held));
	take_lists(&before);
	min = min_wmark_pages(zone());
	CHECK(min > 0);
	n = alloc_until_null(GFP_KERNEL, 0);
	CHECK_EQ(n, managed_pages - min);
	CHECK_EQ(nr_free_pages(), min);
	CHECK(counts_ok());
	CHECK_EQ(check_free_lists(), 0);

	printk_capture_start(buf, sizeof(buf));
	CHECK(alloc_page(GFP_KERNEL) == NULL);
	printk_capture_stop();
	CHECK(strstr(buf, "page allocation failure: order:0, mode:0x8(GFP_KERNEL)") != NULL);
	/* Rate-limited: a burst of failures prints at most 10 reports. */
	printk_capture_start(buf, sizeof(buf));
	for (int i = 0; i < 100; i++)
		alloc_page(GFP_KERNEL);
	printk_capture_stop();
	{
		int k = 0;

		for (const char *p = buf; (p = strstr(p, "allocation failure")); p++)
			k++;
		CHECK(k <= 10);
	}

	/* GFP_ATOMIC reaches half of the reserve. */
	n = alloc_until_null(GFP_ATOMIC, 0);
	CHECK_EQ(n, min / 2);
	CHECK_EQ(nr_free_pages(), min - min / 2);
	CHECK(counts_ok());
	CHECK_EQ(check_free_lists(), 0);

	free_all_held();
	CHECK_RESTORED(&before);
	put_lists(&before);
	free(held);
}

/* Greedy: the largest blocks first, down to single pages. */
TEST(exhaust_all_orders)
{
	struct lists before;
	size_t per_order[NR_PAGE_ORDERS];

	setup();
	held = calloc(SPAN_PFNS, sizeof(*held));
	take_lists(&before);
	for (int order = MAX_ORDER; order >= 0; order--) {
		per_order[order] = alloc_until_null(GFP_ATOMIC, order);
		/* Nothing of this order is left, unless the reserve stopped it. */
		if ((long)nr_free_pages() - (1L << order) >= (long)(min_wmark_pages(zone()) -
							      min_wmark_pages(zone()) / 2))
			CHECK(!model_has_block(order));
	}
	/* Free memory was all in maximal blocks: the first pass took them all. */
	CHECK_EQ(per_order[MAX_ORDER], before.nr_free[MAX_ORDER]);
	CHECK(counts_ok());
	CHECK_EQ(check_free_lists(), 0);
	free_all_held();
	CHECK_RESTORED(&before);
	put_lists(&before);
	free(held);
}

/* All pages taken one by one, every other one freed: lots free, nothing big. */
TEST(fragmentation_pattern)
{
	struct lists before, mid;
	size_t kept = 0;

	setup();
	held = calloc(SPAN_PFNS, sizeof(*held));
	take_lists(&before);
	alloc_until_null(GFP_ATOMIC, 0);
	/* Free pages with an odd pfn: no two free pages are buddies. */
	for (size_t i = 0; i < nheld; i++) {
		if (page_to_pfn(held[i].page) & 1) {
			__free_page(held[i].page);
			model_free(held[i].page, 0);
		} else {
			held[kept++] = held[i];
		}
	}
	nheld = kept;
	take_lists(&mid);
	/*
	 * Only the few pages the reserve kept free can pair up with a freed
	 * neighbour: each adds at most itself and one freed page to a block
	 * of order 1 or more.
	 */
	{
		unsigned long in_blocks = 0, leftover = min_wmark_pages(zone()) / 2 + 1;

		for (unsigned int o = 1; o < NR_PAGE_ORDERS; o++)
			in_blocks += mid.nr_free[o] << o;
		CHECK(in_blocks <= 2 * leftover);
	}
	CHECK(mid.nr_free[0] > managed_pages / 3);
	CHECK(counts_ok());
	CHECK_EQ(check_free_lists(), 0);
	put_lists(&mid);
	free_all_held();
	CHECK_RESTORED(&before);
	put_lists(&before);
	free(held);
}

/* ---- millions of random operations against the model --------------------- */

#define RANDOM_OPS	2000000
#define PHASE_OPS	50000

static unsigned int random_order(u64 r)
{
	/* Mostly small, as callers ask; sometimes up to MAX_ORDER. */
	static const u8 orders[32] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2,
				       2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 10 };
	return orders[r & 31];
}

/*
 * Every operation allocates or frees: phases of 70% and 30% allocations
 * alternate, so memory runs out and comes back again and again. Held
 * blocks are a dense array; a free takes a random one.
 */
TEST(random_against_model)
{
	struct lists before;
	u64 seed = 0x243f6a8885a308d3ULL;
	unsigned long fails = 0, null_checks = 0, bad = 0, allocs = 0, frees = 0;
	unsigned long per_order[NR_PAGE_ORDERS] = { 0 };
	size_t max_used = 0;

	setup();
	held = calloc(SPAN_PFNS, sizeof(*held));
	nheld = 0;
	take_lists(&before);
	for (unsigned long op = 0; op < RANDOM_OPS && !bad; op++) {
		u64 r = test_rand(&seed);
		unsigned int pct = (r & 0xffff) % 100;
		bool alloc = pct < ((op / PHASE_OPS) % 2 ? 30 : 70);

		if (!alloc && nheld) {
			size_t i = (r >> 16) % nheld;
			struct held h = held[i];

			held[i] = held[--nheld];
			if (*(u64 *)page_address(h.page) != page_to_pfn(h.page))
				bad++, printf("# block at %#lx was overwritten\n", page_to_pfn(h.page));
			if (h.compound)
				put_page(&h.page[(r >> 40) & ((1UL << h.order) - 1)]);
			else
				__free_pages(h.page, h.order);
			model_free(h.page, h.order);
			frees++;
		} else if (alloc) {
			unsigned int order = random_order(r >> 24);
			gfp_t gfp = ((r >> 32) & 1 ? GFP_ATOMIC : GFP_KERNEL) | __GFP_NOWARN;
			bool comp = order && ((r >> 33) & 1);
			struct page *page;

			if (comp)
				gfp |= __GFP_COMP;
			if (order <= 1 && ((r >> 34) & 15) == 0)
				gfp |= __GFP_ZERO;
			page = alloc_pages(gfp, order);
			if (!page) {
				fails++;
				/* A NULL must be deserved: the watermark, or no block in the model. */
				if (zone_watermark_ok(zone(), order, min_wmark_pages(zone()), gfp) &&
				    null_checks++ < 3000 && model_has_block(order))
					bad++, printf("# op %lu: order %u failed with a free block\n", op, order);
				continue;
			}
			if (!model_alloc(page, order) || page_count(page) != 1 ||
			    (page->flags & (BIT(PG_buddy) | BIT(PG_pcp) | BIT(PG_reserved))) ||
			    (comp != !!PageHead(page)))
				bad++;
			if ((gfp & __GFP_ZERO) && ((u64 *)page_address(page))[PAGE_SIZE / 8 - 1])
				bad++, printf("# __GFP_ZERO page not zeroed\n");
			/* Dirty the last word too, so the next __GFP_ZERO user must clear it. */
			((u64 *)page_address(page))[PAGE_SIZE / 8 - 1] = ~0ULL;
			*(u64 *)page_address(page) = page_to_pfn(page);
			held[nheld++] = (struct held){ page, order, comp };
			allocs++;
			per_order[order]++;
			if (used_pages > max_used)
				max_used = used_pages;
		}
		if (!counts_ok())
			bad++, printf("# op %lu: NR_FREE_PAGES %lu, model %lu\n", op,
				      nr_free_pages(), managed_pages - used_pages);
		/* Phase ends: the full walk, and every frame against the model. */
		if (op % PHASE_OPS == PHASE_OPS - 1 && (check_free_lists() || !model_matches_pages()))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK(fails > 1000);	/* memory did run out along the way */
	CHECK(per_order[MAX_ORDER] > 1000);
	printf("# %d operations: %lu allocations (%lu order 0, %lu order 10), %lu frees, %lu failed (%lu checked against the model), up to %zu of %lu pages held\n",
	       RANDOM_OPS, allocs, per_order[0], per_order[MAX_ORDER], frees, fails,
	       min(null_checks, 3000UL), max_used, managed_pages);
	CHECK_EQ(check_free_lists(), 0);
	while (nheld) {
		struct held *h = &held[--nheld];

		if (h->compound)
			put_page(h->page);
		else
			__free_pages(h->page, h->order);
		model_free(h->page, h->order);
	}
	CHECK_EQ(used_pages, 0);
	CHECK_RESTORED(&before);
	put_lists(&before);
	free(held);
}

/* ---- commands ------------------------------------------------------------- */

static int run_cmd(char *out, size_t size, int argc, char **argv)
{
	const struct shell_cmd *cmd;
	int ret = -ENOENT;

	for (cmd = __start_shell_cmds; cmd < __stop_shell_cmds; cmd++) {
		if (strcmp(cmd->name, argv[0]))
			continue;
		printk_capture_start(out, size);
		ret = cmd->fn(argc, argv);
		printk_capture_stop();
	}
	return ret;
}

TEST(buddyinfo_and_meminfo)
{
	static char out[8192];
	char *argv[3] = { "buddyinfo", NULL, NULL };
	unsigned long nr[NR_PAGE_ORDERS], total = 0, memtotal = 0, memfree = 0;
	struct page *page;
	const char *p;

	setup();
	page = alloc_page(GFP_KERNEL);	/* a pcp list with pages on it */
	CHECK_EQ(run_cmd(out, sizeof(out), 1, argv), 0);
	CHECK(!strncmp(out, "Node 0, zone   Normal ", 22));
	p = out + 21;
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		char *end;

		nr[o] = strtoul(p, &end, 10);
		CHECK(end > p);
		p = end;
		total += nr[o] << o;
	}
	CHECK_EQ(total + zone()->per_cpu_pageset.count, nr_free_pages());
	argv[1] = "x";
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), -EINVAL);

	argv[0] = "meminfo";
	CHECK_EQ(run_cmd(out, sizeof(out), 1, argv), 0);
	CHECK(!strncmp(out, "MemTotal:       ", 16));
	for (p = out; *p; p = strchr(p, '\n') + 1) {
		/* "%-16s%8lu kB": the number ends in column 24. */
		const char *nl = strchr(p, '\n');

		CHECK(nl && nl - p == 27 && !strncmp(nl - 3, " kB", 3));
		if (!nl)
			break;
	}
	sscanf(strstr(out, "MemTotal:"), "MemTotal: %lu kB", &memtotal);
	sscanf(strstr(out, "MemFree:"), "MemFree: %lu kB", &memfree);
	CHECK_EQ(memtotal, managed_pages * 4);
	CHECK_EQ(memfree, (managed_pages - 1) * 4);
	CHECK(strstr(out, "\nHardwareCorrupted:     0 kB\n") != NULL);
	CHECK(strstr(out, "\nVmallocTotal:   33292288 kB\n") != NULL);
	__free_page(page);
}

TEST(pageinfo)
{
	static char out[4096];
	char arg[32];
	char *argv[3] = { "pageinfo", arg, NULL };
	struct page *page;

	setup();
	snprintf(arg, sizeof(arg), "%#llx", BASE_PA + 2 * MiB);	/* reserved */
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 0);
	CHECK(strstr(out, "flags:    0x80(reserved)") != NULL);
	CHECK(strstr(out, "state:    reserved") != NULL);
	CHECK(strstr(out, "section:  8") != NULL);

	page = list_first_entry(&zone()->free_area[MAX_ORDER].free_list, struct page, lru);
	snprintf(arg, sizeof(arg), "%#lx", page_to_pfn(page));	/* a pfn */
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 0);
	CHECK(strstr(out, "(buddy)") != NULL);
	CHECK(strstr(out, "order 10") != NULL);
	snprintf(arg, sizeof(arg), "%#lx", page_to_pfn(page) + 5);
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 0);
	CHECK(strstr(out, "inside the order 10 buddy block") != NULL);

	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	snprintf(arg, sizeof(arg), "%#lx", page_to_pfn(page) + 1);
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 0);
	CHECK(strstr(out, "tail of the order 2 compound page") != NULL);
	put_page(page);
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	snprintf(arg, sizeof(arg), "%#lx", page_to_pfn(page));
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 0);
	CHECK(strstr(out, "on per-cpu list") != NULL);

	snprintf(arg, sizeof(arg), "%#llx", BASE_PA + 300 * MiB);	/* absent section */
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), 1);
	CHECK(strstr(out, "has no struct page") != NULL);
	snprintf(arg, sizeof(arg), "12q");
	CHECK_EQ(run_cmd(out, sizeof(out), 2, argv), -EINVAL);
	CHECK_EQ(run_cmd(out, sizeof(out), 1, argv), -EINVAL);
}
