// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for lib/xarray*.c.
 *
 * Fixed cases for each API call and the edges (index 0 alone in xa_head,
 * ULONG_MAX and the 11-level tree, growth and shrinking, marks through
 * every level, bounded searches, -EINVAL/-EBUSY), xa_validate() catching
 * deliberate corruption, allocation failure at every point of every store
 * of a set of shapes (the array must be unchanged, nothing leaked), then
 * the randomized differential test (lib/xarray_test.c) against a sorted
 * array model, with fixed seeds: 2.2 million operations in make check,
 * TEST_SCALE=k times as many in make fuzz; XA_TEST_OPS=<n> sets the count
 * per run. ASan's leak check covers the end.
 */
#include "test.h"

#include <arbor/errno.h>
#include <arbor/printk.h>
#include <arbor/xarray.h>

#include "host_printk.h"
#include "xa_host_alloc.h"

#include "../../lib/xarray_test.h"

#define P(n)	((void *)(0x1000UL + ((unsigned long)(n) << 3)))

static void check_valid(struct xarray *xa, int line)
{
	if (xa_validate(xa)) {
		printf("# %s:%d: xa_validate failed\n", __FILE__, line);
		test_failed_checks++;
	}
}
#define VALID(xa)	check_valid(xa, __LINE__)

static void xa_start(struct xarray *xa)
{
	CHECK_EQ(xa_host_nodes, 0);
	xa_host_nodes = 0;
	xa_host_fail_after = -1;
	xa_init(xa);
}

static void xa_end(struct xarray *xa)
{
	VALID(xa);
	xa_destroy(xa);
	CHECK(xa_empty(xa));
	CHECK_EQ(xa_host_nodes, 0);
	xa_host_nodes = 0;
}

static unsigned int height(struct xarray *xa)
{
	if (!xa_is_node(xa->xa_head))
		return 0;
	return xa_to_node(xa->xa_head)->shift / XA_CHUNK_SHIFT + 1;
}

TEST(node_layout)
{
	CHECK_EQ(XA_CHUNK_SIZE, 64);
	CHECK_EQ(XA_MAX_HEIGHT, 11);
	CHECK_EQ(sizeof(((struct xa_node *)0)->marks[0]) * 8, XA_CHUNK_SIZE);
	CHECK(sizeof(struct xa_node) <= 576);
	/* Errors and nodes are both internal entries, never confused. */
	CHECK(xa_is_err(xa_mk_err(-ENOMEM)));
	CHECK_EQ(xa_err(xa_mk_err(-ENOMEM)), -ENOMEM);
	CHECK_EQ(xa_err(xa_mk_err(-1)), -1);
	CHECK_EQ(xa_err(xa_mk_err(-4095)), -4095);
	CHECK(!xa_is_node(xa_mk_err(-EINVAL)));
	CHECK(!xa_is_err(xa_mk_node((struct xa_node *)0x10000)));
	CHECK(xa_is_node(xa_mk_node((struct xa_node *)0x10000)));
	CHECK_EQ(xa_err(P(5)), 0);
	CHECK_EQ(xa_err(NULL), 0);
}

