// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for mm/slab.c, on top of the real page allocator
 * (mm/page_alloc.c, mm/sparse.c, mm/memblock.c) over a fake memory map:
 * two banks in two 128 MiB sections with a hole between them, backed by
 * one malloc'd buffer that __va() points into.
 *
 *   - every kmalloc size 1..8 KiB and large sizes: size class, ksize,
 *     alignment (natural for powers of two), contents; kzalloc, kcalloc,
 *     kmalloc_array overflow, krealloc in place and moved
 *   - kmem_cache_create arguments, alignment, constructors
 *   - millions of random allocations and frees over many caches of odd
 *     sizes and alignments plus kmalloc of every class and large sizes,
 *     against a model: objects never overlap (a byte map of owned memory),
 *     alignment holds, fill patterns survive, per-cache object counts and
 *     the NR_SLAB_* byte counters match; after each phase everything is
 *     freed and the page allocator's free lists are exactly as before
 *   - exhaustion: allocate until NULL, free all, compare
 *   - with CONFIG_SLAB_DEBUG: each detection triggered on purpose and its
 *     report checked (double free, invalid pointers, wrong cache, left,
 *     right and kmalloc red zones, use after free, free pointer corruption,
 *     destroy with objects left, validate), and the allocator still works
 *   - the slabinfo command's output and its bad input
 *
 * Built three ways (tests/host/slab.mk): debug on, CONFIG_SLAB_DEBUG with
 * "slab_debug=off", and without CONFIG_SLAB_DEBUG.
 */
#include "test.h"

#include <stdarg.h>
#include <stdbool.h>

#include <arbor/errno.h>
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/slab.h>

#include "host_printk.h"

#ifndef SLAB_TEST_CMDLINE
#define SLAB_TEST_CMDLINE ""
#endif

/* What the kernel provides elsewhere. */
u64 memstart_addr, kimage_voffset;
bool linear_map_ready = true;
volatile unsigned long jiffies;

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n >= size ? (int)size - 1 : n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# panic: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	abort();
}

/* "slab_debug=..." from SLAB_TEST_CMDLINE. */
static const char test_cmdline[64] = SLAB_TEST_CMDLINE;

bool cmdline_get(const char *key, char *buf, size_t size)
{
	const char *p = strstr(test_cmdline, key);
	size_t n = 0;

	if (!p || p[strlen(key)] != '=')
		return false;
	p += strlen(key) + 1;
	while (p[n] && p[n] != ' ' && n + 1 < size) {
		buf[n] = p[n];
		n++;
	}
	buf[n] = '\0';
	return true;
}

/* ---------------------------------------------------------------------- */
/* The fake machine */

#define PHYS_BASE	0x40000000ULL		/* section 8 */
#define BANK0_SIZE	(72ULL << 20)
#define BANK1_BASE	0x48000000ULL		/* section 9, after a hole */
#define BANK1_SIZE	(40ULL << 20)
#define SPAN		(BANK1_BASE + BANK1_SIZE - PHYS_BASE)

static u8 *mem;			/* __va(PHYS_BASE) */
static u8 *owned;		/* one byte per 8 bytes of memory: held by the model */
static unsigned long free_area_base[NR_PAGE_ORDERS];
static unsigned long free_pages_base;

static struct zone *zone(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

static void snapshot_free_lists(unsigned long *nr)
{
	drain_local_pages();
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		nr[o] = zone()->free_area[o].nr_free;
}

/* Every kmalloc cache's empty slabs back; the free lists must be as at boot. */
static void shrink_all(void)
{
	for (unsigned int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned int i = 0; i <= KMALLOC_SHIFT_HIGH; i++)
			if (kmalloc_caches[t][i])
				kmem_cache_shrink(kmalloc_caches[t][i]);
	kmem_cache_shrink(kmem_cache);
}

static bool free_lists_equal(const unsigned long *area, unsigned long pages)
{
	unsigned long nr[NR_PAGE_ORDERS];
	bool same = true;

	shrink_all();
	snapshot_free_lists(nr);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		if (nr[o] != area[o]) {
			printf("# order %u: %lu free blocks, %lu before\n", o, nr[o], area[o]);
			same = false;
		}
	if (nr_free_pages() != pages) {
		printf("# %lu free pages, %lu before\n", nr_free_pages(), pages);
		same = false;
	}
	return same;
}

static bool free_lists_as_at_start(void)
{
	return free_lists_equal(free_area_base, free_pages_base);
}

static bool debug_on(void)
{
#ifdef CONFIG_SLAB_DEBUG
	return kmalloc_caches[KMALLOC_NORMAL][6]->flags & SLAB_RED_ZONE;
#else
	return false;
#endif
}

static unsigned long bugs_total(void)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < NR_SLAB_BUGS; i++)
		n += slab_bug_count[i];
	return n;
}

/* Slab bytes the caches and large blocks hold, from their own counts. */
static long slab_bytes_counted(void)
{
	long bytes = (long)(kmalloc_large_pages << PAGE_SHIFT);

	for (unsigned int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned int i = 0; i <= KMALLOC_SHIFT_HIGH; i++) {
			struct kmem_cache *s = kmalloc_caches[t][i];

			if (s)
				bytes += (long)(s->nr_slabs << s->order << PAGE_SHIFT);
		}
	return bytes;
}

