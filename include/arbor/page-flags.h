/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_PAGE_FLAGS_H
#define ARBOR_PAGE_FLAGS_H

#include <arbor/mm_types.h>

/*
 * Page flags, Linux's names. Bits 0..PG_NR-1 of page->flags; the section
 * number lives in the top SECTION_BITS bits (see include/arbor/mmzone.h).
 */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_slab,
	PG_reserved,	/* never handed to the page allocator (image, tables, holes) */
	PG_buddy,	/* free, on a buddy free list; private = order */
	PG_pcp,		/* free, on the per-CPU list */
	PG_head,	/* first page of a compound (multi-page) allocation */
	PG_tail,	/* other pages of it; private points at the head */
	PG_table,	/* a page-table page */
	PG_vmalloc,	/* backs a vmalloc area */
	PG_swapbacked,
	PG_writeback,	/* being written to its backing store */
	PG_mappedtodisk,	/* every block of the page has disk space */
	PG_readahead,	/* reaching this page starts the next readahead window */
	PG_NR
};

#define PAGE_FLAGS_MASK		((1UL << PG_NR) - 1)

#define PAGEFLAG(uname, lname)						\
static inline bool Page##uname(const struct page *page)			\
{ return page->flags & (1UL << PG_##lname); }				\
static inline void SetPage##uname(struct page *page)			\
{ page->flags |= 1UL << PG_##lname; }					\
static inline void ClearPage##uname(struct page *page)			\
{ page->flags &= ~(1UL << PG_##lname); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Slab, slab)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(Pcp, pcp)
PAGEFLAG(Head, head)
PAGEFLAG(Tail, tail)
PAGEFLAG(Table, table)
PAGEFLAG(Vmalloc, vmalloc)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(MappedToDisk, mappedtodisk)
PAGEFLAG(Readahead, readahead)

/** pageflag_names - the names of PG_0..PG_NR-1, for pageinfo and reports */
extern const char *const pageflag_names[PG_NR];

#endif
