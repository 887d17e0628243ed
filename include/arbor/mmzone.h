/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MMZONE_H
#define ARBOR_MMZONE_H

/*
 * Sparse memory model (Linux's SPARSEMEM, simplified): physical memory is
 * cut into 128 MiB sections; each present section has its own array of
 * struct page, allocated from memblock at boot. Holes between banks cost
 * one table entry per section, not a struct page per frame.
 *
 * mem_section[nr].map_base is "the address struct page number 0 would have
 * if this section's array started at pfn 0": pfn_to_page() is one load and
 * one multiply-add. The section number of a page is kept in the top bits of
 * page->flags so page_to_pfn() needs no search.
 */
#include <arbor/list.h>
#include <arbor/mm_types.h>
#include <arbor/types.h>

#define SECTION_SIZE_BITS	27
#define MAX_PHYSMEM_BITS	40	/* 1 TiB of physical address space */
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - 12)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define SECTIONS_SHIFT		(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
#define NR_MEM_SECTIONS		(1UL << SECTIONS_SHIFT)
#define SECTIONS_PGSHIFT	(64 - SECTIONS_SHIFT)	/* where page->flags keeps it */
#define MAX_PFN			(1UL << (MAX_PHYSMEM_BITS - 12))

#define MAX_ORDER		10	/* orders 0..MAX_ORDER: up to 4 MiB blocks */
#define NR_PAGE_ORDERS		(MAX_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_ORDER)

struct mem_section {
	uintptr_t map_base;	/* 0: section not present */
};

extern struct mem_section mem_section[NR_MEM_SECTIONS];

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

/** pfn_valid - whether @pfn has a struct page (it may still be reserved) */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < MAX_PFN && mem_section[pfn_to_section_nr(pfn)].map_base;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(mem_section[pfn_to_section_nr(pfn)].map_base +
			       pfn * sizeof(struct page));
}

static inline unsigned long page_to_section(const struct page *page)
{
	return page->flags >> SECTIONS_PGSHIFT;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return ((uintptr_t)page - mem_section[page_to_section(page)].map_base) /
		sizeof(struct page);
}


/*
 * One node, one zone. Arbor has no DMA-limited devices and no highmem, so
 * all memory is ZONE_NORMAL; the structures keep Linux's shape so that
 * buddyinfo and zoneinfo read the same.
 */
enum zone_type {
	ZONE_NORMAL,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,	/* only __GFP_HIGH (atomic) allocations go below this */
	WMARK_LOW,	/* (kswapd would wake here; no reclaim yet) */
	WMARK_HIGH,	/* MemAvailable keeps this much back */
	NR_WMARK
};

/**
 * struct free_area - the free blocks of one order
 * @free_list:	heads of the free blocks (PageBuddy, private = order)
 * @nr_free:	blocks on @free_list (not pages)
 */
struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
};

/**
 * struct per_cpu_pages - a cache of free order-0 pages (Linux's pcp lists)
 * @count:	pages on @list (they are free: NR_FREE_PAGES counts them)
 * @high:	drain @batch pages back to the buddy lists above this
 * @batch:	pages moved to or from the buddy lists at a time
 * @list:	the pages, PG_pcp set; most recently freed first (cache-hot)
 *
 * Allocating and freeing one page then costs a list operation, not a walk
 * of the buddy lists with splitting and merging. Arbor has one CPU, so
 * there is one set; interrupts are masked while it is used.
 */
struct per_cpu_pages {
	int count;
	int high;
	int batch;
	struct list_head list;
};

/**
 * struct zone - a range of physical memory with its own free lists
 * @_watermark:		WMARK_MIN/LOW/HIGH in pages
 * @per_cpu_pageset:	the order-0 cache
 * @zone_start_pfn:	first pfn of the zone (the lowest present section)
 * @spanned_pages:	pfns from @zone_start_pfn to the end, holes included
 * @present_pages:	pages of RAM the DT reported in the zone
 * @managed_pages:	pages handed to the buddy allocator (MemTotal)
 * @name:		"Normal"
 * @free_area:		free blocks per order
 */
struct zone {
	unsigned long _watermark[NR_WMARK];
	struct per_cpu_pages per_cpu_pageset;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	const char *name;
	struct free_area free_area[NR_PAGE_ORDERS];
};

/**
 * struct pglist_data - a memory node (Linux's pg_data_t); Arbor has node 0
 * @node_zones:		its zones
 * @node_id:		0
 */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int node_id;
} pg_data_t;

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid)		(&contig_page_data)

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN];
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW];
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH];
}

/** sparse_init - allocate and initialise a struct page array per present section */
void sparse_init(void);

/** present_section_nr - whether section @nr has a struct page array */
static inline bool present_section_nr(unsigned long nr)
{
	return nr < NR_MEM_SECTIONS && mem_section[nr].map_base;
}

/** section_nr_to_pfn - first pfn of section @nr */
static inline unsigned long section_nr_to_pfn(unsigned long nr)
{
	return nr << PFN_SECTION_SHIFT;
}

#endif
