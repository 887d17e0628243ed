// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for lib/maple_tree*.c.
 *
 * Fixed cases for each API call and the edges (index 0, ULONG_MAX,
 * single-index ranges, stores spanning many nodes, erasing everything,
 * free-range searches that must fail), mt_validate() catching deliberate
 * corruption, allocation failure at every point of a write (the tree must
 * be unchanged and nothing leaked), then the randomized differential test
 * (lib/maple_tree_test.c) against a sorted array of ranges, with fixed
 * seeds: 2.6 million operations in make check, five times as many (13
 * million) in make fuzz (TEST_SCALE=5); MT_TEST_OPS=<n> sets the count per case.
 */
#include "test.h"

#include <arbor/errno.h>
#include <arbor/maple_tree.h>
#include <arbor/printk.h>

#include "host_printk.h"
#include "mt_host_alloc.h"

#include "../../lib/maple_tree_internal.h"

#define V(n)	xa_mk_value(n)

static void check_valid(struct maple_tree *mt, int line)
{
	if (mt_validate(mt)) {
		printf("# %s:%d: mt_validate failed\n", __FILE__, line);
		test_failed_checks++;
	}
}
#define VALID(mt)	check_valid(mt, __LINE__)

/* Walk @index and compare the range and entry. */
#define CHECK_WALK(mt, idx, lo, hi, want)				\
	do {								\
		MA_STATE(_m, (mt), (idx), (idx));			\
		void *_e = mas_walk(&_m);				\
		CHECK_EQ(_m.index, (lo));				\
		CHECK_EQ(_m.last, (hi));				\
		CHECK(_e == (void *)(want));				\
	} while (0)

static void mt_start(void)
{
	CHECK_EQ(mt_host_nodes, 0);
	mt_host_nodes = 0;
	mt_host_fail_after = -1;
}

static void mt_end(struct maple_tree *mt)
{
	mtree_destroy(mt);
	CHECK_EQ(mt_host_nodes, 0);
	mt_host_nodes = 0;
}

TEST(node_layout)
{
	struct maple_node n;
	struct maple_tree mt;

	CHECK_EQ(sizeof(struct maple_node), 256);
	CHECK_EQ(_Alignof(struct maple_node), 256);
	CHECK_EQ(sizeof(n.mr64.pivot) / sizeof(n.mr64.pivot[0]), 15);
	CHECK_EQ(sizeof(n.mr64.slot) / sizeof(n.mr64.slot[0]), 16);
	CHECK_EQ(sizeof(n.ma64.pivot) / sizeof(n.ma64.pivot[0]), 9);
	CHECK_EQ(sizeof(n.ma64.slot) / sizeof(n.ma64.slot[0]), 10);
	CHECK_EQ(sizeof(n.ma64.gap) / sizeof(n.ma64.gap[0]), 10);
	CHECK(sizeof(struct maple_arange_64) <= 256);

	/* Encoded nodes carry the type; parent pointers the slot and the parent's type. */
	mt_init(&mt);
	struct maple_enode *e = mt_mk_node(&n, maple_arange_64);
	CHECK(mte_to_node(e) == &n);
	CHECK_EQ(mte_node_type(e), maple_arange_64);
	CHECK(!mte_is_leaf(e));
	CHECK(mte_is_leaf(mt_mk_node(&n, maple_leaf_64)));
	CHECK(mt_is_enode(e));
	n.parent = mt_mk_parent(&n, maple_arange_64, 9);
	CHECK(mte_parent(&n) == &n);
	CHECK_EQ(mte_parent_slot(&n), 9);
	CHECK_EQ(mte_parent_type(&n), maple_arange_64);
	CHECK(!mte_is_root(&n));
	n.parent = mt_mk_root_parent(&mt);
	CHECK(mte_is_root(&n));
}