/* Before the test cases register (and run): every case needs the machine. */
__attribute__((constructor(200))) static void machine_setup(void)
{
	/* 4 MiB aligned, so virtual and physical alignment agree up to MAX_ORDER. */
	mem = aligned_alloc(4UL << 20, SPAN);
	owned = calloc(SPAN / 8, 1);
	if (!mem || !owned) {
		printf("Bail out! no memory for the fake machine\n");
		exit(1);
	}
	memstart_addr = PHYS_BASE - (u64)(uintptr_t)mem + PAGE_OFFSET;
	memblock_add(PHYS_BASE, BANK0_SIZE);
	memblock_add(BANK1_BASE, BANK1_SIZE);
	memblock_reserve(PHYS_BASE, 64 << 10);		/* "the kernel image" */
	printk_quiet = true;
	mem_init();
	kmem_cache_init();
	printk_quiet = false;
	shrink_all();
	snapshot_free_lists(free_area_base);
	free_pages_base = nr_free_pages();
}

/* ---------------------------------------------------------------------- */
/* Basics */

static unsigned int class_of(size_t size)
{
	static const unsigned int classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
						1024, 2048, 4096, 8192 };

	for (unsigned int i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

TEST(kmalloc_every_size)
{
	unsigned long bugs = bugs_total();

	CHECK(slab_is_available());
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	CHECK_EQ(ksize(NULL), 0);
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		unsigned int cls = class_of(size);
		struct kmem_cache *s = kmalloc_slab(size, GFP_KERNEL);
		char name[32];

		if (!p) {
			CHECK(p);
			break;
		}
		if (cls >= 1024)
			snprintf(name, sizeof(name), "kmalloc-%uk", cls >> 10);
		else
			snprintf(name, sizeof(name), "kmalloc-%u", cls);
		if (!s || strcmp(s->name, name) || kmalloc_size_roundup(size) != cls) {
			CHECK_STR(s ? s->name : "(none)", name);
			CHECK_EQ(kmalloc_size_roundup(size), cls);
		}
		if ((uintptr_t)p % ARCH_KMALLOC_MINALIGN ||
		    (!(size & (size - 1)) && (uintptr_t)p % size))
			CHECK_EQ((uintptr_t)p % size, 0);
		/* All of the size asked for is usable, then all ksize() gives. */
		memset(p, 0x5c, size);
		if (ksize(p) != cls)
			CHECK_EQ(ksize(p), cls);
		memset(p, 0x5d, cls);
		kfree(p);
	}
	CHECK_EQ(bugs_total(), bugs);
	CHECK(free_lists_as_at_start());
}

