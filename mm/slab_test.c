// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel tests of the slab allocator on the real memory map:
 *
 *   slab          kmalloc size classes, alignment, ksize, kzalloc/kcalloc,
 *                 krealloc, caches with alignments and constructors,
 *                 NR_SLAB_* accounting, random operations against a model,
 *                 exhaustion of most of RAM and recovery, validate
 *   slab_debug    each debug detection triggered on purpose, its report
 *                 checked (cache, object, caller, what was found), and the
 *                 allocator still sound afterwards
 *
 * Every case leaves memory as it found it: after shrinking the caches it
 * used, NR_FREE_PAGES (MemFree) and the slab byte counters are back where
 * they were. Deliberate reports are kept off the console (they are still
 * logged); the test prints each one's headline as a KTAP diagnostic.
 */
#include <arbor/kallsyms.h>
#include <arbor/ktest.h>
#include <arbor/log.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#define noipa		__attribute__((__noipa__))

struct mem_snapshot {
	long free;
	long slab_r, slab_u;
};

static void shrink_kmalloc(void)
{
	for (size_t size = 8; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		kmem_cache_shrink(kmalloc_slab(size, 0));
		kmem_cache_shrink(kmalloc_slab(size, __GFP_RECLAIMABLE));
	}
	kmem_cache_shrink(kmalloc_slab(96, 0));
	kmem_cache_shrink(kmalloc_slab(192, 0));
	kmem_cache_shrink(kmalloc_slab(96, __GFP_RECLAIMABLE));
	kmem_cache_shrink(kmalloc_slab(192, __GFP_RECLAIMABLE));
	/* Caches the tests create and destroy take their struct from here. */
	kmem_cache_shrink(kmem_cache_find("kmem_cache"));
}

static void snapshot(struct mem_snapshot *m)
{
	shrink_kmalloc();
	drain_local_pages();
	m->free = global_vm_stat(NR_FREE_PAGES);
	m->slab_r = global_vm_stat(NR_SLAB_RECLAIMABLE_B);
	m->slab_u = global_vm_stat(NR_SLAB_UNRECLAIMABLE_B);
}

static void expect_snapshot(struct ktest *t, const struct mem_snapshot *before)
{
	struct mem_snapshot now;

	snapshot(&now);
	KTEST_EXPECT_EQ(t, now.free, before->free);
	KTEST_EXPECT_EQ(t, now.slab_r, before->slab_r);
	KTEST_EXPECT_EQ(t, now.slab_u, before->slab_u);
	KTEST_EXPECT_EQ(t, slab_validate(), 0);
}

/* ---- kmalloc ---------------------------------------------------------- */

static unsigned int class_of(size_t size)
{
	static const unsigned int classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
						1024, 2048, 4096, 8192 };

	for (unsigned int i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

static void test_kmalloc_size_classes(struct ktest *t)
{
	struct mem_snapshot before;
	unsigned long bugs = slab_bug_count[SLAB_BUG_REDZONE];

	snapshot(&before);
	KTEST_EXPECT_TRUE(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size += size < 300 ? 1 : 61) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		unsigned int cls = class_of(size);

		KTEST_ASSERT_TRUE(t, p);
		if (ksize(p) != cls || (uintptr_t)p % ARCH_KMALLOC_MINALIGN ||
		    kmalloc_size_roundup(size) != cls)
			ktest_fail(t, __FILE__, __LINE__, "kmalloc(%zu) = %p: ksize %zu, class %u",
				   size, p, ksize(p), cls);
		memset(p, 0x5a, cls);
		kfree(p);
	}
	/* Powers of two are naturally aligned. */
	for (size_t size = 8; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		void *p = kmalloc(size, GFP_KERNEL);

		KTEST_EXPECT_EQ(t, (uintptr_t)p % size, 0);
		kfree(p);
	}
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(64, 0)->name, "kmalloc-64"));
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(65, 0)->name, "kmalloc-96"));
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(129, 0)->name, "kmalloc-192"));
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(1000, 0)->name, "kmalloc-1k"));
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(8192, 0)->name, "kmalloc-8k"));
	KTEST_EXPECT_TRUE(t, !strcmp(kmalloc_slab(8, __GFP_RECLAIMABLE)->name, "kmalloc-rcl-8"));
	KTEST_EXPECT_TRUE(t, !kmalloc_slab(8193, 0));
	KTEST_EXPECT_EQ(t, slab_bug_count[SLAB_BUG_REDZONE], bugs);
	expect_snapshot(t, &before);
}