TEST(empty_tree)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 5, 5);

	mt_start();
	CHECK(mtree_empty(&mt));
	CHECK_EQ(mt_height(&mt), 0);
	CHECK(mtree_load(&mt, 0) == NULL);
	CHECK(mtree_load(&mt, ULONG_MAX) == NULL);
	CHECK(mas_walk(&mas) == NULL);
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas.last, ULONG_MAX);
	mas_set(&mas, 0);
	CHECK(mas_find(&mas, ULONG_MAX) == NULL);
	mas_set(&mas, ULONG_MAX);
	CHECK(mas_find_rev(&mas, 0) == NULL);
	CHECK(mtree_erase(&mt, 7) == NULL);
	CHECK_EQ(mtree_store_range(&mt, 3, 9, NULL, GFP_KERNEL), 0);
	CHECK(mtree_empty(&mt));
	CHECK_EQ(mas_empty_area(&mas, 10, 20, 11), 0);
	CHECK_EQ(mas.index, 10);
	CHECK_EQ(mas.last, 20);
	CHECK_EQ(mas_empty_area_rev(&mas, 10, 20, 5), 0);
	CHECK_EQ(mas.index, 16);
	CHECK_EQ(mas.last, 20);
	VALID(&mt);
	mt_end(&mt);
}

TEST(single_index_edges)
{
	DEFINE_MTREE(mt);

	mt_start();
	CHECK_EQ(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
	CHECK_EQ(mtree_store(&mt, ULONG_MAX, V(2), GFP_KERNEL), 0);
	CHECK_EQ(mtree_store(&mt, 1000, V(3), GFP_KERNEL), 0);
	VALID(&mt);
	CHECK(mtree_load(&mt, 0) == V(1));
	CHECK(mtree_load(&mt, 1) == NULL);
	CHECK(mtree_load(&mt, 999) == NULL);
	CHECK(mtree_load(&mt, 1000) == V(3));
	CHECK(mtree_load(&mt, 1001) == NULL);
	CHECK(mtree_load(&mt, ULONG_MAX - 1) == NULL);
	CHECK(mtree_load(&mt, ULONG_MAX) == V(2));
	CHECK_WALK(&mt, 0, 0, 0, V(1));
	CHECK_WALK(&mt, 1, 1, 999, NULL);
	CHECK_WALK(&mt, 1000, 1000, 1000, V(3));
	CHECK_WALK(&mt, 5000, 1001, ULONG_MAX - 1, NULL);
	CHECK_WALK(&mt, ULONG_MAX, ULONG_MAX, ULONG_MAX, V(2));
	CHECK(mtree_erase(&mt, ULONG_MAX) == V(2));
	CHECK_WALK(&mt, ULONG_MAX, 1001, ULONG_MAX, NULL);
	CHECK(mtree_erase(&mt, 0) == V(1));
	CHECK_WALK(&mt, 0, 0, 999, NULL);
	VALID(&mt);
	CHECK(mtree_erase(&mt, 1000) == V(3));
	CHECK(mtree_empty(&mt));
	CHECK_EQ(mt_host_nodes, 0);
	mt_end(&mt);
}

TEST(whole_space_range)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);

	mt_start();
	CHECK_EQ(mtree_store_range(&mt, 0, ULONG_MAX, V(9), GFP_KERNEL), 0);
	VALID(&mt);
	CHECK(mtree_load(&mt, 12345) == V(9));
	CHECK_WALK(&mt, 77, 0, ULONG_MAX, V(9));
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 1), -EBUSY);
	CHECK_EQ(mtree_insert(&mt, 5, V(1), GFP_KERNEL), -EEXIST);
	/* A hole punched in it splits it in three. */
	CHECK_EQ(mtree_store_range(&mt, 100, 199, NULL, GFP_KERNEL), 0);
	CHECK_WALK(&mt, 0, 0, 99, V(9));
	CHECK_WALK(&mt, 150, 100, 199, NULL);
	CHECK_WALK(&mt, 200, 200, ULONG_MAX, V(9));
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 100), 0);
	CHECK_EQ(mas.index, 100);
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 101), -EBUSY);
	VALID(&mt);
	CHECK(mtree_erase(&mt, 5) == V(9));
	CHECK(mtree_erase(&mt, ULONG_MAX) == V(9));
	CHECK(mtree_empty(&mt));
	mt_end(&mt);
}

