/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_H
#define ARBOR_MM_H

/*
 * The page allocator's interface (mm/page_alloc.c), Linux's names.
 */
#include <arbor/gfp.h>
#include <arbor/mm_types.h>
#include <arbor/mmzone.h>
#include <arbor/page-flags.h>
#include <arbor/vmstat.h>
#include <asm/memory.h>

#define MAX_ORDER		10	/* orders 0..MAX_ORDER: up to 4 MiB blocks */
#define NR_PAGE_ORDERS		(MAX_ORDER + 1)

/**
 * alloc_pages - allocate 2^@order physically contiguous pages
 * @gfp:	GFP_KERNEL, GFP_ATOMIC, ... with __GFP_ZERO, __GFP_NOWARN, __GFP_COMP
 * @order:	0..MAX_ORDER
 *
 * Return: the first page, with a reference count of 1, or NULL (with a
 * rate-limited warning unless __GFP_NOWARN). Never panics.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/** __free_pages - drop a reference; the block goes back when it was the last */
void __free_pages(struct page *page, unsigned int order);

/** __get_free_pages - alloc_pages() returning the linear-map address, or 0 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
/** free_pages - __free_pages() by linear-map address; 0 is ignored */
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define __free_page(page)	__free_pages(page, 0)
#define free_page(addr)		free_pages(addr, 0)

static inline void *page_address(const struct page *page)
{
	return __va((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/** virt_to_page - the struct page of a linear-map address */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa_linear(addr) >> PAGE_SHIFT);
}

static inline struct page *compound_head(struct page *page)
{
	return PageTail(page) ? (struct page *)page->private : page;
}

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	page->_refcount++;
}

/** put_page - drop a reference to a single page or compound head */
void put_page(struct page *page);

/**
 * mem_init - build the struct page arrays and hand every free memblock
 * range to the buddy allocator (Linux's sparse_init + memblock_free_all)
 */
void mem_init(void);

/** nr_free_pages - pages in the page allocator right now */
unsigned long nr_free_pages(void);

#endif