TEST(kmalloc_large_sizes)
{
	static const size_t sizes[] = { 8193, 12288, 16384, 16385, 100000, 1 << 20,
					KMALLOC_MAX_SIZE - 1, KMALLOC_MAX_SIZE };
	long slab_before = global_vm_stat(NR_SLAB_UNRECLAIMABLE_B);
	unsigned long free_before = nr_free_pages();

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i], block = PAGE_SIZE;
		u8 *p = kmalloc(size, GFP_KERNEL);

		while (block < size)
			block <<= 1;
		CHECK(p);
		if (!p)
			continue;
		CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0);
		CHECK_EQ(ksize(p), block);
		CHECK_EQ(kmalloc_size_roundup(size), block);
		CHECK_EQ(global_vm_stat(NR_SLAB_UNRECLAIMABLE_B) - slab_before, (long)block);
		CHECK_EQ(free_before - nr_free_pages(), block / PAGE_SIZE);
		memset(p, 0xa7, block);
		kfree(p);
		CHECK_EQ(global_vm_stat(NR_SLAB_UNRECLAIMABLE_B), slab_before);
	}
	printk_quiet = true;
	CHECK(!kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	printk_quiet = false;
	CHECK(!kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	CHECK(!kmalloc(~(size_t)0, GFP_KERNEL | __GFP_NOWARN));
	/* kzalloc of a large block really is zeroed. */
	{
		u8 *p = kmalloc(65536, GFP_KERNEL);
		bool zero = true;

		memset(p, 0xff, 65536);
		kfree(p);
		p = kzalloc(65536, GFP_KERNEL);
		for (size_t i = 0; i < 65536; i++)
			zero &= !p[i];
		CHECK(zero);
		kfree(p);
	}
	CHECK(free_lists_as_at_start());
}

TEST(kzalloc_kcalloc_array)
{
	for (size_t size = 1; size <= 9000; size += 37) {
		u8 *p = kmalloc(size, GFP_KERNEL), *q;
		bool zero = true;

		memset(p, 0xee, size);
		kfree(p);
		q = kzalloc(size, GFP_KERNEL);
		for (size_t i = 0; i < size; i++)
			zero &= !q[i];
		if (!zero)
			CHECK(zero);
		kfree(q);
	}
	CHECK(!kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
	CHECK(!kmalloc_array(SIZE_MAX / 8 + 1, 8, GFP_KERNEL));
	{
		u32 *a = kcalloc(1000, sizeof(u32), GFP_KERNEL);
		bool zero = true;

		CHECK(a);
		for (int i = 0; i < 1000; i++)
			zero &= !a[i];
		CHECK(zero);
		CHECK_EQ(ksize(a), 4096);
		kfree(a);
	}
	CHECK(free_lists_as_at_start());
}

TEST(krealloc_keeps_contents)
{
	unsigned long bugs = bugs_total();
	u8 *p = krealloc(NULL, 10, GFP_KERNEL), *q;
	size_t size = 10;

	CHECK(p);
	for (size_t i = 0; i < size; i++)
		p[i] = (u8)i;
	/* Grow through every class and into large blocks, then shrink back. */
	for (size_t n = 11; n < 300000; n = n * 3 / 2) {
		q = krealloc(p, n, GFP_KERNEL);
		CHECK(q);
		if (!q)
			break;
		for (size_t i = 0; i < size; i++)
			if (q[i] != (u8)i) {
				CHECK_EQ(q[i], (u8)i);
				break;
			}
		for (size_t i = size; i < n; i++)
			q[i] = (u8)i;
		p = q;
		size = n;
		CHECK(ksize(p) >= n);
	}
	for (size_t n = size; n > 4; n /= 3) {
		q = krealloc(p, n, GFP_KERNEL);
		for (size_t i = 0; i < n; i++)
			if (q[i] != (u8)i) {
				CHECK_EQ(q[i], (u8)i);
				break;
			}
		p = q;
	}
	kfree(p);
	/*
	 * Within the class it stays put. __GFP_ZERO zeroes what is new, when
	 * used throughout (without debug the size asked for is not known, so
	 * shrinking zeroes the spare bytes instead, as in Linux).
	 */
	p = kzalloc(40, GFP_KERNEL);
	for (int i = 0; i < 40; i++)
		p[i] = (u8)i;
	q = krealloc(p, 64, GFP_KERNEL | __GFP_ZERO);
	CHECK(q == p);
	for (int i = 40; i < 64; i++)
		CHECK_EQ(q[i], 0);
	q = krealloc(p, 20, GFP_KERNEL | __GFP_ZERO);
	CHECK(q == p);
	q = krealloc(p, 50, GFP_KERNEL | __GFP_ZERO);
	CHECK(q == p);
	for (int i = 0; i < 20; i++)
		CHECK_EQ(q[i], (u8)i);
	for (int i = 20; i < 50; i++)
		CHECK_EQ(q[i], 0);
	q = krealloc(q, 5000, GFP_KERNEL | __GFP_ZERO);
	CHECK(q != p);
	for (int i = 0; i < 20; i++)
		CHECK_EQ(q[i], (u8)i);
	for (int i = 20; i < 5000; i++)
		if (q[i]) {
			CHECK_EQ(q[i], 0);
			break;
		}
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	p = krealloc(ZERO_SIZE_PTR, 8, GFP_KERNEL);
	CHECK(p && p != ZERO_SIZE_PTR);
	kfree(p);
	CHECK_EQ(bugs_total(), bugs);
	CHECK(free_lists_as_at_start());
}

static unsigned int ctor_calls;

static void ctor_fill(void *obj)
{
	memset(obj, 0xc7, 100);
	ctor_calls++;
}

TEST(kmem_cache_create_args)
{
	struct kmem_cache *s;
	unsigned int before = slab_caches_count();

	printk_quiet = true;
	CHECK(!kmem_cache_create("zero", 0, 0, 0, NULL));
	CHECK(!kmem_cache_create("align3", 32, 3, 0, NULL));
	CHECK(!kmem_cache_create("align64k", 32, 65536, 0, NULL));
	CHECK(!kmem_cache_create(NULL, 32, 0, 0, NULL));
	CHECK(!kmem_cache_create("", 32, 0, 0, NULL));
	CHECK(!kmem_cache_create("huge", KMALLOC_MAX_SIZE, 0, 0, NULL));
	printk_quiet = false;
	CHECK_EQ(slab_caches_count(), before);

	/* Alignment: asked for, minimum 8, cache line with HWCACHE_ALIGN. */
	static const struct { unsigned int size, align; slab_flags_t flags; unsigned int want; }
	al[] = {
		{ 1, 0, 0, 8 }, { 12, 0, 0, 8 }, { 12, 4, 0, 8 }, { 24, 16, 0, 16 },
		{ 100, 0, SLAB_HWCACHE_ALIGN, 64 }, { 20, 0, SLAB_HWCACHE_ALIGN, 32 },
		{ 8, 0, SLAB_HWCACHE_ALIGN, 8 }, { 40, 256, SLAB_HWCACHE_ALIGN, 256 },
		{ 3000, 4096, 0, 4096 }, { 70000, 0, 0, 8 },
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(al); i++) {
		void *objs[20];

		s = kmem_cache_create("align-test", al[i].size, al[i].align, al[i].flags, NULL);
		CHECK(s);
		if (!s)
			continue;
		CHECK_EQ(s->align, al[i].want);
		CHECK(s->size >= al[i].size && s->size % s->align == 0);
		for (int j = 0; j < 20; j++) {
			objs[j] = kmem_cache_alloc(s, GFP_KERNEL);
			CHECK_EQ((uintptr_t)objs[j] % al[i].want, 0);
			memset(objs[j], j, al[i].size);
		}
		for (int j = 0; j < 20; j++)
			kmem_cache_free(s, objs[j]);
		CHECK_EQ(kmem_cache_validate(s), 0);
		kmem_cache_destroy(s);
	}
	CHECK_EQ(slab_caches_count(), before);

	/* Slab sizes: waste at most 1/8 where some order allows it. */
	s = kmem_cache_create("waste", 700, 0, SLAB_NO_USER_FLAGS, NULL);
	CHECK(s && ((PAGE_SIZE << s->order) - s->objects * s->size) * 8 <= (PAGE_SIZE << s->order));
	CHECK(s && s->objects >= 4);
	kmem_cache_destroy(s);

	/* Long names are cut, not overrun. */
	s = kmem_cache_create("a-cache-name-that-is-much-longer-than-thirty-one", 16, 0, 0, NULL);
	CHECK(s && strlen(s->name) == KMEM_CACHE_NAME_LEN - 1);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}

TEST(constructor_runs_once_per_object)
{
	struct kmem_cache *s = kmem_cache_create("ctor-100", 100, 0, 0, ctor_fill);
	void *objs[300];
	bool ok = true;

	CHECK(s);
	ctor_calls = 0;
	for (int i = 0; i < 300; i++) {
		u8 *o = objs[i] = kmem_cache_alloc(s, GFP_KERNEL);

		for (int b = 0; b < 100; b++)
			ok &= o[b] == 0xc7;
	}
	CHECK(ok);
	CHECK_EQ(ctor_calls, s->nr_slabs * s->objects);
	/* Objects come back constructed (the free pointer lives outside). */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i += 2)
			kmem_cache_free(s, objs[i]);
		for (int i = 0; i < 300; i += 2) {
			u8 *o = objs[i] = kmem_cache_alloc(s, GFP_KERNEL);

			for (int b = 0; b < 100; b++)
				ok &= o[b] == 0xc7;
		}
	}
	CHECK(ok);
	CHECK_EQ(ctor_calls % s->objects, 0);
	for (int i = 0; i < 300; i++)
		kmem_cache_free(s, objs[i]);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}

