// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, host part: the maple tree (lib/maple_tree.c, gap tracking on)
 * against a red-black tree from libbsd's <bsd/sys/tree.h> holding the same
 * ranges, in the same run, at 1k, 10k, 100k and 1M ranges.
 *
 * The ranges look like an address space's VMAs: page-aligned, 1-16 pages
 * long, three in four directly after the previous one (a library's
 * segments, a heap after bss), the rest after a hole of 1-16 pages; eight
 * holes of 64-95 pages are placed at random. Both trees get them in the
 * same random order.
 *
 *   lookup      the range holding a random index (mtree_load / BST descent)
 *   store       inserting every range (mtree_store_range / RB_INSERT)
 *   erase       erasing every range (mtree_erase / RB_FIND + RB_REMOVE)
 *   gap search  the highest free range of 64 pages below a random address:
 *               mas_empty_area_rev, and for the rbtree, which has no gap
 *               augmentation, a walk down from that address with RB_PREV
 *
 * The rbtree's search answers (all 2,000 up to 10k ranges, 2e7/n beyond:
 * its walks take 30 ms each at 1M) must equal the tree's. Prints a table and
 * "BENCH <name> <value> <unit>" lines; the ones with targets:
 *   mt_vs_rb_lookup_100k      lookup rate ratio at 100k ranges (>= 1.5)
 *   mt_gap_search_1m_over_1k  time per gap search, 1M over 1k (<= 2)
 *   mt_bytes_per_range        node bytes per range at 1M (<= 32)
 */
#include <bsd/sys/tree.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arbor/maple_tree.h>

#define PAGE		4096UL
#define BASE		0x10000000UL
#define GAP_PAGES	64

/*
 * Node memory as the kernel's slab gives it: 256-byte objects carved from
 * large aligned blocks, freed ones reused first (glibc's aligned_alloc()
 * would cost more than the tree itself). Bytes per range count nodes in
 * use, as the slab's object count would.
 */
static struct maple_node *node_free_list;
static struct maple_node *node_block, *node_block_end;

struct maple_node *mt_alloc_node(gfp_t gfp)
{
	struct maple_node *node = node_free_list;

	if (node) {
		node_free_list = node->next_free;
	} else {
		if (node_block == node_block_end) {
			node_block = aligned_alloc(MAPLE_NODE_SIZE, 4096 * sizeof(*node));
			if (!node_block)
				return NULL;
			node_block_end = node_block + 4096;
		}
		node = node_block++;
	}
	if (gfp & __GFP_ZERO)
		memset(node, 0, sizeof(*node));
	return node;
}

void mt_free_node(struct maple_node *node)
{
	node->next_free = node_free_list;
	node_free_list = node;
}

struct rb_range {
	RB_ENTRY(rb_range) link;
	unsigned long first, last;
	void *entry;
};

static int rb_range_cmp(struct rb_range *a, struct rb_range *b)
{
	return a->first < b->first ? -1 : a->first > b->first;
}

RB_HEAD(rb_ranges, rb_range);
RB_GENERATE_STATIC(rb_ranges, rb_range, link, rb_range_cmp)

static struct rb_range *rb_lookup(struct rb_ranges *head, unsigned long index)
{
	struct rb_range *n = RB_ROOT(head);

	while (n) {
		if (index < n->first)
			n = RB_LEFT(n, link);
		else if (index > n->last)
			n = RB_RIGHT(n, link);
		else
			return n;
	}
	return NULL;
}

/* The last range starting at or below @index. */
static struct rb_range *rb_floor(struct rb_ranges *head, unsigned long index)
{
	struct rb_range *n = RB_ROOT(head), *best = NULL;

	while (n) {
		if (index < n->first) {
			n = RB_LEFT(n, link);
		} else {
			best = n;
			n = RB_RIGHT(n, link);
		}
	}
	return best;
}

/* Highest free [end - size + 1, end] inside [min, max], walking ranges downwards. */
static int rb_empty_area_rev(struct rb_ranges *head, unsigned long min, unsigned long max,
			     unsigned long size, unsigned long *end)
{
	struct rb_range *n = rb_floor(head, max);
	unsigned long hi = max;

	if (n && n->last >= max) {
		if (n->first == 0)
			return -1;
		hi = n->first - 1;
		n = RB_PREV(rb_ranges, head, n);
	}
	for (;;) {
		unsigned long lo = n ? n->last + 1 : 0;

		if (lo < min)
			lo = min;
		if (hi >= lo && hi - lo >= size - 1) {
			*end = hi;
			return 0;
		}
		if (!n || n->first <= min)
			return -1;
		hi = n->first - 1;
		n = RB_PREV(rb_ranges, head, n);
	}
}

static int rb_height(struct rb_range *n)
{
	int l, r;

	if (!n)
		return 0;
	l = rb_height(RB_LEFT(n, link));
	r = rb_height(RB_RIGHT(n, link));
	return 1 + (l > r ? l : r);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned long rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned long)(rng * 0x2545F4914F6CDD1DULL);
}

