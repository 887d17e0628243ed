// SPDX-License-Identifier: GPL-2.0
/*
 * memblock: early physical memory management before the page allocator.
 *
 * Physical addresses only (no __va): the same code runs in the kernel and
 * in the host tests. See include/arbor/memblock.h for the rules the two
 * lists keep.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/memblock.h>
#include <arbor/printk.h>
#include <arbor/string.h>

BUILD_BUG_ON(INIT_MEMBLOCK_REGIONS > MEMBLOCK_MAX_REGIONS);
BUILD_BUG_ON(INIT_MEMBLOCK_RESERVED_REGIONS > MEMBLOCK_MAX_REGIONS);

struct memblock memblock = {
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory.max = INIT_MEMBLOCK_REGIONS,
	.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS,
};

/* Set once the page allocator owns the free memory (memblock_handoff). */
static bool memblock_handed_off;

static inline phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Cut @size so that base + size does not wrap past the top. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t size)
{
	return min(size, PHYS_ADDR_MAX - base);
}

/* Index of the first region whose end is > @addr (or == cnt). */
static unsigned long memblock_first_ending_after(const struct memblock_type *type,
						 phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	/* Regions are disjoint and sorted, so their ends are sorted too. */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (region_end(&type->regions[mid]) > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void memblock_update_total(struct memblock_type *type)
{
	phys_addr_t total = 0;

	for (unsigned long i = 0; i < type->cnt; i++)
		total += type->regions[i].size;
	type->total_size = total;
}

/*
 * Add [base, base + size) to @type, merging with every region it overlaps
 * or touches. Only a range that touches nothing needs a new slot.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	struct memblock_region *r = type->regions;
	phys_addr_t end, nbase, nend;
	unsigned long i, j;

	size = memblock_cap_size(base, size);
	if (!size)
		return 0;
	end = base + size;

	/* Regions [i, j) overlap or touch the new range. */
	i = memblock_first_ending_after(type, base);
	if (i > 0 && region_end(&r[i - 1]) == base)
		i--;
	for (j = i; j < type->cnt && r[j].base <= end; j++)
		;

	if (i == j) {
		if (type->cnt >= type->max)
			return -ENOMEM;
		memmove(&r[i + 1], &r[i], (type->cnt - i) * sizeof(*r));
		r[i].base = base;
		r[i].size = size;
		type->cnt++;
	} else {
		nbase = min(base, r[i].base);
		nend = max(end, region_end(&r[j - 1]));
		r[i].base = nbase;
		r[i].size = nend - nbase;
		memmove(&r[i + 1], &r[j], (type->cnt - j) * sizeof(*r));
		type->cnt -= j - i - 1;
	}
	memblock_update_total(type);
	return 0;
}

/*
 * Remove [base, base + size) from @type. Cutting the middle out of one
 * region needs one extra slot; on -ENOMEM nothing has changed.
 */
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	struct memblock_region *r = type->regions;
	struct memblock_region keep[2];
	unsigned long i, j, nkeep = 0, newcnt;
	phys_addr_t end;

	size = memblock_cap_size(base, size);
	if (!size)
		return 0;
	end = base + size;

	/* Regions [i, j) overlap the range. */
	i = memblock_first_ending_after(type, base);
	for (j = i; j < type->cnt && r[j].base < end; j++)
		;
	if (i == j)
		return 0;

	/* What survives of the first and the last overlapped region. */
	if (r[i].base < base) {
		keep[nkeep].base = r[i].base;
		keep[nkeep].size = base - r[i].base;
		nkeep++;
	}
	if (region_end(&r[j - 1]) > end) {
		keep[nkeep].base = end;
		keep[nkeep].size = region_end(&r[j - 1]) - end;
		nkeep++;
	}
	newcnt = type->cnt - (j - i) + nkeep;
	if (newcnt > type->max)
		return -ENOMEM;

	memmove(&r[i + nkeep], &r[j], (type->cnt - j) * sizeof(*r));
	for (unsigned long k = 0; k < nkeep; k++)
		r[i + k] = keep[k];
	type->cnt = newcnt;
	memblock_update_total(type);
	return 0;
}