TEST(empty_and_index0)
{
	struct xarray xa;
	unsigned long index = 0;

	xa_start(&xa);
	CHECK(xa_empty(&xa));
	CHECK(xa_load(&xa, 0) == NULL);
	CHECK(xa_load(&xa, ~0UL) == NULL);
	CHECK(xa_erase(&xa, 7) == NULL);
	CHECK(xa_find(&xa, &index, ~0UL, XA_PRESENT) == NULL);
	CHECK_EQ(index, 0);
	CHECK(!xa_marked(&xa, XA_MARK_0));
	xa_set_mark(&xa, 0, XA_MARK_0);		/* no entry: nothing */
	CHECK(!xa_marked(&xa, XA_MARK_0));
	VALID(&xa);

	/* Index 0 alone lives in xa_head: no node. */
	CHECK_EQ(xa_insert(&xa, 0, P(1), GFP_KERNEL), 0);
	CHECK(xa.xa_head == P(1));
	CHECK_EQ(xa_host_nodes, 0);
	CHECK(xa_load(&xa, 0) == P(1));
	CHECK(xa_load(&xa, 1) == NULL);
	CHECK_EQ(xa_insert(&xa, 0, P(2), GFP_KERNEL), -EBUSY);
	xa_set_mark(&xa, 0, XA_MARK_1);
	CHECK(xa_get_mark(&xa, 0, XA_MARK_1));
	CHECK(!xa_get_mark(&xa, 0, XA_MARK_0));
	CHECK(!xa_get_mark(&xa, 1, XA_MARK_1));
	CHECK(xa_marked(&xa, XA_MARK_1));
	index = 0;
	CHECK(xa_find(&xa, &index, 0, XA_MARK_1) == P(1));
	CHECK(xa_find(&xa, &index, 0, XA_MARK_2) == NULL);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == NULL);
	VALID(&xa);

	/* A second entry grows a leaf; the mark on 0 moves with it. */
	CHECK_EQ(xa_insert(&xa, 5, P(5), GFP_KERNEL), 0);
	CHECK_EQ(xa_host_nodes, 1);
	CHECK_EQ(height(&xa), 1);
	CHECK(xa_get_mark(&xa, 0, XA_MARK_1));
	CHECK(!xa_get_mark(&xa, 5, XA_MARK_1));
	VALID(&xa);
	/* ... and shrinking puts 0 back in the head, mark and all. */
	CHECK(xa_erase(&xa, 5) == P(5));
	CHECK_EQ(xa_host_nodes, 0);
	CHECK(xa.xa_head == P(1));
	CHECK(xa_get_mark(&xa, 0, XA_MARK_1));
	VALID(&xa);
	/* Replacing keeps marks; erasing drops them. */
	CHECK(xa_store(&xa, 0, P(3), GFP_KERNEL) == P(1));
	CHECK(xa_get_mark(&xa, 0, XA_MARK_1));
	CHECK(xa_erase(&xa, 0) == P(3));
	CHECK(xa_empty(&xa));
	CHECK(!xa_marked(&xa, XA_MARK_1));
	VALID(&xa);
	CHECK(xa_store(&xa, 0, P(4), GFP_KERNEL) == NULL);
	CHECK(!xa_get_mark(&xa, 0, XA_MARK_1));
	CHECK(xa_store(&xa, 0, NULL, GFP_KERNEL) == P(4));
	CHECK(xa_empty(&xa));
	xa_end(&xa);
}

TEST(invalid_entries)
{
	struct xarray xa;

	xa_start(&xa);
	CHECK_EQ(xa_insert(&xa, 3, NULL, GFP_KERNEL), -EINVAL);
	CHECK_EQ(xa_insert(&xa, 3, (void *)0x1001, GFP_KERNEL), -EINVAL);
	CHECK_EQ(xa_insert(&xa, 3, (void *)0x1002, GFP_KERNEL), -EINVAL);
	CHECK_EQ(xa_insert(&xa, 0, (void *)0x1003, GFP_KERNEL), -EINVAL);
	CHECK(xa_is_err(xa_store(&xa, 3, (void *)0x1002, GFP_KERNEL)));
	CHECK_EQ(xa_err(xa_store(&xa, 3, (void *)0x1001, GFP_KERNEL)), -EINVAL);
	CHECK_EQ(xa_err(xa_store(&xa, 0, (void *)0x1003, GFP_KERNEL)), -EINVAL);
	CHECK(xa_empty(&xa));
	CHECK_EQ(xa_host_nodes, 0);
	CHECK_EQ(xa_insert(&xa, 3, P(3), GFP_KERNEL), 0);
	CHECK_EQ(xa_err(xa_store(&xa, 3, (void *)0x1001, GFP_KERNEL)), -EINVAL);
	CHECK(xa_load(&xa, 3) == P(3));
	/* Not marks: ignored. */
	xa_set_mark(&xa, 3, 3);
	xa_set_mark(&xa, 3, XA_PRESENT);
	CHECK(!xa_get_mark(&xa, 3, XA_PRESENT));
	CHECK(!xa_marked(&xa, XA_PRESENT));
	xa_end(&xa);
}

