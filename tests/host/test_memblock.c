// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for mm/memblock.c.
 *
 * Fixed cases for the edges (top of the address space, overflow, a full
 * table, the allocator's limits), then about a million random operations
 * checked against a reference model: a bitmap per list over a small window
 * of the physical address space. After every operation both lists must be
 * sorted, disjoint, merged and equal to the model; -ENOMEM must happen
 * exactly when the result would need more than the table holds, and then
 * change nothing; every allocation must be the highest suitable free
 * address, which the model finds by brute force.
 */
#include "test.h"

#include <stdarg.h>
#include <stdbool.h>

#include <arbor/errno.h>
#include <arbor/memblock.h>
#include <arbor/printk.h>

#include "host_printk.h"

/* ---------------------------------------------------------------------- */

#define MAX PHYS_ADDR_MAX

/* Sorted, disjoint, not touching, no wrap, total right, within capacity. */
static bool type_ok(const struct memblock_type *t, const char *what)
{
	phys_addr_t total = 0;

	if (t->cnt > t->max) {
		printf("# %s: cnt %lu > max %lu\n", what, t->cnt, t->max);
		return false;
	}
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		if (!r->size || r->size > MAX - r->base ||
		    (i && t->regions[i - 1].base + t->regions[i - 1].size >= r->base)) {
			printf("# %s[%lu] = [%#llx, +%#llx) breaks the invariants\n", what, i,
			       (unsigned long long)r->base, (unsigned long long)r->size);
			return false;
		}
		total += r->size;
	}
	if (total != t->total_size) {
		printf("# %s: total_size %#llx, regions sum to %#llx\n", what,
		       (unsigned long long)t->total_size, (unsigned long long)total);
		return false;
	}
	return true;
}