static void test_kmalloc_large(struct ktest *t)
{
	static const size_t sizes[] = { 8193, 16384, 16385, 200000, 1 << 20, KMALLOC_MAX_SIZE };
	unsigned long large_before = kmalloc_large_pages;
	struct mem_snapshot before;

	snapshot(&before);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t block = PAGE_SIZE;
		long free = global_vm_stat(NR_FREE_PAGES);
		u8 *p;

		while (block < sizes[i])
			block <<= 1;
		p = kmalloc(sizes[i], GFP_KERNEL);
		KTEST_ASSERT_TRUE(t, p);
		KTEST_EXPECT_EQ(t, (uintptr_t)p % PAGE_SIZE, 0);
		KTEST_EXPECT_EQ(t, ksize(p), block);
		KTEST_EXPECT_EQ(t, free - global_vm_stat(NR_FREE_PAGES), block / PAGE_SIZE);
		KTEST_EXPECT_EQ(t, global_vm_stat(NR_SLAB_UNRECLAIMABLE_B) - before.slab_u, block);
		KTEST_EXPECT_EQ(t, kmalloc_large_pages - large_before, block / PAGE_SIZE);
		memset(p, 0x77, block);
		kfree(p);
	}
	KTEST_EXPECT_TRUE(t, !kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, kmalloc_large_pages, large_before);
	expect_snapshot(t, &before);
}

static void test_kzalloc_kcalloc(struct ktest *t)
{
	struct mem_snapshot before;

	snapshot(&before);
	for (size_t size = 1; size <= 20000; size = size * 2 + 3) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		bool zero = true;

		memset(p, 0xee, size);
		kfree(p);
		p = kzalloc(size, GFP_KERNEL);
		for (size_t i = 0; i < size; i++)
			zero &= !p[i];
		KTEST_EXPECT_TRUE(t, zero);
		kfree(p);
	}
	KTEST_EXPECT_TRUE(t, !kcalloc(SIZE_MAX / 4, 8, GFP_KERNEL));
	KTEST_EXPECT_TRUE(t, !kmalloc_array(SIZE_MAX, 2, GFP_KERNEL));
	expect_snapshot(t, &before);
}