TEST(ulong_max)
{
	struct xarray xa;
	unsigned long index;

	xa_start(&xa);
	CHECK_EQ(xa_insert(&xa, ~0UL, P(9), GFP_KERNEL), 0);
	CHECK_EQ(height(&xa), 11);
	CHECK_EQ(xa_host_nodes, 11);
	CHECK(xa_load(&xa, ~0UL) == P(9));
	CHECK(xa_load(&xa, ~0UL - 1) == NULL);
	CHECK(xa_load(&xa, 0) == NULL);
	VALID(&xa);
	index = 0;
	CHECK(xa_find(&xa, &index, ~0UL, XA_PRESENT) == P(9));
	CHECK_EQ(index, ~0UL);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == NULL);
	CHECK_EQ(index, ~0UL);
	index = 0;
	CHECK(xa_find(&xa, &index, ~0UL - 1, XA_PRESENT) == NULL);
	CHECK_EQ(index, 0);
	xa_set_mark(&xa, ~0UL, XA_MARK_2);
	index = 1;
	CHECK(xa_find(&xa, &index, ~0UL, XA_MARK_2) == P(9));
	CHECK_EQ(index, ~0UL);
	CHECK_EQ(xa_insert(&xa, 0, P(0), GFP_KERNEL), 0);
	CHECK_EQ(xa_insert(&xa, 1UL << 63, P(63), GFP_KERNEL), 0);
	VALID(&xa);
	index = 0;
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == P(63));
	CHECK_EQ(index, 1UL << 63);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == P(9));
	CHECK(xa_erase(&xa, ~0UL) == P(9));
	CHECK(!xa_marked(&xa, XA_MARK_2));
	CHECK(xa_erase(&xa, 1UL << 63) == P(63));
	/* Back to the head entry alone. */
	CHECK_EQ(xa_host_nodes, 0);
	CHECK(xa.xa_head == P(0));
	VALID(&xa);
	xa_end(&xa);
}

/* Leaves of 64, then a level per factor of 64; erase shrinks it all away. */
TEST(sequential)
{
	const unsigned long n = 100000;
	struct xarray xa;
	unsigned long index, count = 0;
	void *entry;

	xa_start(&xa);
	for (unsigned long i = 0; i < n; i++)
		if (xa_insert(&xa, i, P(i), GFP_KERNEL))
			break;
	CHECK_EQ(height(&xa), 3);
	/* 1563 leaves, 25 above them, one root. */
	CHECK_EQ(xa_host_nodes, 1563 + 25 + 1);
	VALID(&xa);
	for (unsigned long i = 0; i < n; i++)
		if (xa_load(&xa, i) != P(i)) {
			CHECK(xa_load(&xa, i) == P(i));
			break;
		}
	xa_for_each(&xa, index, entry) {
		if (index != count || entry != P(count))
			break;
		count++;
	}
	CHECK_EQ(count, n);
	count = 0;
	xa_for_each_range(&xa, index, entry, 1000, 1999)
		count++;
	CHECK_EQ(count, 1000);
	/* Erase from the top: the tree lowers as it empties. */
	for (unsigned long i = n; i-- > 0;) {
		if (xa_erase(&xa, i) != P(i)) {
			CHECK(!"erase");
			break;
		}
		if (i == 4096)
			CHECK_EQ(height(&xa), 2);
		if (i == 64)
			CHECK_EQ(height(&xa), 1);
		if (i == 1000)
			VALID(&xa);
	}
	CHECK(xa_empty(&xa));
	CHECK_EQ(xa_host_nodes, 0);
	xa_end(&xa);
}

