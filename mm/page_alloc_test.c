// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel tests of the struct page arrays and the buddy allocator on the
 * real memory map ("ktest page_alloc" and "ktest page_alloc_stress").
 *
 * Every case leaves memory as it found it: after draining the pcp list,
 * the per-order free counts and NR_FREE_PAGES must be exactly what they
 * were, and check_free_lists() must find nothing wrong. The "bad" cases
 * (double free, freeing reserved, tail or non-page pointers) check both
 * that the report was printed (by reading the log buffer back) and that
 * nothing changed.
 */
#include <arbor/ktest.h>
#include <arbor/prandom.h>
#include <arbor/log.h>
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/string.h>

struct free_snapshot {
	unsigned long nr_free[NR_PAGE_ORDERS];
	long free;
};

static struct zone *zone(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

/* After a drain the lists are a function of the free pages alone. */
static void snapshot(struct free_snapshot *s)
{
	drain_local_pages();
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		s->nr_free[o] = zone()->free_area[o].nr_free;
	s->free = global_vm_stat(NR_FREE_PAGES);
}

static void expect_snapshot(struct ktest *t, const struct free_snapshot *before)
{
	struct free_snapshot now;

	snapshot(&now);
	KTEST_EXPECT_EQ(t, now.free, before->free);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		if (now.nr_free[o] != before->nr_free[o])
			ktest_fail(t, __FILE__, __LINE__, "order %u: %lu free blocks, %lu before",
				   o, now.nr_free[o], before->nr_free[o]);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
}

/* ---- reading reports back from the log buffer ------------------------ */

static char logbuf[1 << CONFIG_LOG_BUF_SHIFT];
static unsigned int marker_seq;

static void log_mark(char *marker, size_t size)
{
	snprintf(marker, size, "page_alloc_test: mark %u\n", ++marker_seq);
	printk(KERN_DEBUG "%s", marker);
}

/* Whether @needle was logged after @marker. */
static bool logged_since(const char *marker, const char *needle)
{
	size_t n = log_buf_read(logbuf, sizeof(logbuf) - 1);
	const char *p = logbuf, *last = NULL;

	logbuf[n] = '\0';
	while ((p = strstr(p, marker))) {
		last = p;
		p++;
	}
	return last && strstr(last, needle);
}

/* ---- struct page arrays ---------------------------------------------- */

static void test_struct_page_size(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, sizeof(struct page) <= 64);
}

static void test_pfn_round_trip(struct ktest *t)
{
	unsigned long sections = 0, absent = 0, bad = 0;

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		unsigned long spfn = section_nr_to_pfn(nr);

		if (!present_section_nr(nr)) {
			if (pfn_valid(spfn) || pfn_valid(spfn + PAGES_PER_SECTION - 1))
				bad++;
			absent++;
			continue;
		}
		sections++;
		for (unsigned long pfn = spfn; pfn < spfn + PAGES_PER_SECTION; pfn++) {
			struct page *page = pfn_to_page(pfn);

			if (!pfn_valid(pfn) || page_to_pfn(page) != pfn ||
			    page_to_section(page) != nr) {
				if (!bad++)
					ktest_fail(t, __FILE__, __LINE__, "pfn %#lx does not round-trip",
						   pfn);
				continue;
			}
			/* RAM is in the linear map: its address leads back to the page. */
			if (memblock_is_memory((phys_addr_t)pfn << PAGE_SHIFT) &&
			    virt_to_page(page_address(page)) != page && !bad++)
				ktest_fail(t, __FILE__, __LINE__, "virt_to_page(page_address(pfn %#lx))",
					   pfn);
		}
	}
	KTEST_EXPECT_TRUE(t, sections > 0);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_FALSE(t, pfn_valid(MAX_PFN));
	KTEST_EXPECT_EQ(t, sections * PAGES_PER_SECTION >= zone()->present_pages, 1);
}