TEST(overwrite_and_split)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 40, 60);

	mt_start();
	CHECK_EQ(mtree_store_range(&mt, 0, 100, V(1), GFP_KERNEL), 0);
	CHECK(mas_store(&mas, V(2)) == V(1));	/* returns what was at index */
	CHECK_WALK(&mt, 0, 0, 39, V(1));
	CHECK_WALK(&mt, 50, 40, 60, V(2));
	CHECK_WALK(&mt, 61, 61, 100, V(1));
	/* Partial overlap on both sides. */
	CHECK_EQ(mtree_store_range(&mt, 30, 70, V(3), GFP_KERNEL), 0);
	CHECK_WALK(&mt, 29, 0, 29, V(1));
	CHECK_WALK(&mt, 30, 30, 70, V(3));
	CHECK_WALK(&mt, 71, 71, 100, V(1));
	/* Adjacent equal entries are kept as separate ranges. */
	CHECK_EQ(mtree_store_range(&mt, 71, 80, V(3), GFP_KERNEL), 0);
	CHECK_WALK(&mt, 75, 71, 80, V(3));
	CHECK_WALK(&mt, 70, 30, 70, V(3));
	VALID(&mt);
	mt_end(&mt);
}

TEST(empty_ranges_merge)
{
	DEFINE_MTREE(mt);

	mt_start();
	CHECK_EQ(mtree_store_range(&mt, 10, 19, V(1), GFP_KERNEL), 0);
	CHECK_EQ(mtree_store_range(&mt, 20, 29, V(2), GFP_KERNEL), 0);
	CHECK_EQ(mtree_store_range(&mt, 30, 39, V(3), GFP_KERNEL), 0);
	CHECK(mtree_erase(&mt, 25) == V(2));
	CHECK_WALK(&mt, 25, 20, 29, NULL);
	CHECK(mtree_erase(&mt, 15) == V(1));
	CHECK_WALK(&mt, 5, 0, 29, NULL);
	CHECK(mtree_erase(&mt, 30) == V(3));
	CHECK(mtree_empty(&mt));
	VALID(&mt);
	mt_end(&mt);
}

static void fill_ascending(struct maple_tree *mt, unsigned long n, unsigned long step,
			   unsigned long len)
{
	for (unsigned long i = 0; i < n; i++)
		if (mtree_store_range(mt, i * step, i * step + len - 1, V(i + 1), GFP_KERNEL))
			CHECK(0);
}

TEST(ascending_and_descending_inserts)
{
	DEFINE_MTREE(mt);
	struct mt_stats st;
	unsigned long n = 100000;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_ascending(&mt, n, 16, 10);
	VALID(&mt);
	mt_get_stats(&mt, &st);
	CHECK_EQ(st.entries, n);
	printf("# ascending: %lu ranges, height %u, %lu nodes, fill %lu%%\n", n, st.height,
	       st.nodes, st.slots_used * 100 / st.slots);
	CHECK(st.height <= 7);
	for (unsigned long i = 0; i < n; i += 97) {
		CHECK(mtree_load(&mt, i * 16 + 9) == V(i + 1));
		CHECK(mtree_load(&mt, i * 16 + 10) == NULL);
	}
	mt_end(&mt);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (unsigned long i = n; i-- > 0;)
		CHECK_EQ(mtree_insert_range(&mt, i * 16, i * 16 + 9, V(i + 1), GFP_KERNEL), 0);
	VALID(&mt);
	mt_get_stats(&mt, &st);
	CHECK_EQ(st.entries, n);
	printf("# descending: height %u, %lu nodes, fill %lu%%\n", st.height, st.nodes,
	       st.slots_used * 100 / st.slots);
	mt_end(&mt);
}

TEST(spanning_overwrite)
{
	DEFINE_MTREE(mt);
	u64 rng = 42;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (int round = 0; round < 200; round++) {
		unsigned long a, b;

		fill_ascending(&mt, 5000, 10, 1 + round % 10);
		a = test_rand(&rng) % 60000;
		b = a + test_rand(&rng) % 30000;
		CHECK_EQ(mtree_store_range(&mt, a, b, round & 1 ? V(7) : NULL, GFP_KERNEL), 0);
		VALID(&mt);
		if (round & 1) {
			CHECK_WALK(&mt, b, a, b, V(7));
		} else {
			MA_STATE(mas, &mt, a, a);

			CHECK(mas_walk(&mas) == NULL);
			CHECK(mas.index <= a && mas.last >= b);
		}
		if (round % 20 == 19)
			mtree_destroy(&mt);
	}
	mt_end(&mt);
}