TEST(slab_accounting)
{
	struct kmem_cache *r = kmem_cache_create("rcl", 500, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	long rb = global_vm_stat(NR_SLAB_RECLAIMABLE_B);
	long ub = global_vm_stat(NR_SLAB_UNRECLAIMABLE_B);
	void *a, *b, *c;

	a = kmem_cache_alloc(r, GFP_KERNEL);
	CHECK_EQ(global_vm_stat(NR_SLAB_RECLAIMABLE_B) - rb, (long)(PAGE_SIZE << r->order));
	CHECK_EQ(global_vm_stat(NR_SLAB_UNRECLAIMABLE_B), ub);
	b = kmalloc(100, GFP_KERNEL | __GFP_RECLAIMABLE);
	CHECK_STR(kmalloc_slab(100, __GFP_RECLAIMABLE)->name, "kmalloc-rcl-128");
	c = kmalloc(100, GFP_KERNEL);
	kmem_cache_free(r, a);
	kfree(b);
	kfree(c);
	kmem_cache_destroy(r);
	shrink_all();
	CHECK_EQ(global_vm_stat(NR_SLAB_RECLAIMABLE_B), rb);
	CHECK_EQ(global_vm_stat(NR_SLAB_RECLAIMABLE_B) + global_vm_stat(NR_SLAB_UNRECLAIMABLE_B),
		 slab_bytes_counted() + (long)(kmem_cache->nr_slabs << kmem_cache->order << PAGE_SHIFT));
	CHECK(free_lists_as_at_start());
}

/* ---------------------------------------------------------------------- */
/* The randomized model */

#define NCACHES		12
#define MAX_LIVE	8000

struct live {
	u8 *p;
	u32 size;		/* bytes the model owns and fills */
	u8 cache;		/* index in caches[], or NCACHES for kmalloc */
	u8 fill;
	bool ctor;
};

static struct kmem_cache *caches[NCACHES];
static unsigned int cache_size[NCACHES], cache_align[NCACHES];
static bool cache_ctor[NCACHES];
static unsigned long cache_live[NCACHES];
static struct live live[MAX_LIVE];
static unsigned int nlive;

static void model_ctor(void *obj)
{
	struct page *slab = virt_to_page(obj);

	slab = compound_head(slab);
	memset(obj, 0xc0, slab->slab_cache->object_size);
}

static bool own(u8 *p, size_t size, bool take)
{
	size_t first = (size_t)(p - mem) / 8, last = (size_t)(p - mem + size - 1) / 8;

	if (p < mem || p + size > mem + SPAN)
		return false;
	for (size_t g = first; g <= last; g++)
		if (owned[g] == take)
			return false;
	memset(owned + first, take, last - first + 1);
	return true;
}

static bool filled(const u8 *p, size_t n, u8 v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static size_t random_kmalloc_size(u64 *rs)
{
	u64 r = test_rand(rs);

	switch (r % 100) {
	case 0:
		return 8193 + (r >> 8) % 60000;		/* large block */
	case 1 ... 15:
		return 257 + (r >> 8) % (8192 - 256);
	default:
		return 1 + (r >> 8) % 256;
	}
}

static bool model_alloc(u64 *rs, int *bad)
{
	unsigned int c = test_rand(rs) % (NCACHES + 4);
	struct live *l = &live[nlive];
	size_t size;
	u8 *p;

	if (c >= NCACHES) {
		size = random_kmalloc_size(rs);
		p = kmalloc(size, (test_rand(rs) & 7) ? GFP_KERNEL : GFP_KERNEL | __GFP_RECLAIMABLE);
		c = NCACHES;
		if (p && (((uintptr_t)p % 8) || (!(size & (size - 1)) && (uintptr_t)p % size) ||
			  ksize(p) < size)) {
			printf("# kmalloc(%zu) = %p: misaligned or ksize %zu\n", size, p, ksize(p));
			(*bad)++;
		}
	} else {
		size = cache_size[c];
		p = kmem_cache_alloc(caches[c], GFP_KERNEL);
		if (p && (uintptr_t)p % cache_align[c]) {
			printf("# %s: %p not %u-aligned\n", caches[c]->name, p, cache_align[c]);
			(*bad)++;
		}
		if (p && cache_ctor[c] && !filled(p, size, 0xc0)) {
			printf("# %s: %p not constructed\n", caches[c]->name, p);
			(*bad)++;
		}
	}
	if (!p)
		return false;
	if (!own(p, size, true)) {
		printf("# %p+%zu overlaps an object the model holds\n", p, size);
		(*bad)++;
		return false;
	}
	l->p = p;
	l->size = size;
	l->cache = c;
	l->fill = (u8)test_rand(rs);
	l->ctor = c < NCACHES && cache_ctor[c];
	memset(p, l->fill, size);
	if (c < NCACHES)
		cache_live[c]++;
	nlive++;
	return true;
}

static void model_free(unsigned int i, int *bad)
{
	struct live *l = &live[i];

	if (!filled(l->p, l->size, l->fill)) {
		printf("# object %p+%u lost its fill pattern\n", l->p, l->size);
		(*bad)++;
	}
	own(l->p, l->size, false);
	if (l->ctor)
		memset(l->p, 0xc0, l->size);	/* back to the constructed state */
	if (l->cache == NCACHES) {
		kfree(l->p);
	} else {
		kmem_cache_free(caches[l->cache], l->p);
		cache_live[l->cache]--;
	}
	live[i] = live[--nlive];
}

static void model_check(int *bad)
{
	long slab = global_vm_stat(NR_SLAB_RECLAIMABLE_B) + global_vm_stat(NR_SLAB_UNRECLAIMABLE_B);
	long counted = slab_bytes_counted() +
		       (long)(kmem_cache->nr_slabs << kmem_cache->order << PAGE_SHIFT);

	for (unsigned int c = 0; c < NCACHES; c++) {
		struct slab_cache_info info;

		kmem_cache_get_info(caches[c], &info);
		counted += (long)(caches[c]->nr_slabs << caches[c]->order << PAGE_SHIFT);
		if (info.active_objs != cache_live[c] || kmem_cache_validate(caches[c])) {
			printf("# %s: %lu active, the model holds %lu\n", caches[c]->name,
			       info.active_objs, cache_live[c]);
			(*bad)++;
		}
		if (info.num_objs != info.num_slabs * caches[c]->objects ||
		    info.num_partial + info.num_full + info.num_empty != info.num_slabs ||
		    info.num_empty > 3) {
			printf("# %s: inconsistent slab counts\n", caches[c]->name);
			(*bad)++;
		}
	}
	for (unsigned int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned int i = 0; i <= KMALLOC_SHIFT_HIGH; i++)
			if (kmalloc_caches[t][i] && kmem_cache_validate(kmalloc_caches[t][i]))
				(*bad)++;
	if (slab != counted) {
		printf("# NR_SLAB_*_B %ld, caches hold %ld\n", slab, counted);
		(*bad)++;
	}
	if (check_free_lists()) {
		printf("# the page allocator's free lists are inconsistent\n");
		(*bad)++;
	}
}

TEST(random_against_model)
{
	static const unsigned int aligns[] = { 0, 8, 16, 32, 64, 128, 256, 4096 };
	unsigned long bugs = bugs_total(), ops = 0, area[NR_PAGE_ORDERS], pages;
	u64 rs = 0x5eed51ab;
	int bad = 0;

	for (unsigned int c = 0; c < NCACHES; c++) {
		char name[32];
		slab_flags_t flags = 0;
		u64 r = test_rand(&rs);

		cache_size[c] = c < 4 ? 1 + r % 64 : c < 9 ? 1 + r % 1500 : 1 + r % 6000;
		if (r & 0x100)
			flags |= SLAB_HWCACHE_ALIGN;
		if (r & 0x200)
			flags |= SLAB_RECLAIM_ACCOUNT;
		if (c & 1)
			flags |= SLAB_NO_USER_FLAGS;	/* debug and plain caches mixed */
		cache_ctor[c] = c % 4 == 2;
		snprintf(name, sizeof(name), "model-%u-%u", c, cache_size[c]);
		caches[c] = kmem_cache_create(name, cache_size[c], aligns[(r >> 12) % 8], flags,
					      cache_ctor[c] ? model_ctor : NULL);
		CHECK(caches[c]);
		if (!caches[c])
			return;
		cache_align[c] = caches[c]->align;
		cache_live[c] = 0;
	}
	/* The new struct kmem_caches may have taken a slab: the state to return to. */
	shrink_all();
	snapshot_free_lists(area);
	pages = nr_free_pages();
	for (unsigned int phase = 0; phase < 6; phase++) {
		/* Phases alternate low and high pressure. */
		unsigned int target = phase & 1 ? MAX_LIVE : 2000;

		for (unsigned int i = 0; i < 400000; i++, ops++) {
			bool alloc = nlive < target && (nlive == 0 || test_rand(&rs) % 100 < 55);

			if (alloc) {
				if (!model_alloc(&rs, &bad))
					break;
			} else if (nlive) {
				model_free(test_rand(&rs) % nlive, &bad);
			}
			if (bad > 10)
				break;
		}
		model_check(&bad);
		while (nlive)
			model_free(test_rand(&rs) % nlive, &bad);
		model_check(&bad);
		for (unsigned int c = 0; c < NCACHES; c++)
			kmem_cache_shrink(caches[c]);
		/* Everything back: the buddy free lists are as they were. */
		for (unsigned int c = 0; c < NCACHES; c++)
			CHECK_EQ(caches[c]->nr_slabs, 0);
		CHECK(free_lists_equal(area, pages));
		if (bad)
			break;
	}
	printf("# %lu random operations over %u caches and kmalloc\n", ops, NCACHES);
	CHECK_EQ(bad, 0);
	CHECK_EQ(bugs_total(), bugs);
	for (unsigned int c = 0; c < NCACHES; c++)
		kmem_cache_destroy(caches[c]);
	CHECK(free_lists_as_at_start());
}

/* ---------------------------------------------------------------------- */
/* Exhaustion */

static unsigned long exhaust(size_t size, void **head)
{
	unsigned long n = 0;
	void **p;

	while ((p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN))) {
		*p = *head;
		*head = p;
		n++;
	}
	return n;
}

TEST(exhaustion_and_recovery)
{
	/* Big blocks first, then small objects first. */
	static const size_t sizes[2][6] = {
		{ 1 << 20, 65536, 8192, 4096, 700, 64 },
		{ 64, 700, 4096, 8192, 65536, 1 << 20 },
	};
	unsigned long free_before = nr_free_pages(), bugs = bugs_total();
	void *head = NULL;
	unsigned long counts[2][6];

	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < 6; i++)
			counts[round][i] = exhaust(sizes[round][i], &head);
		CHECK(counts[round][0] > 50);
		/* What is left is the reserve plain allocations may not touch. */
		CHECK(nr_free_pages() <= min_wmark_pages(zone()) + 64);
		CHECK(!kmalloc(8, GFP_KERNEL | __GFP_NOWARN));
		while (head) {
			void *next = *(void **)head;

			kfree(head);
			head = next;
		}
		CHECK(free_lists_as_at_start());
		CHECK_EQ(nr_free_pages(), free_before);
	}
	printf("# filled memory with %lu x 1 MiB, %lu x 64 KiB, ... %lu x 64 bytes; then with %lu x 64 bytes\n",
	       counts[0][0], counts[0][1], counts[0][5], counts[1][0]);
	CHECK_EQ(bugs_total(), bugs);
}

