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

#endif