/* Pages outside RAM (holes) and everything memblock reserved stay reserved. */
static void test_reserved_pages(struct ktest *t)
{
	unsigned long kpfn = __pa(_text) >> PAGE_SHIFT, kend = PFN_UP(__pa(_end));
	struct page *map0 = NULL;
	unsigned long managed = 0, reserved = 0;

	for (unsigned long pfn = kpfn; pfn < kend; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!PageReserved(page) || page_count(page) != 1) {
			ktest_fail(t, __FILE__, __LINE__, "kernel image pfn %#lx not reserved", pfn);
			break;
		}
	}
	/* The mem_map arrays themselves live in reserved memory. */
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS && !map0; nr++)
		if (present_section_nr(nr))
			map0 = pfn_to_page(section_nr_to_pfn(nr));
	KTEST_ASSERT_TRUE(t, map0 != NULL);
	KTEST_EXPECT_TRUE(t, PageReserved(virt_to_page(map0)));

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		if (!present_section_nr(nr))
			continue;
		for (unsigned long pfn = section_nr_to_pfn(nr);
		     pfn < section_nr_to_pfn(nr + 1); pfn++) {
			struct page *page = pfn_to_page(pfn);

			if (PageReserved(page))
				reserved++;
			else
				managed++;
			if (!PageReserved(page) &&
			    !memblock_is_memory((phys_addr_t)pfn << PAGE_SHIFT)) {
				ktest_fail(t, __FILE__, __LINE__, "pfn %#lx in a hole is not reserved",
					   pfn);
				return;
			}
		}
	}
	KTEST_EXPECT_EQ(t, managed, zone()->managed_pages);
	KTEST_EXPECT_EQ(t, managed, totalram_pages);
	KTEST_EXPECT_TRUE(t, totalram_pages <= physpages);
}

static void test_check_free_lists(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
	drain_local_pages();
	KTEST_EXPECT_EQ(t, zone()->per_cpu_pageset.count, 0);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
}

/* ---- allocation basics ------------------------------------------------ */

static void test_alloc_each_order(struct ktest *t)
{
	struct free_snapshot before;

	snapshot(&before);
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		long free = nr_free_pages();
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned long pfn;

		KTEST_ASSERT_TRUE(t, page != NULL);
		pfn = page_to_pfn(page);
		KTEST_EXPECT_TRUE(t, IS_ALIGNED(pfn, 1UL << order));
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		KTEST_EXPECT_EQ(t, page->flags & PAGE_FLAGS_MASK, 0);
		KTEST_EXPECT_EQ(t, page_mapcount(page), 0);
		KTEST_EXPECT_EQ(t, nr_free_pages(), free - (1L << order));
		KTEST_EXPECT_FALSE(t, is_free_buddy_page(page));
		for (unsigned long i = 0; i < (1UL << order); i++)
			if (is_free_buddy_page(&page[i]) || PageReserved(&page[i]))
				ktest_fail(t, __FILE__, __LINE__, "page %lu of the block is free", i);
		__free_pages(page, order);
		KTEST_EXPECT_EQ(t, nr_free_pages(), free);
		KTEST_EXPECT_TRUE(t, is_free_buddy_page(page));
	}
	KTEST_EXPECT_TRUE(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1) == NULL);
	expect_snapshot(t, &before);
}

static void test_get_free_pages(struct ktest *t)
{
	struct free_snapshot before;
	unsigned long addr;
	u64 *p;
	bool zero = true;

	snapshot(&before);
	addr = __get_free_pages(GFP_KERNEL, 1);
	KTEST_ASSERT_TRUE(t, addr != 0);
	KTEST_EXPECT_EQ(t, addr & (2 * PAGE_SIZE - 1), 0);
	KTEST_EXPECT_TRUE(t, virt_to_page((void *)addr) != NULL);
	free_pages(addr, 1);
	free_pages(0, 0);	/* ignored, as in Linux */

	addr = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, addr != 0);
	p = (u64 *)addr;
	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		zero &= !p[i];
	KTEST_EXPECT_TRUE(t, zero);
	free_page(addr);
	expect_snapshot(t, &before);
}