/* A cache exhausted on its own: its slabs come and go exactly. */
TEST(cache_exhaustion)
{
	struct kmem_cache *s = kmem_cache_create("big-objects", 20000, 0, 0, NULL);
	void *head = NULL, **p;
	unsigned long n = 0;

	while ((p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN))) {
		*p = head;
		head = p;
		n++;
	}
	CHECK(n > 1000);
	CHECK_EQ(s->nr_slabs, DIV_ROUND_UP(n, s->objects));
	while (head) {
		void *next = *(void **)head;

		kmem_cache_free(s, head);
		head = next;
	}
	CHECK(s->nr_slabs <= 3);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}

/* ---------------------------------------------------------------------- */
/* Debug detections */

static char cap[8192];
static unsigned long bugs_before[NR_SLAB_BUGS];

static void expect_start(void)
{
	memcpy(bugs_before, slab_bug_count, sizeof(bugs_before));
	printk_capture_start(cap, sizeof(cap));
}

/* Exactly one report of @kind, naming @cache, @what and @obj, with a caller. */
static void expect_report(enum slab_bug kind, const char *cache, const char *what,
			  const void *obj, const char *also)
{
	char line[160], addr[32];

	printk_capture_stop();
	for (unsigned int k = 0; k < NR_SLAB_BUGS; k++)
		CHECK_EQ(slab_bug_count[k] - bugs_before[k], k == kind);
	snprintf(line, sizeof(line), "BUG %s (Not tainted): %s", cache, what);
	CHECK(strstr(cap, line));
	CHECK(strstr(slab_debug_last_report(), line));
	CHECK(strstr(cap, "INFO: Caller 0x"));
	if (obj) {
		snprintf(addr, sizeof(addr), "%p", obj);
		CHECK(strstr(cap, addr));
	}
	if (also)
		CHECK(strstr(cap, also));
	if (!strstr(cap, line) || (also && !strstr(cap, also)))
		printf("# report was:\n%s", cap);
}