static bool regions_are(const struct memblock_type *t, int n, const u64 *pairs)
{
	if (t->cnt != (unsigned long)n)
		return false;
	for (int i = 0; i < n; i++)
		if (t->regions[i].base != pairs[2 * i] || t->regions[i].size != pairs[2 * i + 1])
			return false;
	return true;
}
#define CHECK_REGIONS(t, ...)							\
	do {									\
		static const u64 _p[] = { __VA_ARGS__ };			\
		CHECK(type_ok(t, #t));						\
		CHECK(regions_are(t, ARRAY_SIZE(_p) / 2, _p));			\
		if (!regions_are(t, ARRAY_SIZE(_p) / 2, _p))			\
			dump_type(t);						\
	} while (0)

static void dump_type(const struct memblock_type *t)
{
	for (unsigned long i = 0; i < t->cnt; i++)
		printf("#   [%#llx, +%#llx)\n", (unsigned long long)t->regions[i].base,
		       (unsigned long long)t->regions[i].size);
}

/* ---------------------------------------------------------------------- */
/* Fixed cases. */

TEST(empty)
{
	phys_addr_t s, e;
	u64 i;
	int n = 0;

	memblock_reset();
	CHECK_EQ(memblock_phys_mem_size(), 0);
	CHECK_EQ(memblock_reserved_size(), 0);
	CHECK_EQ(memblock_start_of_DRAM(), 0);
	CHECK_EQ(memblock_end_of_DRAM(), 0);
	CHECK(!memblock_is_memory(0));
	CHECK(!memblock_is_reserved(0));
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0);
	for_each_mem_range(i, &s, &e)
		n++;
	for_each_free_mem_range(i, &s, &e)
		n++;
	CHECK_EQ(n, 0);
	/* Zero sizes are no-ops. */
	CHECK_EQ(memblock_add(0x1000, 0), 0);
	CHECK_EQ(memblock_reserve(0x1000, 0), 0);
	CHECK_EQ(memblock_remove(0x1000, 0), 0);
	CHECK_EQ(memblock_phys_free(0x1000, 0), 0);
	CHECK_EQ(memblock.memory.cnt + memblock.reserved.cnt, 0);
}

TEST(merge_and_split)
{
	memblock_reset();
	CHECK_EQ(memblock_add(0x3000, 0x1000), 0);
	CHECK_EQ(memblock_add(0x1000, 0x1000), 0);
	CHECK_EQ(memblock_add(0x5000, 0x1000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x1000, 0x3000, 0x1000, 0x5000, 0x1000);
	/* touching on both sides: one region */
	CHECK_EQ(memblock_add(0x2000, 0x1000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x3000, 0x5000, 0x1000);
	/* overlapping and swallowing */
	CHECK_EQ(memblock_add(0x800, 0x6000), 0);
	CHECK_REGIONS(&memblock.memory, 0x800, 0x6000);
	CHECK_EQ(memblock_add(0x1000, 0x10), 0);
	CHECK_REGIONS(&memblock.memory, 0x800, 0x6000);
	CHECK_EQ(memblock_phys_mem_size(), 0x6000);
	/* cut the middle out, then the head, then the tail */
	CHECK_EQ(memblock_remove(0x2000, 0x1000), 0);
	CHECK_REGIONS(&memblock.memory, 0x800, 0x1800, 0x3000, 0x3800);
	CHECK_EQ(memblock_remove(0, 0x1000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x1000, 0x3000, 0x3800);
	CHECK_EQ(memblock_remove(0x6000, 0x10000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x1000, 0x3000, 0x3000);
	/* across two regions and the gap */
	CHECK_EQ(memblock_remove(0x1800, 0x2000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x800, 0x3800, 0x2800);
	/* nothing there */
	CHECK_EQ(memblock_remove(0x2000, 0x1000), 0);
	CHECK_REGIONS(&memblock.memory, 0x1000, 0x800, 0x3800, 0x2800);
	CHECK_EQ(memblock_start_of_DRAM(), 0x1000);
	CHECK_EQ(memblock_end_of_DRAM(), 0x6000);
	CHECK(memblock_is_memory(0x1000));
	CHECK(memblock_is_memory(0x17ff));
	CHECK(!memblock_is_memory(0x1800));
	CHECK(!memblock_is_memory(0x37ff));
	CHECK(memblock_is_memory(0x3800));
	CHECK(!memblock_is_memory(0x6000));
	CHECK(memblock_is_region_memory(0x3800, 0x2800));
	CHECK(!memblock_is_region_memory(0x3800, 0x2801));
	CHECK(!memblock_is_region_memory(0x1000, 0x3000));

	/* reserved works the same way, independently of memory */
	CHECK_EQ(memblock_reserve(0x100000, 0x1000), 0);
	CHECK_EQ(memblock_reserve(0x101000, 0x1000), 0);
	CHECK_REGIONS(&memblock.reserved, 0x100000, 0x2000);
	CHECK_EQ(memblock_phys_free(0x100800, 0x1000), 0);
	CHECK_REGIONS(&memblock.reserved, 0x100000, 0x800, 0x101800, 0x800);
	CHECK_EQ(memblock_reserved_size(), 0x1000);
	CHECK(memblock_is_reserved(0x1007ff));
	CHECK(!memblock_is_reserved(0x100800));
	CHECK(memblock_is_region_reserved(0x100700, 0x1200));
	CHECK(!memblock_is_region_reserved(0x100800, 0x1000));
	CHECK(memblock_is_region_reserved(0x100800, 0x1001));
	CHECK(!memblock_is_region_reserved(0x100000, 0));
}

TEST(top_of_address_space)
{
	phys_addr_t s = 0, e = 0;
	u64 i;

	memblock_reset();
	/* base + size wraps: cut at PHYS_ADDR_MAX */
	CHECK_EQ(memblock_add(MAX - 0xfff, 0x2000), 0);
	CHECK_REGIONS(&memblock.memory, MAX - 0xfff, 0xfff);
	CHECK_EQ(memblock_add(MAX, 0x10), 0);	/* nothing left to add */
	CHECK_EQ(memblock_add(MAX - 0x10000, ~0ULL), 0);
	CHECK_REGIONS(&memblock.memory, MAX - 0x10000, 0x10000);
	CHECK_EQ(memblock_end_of_DRAM(), MAX);
	CHECK(memblock_is_memory(MAX - 1));
	CHECK(!memblock_is_memory(MAX));
	CHECK(memblock_is_region_memory(MAX - 0x100, ~0ULL));
	/* the top-down allocator at the very top */
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0xffffffffffffe000ULL);
	CHECK_EQ(memblock_phys_alloc(0x1, 1), 0xfffffffffffffffeULL);
	CHECK_EQ(memblock_phys_alloc_range(0x10, 0x10, 0, MEMBLOCK_ALLOC_ANYWHERE),
		 0xffffffffffffffe0ULL);
	CHECK_REGIONS(&memblock.reserved, 0xffffffffffffe000ULL, 0x1000,
		      0xffffffffffffffe0ULL, 0x10, 0xfffffffffffffffeULL, 1);
	/* huge sizes fail cleanly */
	CHECK_EQ(memblock_phys_alloc(~0ULL, 1), 0);
	CHECK_EQ(memblock_phys_alloc(0x20000, 1), 0);
	/* the last free range ends where 0xfff...fffe is reserved */
	for_each_free_mem_range(i, &s, &e)
		;
	CHECK_EQ(s, 0xfffffffffffffff0ULL);
	CHECK_EQ(e, 0xfffffffffffffffeULL);
	/* remove with a wrapping size */
	CHECK_EQ(memblock_remove(MAX - 0x8000, ~0ULL), 0);
	CHECK_REGIONS(&memblock.memory, MAX - 0x10000, 0x8000);
	CHECK_EQ(memblock_phys_free(0, ~0ULL), 0);
	CHECK_EQ(memblock.reserved.cnt, 0);
	/* the whole space at once */
	CHECK_EQ(memblock_add(0, ~0ULL), 0);
	CHECK_REGIONS(&memblock.memory, 0, MAX);
	CHECK_EQ(memblock_phys_mem_size(), MAX);
	CHECK_EQ(memblock_reserve(0, ~0ULL), 0);
	CHECK_EQ(memblock_phys_alloc(1, 1), 0);
	CHECK_EQ(memblock_remove(1, MAX - 2), 0);
	CHECK_REGIONS(&memblock.memory, 0, 1, MAX - 1, 1);
}

TEST(full_tables)
{
	phys_addr_t base;

	memblock_reset();
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		CHECK_EQ(memblock_add(0x100000 + i * 0x10000ULL, 0x1000), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	struct memblock_type before = memblock.memory;

	/* A new disjoint range does not fit; nothing may change. */
	CHECK_EQ(memblock_add(0x10000, 0x1000), -ENOMEM);
	CHECK_EQ(memblock_add(0x90000000, 0x1000), -ENOMEM);
	CHECK_EQ(memblock_add(0x100000 + 0x1800, 0x100), -ENOMEM);
	CHECK(!memcmp(&before, &memblock.memory, sizeof(before)));
	/* Splitting one in two does not fit either. */
	CHECK_EQ(memblock_remove(0x100400, 0x100), -ENOMEM);
	CHECK(!memcmp(&before, &memblock.memory, sizeof(before)));
	/* Merging into a neighbour, or trimming an end, still works. */
	CHECK_EQ(memblock_add(0x101000, 0x1000), 0);
	CHECK_EQ(memblock_add(0x110000 - 0x800, 0x800), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	CHECK_EQ(memblock_remove(0x100000, 0x400), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	CHECK(type_ok(&memblock.memory, "memory"));
	/* Bridging two regions frees a slot. */
	CHECK_EQ(memblock_add(0x102000, 0x10000 - 0x2800), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS - 1);
	CHECK_EQ(memblock_add(0x10000, 0x1000), 0);
	CHECK_EQ(memblock_add(0x20000, 0x1000), -ENOMEM);

	/* A full reserved table: allocations fail unless they merge. */
	memblock_reset();
	CHECK_EQ(memblock_add(0, 0x1000000), 0);
	for (int i = 1; i <= INIT_MEMBLOCK_RESERVED_REGIONS; i++)
		CHECK_EQ(memblock_reserve(i * 0x10000ULL, 0x1000), 0);
	CHECK_EQ(memblock_reserve(0x5000, 0x1000), -ENOMEM);
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0);
	CHECK_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_RESERVED_REGIONS);
	/* The top candidate below 0x800000 ends where a reservation starts. */
	base = memblock_phys_alloc_range(0x1000, 0x1000, 0, 0x800000);
	CHECK_EQ(base, 0x7ff000);
	CHECK(memblock_is_reserved(0x7ff000));
	CHECK_EQ(memblock.reserved.cnt, INIT_MEMBLOCK_RESERVED_REGIONS);
	CHECK(type_ok(&memblock.reserved, "reserved"));
}

TEST(alloc_rules)
{
	memblock_reset();
	CHECK_EQ(memblock_add(0, 0x100000), 0);
	/* never the first page, so that 0 can mean failure */
	CHECK_EQ(memblock_phys_alloc_range(0x1000, 0x1000, 0, 0x2000), 0x1000);
	CHECK_EQ(memblock_phys_alloc_range(0x1000, 0x1000, 0, 0x2000), 0);
	CHECK_EQ(memblock_phys_alloc_range(0x800, 1, 0, 0x1800), 0);
	/* top-down */
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0xff000);
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0xfe000);
	/* alignment: 0 means 64; not a power of two fails */
	CHECK_EQ(memblock_phys_alloc(0x10, 0), 0xfdfc0);
	CHECK_EQ(memblock_phys_alloc(0x10, 48), 0);
	CHECK_EQ(memblock_phys_alloc(0x10, 0x10000), 0xf0000);
	CHECK_EQ(memblock_phys_alloc(0, 0x10), 0);
	/* start/end window */
	CHECK_EQ(memblock_phys_alloc_range(0x100, 0x100, 0x20000, 0x30000), 0x2ff00);
	CHECK_EQ(memblock_phys_alloc_range(0x100, 0x100, 0x30000, 0x20000), 0);
	CHECK_EQ(memblock_phys_alloc_range(0x20000, 0x100, 0x20000, 0x30000), 0);
	CHECK_EQ(memblock_phys_alloc_range(0x10000, 0x100, 0x20000, 0x30000), 0);
	/* current_limit applies to ALLOC_ACCESSIBLE only */
	memblock_set_current_limit(0x50000);
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0x4f000);
	CHECK_EQ(memblock_phys_alloc_range(0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ANYWHERE), 0xfc000);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	/* reserved memory outside "memory" is fine and never allocatable */
	CHECK_EQ(memblock_reserve(0x200000, 0x1000), 0);
	CHECK(type_ok(&memblock.reserved, "reserved"));
	/* no memory, no allocation */
	CHECK_EQ(memblock_phys_alloc_range(0x1000, 0x1000, 0x100000, MEMBLOCK_ALLOC_ANYWHERE), 0);
}

TEST(iterators_and_dump)
{
	static const u64 want_free[] = { 0x40000000, 0x40200000, 0x40400000, 0x44000000,
					 0x44100000, 0x48000000, 0x80000000, 0x80001000 };
	phys_addr_t s, e;
	u64 i;
	int n = 0;

	memblock_reset();
	CHECK_EQ(memblock_add(0x40000000, 0x8000000), 0);
	CHECK_EQ(memblock_add(0x80000000, 0x2000), 0);
	CHECK_EQ(memblock_reserve(0x40200000, 0x200000), 0);	/* kernel */
	CHECK_EQ(memblock_reserve(0x44000000, 0x100000), 0);	/* DTB */
	CHECK_EQ(memblock_reserve(0x80001000, 0x10000), 0);	/* straddles the end */
	CHECK_EQ(memblock_reserve(0x10000, 0x1000), 0);		/* outside memory */
	for_each_free_mem_range(i, &s, &e) {
		CHECK(n < 4);
		if (n < 4) {
			CHECK_EQ(s, want_free[2 * n]);
			CHECK_EQ(e, want_free[2 * n + 1]);
		}
		n++;
	}
	CHECK_EQ(n, 4);
	n = 0;
	for_each_mem_range(i, &s, &e)
		n++;
	CHECK_EQ(n, 2);
	CHECK_EQ(s, 0x80000000);
	CHECK_EQ(e, 0x80002000);
	/* NULL outputs are allowed */
	n = 0;
	for_each_free_mem_range(i, NULL, NULL)
		n++;
	CHECK_EQ(n, 4);

	char capture[8192];

	printk_capture_start(capture, sizeof(capture));
	memblock_dump();
	printk_capture_stop();
	CHECK_STR(capture,
		  "MEMBLOCK configuration:\n"
		  " memory size = 0x8002000 reserved size = 0x311000\n"
		  " memory.cnt  = 2\n"
		  " memory[0]\t[0x0000000040000000-0x0000000047ffffff], 0x8000000 bytes\n"
		  " memory[1]\t[0x0000000080000000-0x0000000080001fff], 0x2000 bytes\n"
		  " reserved.cnt  = 4\n"
		  " reserved[0]\t[0x0000000000010000-0x0000000000010fff], 0x1000 bytes\n"
		  " reserved[1]\t[0x0000000040200000-0x00000000403fffff], 0x200000 bytes\n"
		  " reserved[2]\t[0x0000000044000000-0x00000000440fffff], 0x100000 bytes\n"
		  " reserved[3]\t[0x0000000080001000-0x0000000080010fff], 0x10000 bytes\n");
}

/* ---------------------------------------------------------------------- */
/* The reference model: one bit per unit of a window of the address space. */

#define MODEL_MAX_UNITS 2048
#define MODEL_WORDS (MODEL_MAX_UNITS / 64)

struct model {
	u64 base0;		/* address of unit 0 */
	u64 unit;		/* bytes per unit (power of two) */
	int n;			/* units; base0 + n * unit <= PHYS_ADDR_MAX */
	u64 mem[MODEL_WORDS];
	u64 res[MODEL_WORDS];
	phys_addr_t limit;	/* memblock.current_limit */
};

struct stats {
	long ops, enomem, allocs, alloc_fail, alloc_nofit, queries, iterations;
};

static bool bm_get(const u64 *bm, int k)
{
	return bm[k / 64] >> (k % 64) & 1;
}

static void bm_set(u64 *bm, int a, int b, bool v)
{
	for (int k = a; k < b;) {
		int w = k / 64, lo = k % 64, hi = min(64, lo + (b - k));
		u64 mask = (hi - lo == 64 ? ~0ULL : ((1ULL << (hi - lo)) - 1) << lo);

		if (v)
			bm[w] |= mask;
		else
			bm[w] &= ~mask;
		k += hi - lo;
	}
}

/* Maximal runs of set bits = regions memblock needs for this bitmap. */
static int bm_runs(const u64 *bm, int words)
{
	int runs = 0;
	u64 carry = 0;

	for (int w = 0; w < words; w++) {
		runs += __builtin_popcountll(bm[w] & ~(bm[w] << 1 | carry));
		carry = bm[w] >> 63;
	}
	return runs;
}

/* Units [k0, k1) of [base, base + size) after memblock's cap, clipped to the window. */
static void to_units(const struct model *m, u64 base, u64 size, int *k0, int *k1)
{
	u64 end = size > MAX - base ? MAX : base + size;
	u64 wend = m->base0 + (u64)m->n * m->unit;

	if (end > wend)
		end = wend;
	if (base < m->base0)
		base = m->base0;
	if (base >= end) {
		*k0 = *k1 = 0;
		return;
	}
	*k0 = (base - m->base0) / m->unit;
	*k1 = (end - m->base0) / m->unit;
}

/* The list must be exactly the bitmap's runs, in whole units. */
static bool type_matches(const struct model *m, const struct memblock_type *t,
			 const u64 *bm, const char *what)
{
	u64 got[MODEL_WORDS] = { 0 };

	if (!type_ok(t, what))
		return false;
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];
		u64 end = r->base + r->size;

		if (r->base < m->base0 || (r->base - m->base0) % m->unit ||
		    end > m->base0 + (u64)m->n * m->unit || r->size % m->unit) {
			printf("# %s[%lu] [%#llx, +%#llx) outside the model's units\n", what, i,
			       (unsigned long long)r->base, (unsigned long long)r->size);
			return false;
		}
		bm_set(got, (r->base - m->base0) / m->unit, (end - m->base0) / m->unit, true);
	}
	if (memcmp(got, bm, sizeof(got))) {
		printf("# %s differs from the model\n", what);
		return false;
	}
	return true;
}

/* The free ranges must be exactly the runs of mem & ~res. */
static bool free_ranges_match(const struct model *m)
{
	phys_addr_t s, e, prev_end = 0;
	u64 got[MODEL_WORDS] = { 0 }, want[MODEL_WORDS];
	bool first = true;
	u64 i;

	for_each_free_mem_range(i, &s, &e) {
		if (s >= e || (!first && s <= prev_end) || (s - m->base0) % m->unit ||
		    (e - m->base0) % m->unit)
			return false;
		bm_set(got, (s - m->base0) / m->unit, (e - m->base0) / m->unit, true);
		prev_end = e;
		first = false;
	}
	for (int w = 0; w < MODEL_WORDS; w++)
		want[w] = m->mem[w] & ~m->res[w];
	return !memcmp(got, want, sizeof(got));
}

/* Brute force: the highest aligned address with @units free units in the window. */
static u64 model_alloc(const struct model *m, u64 size, u64 align, u64 start, u64 end)
{
	static int run[MODEL_MAX_UNITS + 1];
	u64 units;

	if (!size || size % m->unit)
		return 0;
	if (!align)
		align = MEMBLOCK_DEFAULT_ALIGN;
	if (align & (align - 1))
		return 0;
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = m->limit;
	if (start < MEMBLOCK_LOW_LIMIT)
		start = MEMBLOCK_LOW_LIMIT;
	units = size / m->unit;
	if (units > (u64)m->n)
		return 0;
	run[m->n] = 0;
	for (int k = m->n - 1; k >= 0; k--)
		run[k] = bm_get(m->mem, k) && !bm_get(m->res, k) ? run[k + 1] + 1 : 0;
	for (int k = m->n - (int)units; k >= 0; k--) {
		u64 a = m->base0 + (u64)k * m->unit;

		if ((u64)run[k] >= units && a >= start && a + size <= end && !(a % align))
			return a;
	}
	return 0;
}

/* Pick an address in (or just around) the window, unit-aligned. */
static u64 rand_addr(const struct model *m, u64 *rng)
{
	return m->base0 + (test_rand(rng) % (m->n + 1)) * m->unit;
}

static u64 rand_size(const struct model *m, u64 *rng, u64 base)
{
	u64 r = test_rand(rng), left = (m->base0 + (u64)m->n * m->unit - base) / m->unit;
	u64 units;

	if (!left)
		return 0;
	switch (r % 4) {
	case 0:
		units = 1 + (r >> 8) % min(left, 4);
		break;
	case 1:
		units = 1 + (r >> 8) % min(left, 32);
		break;
	case 2:
		units = 1 + (r >> 8) % left;
		break;
	default:
		units = (r >> 8) % 3 == 0 ? left : 1 + (r >> 8) % min(left, 256);
		break;
	}
	return units * m->unit;
}

/*
 * Apply one add/remove to a list and to its bitmap. -ENOMEM must come
 * exactly when the runs would exceed the capacity; then nothing changes.
 */
static void do_range_op(struct model *m, struct stats *st, bool reserved, bool add,
			u64 base, u64 size)
{
	struct memblock_type *t = reserved ? &memblock.reserved : &memblock.memory;
	u64 *bm = reserved ? m->res : m->mem;
	u64 next[MODEL_WORDS];
	int k0, k1, ret, want;

	to_units(m, base, size, &k0, &k1);
	memcpy(next, bm, sizeof(next));
	bm_set(next, k0, k1, add);
	want = bm_runs(next, MODEL_WORDS) > (int)t->max ? -ENOMEM : 0;
	if (reserved)
		ret = add ? memblock_reserve(base, size) : memblock_phys_free(base, size);
	else
		ret = add ? memblock_add(base, size) : memblock_remove(base, size);
	if (ret != want) {
		printf("# %s %s [%#llx, +%#llx): %d, model says %d\n", add ? "add" : "remove",
		       reserved ? "reserved" : "memory", (unsigned long long)base,
		       (unsigned long long)size, ret, want);
		test_failed_checks++;
	}
	if (!ret)
		memcpy(bm, next, sizeof(next));
	else
		st->enomem++;
}

static void do_alloc(struct model *m, struct stats *st, u64 *rng, bool small)
{
	u64 r = test_rand(rng);
	u64 size = small ? m->unit : rand_size(m, rng, m->base0) ?: m->unit;
	u64 align, start = 0, end = MEMBLOCK_ALLOC_ANYWHERE, want, got;
	u64 next[MODEL_WORDS];
	int k0, k1;

	/* Mostly powers of two from 1 to 64 units; sometimes 0 or odd. */
	switch (r % 16) {
	case 0:
		align = 0;
		break;
	case 1:
		align = 3 * m->unit;
		break;
	default:
		align = m->unit << ((r >> 4) % 7);
		if ((r >> 8) % 4 == 0 && m->unit > 1)
			align = 1ULL << ((r >> 12) % 12);	/* sub-unit: no effect */
		break;
	}
	if (align && align < m->unit && m->unit % align)
		align = m->unit;
	switch ((r >> 16) % 4) {
	case 0:
		break;
	case 1:
		start = rand_addr(m, rng);
		break;
	case 2:
		end = rand_addr(m, rng);
		break;
	default:
		start = rand_addr(m, rng);
		end = (r >> 20) % 2 ? MEMBLOCK_ALLOC_ACCESSIBLE : rand_addr(m, rng);
		break;
	}
	want = model_alloc(m, size, align, start, end);
	if (want) {
		to_units(m, want, size, &k0, &k1);
		memcpy(next, m->res, sizeof(next));
		bm_set(next, k0, k1, true);
		if (bm_runs(next, MODEL_WORDS) > (int)memblock.reserved.max) {
			want = 0;	/* the reservation would not fit */
			st->alloc_nofit++;
		}
	}
	got = memblock_phys_alloc_range(size, align, start, end);
	st->allocs++;
	if (got != want) {
		printf("# alloc(%#llx, align %#llx, [%#llx, %#llx)) = %#llx, model says %#llx\n",
		       (unsigned long long)size, (unsigned long long)align,
		       (unsigned long long)start, (unsigned long long)end,
		       (unsigned long long)got, (unsigned long long)want);
		test_failed_checks++;
	}
	if (!got) {
		st->alloc_fail++;
		return;
	}
	/* Inside memory, not overlapping anything reserved before, aligned, in bounds. */
	CHECK(got >= start && got >= MEMBLOCK_LOW_LIMIT);
	CHECK(got + size <= (end == MEMBLOCK_ALLOC_ACCESSIBLE ? m->limit : end));
	CHECK(!align || !(got % align));
	CHECK(memblock_is_region_memory(got, size));
	to_units(m, got, size, &k0, &k1);
	for (int k = k0; k < k1; k++)
		CHECK(!bm_get(m->res, k));
	bm_set(m->res, k0, k1, true);
}

static void do_query(struct model *m, struct stats *st, u64 *rng)
{
	u64 r = test_rand(rng);
	u64 a = m->base0 + (test_rand(rng) % ((u64)m->n * m->unit));
	int k = (a - m->base0) / m->unit;

	st->queries++;
	CHECK_EQ(memblock_is_memory(a), bm_get(m->mem, k));
	CHECK_EQ(memblock_is_reserved(a), bm_get(m->res, k));
	if (r % 2) {
		u64 size = rand_size(m, rng, m->base0 + (u64)k * m->unit);
		int k0, k1;
		bool all = true, any = false;

		if (!size)
			return;
		a = m->base0 + (u64)k * m->unit;
		to_units(m, a, size, &k0, &k1);
		for (int j = k0; j < k1; j++) {
			all &= bm_get(m->mem, j);
			any |= bm_get(m->res, j);
		}
		CHECK_EQ(memblock_is_region_memory(a, size), all);
		CHECK_EQ(memblock_is_region_reserved(a, size), any);
	}
}

/* A huge size near the top: memblock caps it at PHYS_ADDR_MAX. */
static u64 maybe_huge(const struct model *m, u64 *rng, u64 base, u64 size,
		      bool splinter)
{
	u64 r = test_rand(rng);

	if (m->base0 + (u64)m->n * m->unit != MAX || r % 8 || splinter)
		return size;
	return r % 16 < 8 ? ~0ULL : (MAX - base) + 1 + (r >> 8) % 0x1000;
}

static void run_model(u64 base0, u64 unit, int n, long ops, u64 seed)
{
	struct model m = { .base0 = base0, .unit = unit, .n = n,
			   .limit = MEMBLOCK_ALLOC_ANYWHERE };
	struct stats st = { 0 };
	u64 rng = seed;
	long failed_before = test_failed_checks;

	memblock_reset();
	for (long op = 0; op < ops; op++) {
		u64 r = test_rand(&rng), base, size;
		/*
		 * One stretch in three uses single units only: that splinters
		 * the lists until the tables fill up and -ENOMEM shows up.
		 */
		bool splinter = (op / 3000) % 3 == 2;

		base = rand_addr(&m, &rng);
		size = splinter ? (base < m.base0 + (u64)m.n * m.unit ? m.unit : 0)
				: rand_size(&m, &rng, base);
		switch (r % 100) {
		case 0 ... 21:
			do_range_op(&m, &st, false, true, base, maybe_huge(&m, &rng, base, size, splinter));
			break;
		case 22 ... 33:
			do_range_op(&m, &st, false, false, base, maybe_huge(&m, &rng, base, size, splinter));
			break;
		case 34 ... 53:
			do_range_op(&m, &st, true, true, base, maybe_huge(&m, &rng, base, size, splinter));
			break;
		case 54 ... 69:
			do_range_op(&m, &st, true, false, base, maybe_huge(&m, &rng, base, size, splinter));
			break;
		case 70 ... 89:
			do_alloc(&m, &st, &rng, splinter);
			break;
		case 90 ... 97:
			do_query(&m, &st, &rng);
			break;
		case 98:
			/* a limit somewhere in the window, or none */
			m.limit = (r >> 8) % 2 ? rand_addr(&m, &rng) : MEMBLOCK_ALLOC_ANYWHERE;
			memblock_set_current_limit(m.limit);
			break;
		default:
			/* Start afresh now and then, so both sparse and full tables get hit. */
			if ((r >> 8) % 64 == 0) {
				memblock_reset();
				memset(m.mem, 0, sizeof(m.mem));
				memset(m.res, 0, sizeof(m.res));
				m.limit = MEMBLOCK_ALLOC_ANYWHERE;
			}
			break;
		}
		st.ops++;
		if (!type_matches(&m, &memblock.memory, m.mem, "memory") ||
		    !type_matches(&m, &memblock.reserved, m.res, "reserved")) {
			printf("# after op %ld\n", op);
			test_failed_checks++;
		}
		if (op % 4 == 0) {
			st.iterations++;
			if (!free_ranges_match(&m)) {
				printf("# free ranges differ from the model after op %ld\n", op);
				test_failed_checks++;
			}
		}
		if (test_failed_checks - failed_before > 10) {
			printf("# giving up after op %ld\n", op);
			break;
		}
	}
	printf("# window [%#llx, +%d x %#llx): %ld ops, %ld -ENOMEM, %ld allocs (%ld failed, "
	       "%ld for a full table), %ld queries, %ld iterator checks\n",
	       (unsigned long long)base0, n, (unsigned long long)unit, st.ops, st.enomem,
	       st.allocs, st.alloc_fail, st.alloc_nofit, st.queries, st.iterations);
	/* Both outcomes must have been exercised. */
	CHECK(st.enomem > 0 && st.alloc_nofit > 0);
	CHECK(st.alloc_fail > 0 && st.alloc_fail < st.allocs);
}

/* RAM like QEMU virt's, in pages. */
TEST(model_pages)
{
	run_model(0x40000000, 0x1000, 2048, 400000, 0x6d656d31);
}

/* Low memory: the first page is never allocated. */
TEST(model_low_pages)
{
	run_model(0, 0x1000, 1024, 150000, 0x6d656d32);
}

/* Byte granularity. */
TEST(model_bytes)
{
	run_model(0x10000, 1, 1024, 250000, 0x6d656d33);
}

/* The last 1023 bytes of the 64-bit space, with sizes that wrap. */
TEST(model_top_of_space)
{
	run_model(MAX - 1023, 1, 1023, 200000, 0x6d656d34);
}