TEST(marks)
{
	struct xarray xa;
	unsigned long index, count;
	void *entry;

	xa_start(&xa);
	for (unsigned long i = 0; i < 300000; i += 7)
		CHECK_EQ(xa_insert(&xa, i, P(i), GFP_KERNEL), 0);
	CHECK(!xa_marked(&xa, XA_MARK_0));
	/* Two marked entries far apart: the search skips everything between. */
	xa_set_mark(&xa, 7 * 3, XA_MARK_0);
	xa_set_mark(&xa, 7 * 40000, XA_MARK_0);
	xa_set_mark(&xa, 7 * 40000, XA_MARK_1);
	xa_set_mark(&xa, 8, XA_MARK_0);		/* absent: ignored */
	CHECK(xa_marked(&xa, XA_MARK_0));
	CHECK(xa_marked(&xa, XA_MARK_1));
	CHECK(!xa_marked(&xa, XA_MARK_2));
	VALID(&xa);
	index = 0;
	CHECK(xa_find(&xa, &index, ~0UL, XA_MARK_0) == P(21));
	CHECK_EQ(index, 21);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_MARK_0) == P(280000));
	CHECK_EQ(index, 280000);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_MARK_0) == NULL);
	CHECK_EQ(index, 280000);
	index = 22;
	CHECK(xa_find(&xa, &index, 279999, XA_MARK_0) == NULL);
	CHECK_EQ(index, 22);
	index = 22;
	CHECK(xa_find(&xa, &index, 280000, XA_MARK_1) == P(280000));
	count = 0;
	xa_for_each_marked(&xa, index, entry, XA_MARK_0)
		count++;
	CHECK_EQ(count, 2);
	/* Clearing: bits leave the path only when nothing below is marked. */
	xa_clear_mark(&xa, 21, XA_MARK_0);
	CHECK(!xa_get_mark(&xa, 21, XA_MARK_0));
	CHECK(xa_marked(&xa, XA_MARK_0));
	VALID(&xa);
	/* Erasing the marked entry takes its marks. */
	CHECK(xa_erase(&xa, 280000) == P(280000));
	CHECK(!xa_marked(&xa, XA_MARK_0));
	CHECK(!xa_marked(&xa, XA_MARK_1));
	VALID(&xa);
	/* Re-storing the index brings no mark back. */
	CHECK_EQ(xa_insert(&xa, 280000, P(1), GFP_KERNEL), 0);
	CHECK(!xa_get_mark(&xa, 280000, XA_MARK_0));
	/* Mark everything, then clear every other one. */
	xa_for_each(&xa, index, entry)
		xa_set_mark(&xa, index, XA_MARK_2);
	count = 0;
	xa_for_each_marked(&xa, index, entry, XA_MARK_2) {
		if (count++ & 1)
			xa_clear_mark(&xa, index, XA_MARK_2);
	}
	CHECK_EQ(count, 300000 / 7 + 1);
	VALID(&xa);
	count = 0;
	xa_for_each_marked(&xa, index, entry, XA_MARK_2)
		count++;
	CHECK_EQ(count, (300000 / 7 + 2) / 2);
	xa_end(&xa);
}