/* A dirtied page comes back zeroed with __GFP_ZERO, for any order. */
static void test_gfp_zero(struct ktest *t)
{
	struct free_snapshot before;

	snapshot(&before);
	for (unsigned int order = 0; order <= 4; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		size_t size = PAGE_SIZE << order;
		const u8 *b;
		bool zero = true;

		KTEST_ASSERT_TRUE(t, page != NULL);
		memset(page_address(page), 0xa5, size);
		__free_pages(page, order);
		/* LIFO lists: the same block is the first choice again. */
		page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		KTEST_ASSERT_TRUE(t, page != NULL);
		b = page_address(page);
		for (size_t i = 0; i < size; i++)
			zero &= !b[i];
		KTEST_EXPECT_TRUE(t, zero);
		__free_pages(page, order);
	}
	expect_snapshot(t, &before);
}

static void test_compound(struct ktest *t)
{
	struct free_snapshot before;
	struct page *head;

	snapshot(&before);
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	KTEST_ASSERT_TRUE(t, head != NULL);
	KTEST_EXPECT_TRUE(t, PageHead(head));
	KTEST_EXPECT_FALSE(t, PageTail(head));
	KTEST_EXPECT_EQ(t, compound_order(head), 3);
	for (int i = 1; i < 8; i++) {
		KTEST_EXPECT_TRUE(t, PageTail(&head[i]));
		KTEST_EXPECT_TRUE(t, compound_head(&head[i]) == head);
		KTEST_EXPECT_EQ(t, page_count(&head[i]), 1);
	}
	/* References belong to the head, whichever page they are taken on. */
	get_page(&head[5]);
	KTEST_EXPECT_EQ(t, head->_refcount, 2);
	put_page(&head[7]);
	KTEST_EXPECT_EQ(t, head->_refcount, 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free - 8);
	put_page(&head[1]);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(t, head[i].flags & (BIT(PG_head) | BIT(PG_tail)), 0);

	/* Order 0 with __GFP_COMP is an ordinary page, as in Linux. */
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 0);
	KTEST_ASSERT_TRUE(t, head != NULL);
	KTEST_EXPECT_FALSE(t, PageHead(head));
	put_page(head);
	expect_snapshot(t, &before);
}

static void test_refcount(struct ktest *t)
{
	struct free_snapshot before;
	struct page *page;

	snapshot(&before);
	page = alloc_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_TRUE(t, page != NULL);
	get_page(page);
	KTEST_EXPECT_EQ(t, page_count(page), 2);
	__free_pages(page, 2);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free - 4);
	KTEST_EXPECT_FALSE(t, is_free_buddy_page(page));
	__free_pages(page, 2);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free);
	KTEST_EXPECT_TRUE(t, is_free_buddy_page(page));
	expect_snapshot(t, &before);
}

/* split_page: one reference per page; freeing every other one fragments. */
static void test_split_and_fragment(struct ktest *t)
{
	struct free_snapshot before, mid;
	struct page *page;
	unsigned long n = 1UL << MAX_ORDER;

	snapshot(&before);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER);
	KTEST_ASSERT_TRUE(t, page != NULL);
	split_page(page, MAX_ORDER);
	for (unsigned long i = 0; i < n; i++)
		KTEST_EXPECT_EQ(t, page_count(&page[i]), 1);
	for (unsigned long i = 1; i < n; i += 2)
		__free_page(&page[i]);
	snapshot(&mid);
	/* Every freed page's buddy is still allocated: none can merge. */
	KTEST_EXPECT_EQ(t, mid.nr_free[0], before.nr_free[0] + n / 2);
	KTEST_EXPECT_EQ(t, mid.free, before.free - (long)n / 2);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
	for (unsigned long i = 0; i < n; i += 2)
		__free_page(&page[i]);
	/* ... and now they all merge back into the one block. */
	expect_snapshot(t, &before);
}