/**
 * memblock_add - register RAM
 * @base: physical start
 * @size: bytes (cut at the top of the address space)
 *
 * Return: 0, or -ENOMEM when the memory table is full (nothing changed).
 */
int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

/**
 * memblock_remove - forget RAM (e.g. a no-map reserved-memory region)
 * @base: physical start
 * @size: bytes
 *
 * Return: 0, or -ENOMEM when a split does not fit (nothing changed).
 */
int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.memory, base, size);
}

/**
 * memblock_reserve - mark a physical range as in use
 * @base: physical start
 * @size: bytes
 *
 * The range need not be inside registered memory.
 *
 * Return: 0, or -ENOMEM when the reserved table is full (nothing changed).
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

/**
 * memblock_phys_free - undo memblock_reserve() for a range
 * @base: physical start
 * @size: bytes
 *
 * Return: 0, or -ENOMEM when a split does not fit (nothing changed).
 */
int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.reserved, base, size);
}

/**
 * __next_mem_range - iterator step for for_each_mem_range()
 * @idx: cursor; ~0 when done
 * @out_start: optional; range start
 * @out_end: optional; range end (exclusive)
 */
void __next_mem_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *mem = &memblock.memory;

	if (*idx >= mem->cnt) {
		*idx = ~(u64)0;
		return;
	}
	if (out_start)
		*out_start = mem->regions[*idx].base;
	if (out_end)
		*out_end = region_end(&mem->regions[*idx]);
	(*idx)++;
}

/**
 * __next_free_mem_range - iterator step for for_each_free_mem_range()
 * @idx: cursor: memory index in the low 32 bits, index of the gap between
 *	reserved regions in the high 32 bits; ~0 when done
 * @out_start: optional; free range start
 * @out_end: optional; free range end (exclusive)
 *
 * Intersects each memory region with each gap between reserved regions
 * (gap k lies between reserved[k - 1] and reserved[k]), in address order.
 */
void __next_free_mem_range(u64 *idx, phys_addr_t *out_start,
			   phys_addr_t *out_end)
{
	const struct memblock_type *mem = &memblock.memory;
	const struct memblock_type *res = &memblock.reserved;
	unsigned long ia = (u32)*idx, ib = (u32)(*idx >> 32);

	for (; ia < mem->cnt; ia++) {
		phys_addr_t m_start = mem->regions[ia].base;
		phys_addr_t m_end = region_end(&mem->regions[ia]);

		for (; ib <= res->cnt; ib++) {
			phys_addr_t r_start = ib ? region_end(&res->regions[ib - 1]) : 0;
			phys_addr_t r_end = ib < res->cnt ? res->regions[ib].base
							  : PHYS_ADDR_MAX;

			/* This gap and all later ones lie past the region. */
			if (r_start >= m_end)
				break;
			if (m_start >= r_end)
				continue;
			if (out_start)
				*out_start = max(m_start, r_start);
			if (out_end)
				*out_end = min(m_end, r_end);
			/* Whichever of the two ends first is used up. */
			if (m_end <= r_end)
				ia++;
			else
				ib++;
			*idx = (u64)ib << 32 | ia;
			return;
		}
	}
	*idx = ~(u64)0;
}

/**
 * memblock_phys_alloc_range - allocate and reserve physical memory
 * @size: bytes
 * @align: power of two (0 means MEMBLOCK_DEFAULT_ALIGN)
 * @start: lowest acceptable address
 * @end: highest acceptable end (exclusive); MEMBLOCK_ALLOC_ACCESSIBLE (0)
 *	means memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE means no limit
 *
 * Takes the highest suitable free address (top-down, like Linux), never
 * below MEMBLOCK_LOW_LIMIT.
 *
 * Return: the physical address, or 0 on failure.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	phys_addr_t rs, re, best = 0;
	u64 i;

	if (unlikely(memblock_handed_off)) {
		pr_warn("memblock: allocation of %#llx bytes refused: free memory belongs to the page allocator now (caller %pS)\n",
			(unsigned long long)size, __builtin_return_address(0));
		return 0;
	}
	if (!size)
		return 0;
	if (!align)
		align = MEMBLOCK_DEFAULT_ALIGN;
	if (align & (align - 1))
		return 0;
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;
	start = max(start, (phys_addr_t)MEMBLOCK_LOW_LIMIT);
	if (end <= start || end - start < size)
		return 0;

	/* Free ranges come in ascending order: the last fit is the highest. */
	for_each_free_mem_range(i, &rs, &re) {
		phys_addr_t cand;

		rs = max(rs, start);
		re = min(re, end);
		if (re <= rs || re - rs < size)
			continue;
		cand = ALIGN_DOWN(re - size, align);
		if (cand >= rs)
			best = cand;
	}
	if (!best || memblock_reserve(best, size))
		return 0;
	return best;
}