static void test_krealloc(struct ktest *t)
{
	struct mem_snapshot before;
	size_t size = 1;
	u8 *p, *q;

	snapshot(&before);
	p = krealloc(NULL, 1, GFP_KERNEL);
	p[0] = 0;
	for (size_t n = 2; n < 100000; n = n * 5 / 3 + 1) {
		q = krealloc(p, n, GFP_KERNEL);
		KTEST_ASSERT_TRUE(t, q);
		for (size_t i = 0; i < size; i++)
			if (q[i] != (u8)(i * 7)) {
				ktest_fail(t, __FILE__, __LINE__, "byte %zu lost growing to %zu", i, n);
				break;
			}
		for (size_t i = size; i < n; i++)
			q[i] = (u8)(i * 7);
		p = q;
		size = n;
	}
	kfree(p);
	p = kmalloc(100, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, krealloc(p, 120, GFP_KERNEL) == p);	/* same class */
	KTEST_EXPECT_TRUE(t, krealloc(p, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	expect_snapshot(t, &before);
}

/* ---- caches ------------------------------------------------------------ */

static unsigned int ctor_calls;

static void ctor_pattern(void *obj)
{
	memset(obj, 0x3c, 77);
	ctor_calls++;
}

static void test_cache_alignment_and_ctor(struct ktest *t)
{
	static const unsigned int aligns[] = { 0, 8, 16, 64, 256, 4096 };
	struct mem_snapshot before;
	void *objs[50];

	snapshot(&before);
	for (unsigned int a = 0; a < ARRAY_SIZE(aligns); a++) {
		struct kmem_cache *s = kmem_cache_create("ktest-align", 77, aligns[a],
							 a & 1 ? SLAB_HWCACHE_ALIGN : 0,
							 ctor_pattern);
		unsigned int want = max(aligns[a], (a & 1) ? 64U : 8U);
		bool ok = true;

		KTEST_ASSERT_TRUE(t, s);
		ctor_calls = 0;
		for (int i = 0; i < 50; i++) {
			u8 *o = objs[i] = kmem_cache_alloc(s, GFP_KERNEL);

			KTEST_ASSERT_TRUE(t, o);
			ok &= (uintptr_t)o % want == 0;
			for (int b = 0; b < 77; b++)
				ok &= o[b] == 0x3c;
		}
		KTEST_EXPECT_TRUE(t, ok);
		/* Once per object, when its slab was made. */
		KTEST_EXPECT_EQ(t, ctor_calls, s->nr_slabs * s->objects);
		for (int i = 0; i < 50; i++)
			kmem_cache_free(s, objs[i]);
		KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
		kmem_cache_destroy(s);
	}
	expect_snapshot(t, &before);
}

static void test_slab_accounting(struct ktest *t)
{
	struct kmem_cache *r = kmem_cache_create("ktest-rcl", 1000, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	struct kmem_cache *u = kmem_cache_create("ktest-unr", 1000, 0, 0, NULL);
	struct mem_snapshot before;
	void *a, *b;

	KTEST_ASSERT_TRUE(t, r && u);
	snapshot(&before);
	a = kmem_cache_alloc(r, GFP_KERNEL);
	b = kmem_cache_alloc(u, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_SLAB_RECLAIMABLE_B) - before.slab_r,
			PAGE_SIZE << r->order);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_SLAB_UNRECLAIMABLE_B) - before.slab_u,
			PAGE_SIZE << u->order);
	KTEST_EXPECT_EQ(t, before.free - global_vm_stat(NR_FREE_PAGES),
			(1UL << r->order) + (1UL << u->order));
	kmem_cache_free(r, a);
	kmem_cache_free(u, b);
	kmem_cache_shrink(r);
	kmem_cache_shrink(u);
	expect_snapshot(t, &before);
	kmem_cache_destroy(r);
	kmem_cache_destroy(u);
}

/* ---- random operations against a model ------------------------------------- */

#define RND_CACHES	6
#define RND_LIVE	3000

struct rnd_obj {
	u8 *p;
	u32 size;
	u8 cache;		/* RND_CACHES: kmalloc */
	u8 fill;
};

static struct rnd_obj rnd_live[RND_LIVE];