static void test_pcp_limits(struct ktest *t)
{
	struct per_cpu_pages *pcp = &zone()->per_cpu_pageset;
	struct free_snapshot before;
	LIST_HEAD(pages);
	struct page *page, *next;
	int max_seen = 0;

	snapshot(&before);
	KTEST_EXPECT_TRUE(t, pcp->batch > 0 && pcp->high > pcp->batch);
	for (int i = 0; i < 4 * pcp->high; i++) {
		page = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_TRUE(t, page != NULL);
		list_add(&page->lru, &pages);
	}
	list_for_each_entry_safe(page, next, &pages, lru) {
		list_del(&page->lru);
		__free_page(page);
		KTEST_EXPECT_TRUE(t, PagePcp(page) || is_free_buddy_page(page));
		if (pcp->count > max_seen)
			max_seen = pcp->count;
	}
	KTEST_EXPECT_TRUE(t, max_seen < pcp->high);
	KTEST_EXPECT_TRUE(t, max_seen > 0);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
	expect_snapshot(t, &before);
	KTEST_EXPECT_EQ(t, pcp->count, 0);
}

/* ---- exhaustion -------------------------------------------------------- */

/* Allocate 2^order blocks until NULL, chained on @list; returns how many. */
static unsigned long alloc_until_null(struct ktest *t, struct list_head *list,
				      gfp_t gfp, unsigned int order)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, order))) {
		if (!IS_ALIGNED(page_to_pfn(page), 1UL << order) || page_count(page) != 1)
			ktest_fail(t, __FILE__, __LINE__, "bad block at pfn %#lx",
				   page_to_pfn(page));
		list_add(&page->lru, list);
		n++;
	}
	return n;
}

static void free_list_of(struct list_head *list, unsigned int order)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
	}
}

/*
 * Order-0 exhaustion: GFP_KERNEL stops exactly at the min watermark,
 * GFP_ATOMIC goes on to half of it, and freeing everything restores the
 * free lists exactly.
 */
static void test_exhaust_order0(struct ktest *t)
{
	struct free_snapshot before;
	unsigned long min = min_wmark_pages(zone()), n, natomic;
	char mark[48];
	LIST_HEAD(pages);

	snapshot(&before);
	KTEST_ASSERT_TRUE(t, (unsigned long)before.free > min);
	n = alloc_until_null(t, &pages, GFP_KERNEL, 0);
	KTEST_EXPECT_EQ(t, n, before.free - min);
	KTEST_EXPECT_EQ(t, nr_free_pages(), min);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);

	/* The failure is reported unless __GFP_NOWARN. */
	log_mark(mark, sizeof(mark));
	KTEST_EXPECT_TRUE(t, alloc_page(GFP_KERNEL) == NULL);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "page allocation failure: order:0"));

	natomic = alloc_until_null(t, &pages, GFP_ATOMIC, 0);
	KTEST_EXPECT_EQ(t, natomic, min - (min - min / 2));
	KTEST_EXPECT_EQ(t, nr_free_pages(), min - min / 2);
	KTEST_EXPECT_TRUE(t, alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	KTEST_EXPECT_TRUE(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3) == NULL);

	free_list_of(&pages, 0);
	expect_snapshot(t, &before);
}

/* The same with 2 MiB blocks: fewer, but each one must be aligned. */
static void test_exhaust_order9(struct ktest *t)
{
	struct free_snapshot before, after;
	unsigned long n;
	LIST_HEAD(pages);

	snapshot(&before);
	n = alloc_until_null(t, &pages, GFP_KERNEL, 9);
	KTEST_EXPECT_TRUE(t, n > 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free - (long)(n << 9));
	snapshot(&after);
	/* No free block of order >= 9 is left, unless the watermark stopped it. */
	if ((long)nr_free_pages() - 512 >= (long)min_wmark_pages(zone()))
		KTEST_EXPECT_EQ(t, after.nr_free[9] + after.nr_free[10], 0);
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
	free_list_of(&pages, 9);
	expect_snapshot(t, &before);
}