TEST(debug_double_free)
{
	if (!debug_on()) {
		printf("# debug checks off in this build\n");
		return;
	}
	for (size_t size = 8; size <= 8192; size *= 4) {
		u8 *p = kmalloc(size, GFP_KERNEL), *q;
		char cache[32];

		snprintf(cache, sizeof(cache), "%s", kmalloc_slab(size, 0)->name);
		kfree(p);
		expect_start();
		kfree(p);
		expect_report(SLAB_BUG_DOUBLE_FREE, cache, "Object already free", p, "Freed by 0x");
		/* Not freed twice: the next two allocations differ. */
		p = kmalloc(size, GFP_KERNEL);
		q = kmalloc(size, GFP_KERNEL);
		CHECK(p != q);
		kfree(p);
		kfree(q);
	}
	/* A large block freed twice: its pages are free by then. */
	{
		void *big = kmalloc(100000, GFP_KERNEL);

		kfree(big);
		expect_start();
		kfree(big);
		expect_report(SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", big, "already freed?");
	}
	CHECK(free_lists_as_at_start());
}

TEST(debug_invalid_pointers)
{
	struct kmem_cache *a, *b;
	u8 stack_obj[16];
	u8 *p;
	struct page *page;

	/* Not in the linear map at all: always caught, debug or not. */
	expect_start();
	kfree(stack_obj);
	expect_report(SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", stack_obj,
		      "not in the linear map");
	/* A page from the page allocator, not from kmalloc. */
	page = alloc_pages(GFP_KERNEL, 0);
	expect_start();
	kfree(page_address(page));
	expect_report(SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", page_address(page),
		      "refcount 1");
	CHECK_EQ(page_count(page), 1);
	__free_pages(page, 0);
	/* Inside a large block, not at its start. */
	p = kmalloc(20000, GFP_KERNEL);
	expect_start();
	kfree(p + 4096);
	expect_report(SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", p + 4096, "flags head");
	kfree(p);
	/* kmem_cache_free of another cache's object. */
	a = kmem_cache_create("cache-a", 48, 0, 0, NULL);
	b = kmem_cache_create("cache-b", 48, 0, 0, NULL);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	expect_start();
	kmem_cache_free(b, p);
	expect_report(SLAB_BUG_WRONG_CACHE, "cache-b", "Wrong slab cache", p, "is from cache-a");
	kmem_cache_free(a, p);
	CHECK_EQ(kmem_cache_validate(a), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	CHECK_EQ(slab_bug_count[SLAB_BUG_LEAK], bugs_before[SLAB_BUG_LEAK]);

	if (debug_on()) {
		/* Inside a slab object, not at its start. */
		p = kmalloc(64, GFP_KERNEL);
		expect_start();
		kfree(p + 8);
		expect_report(SLAB_BUG_INVALID_FREE, "kmalloc-64", "Invalid object pointer", p + 8,
			      "not at an object boundary");
		CHECK_EQ(ksize(p), 64);
		kfree(p);
		CHECK_EQ(kmem_cache_validate(kmalloc_slab(64, 0)), 0);
	}
	CHECK(free_lists_as_at_start());
}

#ifdef CONFIG_SLAB_DEBUG
TEST(debug_redzones)
{
	struct kmem_cache *s;
	u8 *p, *q;

	if (!debug_on()) {
		printf("# debug checks off in this build\n");
		return;
	}
	s = kmem_cache_create("rz-100", 100, 0, 0, NULL);
	/* One byte past the end. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[100] = 0x41;
	expect_start();
	kmem_cache_free(s, p);
	expect_report(SLAB_BUG_REDZONE, "rz-100", "Right Redzone overwritten", p,
		      "First byte 0x41 instead of 0xcc");
	CHECK(strstr(cap, "quarantined (not freed, never reused)"));
	CHECK(strstr(cap, "@object+100"));
	CHECK_EQ(s->nr_quarantined, 1);
	/* Quarantined: never handed out again, and validate agrees. */
	for (int i = 0; i < 200; i++) {
		q = kmem_cache_alloc(s, GFP_KERNEL);
		CHECK(q != p);
		kmem_cache_free(s, q);
	}
	CHECK_EQ(kmem_cache_validate(s), 0);
	CHECK_EQ(slab_debug_unquarantine(p), 0);
	CHECK_EQ(slab_debug_unquarantine(p), -EINVAL);
	CHECK_EQ(s->nr_quarantined, 0);

	/* One byte before the start. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-1] = 0x42;
	expect_start();
	kmem_cache_free(s, p);
	expect_report(SLAB_BUG_REDZONE, "rz-100", "Left Redzone overwritten", p,
		      "First byte 0x42 instead of 0xcc");
	CHECK_EQ(slab_debug_unquarantine(p), 0);

	/* kmalloc: past the size asked for, inside the size class. */
	p = kmalloc(60, GFP_KERNEL);
	p[60] = 0x43;
	expect_start();
	kfree(p);
	expect_report(SLAB_BUG_REDZONE, "kmalloc-64", "kmalloc Redzone overwritten", p,
		      "60 bytes asked for");
	CHECK_EQ(slab_debug_unquarantine(p), 0);
	/* ksize() hands the rest over: then it is not an overflow. */
	p = kmalloc(60, GFP_KERNEL);
	CHECK_EQ(ksize(p), 64);
	memset(p, 1, 64);
	{
		unsigned long bugs = bugs_total();

		kfree(p);
		CHECK_EQ(bugs_total(), bugs);
	}
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);

	/* An overflow into a free neighbour is found when it is handed out. */
	s = kmem_cache_create("rz-100", 100, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(q == p + s->size);
	kmem_cache_free(s, q);
	memset(p, 0x44, q - p + 4);		/* through the neighbour's left red zone */
	expect_start();
	{
		u8 *r = kmem_cache_alloc(s, GFP_KERNEL);

		CHECK(r != q);
		kmem_cache_free(s, r);
	}
	expect_report(SLAB_BUG_REDZONE, "rz-100", "Left Redzone overwritten", q, "Object 0x");
	CHECK_EQ(s->nr_quarantined, 1);
	memset(p + 100, SLUB_RED_ACTIVE, q - p - 100);	/* the test repairs its own damage */
	kmem_cache_free(s, p);
	CHECK_EQ(slab_debug_unquarantine(q), 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}
#endif

#ifdef CONFIG_SLAB_DEBUG
TEST(debug_use_after_free)
{
	struct kmem_cache *s;
	u8 *p, *q;

	if (!debug_on()) {
		printf("# debug checks off in this build\n");
		return;
	}
	s = kmem_cache_create("uaf-200", 200, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	/* Fresh objects carry the poison (use of uninitialised memory shows). */
	CHECK_EQ(p[0], POISON_FREE);
	CHECK_EQ(p[199], POISON_END);
	kmem_cache_free(s, p);
	p[17] = 0x99;				/* write after free */
	/* validate sees it ... */
	expect_start();
	CHECK_EQ(kmem_cache_validate(s), 1);
	expect_report(SLAB_BUG_POISON, "uaf-200", "Poison overwritten", p,
		      "First byte 0x99 instead of 0x6b");
	/* ... and so does the allocation that would hand it out. */
	expect_start();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	expect_report(SLAB_BUG_POISON, "uaf-200", "Poison overwritten", p, "@object+17");
	CHECK(strstr(cap, "another one is handed out"));
	CHECK(q && q != p);
	CHECK_EQ(s->nr_quarantined, 1);
	kmem_cache_free(s, q);
	CHECK_EQ(slab_debug_unquarantine(p), 0);
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}
#endif

#ifdef CONFIG_SLAB_DEBUG
TEST(debug_freepointer_corruption)
{
	struct kmem_cache *s;
	void *objs[8];
	u8 *p;

	if (!debug_on()) {
		printf("# debug checks off in this build\n");
		return;
	}
	s = kmem_cache_create("fp-32", 32, 0, 0, NULL);
	for (int i = 0; i < 8; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 8; i++)
		kmem_cache_free(s, objs[i]);
	/* Object 7 is first on the freelist: scribble on its free pointer. */
	p = objs[7];
	*(void **)(p + s->offset) = (void *)0x1234;
	expect_start();
	CHECK(kmem_cache_alloc(s, GFP_KERNEL) == p);
	expect_report(SLAB_BUG_FREEPTR, "fp-32", "Freepointer corrupt", p, "quarantined");
	CHECK(s->nr_quarantined > 0);
	kmem_cache_free(s, p);
	CHECK_EQ(kmem_cache_validate(s), 0);
	/* Allocation goes on from fresh slabs. */
	for (int i = 0; i < 8; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 8; i++) {
		CHECK(objs[i]);
		kmem_cache_free(s, objs[i]);
	}
	CHECK_EQ(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);			/* quarantined objects do not hold it */
	CHECK(free_lists_as_at_start());
}
#endif

TEST(destroy_with_objects_left)
{
	struct kmem_cache *s = kmem_cache_create("leaky", 40, 0, 0, NULL);
	unsigned int n = slab_caches_count();
	void *a = kmem_cache_alloc(s, GFP_KERNEL), *b = kmem_cache_alloc(s, GFP_KERNEL);

	expect_start();
	kmem_cache_destroy(s);
	expect_report(SLAB_BUG_LEAK, "leaky", "Objects remaining in leaky on kmem_cache_destroy()",
		      a, "2 objects still allocated");
	CHECK_EQ(slab_caches_count(), n);	/* refused: the cache is still there */
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	CHECK_EQ(slab_caches_count(), n - 1);
	/* Boot caches are never destroyed. */
	printk_quiet = true;
	kmem_cache_destroy(kmalloc_slab(64, 0));
	printk_quiet = false;
	CHECK(kmem_cache_find("kmalloc-64"));
	kmem_cache_destroy(NULL);
	CHECK(free_lists_as_at_start());
}

/* ---------------------------------------------------------------------- */
/* slabinfo */

static int run_cmd(const char *line, char *out, size_t size)
{
	char buf[128], *argv[8];
	const struct shell_cmd *cmd;
	int argc = 0, ret;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 7; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	for_each_shell_cmd(cmd)
		if (!strcmp(cmd->name, argv[0]))
			break;
	if (cmd == __stop_shell_cmds)
		return -ENOENT;
	printk_capture_start(out, size);
	ret = cmd->fn(argc, argv);
	printk_capture_stop();
	return ret;
}

TEST(slabinfo_output)
{
	static char out[16384];
	struct kmem_cache *s = kmem_cache_create("info-test", 300, 0, 0, NULL);
	void *objs[7];
	unsigned int lines = 0;
	bool seen = false;

	for (int i = 0; i < 7; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK_EQ(run_cmd("slabinfo", out, sizeof(out)), 0);
	CHECK(!strncmp(out, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n", 200));
	for (char *l = strchr(strchr(out, '\n') + 1, '\n') + 1; *l; l = strchr(l, '\n') + 1) {
		char name[64];
		unsigned long active, num, slabs, aslabs;
		unsigned int objsize, per, pages, t1, t2, t3, sh;
		struct kmem_cache *c;
		struct slab_cache_info info;

		if (sscanf(l, "%63s %lu %lu %u %u %u : tunables %u %u %u : slabdata %lu %lu %u",
			   name, &active, &num, &objsize, &per, &pages, &t1, &t2, &t3, &aslabs,
			   &slabs, &sh) != 12) {
			CHECK(!"slabinfo line does not parse");
			printf("# %.100s\n", l);
			break;
		}
		lines++;
		c = kmem_cache_find(name);
		CHECK(c);
		if (!c)
			break;
		kmem_cache_get_info(c, &info);
		CHECK_EQ(active, info.active_objs);
		CHECK_EQ(num, slabs * per);
		CHECK_EQ(objsize, c->size);
		CHECK_EQ(pages, 1U << c->order);
		if (!strcmp(name, "info-test")) {
			seen = true;
			CHECK_EQ(active, 7);
		}
	}
	CHECK(seen);
	CHECK_EQ(lines, slab_caches_count());

	CHECK_EQ(run_cmd("slabinfo info-test", out, sizeof(out)), 0);
	CHECK(strstr(out, "info-test: object 300 bytes"));
	CHECK(strstr(out, "objects:     7 active of"));
	CHECK_EQ(run_cmd("slabinfo -T", out, sizeof(out)), 0);
	CHECK(strstr(out, "caches:") && strstr(out, "SUnreclaim:"));
	CHECK_EQ(run_cmd("slabinfo -v", out, sizeof(out)), 0);
	CHECK(strstr(out, "0 problems"));
	CHECK_EQ(run_cmd("slabinfo no-such-cache", out, sizeof(out)), 1);
	CHECK(strstr(out, "no cache named 'no-such-cache'"));
	CHECK_EQ(run_cmd("slabinfo -x", out, sizeof(out)), -EINVAL);
	CHECK_EQ(run_cmd("slabinfo a b", out, sizeof(out)), -EINVAL);
	for (int i = 0; i < 7; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	CHECK(free_lists_as_at_start());
}