TEST(erase_everything)
{
	DEFINE_MTREE(mt);
	unsigned long n = 20000, *order = malloc(n * sizeof(*order));
	u64 rng = 7;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_ascending(&mt, n, 3, 2);
	for (unsigned long i = 0; i < n; i++)
		order[i] = i;
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = test_rand(&rng) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (unsigned long i = 0; i < n; i++) {
		CHECK(mtree_erase(&mt, order[i] * 3 + 1) == V(order[i] + 1));
		if (i % 1000 == 0)
			VALID(&mt);
	}
	CHECK(mtree_empty(&mt));
	CHECK_EQ(mt_height(&mt), 0);
	CHECK_EQ(mt_host_nodes, 0);
	/* And all at once, with one store of NULL over everything. */
	fill_ascending(&mt, n, 3, 2);
	CHECK_EQ(mtree_store_range(&mt, 0, ULONG_MAX, NULL, GFP_KERNEL), 0);
	CHECK(mtree_empty(&mt));
	CHECK_EQ(mt_host_nodes, 0);
	free(order);
	mt_end(&mt);
}

TEST(insert_rules)
{
	DEFINE_MTREE(mt);

	mt_start();
	CHECK_EQ(mtree_insert_range(&mt, 10, 20, V(1), GFP_KERNEL), 0);
	CHECK_EQ(mtree_insert_range(&mt, 20, 30, V(2), GFP_KERNEL), -EEXIST);
	CHECK_EQ(mtree_insert_range(&mt, 0, 10, V(2), GFP_KERNEL), -EEXIST);
	CHECK_EQ(mtree_insert_range(&mt, 0, 100, V(2), GFP_KERNEL), -EEXIST);
	CHECK_EQ(mtree_insert_range(&mt, 15, 15, V(2), GFP_KERNEL), -EEXIST);
	CHECK_EQ(mtree_insert_range(&mt, 0, 9, V(2), GFP_KERNEL), 0);
	CHECK_EQ(mtree_insert_range(&mt, 21, 21, V(3), GFP_KERNEL), 0);
	CHECK_EQ(mtree_insert(&mt, ULONG_MAX, V(4), GFP_KERNEL), 0);
	CHECK_EQ(mtree_insert(&mt, ULONG_MAX, V(4), GFP_KERNEL), -EEXIST);
	CHECK_EQ(mtree_insert_range(&mt, 30, 40, NULL, GFP_KERNEL), -EINVAL);
	CHECK_EQ(mtree_insert_range(&mt, 40, 30, V(5), GFP_KERNEL), -EINVAL);
	CHECK_EQ(mtree_store_range(&mt, 40, 30, V(5), GFP_KERNEL), -EINVAL);
	/* Values that look like the tree's own node pointers are refused. */
	CHECK_EQ(mtree_store(&mt, 50, (void *)0x1002, GFP_KERNEL), -EINVAL);
	CHECK_EQ(mtree_insert(&mt, 50, (void *)0x2, GFP_KERNEL), -EINVAL);
	CHECK(mtree_load(&mt, 50) == NULL);
	CHECK_WALK(&mt, 5, 0, 9, V(2));
	CHECK_WALK(&mt, 21, 21, 21, V(3));
	VALID(&mt);
	mt_end(&mt);
}

/* Entries at [10i, 10i + 4] for i in 1..n: gaps of 5 between them. */
static void fill_gapped(struct maple_tree *mt, unsigned long n)
{
	for (unsigned long i = 1; i <= n; i++)
		CHECK_EQ(mtree_store_range(mt, 10 * i, 10 * i + 4, V(i), GFP_KERNEL), 0);
}