/* ---- bad frees: reported, ignored, nothing corrupted ------------------- */

static void test_double_free(struct ktest *t)
{
	struct free_snapshot before;
	unsigned long reports = bad_page_reports;
	struct page *page;
	char mark[48];

	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, page != NULL);
	__free_page(page);
	snapshot(&before);
	log_mark(mark, sizeof(mark));
	__free_page(page);
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 1);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "BUG: Bad page state"));
	KTEST_EXPECT_TRUE(t, logged_since(mark, "already free"));
	expect_snapshot(t, &before);

	/* The same through put_page() and on a high-order block. */
	page = alloc_pages(GFP_KERNEL, 4);
	KTEST_ASSERT_TRUE(t, page != NULL);
	__free_pages(page, 4);
	snapshot(&before);
	__free_pages(page, 4);
	put_page(page);
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 3);
	expect_snapshot(t, &before);
}

static void test_free_reserved(struct ktest *t)
{
	struct page *page = pfn_to_page(__pa(_text) >> PAGE_SHIFT);
	unsigned long reports = bad_page_reports;
	struct free_snapshot before;
	char mark[48];

	snapshot(&before);
	log_mark(mark, sizeof(mark));
	__free_page(page);
	put_page(page);
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 2);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "freeing a reserved page"));
	KTEST_EXPECT_TRUE(t, PageReserved(page));
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	/* A reserved page may be shared (get/put) as long as a reference stays. */
	get_page(page);
	put_page(page);
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 2);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	expect_snapshot(t, &before);
}

static void test_free_tail_and_wrong_order(struct ktest *t)
{
	unsigned long reports = bad_page_reports;
	struct free_snapshot before;
	struct page *head;
	char mark[48];

	snapshot(&before);
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	KTEST_ASSERT_TRUE(t, head != NULL);
	log_mark(mark, sizeof(mark));
	__free_pages(&head[1], 0);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "tail page"));
	__free_pages(head, 1);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "wrong order"));
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 2);
	/* Nothing was freed or dropped by the bad calls. */
	KTEST_EXPECT_EQ(t, page_count(head), 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before.free - 4);
	__free_pages(head, 2);
	expect_snapshot(t, &before);
}

static void test_free_bad_pointer(struct ktest *t)
{
	unsigned long reports = bad_page_reports;
	struct free_snapshot before;
	struct page *page;
	char mark[48];
	void *data;

#ifndef CONFIG_DEBUG_PAGEALLOC_CHECKS
	/* Without the checks a stray pointer is trusted: nothing to test. */
	ktest_skip(t, "CONFIG_DEBUG_PAGEALLOC_CHECKS is off");
	return;
#endif
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_TRUE(t, page != NULL);
	data = page_address(page);
	snapshot(&before);
	log_mark(mark, sizeof(mark));
	/* A data address where a struct page pointer belongs. */
	__free_page((struct page *)data);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "not a struct page"));
	/* A kernel-image address where a linear-map address belongs. */
	free_page((unsigned long)_text);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "not a linear-map address"));
	__free_page(NULL);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "freeing a NULL page"));
	KTEST_EXPECT_EQ(t, bad_page_reports, reports + 3);
	expect_snapshot(t, &before);
	__free_page(page);
}

static void test_memblock_refuses(struct ktest *t)
{
	char mark[48];

	KTEST_EXPECT_TRUE(t, memblock_is_handed_off());
	log_mark(mark, sizeof(mark));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	KTEST_EXPECT_TRUE(t, logged_since(mark, "memblock: allocation of 0x1000 bytes refused"));
}