/* Searches whose next slot is at the end of a node, many levels up. */
TEST(find_carries)
{
	struct xarray xa;
	unsigned long index;

	xa_start(&xa);
	CHECK_EQ(xa_insert(&xa, 63, P(1), GFP_KERNEL), 0);
	CHECK_EQ(xa_insert(&xa, 64 * 64 - 1, P(2), GFP_KERNEL), 0);
	CHECK_EQ(xa_insert(&xa, 1UL << 30, P(3), GFP_KERNEL), 0);
	CHECK_EQ(xa_insert(&xa, (1UL << 36) - 1, P(4), GFP_KERNEL), 0);
	xa_set_mark(&xa, 1UL << 30, XA_MARK_0);
	VALID(&xa);
	index = 64;
	CHECK(xa_find(&xa, &index, ~0UL, XA_PRESENT) == P(2));
	CHECK_EQ(index, 4095);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == P(3));
	CHECK_EQ(index, 1UL << 30);
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == P(4));
	CHECK(xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == NULL);
	index = 0;
	CHECK(xa_find(&xa, &index, ~0UL, XA_MARK_0) == P(3));
	index = (1UL << 30) + 1;
	CHECK(xa_find(&xa, &index, ~0UL, XA_MARK_0) == NULL);
	/* Beyond the root's span. */
	index = 1UL << 40;
	CHECK(xa_find(&xa, &index, ~0UL, XA_PRESENT) == NULL);
	index = 5;
	CHECK(xa_find(&xa, &index, 62, XA_PRESENT) == NULL);
	CHECK(xa_find(&xa, &index, 63, XA_PRESENT) == P(1));
	index = 10;
	CHECK(xa_find(&xa, &index, 5, XA_PRESENT) == NULL);	/* max < start */
	CHECK_EQ(index, 10);
	xa_end(&xa);
}

TEST(ebusy_and_store)
{
	struct xarray xa;

	xa_start(&xa);
	CHECK_EQ(xa_insert(&xa, 1000, P(1), GFP_KERNEL), 0);
	CHECK_EQ(xa_insert(&xa, 1000, P(2), GFP_KERNEL), -EBUSY);
	CHECK(xa_load(&xa, 1000) == P(1));
	xa_set_mark(&xa, 1000, XA_MARK_0);
	CHECK(xa_store(&xa, 1000, P(2), GFP_KERNEL) == P(1));
	CHECK(xa_get_mark(&xa, 1000, XA_MARK_0));
	CHECK(xa_store(&xa, 1001, P(3), GFP_KERNEL) == NULL);
	CHECK(xa_store(&xa, 1000, NULL, GFP_KERNEL) == P(2));
	CHECK(!xa_marked(&xa, XA_MARK_0));
	CHECK(xa_store(&xa, 5000, NULL, GFP_KERNEL) == NULL);	/* erase nothing */
	CHECK(xa_store(&xa, 1UL << 50, NULL, GFP_KERNEL) == NULL);
	CHECK_EQ(xa_host_nodes, 2);		/* 1001 needs a root above its leaf */
	VALID(&xa);
	xa_end(&xa);
}

/* ---- allocation failure ---- */

struct snap_ent {
	unsigned long index;
	void *entry;
	unsigned int marks;
};

struct snap {
	struct snap_ent e[4096];
	unsigned long n;
	void *head;
	unsigned int flags;
	long nodes;
};

static void snapshot(struct xarray *xa, struct snap *s)
{
	unsigned long index;
	void *entry;

	s->n = 0;
	s->head = xa->xa_head;
	s->flags = xa->xa_flags;
	s->nodes = xa_host_nodes;
	xa_for_each(xa, index, entry) {
		struct snap_ent *e = &s->e[s->n++];

		e->index = index;
		e->entry = entry;
		e->marks = 0;
		for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++)
			e->marks |= xa_get_mark(xa, index, m) << m;
	}
}

static bool snap_equal(struct snap *a, struct snap *b)
{
	return a->n == b->n && a->head == b->head && a->flags == b->flags &&
	       a->nodes == b->nodes && !memcmp(a->e, b->e, a->n * sizeof(a->e[0]));
}

