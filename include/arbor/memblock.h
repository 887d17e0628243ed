/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memblock: the early physical memory manager (Linux's design, Arbor's code).
 *
 * Two sorted lists of physical ranges: "memory" (what RAM exists) and
 * "reserved" (what is in use). Free memory is memory minus reserved.
 * Ranges are [base, base + size); overlapping and adjacent ranges are
 * merged, so each list is always sorted, disjoint and non-touching. Sizes
 * that would run past the top of the 64-bit space are cut at
 * PHYS_ADDR_MAX (the very last byte is therefore never representable).
 *
 * The tables are fixed arrays inside the structure (no pointers, so no
 * relocations are needed to use them before the kernel relocates itself).
 * A change that does not fit fails with -ENOMEM and leaves both lists as
 * they were; nothing is silently dropped.
 */
#ifndef ARBOR_MEMBLOCK_H
#define ARBOR_MEMBLOCK_H

#include <arbor/types.h>

#define INIT_MEMBLOCK_REGIONS		128
#define INIT_MEMBLOCK_RESERVED_REGIONS	128
#define MEMBLOCK_MAX_REGIONS		128	/* array size: >= both of the above */

#define PHYS_ADDR_MAX			(~(phys_addr_t)0)

/* @end arguments of the allocators. */
#define MEMBLOCK_ALLOC_ANYWHERE		(~(phys_addr_t)0)
#define MEMBLOCK_ALLOC_ACCESSIBLE	0	/* up to memblock.current_limit */

/*
 * Allocations never start below this, so that 0 can mean failure (as in
 * Linux, the first page is never handed out).
 */
#define MEMBLOCK_LOW_LIMIT		0x1000

/* Alignment used when a caller passes 0. */
#define MEMBLOCK_DEFAULT_ALIGN		64

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

/**
 * struct memblock_type - one sorted list of ranges
 * @cnt: ranges in use
 * @max: capacity of @regions
 * @total_size: sum of the sizes
 * @regions: the ranges, sorted by base, disjoint and not adjacent
 */
struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

/**
 * struct memblock - the early memory map
 * @current_limit: highest end for MEMBLOCK_ALLOC_ACCESSIBLE allocations
 * @memory: RAM
 * @reserved: RAM in use
 */
struct memblock {
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
void memblock_set_current_limit(phys_addr_t limit);

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);

void memblock_dump(void);
void memblock_reset(void);

/*
 * After memblock_free_all() the free ranges belong to the buddy allocator:
 * from memblock_handoff() on, memblock_phys_alloc*() refuse (return 0 with
 * a warning) instead of handing out pages the page allocator owns.
 * memblock_reset() lifts it (tests).
 */
void memblock_handoff(void);
bool memblock_is_handed_off(void);

/* Iterator steps; *idx == ~0ULL once the walk is over. */
void __next_mem_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end);
void __next_free_mem_range(u64 *idx, phys_addr_t *out_start,
			   phys_addr_t *out_end);

/**
 * for_each_mem_range - walk the memory ranges in ascending order
 * @i: u64 cursor
 * @p_start: phys_addr_t * for each range's start (may be NULL)
 * @p_end: phys_addr_t * for each range's end, exclusive (may be NULL)
 */
#define for_each_mem_range(i, p_start, p_end)				\
	for ((i) = 0, __next_mem_range(&(i), (p_start), (p_end));	\
	     (i) != ~(u64)0;						\
	     __next_mem_range(&(i), (p_start), (p_end)))

/**
 * for_each_free_mem_range - walk memory minus reserved in ascending order
 * @i: u64 cursor
 * @p_start: phys_addr_t * for each free range's start (may be NULL)
 * @p_end: phys_addr_t * for each free range's end, exclusive (may be NULL)
 *
 * Each range is maximal: the ranges neither overlap nor touch.
 */
#define for_each_free_mem_range(i, p_start, p_end)			\
	for ((i) = 0, __next_free_mem_range(&(i), (p_start), (p_end));	\
	     (i) != ~(u64)0;						\
	     __next_free_mem_range(&(i), (p_start), (p_end)))

#endif