struct layout {
	unsigned long n;
	unsigned long *first, *last;
	unsigned long *order;	/* random insertion order */
	unsigned long top;	/* end of the last range */
};

static void make_layout(struct layout *l, unsigned long n, int sparse)
{
	unsigned long addr = BASE;
	unsigned long holes[8];

	l->n = n;
	l->first = malloc(n * sizeof(*l->first));
	l->last = malloc(n * sizeof(*l->last));
	l->order = malloc(n * sizeof(*l->order));
	for (int h = 0; h < 8; h++)
		holes[h] = rnd() % n;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long len = (1 + rnd() % 16) * PAGE;

		for (int h = 0; h < 8; h++)
			if (holes[h] == i)
				addr += (GAP_PAGES + rnd() % 32) * PAGE;
		if (sparse || rnd() % 4 == 0)
			addr += (1 + rnd() % 16) * PAGE;
		l->first[i] = addr;
		l->last[i] = addr + len - 1;
		addr += len;
		l->order[i] = i;
	}
	l->top = addr;
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = rnd() % (i + 1), t = l->order[i];

		l->order[i] = l->order[j];
		l->order[j] = t;
	}
}

static void free_layout(struct layout *l)
{
	free(l->first);
	free(l->last);
	free(l->order);
}

struct result {
	double mt_lookup, rb_lookup;	/* ops/s */
	double mt_store, rb_store;
	double mt_erase, rb_erase;
	double mt_gap, rb_gap;		/* searches/s */
	double mt_bytes, rb_bytes;	/* per range */
	unsigned int mt_height, rb_height;
};

static volatile unsigned long sink;

static void run(unsigned long n, struct result *r)
{
	struct maple_tree mt;
	struct rb_ranges head = RB_INITIALIZER(&head);
	struct rb_range *nodes = malloc(n * sizeof(*nodes)), **rb_alloc;
	unsigned long lookups = n < 100000 ? 2000000 : 4000000;
	unsigned long searches = 20000, *queries = malloc(lookups * sizeof(*queries));
	/* The rbtree's linear walks take 10 ms each at 1M: time fewer of them. */
	unsigned long rb_searches = n > 10000 ? 20000000 / n : 2000;
	struct layout l;
	struct mt_stats st;
	double t0;

	make_layout(&l, n, 0);
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);

	/* Stores, in random order. Each rbtree node is its own allocation, as it would be. */
	rb_alloc = malloc(n * sizeof(*rb_alloc));
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		unsigned long k = l.order[i];

		if (mtree_store_range(&mt, l.first[k], l.last[k], &nodes[k], GFP_KERNEL))
			abort();
	}
	r->mt_store = n / (now() - t0);
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		unsigned long k = l.order[i];
		struct rb_range *x = malloc(sizeof(*x));

		x->first = l.first[k];
		x->last = l.last[k];
		x->entry = &nodes[k];
		rb_alloc[k] = x;
		RB_INSERT(rb_ranges, &head, x);
	}
	r->rb_store = n / (now() - t0);

	mt_get_stats(&mt, &st);
	r->mt_bytes = (double)st.nodes * sizeof(struct maple_node) / n;
	r->mt_height = st.height;
	r->rb_bytes = (double)(malloc_usable_size(rb_alloc[0]) + sizeof(size_t));
	r->rb_height = (unsigned int)rb_height(RB_ROOT(&head));
	if (mt_validate(&mt))
		abort();

	/* Lookups at random indices over the whole layout (some fall in holes). */
	for (unsigned long i = 0; i < lookups; i++)
		queries[i] = BASE + rnd() % (l.top - BASE);
	t0 = now();
	for (unsigned long i = 0; i < lookups; i++)
		sink += (unsigned long)mtree_load(&mt, queries[i]);
	r->mt_lookup = lookups / (now() - t0);
	t0 = now();
	for (unsigned long i = 0; i < lookups; i++) {
		struct rb_range *x = rb_lookup(&head, queries[i]);

		sink += x ? (unsigned long)x->entry : 0;
	}
	r->rb_lookup = lookups / (now() - t0);
	for (unsigned long i = 0; i < 1000; i++) {
		struct rb_range *x = rb_lookup(&head, queries[i]);

		if (mtree_load(&mt, queries[i]) != (x ? x->entry : NULL))
			abort();
	}

	/* Top-down free-range searches below random addresses. */
	{
		unsigned long *mt_ans = malloc(searches * sizeof(*mt_ans));
		unsigned long *rb_ans = malloc(searches * sizeof(*rb_ans));
		unsigned long size = GAP_PAGES * PAGE;
		MA_STATE(mas, &mt, 0, 0);

		for (unsigned long i = 0; i < searches; i++)
			queries[i] = BASE + rnd() % (l.top - BASE);
		t0 = now();
		for (unsigned long i = 0; i < searches; i++)
			mt_ans[i] = mas_empty_area_rev(&mas, BASE, queries[i], size) ? 0 : mas.last;
		r->mt_gap = searches / (now() - t0);
		t0 = now();
		for (unsigned long i = 0; i < rb_searches; i++) {
			unsigned long end;

			rb_ans[i] = rb_empty_area_rev(&head, BASE, queries[i], size, &end) ? 0 : end;
		}
		r->rb_gap = rb_searches / (now() - t0);
		if (memcmp(mt_ans, rb_ans, rb_searches * sizeof(*mt_ans)))
			abort();
		free(mt_ans);
		free(rb_ans);
	}

	/* Erases, in another random order. */
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = rnd() % (i + 1), t = l.order[i];

		l.order[i] = l.order[j];
		l.order[j] = t;
	}
	t0 = now();
	for (unsigned long i = 0; i < n; i++)
		if (!mtree_erase(&mt, l.first[l.order[i]]))
			abort();
	r->mt_erase = n / (now() - t0);
	t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		struct rb_range key = { .first = l.first[l.order[i]] };
		struct rb_range *x = RB_FIND(rb_ranges, &head, &key);

		RB_REMOVE(rb_ranges, &head, x);
		free(x);
	}
	r->rb_erase = n / (now() - t0);
	if (!mtree_empty(&mt) || !RB_EMPTY(&head))
		abort();

	free(rb_alloc);
	free(nodes);
	free(queries);
	free_layout(&l);
}

