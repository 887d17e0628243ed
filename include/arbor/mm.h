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

/**
 * split_page - turn a plain block of 2^@order pages into 2^@order order-0
 * pages with a reference each, so that they can be freed one by one
 */
void split_page(struct page *page, unsigned int order);

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

/*
 * The order of a compound page is kept in its first tail page's @index
 * (the head's own fields belong to the owner, e.g. slab). Linux keeps it in
 * the first tail page too.
 */
static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? (unsigned int)page[1].index : 0;
}

/** page_private / set_page_private - the owner's word (the order while free) */
static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long v)
{
	page->private = v;
}

/** buddy_order - order of a free block; only meaningful while PageBuddy */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

/* References belong to the compound page as a whole, as in Linux. */
static inline int page_count(const struct page *page)
{
	return compound_head((struct page *)page)->_refcount;
}

static inline void get_page(struct page *page)
{
	compound_head(page)->_refcount++;
}

/** page_mapcount - page-table mappings of this page (0 when unmapped) */
static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

/** put_page - drop a reference to a page, or to the compound page it is part of */
void put_page(struct page *page);

/**
 * mem_init - build the struct page arrays and hand every free memblock
 * range to the buddy allocator (Linux's sparse_init + memblock_free_all)
 */
void mem_init(void);

/**
 * memblock_free_all - release every free memblock range to the buddy
 * allocator (called by mem_init; memblock refuses to allocate afterwards)
 *
 * Return: pages released.
 */
unsigned long memblock_free_all(void);

/** nr_free_pages - pages in the page allocator right now (pcp lists included) */
unsigned long nr_free_pages(void);

/**
 * drain_local_pages - give every page on the per-CPU list back to the
 * buddy free lists (so that they can merge, e.g. before comparing them)
 */
void drain_local_pages(void);

/**
 * is_free_buddy_page - whether @page is free: on the pcp list, or the head
 * or a part of a free buddy block
 */
bool is_free_buddy_page(const struct page *page);

/**
 * dump_page - print a struct page (pfn, flags by name, counts, owner words)
 * @page:	the page
 * @reason:	why, or NULL
 */
void dump_page(const struct page *page, const char *reason);

/**
 * format_page_flags - write "reserved|head" style names of @flags' PG_ bits
 * @flags:	a page->flags value (the section bits are ignored)
 * @buf:	output
 * @size:	its size
 *
 * Return: @buf.
 */
char *format_page_flags(unsigned long flags, char *buf, size_t size);

/**
 * check_free_lists - validate every free list, the pcp list and the counts
 *
 * Checks each free block's flags, order, alignment and pfn_valid, that no
 * page inside it is on another list (no overlap), that no free buddy of the
 * same order was left unmerged, that nr_free and pcp.count match the lists,
 * that no PageBuddy/PagePcp page exists off the lists, and that the pages
 * sum to NR_FREE_PAGES. Problems are printed (the first few of each kind).
 * Only with CONFIG_DEBUG_PAGEALLOC_CHECKS; else it returns 0.
 *
 * Return: the number of problems found (0: consistent).
 */
int check_free_lists(void);

/**
 * zone_watermark_ok - whether @z can give 2^@order pages and stay above the
 * @mark watermark, with __GFP_HIGH callers allowed half-way below it
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, gfp_t gfp);

/** bad_page_reports - bad frees and bad pages found, printed or rate-limited (tests) */
extern unsigned long bad_page_reports;

/* ---- VMA flags (Linux's values, include/linux/mm.h) ---- */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL	/* limits for mprotect() */
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_PFNMAP	0x00000400UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_SEQ_READ	0x00008000UL	/* MADV_SEQUENTIAL */
#define VM_RAND_READ	0x00010000UL	/* MADV_RANDOM */
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_LOCKONFAULT	0x00080000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_SYNC		0x00800000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL

#define VM_STACK		VM_GROWSDOWN
#define VM_ACCESS_FLAGS		(VM_READ | VM_WRITE | VM_EXEC)
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_DEFAULT_FLAGS	(VM_DATA_DEFAULT_FLAGS | VM_GROWSDOWN)
#define VM_LOCKED_MASK		(VM_LOCKED | VM_LOCKONFAULT)

#define TASK_UNMAPPED_BASE	(TASK_SIZE / 3)
#define STACK_TOP		TASK_SIZE
#define mmap_min_addr		4096UL
#define sysctl_max_map_count	65530

/** vm_get_page_prot - the PTE attribute bits for VM_READ/WRITE/EXEC/SHARED (arch) */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

#endif
