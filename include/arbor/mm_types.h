/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_TYPES_H
#define ARBOR_MM_TYPES_H

#include <arbor/list.h>
#include <arbor/types.h>

struct address_space;
struct kmem_cache;

/**
 * struct page - one per physical page frame (Linux's struct page, smaller)
 * @flags:	PG_* bits (include/arbor/page-flags.h) in the low bits, the
 *		memory section number in the top bits (page_to_pfn needs it)
 * @lru:	list linkage: buddy free list, per-CPU list, later LRU lists
 * @mapping:	page cache / anon owner (later issues)
 * @index:	offset within @mapping, in pages
 * @private:	buddy order while the page is free (PageBuddy); owner data else
 * @slab_cache, @freelist, @slab_list, @inuse, @objects: the slab's view of
 *		the first page of a slab (PageSlab)
 * @_refcount:	references; 0 while free
 * @_mapcount:	page-table mappings minus one (-1: not mapped)
 *
 * Kept at most 64 bytes: one per 4 KiB frame is 1.6% of RAM at 64 bytes.
 */
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			struct address_space *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct {
			struct list_head slab_list;
			struct kmem_cache *slab_cache;
			void *freelist;
			unsigned int inuse;
			unsigned int objects;
		};
	};
	int _refcount;
	int _mapcount;
};

#endif