/* Node bytes per range when no two ranges touch (every range has a gap after it). */
static double sparse_bytes(unsigned long n)
{
	struct maple_tree mt;
	struct layout l;
	struct mt_stats st;

	make_layout(&l, n, 1);
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (unsigned long i = 0; i < n; i++)
		mtree_store_range(&mt, l.first[l.order[i]], l.last[l.order[i]], &l, GFP_KERNEL);
	mt_get_stats(&mt, &st);
	mtree_destroy(&mt);
	free_layout(&l);
	return (double)st.nodes * sizeof(struct maple_node) / n;
}

static void bench(const char *name, double value, const char *unit)
{
	printf("BENCH %s %.*f %s\n", name, value < 100 ? 2 : 0, value, unit);
}

int main(void)
{
	static const unsigned long sizes[] = { 1000, 10000, 100000, 1000000 };
	static const char *const names[] = { "1k", "10k", "100k", "1m" };
	struct result res[4];
	char name[64];

	for (int i = 0; i < 4; i++)
		run(sizes[i], &res[i]);

	printf("maple tree (256-byte nodes, gap tracking) vs libbsd red-black tree, same ranges\n");
	printf("%-7s %-5s %12s %12s %12s %14s %8s %7s\n", "ranges", "tree", "lookups/s",
	       "stores/s", "erases/s", "gap search/s", "B/range", "height");
	for (int i = 0; i < 4; i++) {
		const struct result *r = &res[i];

		printf("%-7s %-5s %12.0f %12.0f %12.0f %14.0f %8.1f %7u\n", names[i], "maple",
		       r->mt_lookup, r->mt_store, r->mt_erase, r->mt_gap, r->mt_bytes, r->mt_height);
		printf("%-7s %-5s %12.0f %12.0f %12.0f %14.0f %8.1f %7u\n", "", "rb", r->rb_lookup,
		       r->rb_store, r->rb_erase, r->rb_gap, r->rb_bytes, r->rb_height);
	}
	for (int i = 0; i < 4; i++) {
		const struct result *r = &res[i];

#define B(what, v, unit)							\
		do {								\
			snprintf(name, sizeof(name), what "_%s", names[i]);	\
			bench(name, v, unit);					\
		} while (0)
		B("mt_lookup", r->mt_lookup, "ops/s");
		B("rb_lookup", r->rb_lookup, "ops/s");
		B("mt_store", r->mt_store, "ops/s");
		B("rb_store", r->rb_store, "ops/s");
		B("mt_erase", r->mt_erase, "ops/s");
		B("rb_erase", r->rb_erase, "ops/s");
		B("mt_gap_search", r->mt_gap, "ops/s");
		B("rb_gap_search", r->rb_gap, "ops/s");
		B("mt_height", r->mt_height, "levels");
		B("rb_height", r->rb_height, "levels");
		B("mt_bytes_per_range", r->mt_bytes, "bytes");
#undef B
	}
	bench("mt_vs_rb_lookup_100k", res[2].mt_lookup / res[2].rb_lookup, "ratio");
	bench("mt_gap_search_1m_over_1k", res[0].mt_gap / res[3].mt_gap, "ratio");
	bench("mt_bytes_per_range", res[3].mt_bytes, "bytes");
	bench("rb_bytes_per_range", res[3].rb_bytes, "bytes");
	bench("mt_bytes_per_range_sparse", sparse_bytes(1000000), "bytes");
	return 0;
}