static const struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(test_struct_page_size),
	KTEST_CASE(test_pfn_round_trip),
	KTEST_CASE(test_reserved_pages),
	KTEST_CASE(test_check_free_lists),
	KTEST_CASE(test_alloc_each_order),
	KTEST_CASE(test_get_free_pages),
	KTEST_CASE(test_gfp_zero),
	KTEST_CASE(test_compound),
	KTEST_CASE(test_refcount),
	KTEST_CASE(test_split_and_fragment),
	KTEST_CASE(test_pcp_limits),
	KTEST_CASE(test_exhaust_order0),
	KTEST_CASE(test_exhaust_order9),
	KTEST_CASE(test_double_free),
	KTEST_CASE(test_free_reserved),
	KTEST_CASE(test_free_tail_and_wrong_order),
	KTEST_CASE(test_free_bad_pointer),
	KTEST_CASE(test_memblock_refuses),
	{}
};
KTEST_SUITE(page_alloc, page_alloc_cases);

/* ---- random allocate/free against a record of what is held ------------- */

#define STRESS_SLOTS	256
#define STRESS_OPS	60000

struct held {
	struct page *page;
	unsigned int order;
	bool compound;
};

/* Small orders mostly, as real callers ask; now and then a large one. */
static unsigned int stress_order(u64 r)
{
	static const u8 orders[16] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 6, 9 };
	unsigned int o = orders[r & 15];

	return o == 9 && (r & 0x100) ? MAX_ORDER : o;
}

/* Each held page carries its own pfn: a block handed out twice overwrites it. */
static void tag_block(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		*(u64 *)page_address(&page[i]) = page_to_pfn(&page[i]) ^ 0x5a5a000000000000ULL;
}

static bool tag_ok(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (*(u64 *)page_address(&page[i]) !=
		    (page_to_pfn(&page[i]) ^ 0x5a5a000000000000ULL))
			return false;
	return true;
}

static void test_random_alloc_free(struct ktest *t)
{
	static struct held held[STRESS_SLOTS];
	struct free_snapshot before;
	long held_pages = 0;
	unsigned long fails = 0, bad = 0;
	u64 seed = 0x9e3779b97f4a7c15ULL;

	snapshot(&before);
	for (unsigned long op = 0; op < STRESS_OPS; op++) {
		u64 r = prandom_u64_state(&seed);
		struct held *h = &held[r % STRESS_SLOTS];

		if (h->page) {
			if (!tag_ok(h->page, h->order) && !bad++)
				ktest_fail(t, __FILE__, __LINE__, "block at pfn %#lx was overwritten",
					   page_to_pfn(h->page));
			if (h->compound)
				put_page(&h->page[(r >> 40) & ((1UL << h->order) - 1)]);
			else
				__free_pages(h->page, h->order);
			held_pages -= 1L << h->order;
			h->page = NULL;
		} else {
			unsigned int order = stress_order(r >> 8);
			gfp_t gfp = (r & (1ULL << 20) ? GFP_ATOMIC : GFP_KERNEL) | __GFP_NOWARN;

			h->compound = order && (r & (1ULL << 21));
			if (h->compound)
				gfp |= __GFP_COMP;
			h->page = alloc_pages(gfp, order);
			if (!h->page) {
				fails++;
				continue;
			}
			h->order = order;
			held_pages += 1L << order;
			tag_block(h->page, order);
		}
		if ((long)nr_free_pages() != before.free - held_pages && !bad++)
			ktest_fail(t, __FILE__, __LINE__, "op %lu: %ld free, expected %ld", op,
				   nr_free_pages(), before.free - held_pages);
		if (!(op % 10000) && check_free_lists() && !bad++)
			ktest_fail(t, __FILE__, __LINE__, "free lists broken at op %lu", op);
	}
	KTEST_EXPECT_EQ(t, check_free_lists(), 0);
	for (unsigned int i = 0; i < STRESS_SLOTS; i++) {
		if (!held[i].page)
			continue;
		if (!tag_ok(held[i].page, held[i].order))
			bad++;
		__free_pages(held[i].page, held[i].order);
		held[i].page = NULL;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	expect_snapshot(t, &before);
}

static const struct ktest_case page_alloc_stress_cases[] = {
	KTEST_CASE(test_random_alloc_free),
	{}
};
KTEST_SUITE(page_alloc_stress, page_alloc_stress_cases);