TEST(cursor_find_next_prev)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);
	void *e;
	unsigned long count = 0;

	mt_start();
	fill_gapped(&mt, 1000);
	/* mas_find: the entry at index, else the next one; then onwards. */
	mas_set(&mas, 12);
	CHECK(mas_find(&mas, ULONG_MAX) == V(1));
	CHECK_EQ(mas.index, 10);
	CHECK_EQ(mas.last, 14);
	CHECK(mas_find(&mas, ULONG_MAX) == V(2));
	CHECK(mas_next(&mas, ULONG_MAX) == V(3));
	CHECK(mas_next(&mas, 39) == NULL);		/* [40, 44] starts past 39 */
	CHECK(mas_next(&mas, 40) == V(4));		/* limits are inclusive */
	mas_set(&mas, 15);
	CHECK(mas_find(&mas, ULONG_MAX) == V(2));
	/* mas_next from a fresh cursor skips the range holding index. */
	mas_set(&mas, 12);
	CHECK(mas_next(&mas, ULONG_MAX) == V(2));
	/* Backwards. */
	mas_set(&mas, 37);
	CHECK(mas_find_rev(&mas, 0) == V(3));
	CHECK(mas_find_rev(&mas, 0) == V(2));
	CHECK(mas_prev(&mas, 0) == V(1));
	CHECK(mas_prev(&mas, 0) == NULL);
	mas_set(&mas, 32);
	CHECK(mas_prev(&mas, 0) == V(2));
	CHECK(mas_prev(&mas, 15) == NULL);		/* [10, 14] ends below 15 */
	/* Past the ends, across many leaves, with pauses. */
	mas_set(&mas, 0);
	mas_for_each(&mas, e, ULONG_MAX) {
		count++;
		CHECK(e == V(count));
		if (count % 7 == 0)
			mas_pause(&mas);
	}
	CHECK_EQ(count, 1000);
	mas_set(&mas, ULONG_MAX);
	for (count = 1000; (e = mas_find_rev(&mas, 0)); count--)
		CHECK(e == V(count));
	CHECK_EQ(count, 0);
	/* mt_find / mt_for_each, including a range ending at ULONG_MAX. */
	CHECK_EQ(mtree_store_range(&mt, ULONG_MAX - 9, ULONG_MAX, V(5000), GFP_KERNEL), 0);
	{
		unsigned long index = 9995, n = 0;

		mt_for_each(&mt, e, index, ULONG_MAX)
			n++;
		CHECK_EQ(n, 2);
		index = 0;
		CHECK(mt_find(&mt, &index, 5) == NULL);
		CHECK(mt_find(&mt, &index, 100) == V(1));
		CHECK_EQ(index, 15);
	}
	VALID(&mt);
	mt_end(&mt);
}

TEST(cursor_modify_while_iterating)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);
	unsigned long n = 0;
	void *e;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 3000);
	/* Erase the odd ones, replace the even ones, through the cursor. */
	mas_for_each(&mas, e, ULONG_MAX) {
		n++;
		CHECK(e == V(n));
		if (n & 1)
			CHECK(mas_erase(&mas) == V(n));
		else
			CHECK(mas_store(&mas, V(n + 10000)) == V(n));
	}
	CHECK_EQ(n, 3000);
	VALID(&mt);
	n = 0;
	mas_set(&mas, 0);
	mas_for_each(&mas, e, ULONG_MAX) {
		n += 2;
		CHECK(e == V(n + 10000));
		CHECK_EQ(mas.index, 10 * n);
	}
	CHECK_EQ(n, 3000);
	/* Erase everything from inside the loop. */
	mas_set(&mas, 0);
	mas_for_each(&mas, e, ULONG_MAX)
		mas_erase(&mas);
	CHECK(mtree_empty(&mt));
	mt_end(&mt);
}