/* Build one shape of array, marks included. */
static void build_shape(struct xarray *xa, int shape)
{
	switch (shape) {
	case 0:					/* empty */
		break;
	case 1:					/* index 0 in the head, marked */
		xa_insert(xa, 0, P(0), GFP_KERNEL);
		xa_set_mark(xa, 0, XA_MARK_0);
		break;
	case 2:					/* one leaf */
		for (unsigned long i = 0; i < 60; i += 3)
			xa_insert(xa, i, P(i), GFP_KERNEL);
		xa_set_mark(xa, 9, XA_MARK_1);
		break;
	case 3:					/* three levels, sparse */
		for (unsigned long i = 0; i < 300000; i += 977)
			xa_insert(xa, i, P(i), GFP_KERNEL);
		xa_set_mark(xa, 977 * 5, XA_MARK_2);
		break;
	default:				/* the top of the index space */
		xa_insert(xa, ~0UL, P(1), GFP_KERNEL);
		xa_insert(xa, ~0UL - 4096, P(2), GFP_KERNEL);
		xa_set_mark(xa, ~0UL, XA_MARK_0);
		break;
	}
}

TEST(enomem_unchanged)
{
	static const unsigned long targets[] = {
		0, 1, 63, 64, 4095, 4096, 100000, 1UL << 30, 1UL << 40, (1UL << 63) + 5,
		~0UL, ~0UL - 64,
	};
	static struct snap before, after;
	unsigned long failures = 0;

	for (int shape = 0; shape < 5; shape++) {
		for (unsigned int t = 0; t < ARRAY_SIZE(targets); t++) {
			for (int use_store = 0; use_store < 2; use_store++) {
				struct xarray xa;
				long k;

				xa_start(&xa);
				build_shape(&xa, shape);
				if (xa_load(&xa, targets[t])) {
					xa_end(&xa);
					continue;
				}
				/* Fail at the k-th allocation, for every k until it fits. */
				for (k = 0; k < 2 * XA_MAX_HEIGHT + 1; k++) {
					int ret;

					snapshot(&xa, &before);
					xa_host_fail_after = k;
					if (use_store)
						ret = xa_err(xa_store(&xa, targets[t], P(77),
								      GFP_KERNEL));
					else
						ret = xa_insert(&xa, targets[t], P(77), GFP_KERNEL);
					xa_host_fail_after = -1;
					if (!ret)
						break;
					CHECK_EQ(ret, -ENOMEM);
					failures++;
					snapshot(&xa, &after);
					if (!snap_equal(&before, &after)) {
						printf("# shape %d target %#lx k %ld: array changed\n",
						       shape, targets[t], k);
						test_failed_checks++;
					}
					VALID(&xa);
				}
				CHECK(xa_load(&xa, targets[t]) == P(77));
				VALID(&xa);
				xa_end(&xa);
			}
		}
	}
	CHECK(failures > 100);
	printf("# %lu -ENOMEM stores, each left the array unchanged\n", failures);
}

/* ---- the validator ---- */

