/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MAP_RANGE_H
#define ASM_MAP_RANGE_H

#include <arbor/types.h>

/**
 * struct map_ctx - where map_range() gets and reaches page-table pages
 * @pool_next:	next free page of a preallocated pool (physical address)
 * @pool_end:	end of that pool
 * @alloc:	fallback allocator once the pool is empty (may be NULL);
 *		returns the physical address of a page, or 0
 * @va_offset:	added to a table's physical address to get a pointer to it
 *		(0 with the MMU off; kimage_voffset or the linear offset later)
 * @nr_tables:	number of table pages this context allocated
 *
 * No function pointer is required, so the code can run with the MMU off
 * before any absolute address is valid.
 */
struct map_ctx {
	phys_addr_t pool_next;
	phys_addr_t pool_end;
	phys_addr_t (*alloc)(void);
	u64 va_offset;
	unsigned long nr_tables;
};

/* map_range() flags */
#define MAP_BLOCKS	(1U << 0)	/* use 1 GiB / 2 MiB blocks where aligned */

int map_range(struct map_ctx *ctx, phys_addr_t pgd_pa, u64 va, phys_addr_t pa,
	      u64 size, u64 prot, unsigned int flags);

#endif