TEST(empty_area_searches)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 2000);		/* gaps: [0, 9], then 5 wide, then [20005, ULONG_MAX] */
	/* One hole of exactly 100: [15005, 15104]. */
	CHECK_EQ(mtree_store_range(&mt, 15005, 15104, NULL, GFP_KERNEL), 0);
	CHECK_EQ(mtree_store_range(&mt, 15105, 15109, V(1), GFP_KERNEL), 0);
	CHECK_WALK(&mt, 15050, 15005, 15104, NULL);
	VALID(&mt);

	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 5), 0);
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas.last, 4);
	CHECK_EQ(mas_empty_area(&mas, 11, ULONG_MAX, 5), 0);
	CHECK_EQ(mas.index, 15);
	CHECK_EQ(mas_empty_area(&mas, 16, 24, 5), -EBUSY);	/* [16, 19]: only 4 */
	CHECK_EQ(mas_empty_area(&mas, 16, 29, 5), 0);
	CHECK_EQ(mas.index, 25);
	CHECK_EQ(mas_empty_area(&mas, 10, ULONG_MAX, 6), 0);	/* the first big hole */
	CHECK_EQ(mas.index, 15005);
	CHECK_EQ(mas.last, 15010);
	CHECK_EQ(mas_empty_area(&mas, 15010, 15104, 95), 0);
	CHECK_EQ(mas.index, 15010);
	CHECK_EQ(mas_empty_area(&mas, 15011, 15200, 95), -EBUSY);
	CHECK_EQ(mas_empty_area(&mas, 0, 20004, 101), -EBUSY);
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 101), 0);
	CHECK_EQ(mas.index, 20005);

	CHECK_EQ(mas_empty_area_rev(&mas, 0, ULONG_MAX, 1000), 0);
	CHECK_EQ(mas.last, ULONG_MAX);
	CHECK_EQ(mas.index, ULONG_MAX - 999);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 20004, 100), 0);
	CHECK_EQ(mas.last, 15104);
	CHECK_EQ(mas.index, 15005);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 15103, 100), -EBUSY);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 15103, 99), 0);
	CHECK_EQ(mas.last, 15103);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 20004, 5), 0);
	CHECK_EQ(mas.last, 19999);
	CHECK_EQ(mas.index, 19995);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 14, 10), 0);
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas_empty_area_rev(&mas, 1, 14, 10), -EBUSY);

	/* Arguments. */
	CHECK_EQ(mas_empty_area(&mas, 5, 4, 1), -EINVAL);
	CHECK_EQ(mas_empty_area(&mas, 0, 10, 0), -EINVAL);
	CHECK_EQ(mas_empty_area(&mas, 0, 10, 12), -EINVAL);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 10, 12), -EINVAL);
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, ULONG_MAX), -EBUSY);

	/* A full space has no room anywhere. */
	CHECK_EQ(mtree_store_range(&mt, 0, ULONG_MAX - 1, V(3), GFP_KERNEL), 0);
	CHECK_EQ(mas_empty_area(&mas, 0, ULONG_MAX, 2), -EBUSY);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, ULONG_MAX - 1, 1), -EBUSY);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, ULONG_MAX, 1), 0);
	CHECK_EQ(mas.index, ULONG_MAX);
	VALID(&mt);
	mt_end(&mt);

	/* Trees without gap tracking answer the same, by scanning. */
	mt_init(&mt);
	fill_gapped(&mt, 500);
	CHECK_EQ(mas_empty_area(&mas, 11, ULONG_MAX, 5), 0);
	CHECK_EQ(mas.index, 15);
	CHECK_EQ(mas_empty_area_rev(&mas, 0, 5004, 6), 0);
	CHECK_EQ(mas.index, 4);
	CHECK_EQ(mas.last, 9);
	mt_end(&mt);
}

TEST(preallocate_then_store)
{
	DEFINE_MTREE(mt);
	u64 rng = 99;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 3000);
	for (int i = 0; i < 3000; i++) {
		unsigned long a = test_rand(&rng) % 40000, b = a + test_rand(&rng) % (i % 10 ? 30 : 3000);
		void *e = test_rand(&rng) % 3 ? V(i) : NULL;
		MA_STATE(mas, &mt, a, b);

		CHECK_EQ(mas_preallocate(&mas, e, GFP_KERNEL), 0);
		mt_host_fail_after = 0;		/* the store must not need more */
		mas_store_prealloc(&mas, e);
		mt_host_fail_after = -1;
		CHECK(!mas_is_err(&mas));
		CHECK(mtree_load(&mt, a) == e && mtree_load(&mt, b) == e);
		if (i % 100 == 0)
			VALID(&mt);
	}
	VALID(&mt);
	/* Preallocation fails cleanly too. */
	{
		MA_STATE(mas, &mt, 0, 100000);

		mt_host_fail_after = 3;
		CHECK_EQ(mas_preallocate(&mas, NULL, GFP_KERNEL), -ENOMEM);
		mt_host_fail_after = -1;
		CHECK_EQ(mas.alloc_cnt, 0);
	}
	mt_end(&mt);
}