static u64 rnd_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static bool rnd_filled(const u8 *p, size_t n, u8 v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void test_random_against_model(struct ktest *t)
{
	struct kmem_cache *caches[RND_CACHES];
	unsigned long live[RND_CACHES] = { 0 };
	unsigned int nlive = 0, bad = 0;
	struct mem_snapshot before;
	u64 rs = 0x9e3779b97f4a7c15ULL;

	snapshot(&before);
	for (unsigned int c = 0; c < RND_CACHES; c++) {
		char name[24];

		snprintf(name, sizeof(name), "ktest-rnd-%u", c);
		caches[c] = kmem_cache_create(name, 1 + rnd_next(&rs) % 700, 8 << (c % 4),
					      c & 1 ? SLAB_NO_USER_FLAGS : 0, NULL);
		KTEST_ASSERT_TRUE(t, caches[c]);
	}
	for (unsigned long op = 0; op < 120000 && !bad; op++) {
		u64 r = rnd_next(&rs);

		if (nlive < RND_LIVE && (nlive == 0 || r % 100 < 52)) {
			struct rnd_obj *o = &rnd_live[nlive];
			unsigned int c = (r >> 8) % (RND_CACHES + 2);

			if (c >= RND_CACHES) {
				o->size = (r >> 16) % 100 ? 1 + (r >> 24) % 2048 : 8193 + (r >> 24) % 30000;
				o->p = kmalloc(o->size, GFP_KERNEL);
				c = RND_CACHES;
				if (o->p && ksize(o->p) < o->size)
					bad++;
			} else {
				o->size = caches[c]->object_size;
				o->p = kmem_cache_alloc(caches[c], GFP_KERNEL);
				if (o->p && (uintptr_t)o->p % caches[c]->align)
					bad++;
				live[c]++;
			}
			if (!o->p) {
				bad++;
				break;
			}
			o->cache = c;
			o->fill = (u8)(r >> 40);
			memset(o->p, o->fill, o->size);
			nlive++;
		} else if (nlive) {
			unsigned int i = (r >> 8) % nlive;
			struct rnd_obj *o = &rnd_live[i];

			/* Overlapping objects would have overwritten each other. */
			if (!rnd_filled(o->p, o->size, o->fill)) {
				ktest_fail(t, __FILE__, __LINE__, "object %p+%u lost its contents",
					   o->p, o->size);
				bad++;
			}
			if (o->cache == RND_CACHES) {
				kfree(o->p);
			} else {
				kmem_cache_free(caches[o->cache], o->p);
				live[o->cache]--;
			}
			rnd_live[i] = rnd_live[--nlive];
		}
		if (op % 30000 == 29999) {
			for (unsigned int c = 0; c < RND_CACHES; c++) {
				struct slab_cache_info info;

				kmem_cache_get_info(caches[c], &info);
				KTEST_EXPECT_EQ(t, info.active_objs, live[c]);
			}
			KTEST_EXPECT_EQ(t, slab_validate(), 0);
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	while (nlive) {
		struct rnd_obj *o = &rnd_live[--nlive];

		if (o->cache == RND_CACHES)
			kfree(o->p);
		else
			kmem_cache_free(caches[o->cache], o->p);
	}
	for (unsigned int c = 0; c < RND_CACHES; c++)
		kmem_cache_destroy(caches[c]);
	expect_snapshot(t, &before);
}

/* ---- exhaustion ---------------------------------------------------------- */

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

static void free_chain(void *head)
{
	while (head) {
		void *next = *(void **)head;

		kfree(head);
		head = next;
	}
}

/*
 * Fill memory until kmalloc() fails: 1 MiB blocks, then ever smaller ones
 * into what is left. Then give every fourth 1 MiB block back and fill the
 * holes with slab objects until that fails too. After everything is freed,
 * MemFree must be back to the page.
 */
static void test_exhaustion_and_recovery(struct ktest *t)
{
	static const size_t smaller[] = { 65536, 4096, 512, 64, 8 };
	struct mem_snapshot before;
	void *big = NULL, *rest = NULL, **pp;
	unsigned long n_big, n_freed = 0, n_small;

	snapshot(&before);
	n_big = exhaust(1 << 20, &big);
	for (unsigned int i = 0; i < ARRAY_SIZE(smaller); i++)
		exhaust(smaller[i], &rest);
	KTEST_EXPECT_TRUE(t, n_big * (1UL << 20) > (unsigned long)before.free * PAGE_SIZE / 2);
	KTEST_EXPECT_TRUE(t, !kmalloc(8, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_TRUE(t, !kmalloc(1 << 20, GFP_KERNEL | __GFP_NOWARN));

	for (pp = &big; *pp; ) {
		void **blk = *pp;

		if (n_freed++ % 4) {
			pp = blk;
			continue;
		}
		*pp = *blk;
		kfree(blk);
	}
	n_freed = (n_freed + 3) / 4;
	n_small = exhaust(2048, &rest);
	KTEST_EXPECT_TRUE(t, n_small * 2048 > n_freed * (1UL << 20) / 8);
	KTEST_EXPECT_TRUE(t, !kmalloc(2048, GFP_KERNEL | __GFP_NOWARN));
	free_chain(big);
	free_chain(rest);
	expect_snapshot(t, &before);
	printk("    # filled %ld MiB with %lu x 1 MiB and smaller; %lu x 2 KiB in the %lu MiB given back\n",
	       before.free >> (20 - PAGE_SHIFT), n_big, n_small, n_freed);
}

static void test_validate_all(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, slab_validate(), 0);
	KTEST_EXPECT_TRUE(t, slab_caches_count() >= 1 + 2 * 13);
	KTEST_EXPECT_TRUE(t, kmem_cache_find("kmem_cache"));
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(test_kmalloc_size_classes),
	KTEST_CASE(test_kmalloc_large),
	KTEST_CASE(test_kzalloc_kcalloc),
	KTEST_CASE(test_krealloc),
	KTEST_CASE(test_cache_alignment_and_ctor),
	KTEST_CASE(test_slab_accounting),
	KTEST_CASE(test_random_against_model),
	KTEST_CASE(test_exhaustion_and_recovery),
	KTEST_CASE(test_validate_all),
	{}
};
KTEST_SUITE(slab, slab_cases);

/* ---- debug detections ------------------------------------------------------ */

#ifdef CONFIG_SLAB_DEBUG

/* Whether kmalloc's caches have the checks (not with "slab_debug=off"). */
static bool debug_kmalloc(void)
{
	return kmalloc_slab(64, 0)->flags & SLAB_RED_ZONE;
}

static unsigned long bugs_before[NR_SLAB_BUGS];
static int saved_loglevel;

/* Reports of deliberate bugs go to the log only, not the console. */
static void trigger_start(void)
{
	memcpy(bugs_before, slab_bug_count, sizeof(bugs_before));
	saved_loglevel = console_loglevel;
	console_loglevel = 3;
}

/*
 * Exactly one report of @kind, with "BUG <cache> (Not tainted): <what>",
 * the object's address, the caller's name and @also in it.
 */
static void expect_report(struct ktest *t, enum slab_bug kind, const char *cache,
			  const char *what, const void *obj, const char *caller, const char *also)
{
	const char *rep = slab_debug_last_report();
	char line[128];

	console_loglevel = saved_loglevel;
	for (unsigned int k = 0; k < NR_SLAB_BUGS; k++)
		if (slab_bug_count[k] - bugs_before[k] != (k == kind))
			ktest_fail(t, __FILE__, __LINE__, "reports of kind %u: %lu, expected %u",
				   k, slab_bug_count[k] - bugs_before[k], k == kind);
	snprintf(line, sizeof(line), "BUG %s (Not tainted): %s", cache, what);
	if (!strstr(rep, line))
		ktest_fail(t, __FILE__, __LINE__, "no \"%s\" in the report", line);
	if (obj) {
		snprintf(line, sizeof(line), "%p", obj);
		if (!strstr(rep, line))
			ktest_fail(t, __FILE__, __LINE__, "object %s not in the report", line);
	}
	snprintf(line, sizeof(line), "INFO: Caller %s+", caller);
	if (!strstr(rep, line))
		ktest_fail(t, __FILE__, __LINE__, "no \"%s\" in the report", line);
	if (also && !strstr(rep, also))
		ktest_fail(t, __FILE__, __LINE__, "no \"%s\" in the report", also);
	if (t->failures)
		printk("%s", rep);
	/* The headline, as a KTAP diagnostic. */
	rep = strstr(rep, "BUG ");
	if (rep)
		printk("    # %.*s\n", (int)(strchr(rep, '\n') - rep), rep);
}

static struct kmem_cache *debug_cache(const char *name, unsigned int size)
{
	return kmem_cache_create(name, size, 0, SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER,
				 NULL);
}

static noipa void test_double_free(struct ktest *t)
{
	struct kmem_cache *s = debug_cache("ktest-dfree", 50);
	struct mem_snapshot before;
	void *p, *q;

	KTEST_ASSERT_TRUE(t, s);
	snapshot(&before);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	trigger_start();
	kmem_cache_free(s, p);
	expect_report(t, SLAB_BUG_DOUBLE_FREE, "ktest-dfree", "Object already free", p,
		      "test_double_free", "Freed by test_double_free+");
	/* Freed once only: two allocations are two objects. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, p != q);
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	if (debug_kmalloc()) {
		p = kmalloc(64, GFP_KERNEL);
		kfree(p);
		trigger_start();
		kfree(p);
		expect_report(t, SLAB_BUG_DOUBLE_FREE, "kmalloc-64", "Object already free", p,
			      "test_double_free", NULL);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	expect_snapshot(t, &before);
}

static u64 not_from_slab[4];

static noipa void test_invalid_free(struct ktest *t)
{
	struct kmem_cache *a = debug_cache("ktest-a", 40), *b = debug_cache("ktest-b", 40);
	struct mem_snapshot before;
	struct page *page;
	u8 *p;

	KTEST_ASSERT_TRUE(t, a && b);
	snapshot(&before);
	/* Kernel image data: not in the linear map. */
	trigger_start();
	kfree(not_from_slab);
	expect_report(t, SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", not_from_slab,
		      "test_invalid_free", "not in the linear map");
	/* A page of the page allocator. */
	page = alloc_page(GFP_KERNEL);
	trigger_start();
	kfree(page_address(page));
	expect_report(t, SLAB_BUG_INVALID_FREE, "kfree", "Invalid free of", page_address(page),
		      "test_invalid_free", "refcount 1");
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_page(page);
	/* Inside an object. */
	p = kmem_cache_alloc(a, GFP_KERNEL);
	trigger_start();
	kmem_cache_free(a, p + 8);
	expect_report(t, SLAB_BUG_INVALID_FREE, "ktest-a", "Invalid object pointer", p + 8,
		      "test_invalid_free", "not at an object boundary");
	/* Another cache's object. */
	trigger_start();
	kmem_cache_free(b, p);
	expect_report(t, SLAB_BUG_WRONG_CACHE, "ktest-b", "Wrong slab cache", p,
		      "test_invalid_free", "is from ktest-a");
	kmem_cache_free(a, p);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(a), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	expect_snapshot(t, &before);
}

static noipa void test_redzone_overwritten(struct ktest *t)
{
	struct kmem_cache *s = debug_cache("ktest-rz", 100);
	struct mem_snapshot before;
	u8 *p, *q;

	KTEST_ASSERT_TRUE(t, s);
	snapshot(&before);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[100] = 0x41;				/* one byte past the end */
	trigger_start();
	kmem_cache_free(s, p);
	expect_report(t, SLAB_BUG_REDZONE, "ktest-rz", "Right Redzone overwritten", p,
		      "test_redzone_overwritten", "First byte 0x41 instead of 0xcc");
	KTEST_EXPECT_EQ(t, s->nr_quarantined, 1);
	/* The kernel goes on, and never hands the corrupted object out. */
	for (int i = 0; i < 100; i++) {
		q = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_EXPECT_TRUE(t, q != p);
		kmem_cache_free(s, q);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	KTEST_EXPECT_EQ(t, slab_debug_unquarantine(p), 0);

	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-3] = 0x42;				/* before the start */
	trigger_start();
	kmem_cache_free(s, p);
	expect_report(t, SLAB_BUG_REDZONE, "ktest-rz", "Left Redzone overwritten", p,
		      "test_redzone_overwritten", "@object-3");
	KTEST_EXPECT_EQ(t, slab_debug_unquarantine(p), 0);

	if (debug_kmalloc()) {
		p = kmalloc(50, GFP_KERNEL);	/* kmalloc-64: 14 bytes of kmalloc red zone */
		p[55] = 0x43;
		trigger_start();
		kfree(p);
		expect_report(t, SLAB_BUG_REDZONE, "kmalloc-64", "kmalloc Redzone overwritten", p,
			      "test_redzone_overwritten", "50 bytes asked for");
		KTEST_EXPECT_EQ(t, slab_debug_unquarantine(p), 0);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	expect_snapshot(t, &before);
}

static noipa void test_use_after_free(struct ktest *t)
{
	struct kmem_cache *s = debug_cache("ktest-uaf", 128);
	struct mem_snapshot before;
	u8 *p, *q;

	KTEST_ASSERT_TRUE(t, s);
	snapshot(&before);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, p[0], POISON_FREE);
	KTEST_EXPECT_EQ(t, p[127], POISON_END);
	kmem_cache_free(s, p);
	p[64] = 0;				/* write after free */
	trigger_start();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	expect_report(t, SLAB_BUG_POISON, "ktest-uaf", "Poison overwritten", p,
		      "test_use_after_free", "First byte 0x0 instead of 0x6b");
	trigger_start();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	expect_report(t, SLAB_BUG_POISON, "ktest-uaf", "Poison overwritten", p,
		      "test_use_after_free", "another one is handed out");
	KTEST_EXPECT_TRUE(t, q && q != p);
	kmem_cache_free(s, q);
	KTEST_EXPECT_EQ(t, slab_debug_unquarantine(p), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	expect_snapshot(t, &before);
}

static noipa void test_freepointer_corrupt(struct ktest *t)
{
	struct kmem_cache *s = debug_cache("ktest-fp", 24);
	struct mem_snapshot before;
	void *objs[4];
	u8 *p;

	KTEST_ASSERT_TRUE(t, s);
	snapshot(&before);
	for (int i = 0; i < 4; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, objs[i]);
	p = objs[3];				/* first on the freelist */
	*(void **)(p + s->offset) = not_from_slab;
	trigger_start();
	KTEST_EXPECT_TRUE(t, kmem_cache_alloc(s, GFP_KERNEL) == p);
	expect_report(t, SLAB_BUG_FREEPTR, "ktest-fp", "Freepointer corrupt", p,
		      "test_freepointer_corrupt", "unreachable free objects quarantined");
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	for (int i = 0; i < 4; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, objs[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	expect_snapshot(t, &before);
}

static noipa void test_destroy_with_objects(struct ktest *t)
{
	struct kmem_cache *s = debug_cache("ktest-leak", 64);
	unsigned int n;
	void *p;

	KTEST_ASSERT_TRUE(t, s);
	n = slab_caches_count();
	p = kmem_cache_alloc(s, GFP_KERNEL);
	trigger_start();
	kmem_cache_destroy(s);
	expect_report(t, SLAB_BUG_LEAK, "ktest-leak",
		      "Objects remaining in ktest-leak on kmem_cache_destroy()", p,
		      "test_destroy_with_objects", "allocated by test_destroy_with_objects+");
	KTEST_EXPECT_EQ(t, slab_caches_count(), n);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(t, slab_caches_count(), n - 1);
}

static void test_debug_state(struct ktest *t)
{
	/* Explicit flags turn on all three checks; a constructor rules poison out. */
	struct kmem_cache *s = kmem_cache_create("ktest-flags", 32, 0, SLAB_POISON, NULL);
	struct kmem_cache *c = kmem_cache_create("ktest-ctor", 32, 0, SLAB_POISON, ctor_pattern);

	KTEST_ASSERT_TRUE(t, s && c);
	KTEST_EXPECT_EQ(t, s->flags & SLAB_DEBUG_FLAGS, SLAB_DEBUG_FLAGS);
	KTEST_EXPECT_EQ(t, c->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE | SLAB_STORE_USER);
	kmem_cache_destroy(s);
	kmem_cache_destroy(c);
	s = kmem_cache_create("ktest-plain", 32, 0, SLAB_NO_USER_FLAGS, NULL);
	KTEST_EXPECT_EQ(t, s->flags & SLAB_DEBUG_FLAGS, 0);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(t, slab_validate(), 0);
}

static const struct ktest_case slab_debug_cases[] = {
	KTEST_CASE(test_debug_state),
	KTEST_CASE(test_double_free),
	KTEST_CASE(test_invalid_free),
	KTEST_CASE(test_redzone_overwritten),
	KTEST_CASE(test_use_after_free),
	KTEST_CASE(test_freepointer_corrupt),
	KTEST_CASE(test_destroy_with_objects),
	{}
};
KTEST_SUITE(slab_debug, slab_debug_cases);
#endif /* CONFIG_SLAB_DEBUG */