/**
 * memblock_phys_alloc - allocate below memblock.current_limit
 * @size: bytes
 * @align: power of two (0 means MEMBLOCK_DEFAULT_ALIGN)
 *
 * Return: the physical address, or 0 on failure.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
}

/**
 * memblock_set_current_limit - cap MEMBLOCK_ALLOC_ACCESSIBLE allocations
 * @limit: highest end (exclusive), e.g. the end of what is mapped so far
 */
void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/**
 * memblock_phys_mem_size - total bytes of registered RAM
 */
phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

/**
 * memblock_reserved_size - total bytes reserved
 */
phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/**
 * memblock_start_of_DRAM - lowest RAM address (0 when there is none)
 */
phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

/**
 * memblock_end_of_DRAM - end (exclusive) of the highest RAM range, or 0
 */
phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *mem = &memblock.memory;

	return mem->cnt ? region_end(&mem->regions[mem->cnt - 1]) : 0;
}

static bool memblock_contains(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long i = memblock_first_ending_after(type, addr);

	return i < type->cnt && type->regions[i].base <= addr;
}

/**
 * memblock_is_memory - whether @addr is registered RAM
 * @addr: physical address
 */
bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_contains(&memblock.memory, addr);
}

/**
 * memblock_is_reserved - whether @addr is reserved
 * @addr: physical address
 */
bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_contains(&memblock.reserved, addr);
}

/**
 * memblock_is_region_memory - whether all of [base, base + size) is RAM
 * @base: physical start
 * @size: bytes
 */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *mem = &memblock.memory;
	unsigned long i = memblock_first_ending_after(mem, base);

	size = memblock_cap_size(base, size);
	/* Regions are merged, so the range must sit inside a single one. */
	return i < mem->cnt && mem->regions[i].base <= base &&
	       base + size <= region_end(&mem->regions[i]);
}

/**
 * memblock_is_region_reserved - whether [base, base + size) overlaps any
 *	reserved range
 * @base: physical start
 * @size: bytes
 */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *res = &memblock.reserved;
	unsigned long i = memblock_first_ending_after(res, base);

	size = memblock_cap_size(base, size);
	return size && i < res->cnt && res->regions[i].base < base + size;
}

static void memblock_dump_type(const char *name, const struct memblock_type *type)
{
	pr_info(" %s.cnt  = %lu\n", name, type->cnt);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		pr_info(" %s[%lu]\t[0x%016llx-0x%016llx], %#llx bytes\n", name, i,
			(unsigned long long)r->base,
			(unsigned long long)(region_end(r) - 1),
			(unsigned long long)r->size);
	}
}

/**
 * memblock_dump - print both lists with printk
 */
void memblock_dump(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %#llx reserved size = %#llx\n",
		(unsigned long long)memblock.memory.total_size,
		(unsigned long long)memblock.reserved.total_size);
	memblock_dump_type("memory", &memblock.memory);
	memblock_dump_type("reserved", &memblock.reserved);
}

/**
 * memblock_reset - empty both lists and lift the allocation limit (tests)
 */
void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.memory.total_size = 0;
	memblock.memory.max = INIT_MEMBLOCK_REGIONS;
	memblock.reserved.cnt = 0;
	memblock.reserved.total_size = 0;
	memblock.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_handed_off = false;
}

/**
 * memblock_handoff - the page allocator owns the free memory from now on:
 *	later memblock allocations are refused with a warning
 */
void memblock_handoff(void)
{
	memblock_handed_off = true;
}

/**
 * memblock_is_handed_off - whether memblock_handoff() has run
 */
bool memblock_is_handed_off(void)
{
	return memblock_handed_off;
}