/* Snapshot of every range, to see that a failed write changed nothing. */
static unsigned long snapshot(struct maple_tree *mt, unsigned long *buf, unsigned long max)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long n = 0;
	void *e;

	mas_for_each(&mas, e, ULONG_MAX) {
		if (n + 3 > max)
			break;
		buf[n++] = mas.index;
		buf[n++] = mas.last;
		buf[n++] = (unsigned long)e;
	}
	return n;
}

TEST(enomem_leaves_tree_unchanged)
{
	DEFINE_MTREE(mt);
	unsigned long *a = malloc(3 * 8192 * sizeof(*a)), *b = malloc(3 * 8192 * sizeof(*b));
	u64 rng = 5;
	int failures = 0;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 4000);
	for (int i = 0; i < 4000; i++) {
		unsigned long x = test_rand(&rng) % 45000;
		unsigned long y = x + test_rand(&rng) % (i % 4 ? 40 : 4000);
		void *e = i % 3 ? V(i) : NULL;
		unsigned long na = snapshot(&mt, a, 3 * 8192), nb;
		long live = mt_host_nodes;
		int err;

		mt_host_fail_after = (long)(test_rand(&rng) % 6);
		err = mtree_store_range(&mt, x, y, e, GFP_KERNEL);
		mt_host_fail_after = -1;
		if (err) {
			CHECK_EQ(err, -ENOMEM);
			failures++;
			nb = snapshot(&mt, b, 3 * 8192);
			CHECK(na == nb && !memcmp(a, b, na * sizeof(*a)));
			CHECK_EQ(mt_host_nodes, live);
		} else {
			CHECK(mtree_load(&mt, x) == e);
		}
		if (i % 200 == 0)
			VALID(&mt);
	}
	printf("# %d of 4000 stores failed for want of memory\n", failures);
	CHECK(failures > 100);
	VALID(&mt);
	free(a);
	free(b);
	mt_end(&mt);
}

TEST(height_stays_logarithmic)
{
	DEFINE_MTREE(mt);
	struct mt_stats st;
	u64 rng = 1234;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	/* Grow, then erase most entries so that nodes merge, several times. */
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 60000; i++) {
			unsigned long x = test_rand(&rng) % 2000000;

			mtree_store_range(&mt, x, x + test_rand(&rng) % 20, V(i), GFP_KERNEL);
		}
		VALID(&mt);
		for (int i = 0; i < 200000; i++)
			mtree_erase(&mt, test_rand(&rng) % 2000000);
		VALID(&mt);
		mt_get_stats(&mt, &st);
		/* Every non-root node at least half full: leaves >= 8, arange >= 5 slots. */
		{
			unsigned long slots = st.slots_used, cap = 2;
			unsigned int h = 1;

			while (cap * 8 < slots + 1) {
				cap *= 5;
				h++;
			}
			CHECK(st.height <= h + 1);
			printf("# round %d: %lu entries, height %u (bound %u), fill %lu%%\n", round,
			       st.entries, st.height, h + 1, slots * 100 / st.slots);
		}
	}
	mt_end(&mt);
}