TEST(validate_catches)
{
	struct xarray xa;
	struct xa_node *root, *mid, *leaf;
	void *hidden;
	char out[4096];

	xa_start(&xa);
	for (unsigned long i = 0; i < 5000; i += 5)
		xa_insert(&xa, i, P(i), GFP_KERNEL);
	xa_set_mark(&xa, 10, XA_MARK_0);
	VALID(&xa);
	root = xa_to_node(xa.xa_head);
	CHECK_EQ(root->shift, 12);
	mid = xa_to_node(root->slots[0]);
	leaf = xa_to_node(mid->slots[0]);

	printk_capture_start(out, sizeof(out));
	leaf->count++;
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->count--;
	leaf->marks[1] |= 1UL << 5;			/* marked, yet not above */
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->marks[1] = 0;
	mid->shift = 0;					/* wrong level */
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	mid->shift = 6;
	leaf->marks[2] |= 1UL << 1;			/* slot 1 (index 1) is empty */
	root->marks[2] |= 1;
	xa.xa_flags |= XA_FLAGS_MARK(2);
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->marks[2] = 0;
	root->marks[2] = 0;
	xa.xa_flags &= ~XA_FLAGS_MARK(2);
	xa.xa_flags &= ~XA_FLAGS_MARK(0);		/* flags out of step */
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	xa.xa_flags |= XA_FLAGS_MARK(0);
	leaf->offset = 3;
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->offset = 0;
	leaf->parent = NULL;
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->parent = mid;
	leaf->slots[1] = (void *)0x1001;		/* unaligned entry */
	leaf->count++;
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	leaf->slots[1] = NULL;
	leaf->count--;
	printk_capture_stop();
	CHECK(strstr(out, "xa_validate: ") != NULL);
	CHECK(strstr(out, "count") != NULL);
	CHECK(strstr(out, "mark") != NULL);
	VALID(&xa);
	xa_end(&xa);

	/* A root that could be lowered. */
	xa_start(&xa);
	xa_insert(&xa, 1, P(1), GFP_KERNEL);
	xa_insert(&xa, 5000, P(2), GFP_KERNEL);
	root = xa_to_node(xa.xa_head);
	hidden = root->slots[1];
	root->slots[1] = NULL;				/* hide 5000's subtree */
	root->count--;
	printk_capture_start(out, sizeof(out));
	CHECK_EQ(xa_validate(&xa), -EINVAL);
	printk_capture_stop();
	CHECK(strstr(out, "not shrunk") != NULL);
	root->slots[1] = hidden;
	root->count++;
	xa_end(&xa);
}

/* ---- the differential test ---- */

static struct xa_model_ent model[4096];

static void host_fail_after(long n)
{
	xa_host_fail_after = n;
}

static long host_live_nodes(void)
{
	return xa_host_nodes;
}

/* XA_TEST_OPS=n: exactly n per run; TEST_SCALE=k (make fuzz): k times the default. */
static unsigned long env_ops(unsigned long dflt)
{
	const char *s = getenv("XA_TEST_OPS");

	if (s)
		return strtoul(s, NULL, 0);
	s = getenv("TEST_SCALE");
	return s ? dflt * strtoul(s, NULL, 0) : dflt;
}

static void difftest(u64 seed, unsigned long ops, unsigned long max_entries,
		     unsigned long validate_every)
{
	struct xa_difftest dt = {
		.seed = seed, .ops = ops, .validate_every = validate_every,
		.compare_every = validate_every * 16, .model = model,
		.max_entries = max_entries, .fail_after = host_fail_after,
		.live_nodes = host_live_nodes,
	};
	unsigned long total = 0;

	CHECK_EQ(xa_host_nodes, 0);
	CHECK_EQ(xa_difftest_run(&dt), 0);
	CHECK_EQ(xa_host_nodes, 0);
	CHECK_EQ(dt.done_ops, ops);
	for (int i = 0; i < XA_OP_NR; i++)
		total += dt.op_count[i];
	CHECK_EQ(total, ops);
	CHECK(dt.enomem > 0);
	printf("# seed %llu: %lu ops, up to %lu entries, height %u, %lu -ENOMEM, "
	       "%lu finds, %lu rebuilds\n", (unsigned long long)seed, ops, dt.entries_peak,
	       dt.height_peak, dt.enomem, dt.op_count[XA_OP_FIND] + dt.op_count[XA_OP_FIND_AFTER],
	       dt.op_count[XA_OP_REBUILD]);
}

/* Few entries: nodes appear and vanish, heights go up and down all the time. */
TEST(difftest_small)
{
	difftest(1, env_ops(500000), 48, 1);
	difftest(2, env_ops(500000), 200, 7);
}

/* Thousands of entries: full leaves, shared interior nodes, long mark skips. */
TEST(difftest_large)
{
	difftest(3, env_ops(600000), 4096, 251);
	difftest(4, env_ops(600000), 2500, 251);
}