TEST(validate_reports_corruption)
{
	DEFINE_MTREE(mt);
	char out[4096];
	struct maple_node *root, *leaf;
	unsigned long saved;

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 200);
	VALID(&mt);
	root = mte_to_node(mt.ma_root);
	CHECK_EQ(mte_node_type(mt.ma_root), maple_arange_64);
	{
		struct maple_enode *e = root->ma64.slot[1];

		while (!mte_is_leaf(e))
			e = mte_to_node(e)->ma64.slot[1];
		leaf = mte_to_node(e);
	}

	printk_capture_start(out, sizeof(out));
	saved = root->ma64.gap[1];
	root->ma64.gap[1] = 12345;
	CHECK_EQ(mt_validate(&mt), -EINVAL);
	root->ma64.gap[1] = saved;
	printk_capture_stop();
	CHECK(strstr(out, "gap[1] = 0x3039, the child's largest gap is 0x5") != NULL);
	printf("# %s", out);

	printk_capture_start(out, sizeof(out));
	saved = leaf->mr64.pivot[3];
	leaf->mr64.pivot[3] = leaf->mr64.pivot[2];
	CHECK_EQ(mt_validate(&mt), -EINVAL);
	leaf->mr64.pivot[3] = saved;
	printk_capture_stop();
	CHECK(strstr(out, "pivot[3]") != NULL && strstr(out, "level 0") != NULL);
	printf("# %s", out);

	printk_capture_start(out, sizeof(out));
	saved = (unsigned long)leaf->parent;
	leaf->parent = mt_mk_parent(root, maple_arange_64, 2);
	CHECK_EQ(mt_validate(&mt), -EINVAL);
	leaf->parent = (struct maple_pnode *)saved;
	printk_capture_stop();
	CHECK(strstr(out, "parent pointer") != NULL);
	printf("# %s", out);

	printk_capture_start(out, sizeof(out));
	{
		int i = 1;

		while (!leaf->mr64.slot[i] || leaf->mr64.slot[i - 1])
			i++;
		saved = (unsigned long)leaf->mr64.slot[i];
		leaf->mr64.slot[i] = NULL;	/* two empty ranges side by side */
		CHECK_EQ(mt_validate(&mt), -EINVAL);
		leaf->mr64.slot[i] = (void *)saved;
	}
	printk_capture_stop();
	CHECK(strstr(out, "adjacent empty ranges") != NULL);
	printf("# %s", out);
	VALID(&mt);
	mt_end(&mt);
}

TEST(dump_output)
{
	DEFINE_MTREE(mt);
	char *out = malloc(1 << 16);

	mt_start();
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_gapped(&mt, 20);
	printk_capture_start(out, 1 << 16);
	mt_dump(&mt);
	printk_capture_stop();
	CHECK(strstr(out, "height 2, node size 256 bytes") != NULL);
	CHECK(strstr(out, "arange64") != NULL);
	CHECK(strstr(out, "leaf64") != NULL);
	CHECK(strstr(out, "[0xc8, 0xcc] 0x29") != NULL);	/* V(20) at [200, 204] */
	free(out);
	mt_end(&mt);
}

/* MT_TEST_OPS=n: exactly n per case; TEST_SCALE=k (make fuzz): k times the default. */
static unsigned long env_ops(unsigned long dflt)
{
	const char *s = getenv("MT_TEST_OPS");

	if (s)
		return strtoul(s, NULL, 0);
	s = getenv("TEST_SCALE");
	return s ? dflt * strtoul(s, NULL, 0) : dflt;
}

static void difftest(u64 seed, unsigned long ops, unsigned long span, unsigned long max_len,
		     unsigned int flags, unsigned long validate_every)
{
	struct mt_difftest dt = {
		.seed = seed, .ops = ops, .span = span, .max_len = max_len,
		.validate_every = validate_every, .flags = flags, .max_ranges = 200000,
	};

	mt_start();
	CHECK_EQ(mt_difftest_run(&dt), 0);
	CHECK_EQ(mt_host_nodes, 0);
	printf("# seed %llu: %lu ops, span %#lx, %lu checks, up to %lu ranges, height %u\n",
	       (unsigned long long)seed, ops, span, dt.checks, dt.ranges_peak, dt.height_peak);
}

/* Small dense trees: every op hits splits and merges of the same few nodes. */
TEST(difftest_small)
{
	difftest(1, env_ops(300000), 600, 12, MT_FLAGS_ALLOC_RANGE, 1);
	difftest(2, env_ops(300000), 300, 4, 0, 1);
}

/* Medium: heights 3-4, spanning stores over hundreds of nodes. */
TEST(difftest_medium)
{
	difftest(3, env_ops(500000), 40000, 32, MT_FLAGS_ALLOC_RANGE, 331);
	difftest(4, env_ops(500000), 20000, 16, 0, 331);
}

/* Large and sparse: more ranges, taller trees. */
TEST(difftest_large)
{
	difftest(5, env_ops(500000), 1UL << 22, 64, MT_FLAGS_ALLOC_RANGE, 4999);
	difftest(6, env_ops(500000), 1UL << 40, 1UL << 20, MT_FLAGS_ALLOC_RANGE, 4999);
}
