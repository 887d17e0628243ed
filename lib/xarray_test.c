// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray's differential test and its ktest suite (CONFIG_DEBUG_XARRAY).
 *
 * Every operation is done on the xarray and on a model (a sorted array of
 * index, entry, marks) and the answers compared; xa_validate() and a
 * whole-array comparison run every so often. Indices come from clusters
 * (a few bases, small offsets: dense leaves, shared interior nodes), from
 * just below ULONG_MAX, from 0..3, from anywhere, and next to entries
 * already there. With a fail_after hook, some stores are made to run out
 * of nodes and the array must be exactly as it was.
 */
#include <arbor/errno.h>
#include <arbor/printk.h>
#include <arbor/prandom.h>
#include <arbor/string.h>
#include <arbor/xarray.h>

#include "xarray_test.h"

struct xa_dt_state {
	struct xa_difftest *dt;
	struct xarray xa;
	u64 rng;
	size_t pos;
	bool out_of_data;
	unsigned long n;		/* model entries */
	unsigned long op;
	unsigned long bases[8];
};

#define DT_FAIL(s, fmt, ...)						\
	({ pr_err("xa_difftest: op %lu: " fmt "\n", (s)->op, ##__VA_ARGS__); -EINVAL; })

/* @bytes random bytes, from the fuzzer's input or the PRNG. */
static u64 dt_rand(struct xa_dt_state *s, unsigned int bytes)
{
	const struct xa_difftest *dt = s->dt;
	u64 v = 0;

	if (!dt->data)
		return prandom_u64_state(&s->rng);
	for (unsigned int i = 0; i < bytes; i++) {
		if (s->pos >= dt->data_len) {
			s->out_of_data = true;
			return v;
		}
		v |= (u64)dt->data[s->pos++] << (8 * i);
	}
	return v;
}

/* ---- the model ---- */

/* First model slot with index >= @index. */
static unsigned long model_lower(struct xa_dt_state *s, unsigned long index)
{
	unsigned long lo = 0, hi = s->n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (s->dt->model[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct xa_model_ent *model_get(struct xa_dt_state *s, unsigned long index)
{
	unsigned long i = model_lower(s, index);

	return i < s->n && s->dt->model[i].index == index ? &s->dt->model[i] : NULL;
}

static void model_add(struct xa_dt_state *s, unsigned long index, void *entry)
{
	struct xa_model_ent *m = s->dt->model;
	unsigned long i = model_lower(s, index);

	memmove(&m[i + 1], &m[i], (s->n - i) * sizeof(*m));
	m[i] = (struct xa_model_ent){ .index = index, .entry = entry, .marks = 0 };
	s->n++;
	if (s->n > s->dt->entries_peak)
		s->dt->entries_peak = s->n;
}

static void model_del(struct xa_dt_state *s, struct xa_model_ent *e)
{
	struct xa_model_ent *m = s->dt->model;
	unsigned long i = e - m;

	memmove(&m[i], &m[i + 1], (s->n - i - 1) * sizeof(*m));
	s->n--;
}

/* The first model entry in [@index, @max] passing @filter, or NULL. */
static struct xa_model_ent *model_find(struct xa_dt_state *s, unsigned long index,
				       unsigned long max, xa_mark_t filter)
{
	for (unsigned long i = model_lower(s, index); i < s->n; i++) {
		struct xa_model_ent *e = &s->dt->model[i];

		if (e->index > max)
			return NULL;
		if (filter > XA_MARK_MAX || (e->marks & (1U << filter)))
			return e;
	}
	return NULL;
}

/* ---- choices ---- */

static void *dt_entry(struct xa_dt_state *s)
{
	/* Never dereferenced: aligned, non-NULL, recognisable. */
	return (void *)(0x10000UL + ((dt_rand(s, 2) & 0xffff) << 3));
}

static unsigned long dt_index(struct xa_dt_state *s)
{
	static const unsigned long spans[4] = { 64, 300, 4096, 70000 };
	unsigned int r = dt_rand(s, 1) % 100;

	if (r < 55)
		return s->bases[dt_rand(s, 1) % 8] + dt_rand(s, 3) % spans[dt_rand(s, 1) % 4];
	if (r < 63)
		return ~0UL - dt_rand(s, 1) % 70;
	if (r < 70)
		return dt_rand(s, 1) % 4;
	if (r < 76)
		return dt_rand(s, 8);
	if (s->n) {
		/* Beside an existing entry: same leaf, or the next one over. */
		unsigned long i = dt_rand(s, 3) % s->n;

		return s->dt->model[i].index + dt_rand(s, 1) % 3 - 1;
	}
	return dt_rand(s, 2);
}

static xa_mark_t dt_mark(struct xa_dt_state *s)
{
	return dt_rand(s, 1) % XA_MAX_MARKS;
}

static xa_mark_t dt_filter(struct xa_dt_state *s)
{
	unsigned int r = dt_rand(s, 1) % 4;

	return r == 3 ? XA_PRESENT : r;
}

static unsigned long dt_max(struct xa_dt_state *s, unsigned long start)
{
	unsigned int r = dt_rand(s, 1) % 4;

	if (r == 0)
		return ~0UL;
	if (r == 1)
		return start;
	if (r == 2)
		return start + dt_rand(s, 2) % 5000;	/* may wrap: then below start */
	return start + dt_rand(s, 8) % (1UL << 40);
}

/* ---- comparisons ---- */

static int dt_compare_all(struct xa_dt_state *s)
{
	struct xa_model_ent *m = s->dt->model;
	unsigned long index, i = 0;
	void *entry;

	xa_for_each(&s->xa, index, entry) {
		if (i >= s->n)
			return DT_FAIL(s, "xa_for_each: extra entry %p at %#lx", entry, index);
		if (index != m[i].index || entry != m[i].entry)
			return DT_FAIL(s, "xa_for_each: %p at %#lx, model %p at %#lx", entry,
				       index, m[i].entry, m[i].index);
		for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
			if (xa_get_mark(&s->xa, index, k) != !!(m[i].marks & (1U << k)))
				return DT_FAIL(s, "mark %u at %#lx differs", k, index);
		i++;
	}
	if (i != s->n)
		return DT_FAIL(s, "xa_for_each: %lu entries, model %lu", i, s->n);
	for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++) {
		unsigned long j = 0;
		bool any = false;

		xa_for_each_marked(&s->xa, index, entry, k) {
			while (j < s->n && !(m[j].marks & (1U << k)))
				j++;
			if (j >= s->n || m[j].index != index || m[j].entry != entry)
				return DT_FAIL(s, "xa_for_each_marked %u: %p at %#lx unexpected",
					       k, entry, index);
			j++;
			any = true;
		}
		while (j < s->n && !(m[j].marks & (1U << k)))
			j++;
		if (j != s->n)
			return DT_FAIL(s, "xa_for_each_marked %u: missed %#lx", k, m[j].index);
		if (xa_marked(&s->xa, k) != any)
			return DT_FAIL(s, "xa_marked(%u) %d, model %d", k, xa_marked(&s->xa, k), any);
	}
	return 0;
}

static int dt_check(struct xa_dt_state *s, bool validate, bool compare)
{
	struct xa_difftest *dt = s->dt;
	void *head = s->xa.xa_head;

	if (xa_is_node(head)) {
		unsigned int h = xa_to_node(head)->shift / XA_CHUNK_SHIFT + 1;

		if (h > dt->height_peak)
			dt->height_peak = h;
	}
	if (validate && xa_validate(&s->xa))
		return DT_FAIL(s, "xa_validate failed");
	if (compare)
		return dt_compare_all(s);
	return 0;
}

/* ---- operations ---- */

/* Make room: with the model full, an adding operation erases instead. */
static bool dt_full(struct xa_dt_state *s, unsigned long index)
{
	return s->n >= s->dt->max_entries && !model_get(s, index);
}

static int dt_erase_one(struct xa_dt_state *s, unsigned long index)
{
	struct xa_model_ent *e = model_get(s, index);
	void *old = xa_erase(&s->xa, index);

	if (old != (e ? e->entry : NULL))
		return DT_FAIL(s, "xa_erase(%#lx) returned %p, model %p", index, old,
			       e ? e->entry : NULL);
	if (e)
		model_del(s, e);
	if (xa_load(&s->xa, index))
		return DT_FAIL(s, "xa_load(%#lx) after erase not NULL", index);
	return 0;
}

static int dt_insert(struct xa_dt_state *s, unsigned long index, void *entry, int ret)
{
	struct xa_model_ent *e = model_get(s, index);
	int want = e ? -EBUSY : 0;

	if (ret != want)
		return DT_FAIL(s, "xa_insert(%#lx) returned %d, model says %d", index, ret, want);
	if (!e)
		model_add(s, index, entry);
	return 0;
}

static int dt_store(struct xa_dt_state *s, unsigned long index, void *entry, void *old)
{
	struct xa_model_ent *e = model_get(s, index);

	if (old != (e ? e->entry : NULL))
		return DT_FAIL(s, "xa_store(%#lx) returned %p, model %p", index, old,
			       e ? e->entry : NULL);
	if (!entry) {
		if (e)
			model_del(s, e);
	} else if (e) {
		e->entry = entry;	/* marks stay */
	} else {
		model_add(s, index, entry);
	}
	return 0;
}

static int dt_find(struct xa_dt_state *s, bool after)
{
	unsigned long start = dt_index(s), max = dt_max(s, start), index = start;
	xa_mark_t filter = dt_filter(s);
	struct xa_model_ent *e;
	void *entry;

	if (after) {
		entry = xa_find_after(&s->xa, &index, max, filter);
		e = start == ~0UL ? NULL : model_find(s, start + 1, max, filter);
	} else {
		entry = xa_find(&s->xa, &index, max, filter);
		e = model_find(s, start, max, filter);
	}
	if (entry != (e ? e->entry : NULL) || index != (e ? e->index : start))
		return DT_FAIL(s, "xa_find%s(%#lx, max %#lx, filter %u): %p at %#lx, model %p at %#lx",
			       after ? "_after" : "", start, max, filter, entry, index,
			       e ? e->entry : NULL, e ? e->index : start);
	return 0;
}

/* Destroy the array and build it again from the model. */
static int dt_rebuild(struct xa_dt_state *s)
{
	struct xa_difftest *dt = s->dt;

	xa_destroy(&s->xa);
	if (!xa_empty(&s->xa) || xa_load(&s->xa, 0))
		return DT_FAIL(s, "not empty after xa_destroy");
	if (dt->live_nodes && dt->live_nodes())
		return DT_FAIL(s, "%ld nodes left after xa_destroy", dt->live_nodes());
	for (unsigned long i = 0; i < s->n; i++) {
		struct xa_model_ent *e = &dt->model[i];
		int err = xa_insert(&s->xa, e->index, e->entry, GFP_KERNEL);

		if (err)
			return DT_FAIL(s, "rebuild: xa_insert(%#lx) = %d", e->index, err);
		for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
			if (e->marks & (1U << k))
				xa_set_mark(&s->xa, e->index, k);
	}
	return dt_check(s, true, true);
}

/*
 * Erase everything in a range while iterating over it, as truncation does
 * to the page cache: whole subtrees go and the tree lowers.
 */
static int dt_erase_range(struct xa_dt_state *s)
{
	static const unsigned long spans[4] = { 64, 4096, 1UL << 20, 1UL << 40 };
	unsigned long start = dt_index(s), last, index;
	unsigned int r = dt_rand(s, 1) % 5;
	void *entry;

	last = r == 4 ? ~0UL : start + spans[r];
	if (last < start)
		last = ~0UL;
	xa_for_each_range(&s->xa, index, entry, start, last) {
		struct xa_model_ent *e = model_get(s, index);

		if (!e || e->entry != entry)
			return DT_FAIL(s, "range erase: %p at %#lx, model %p", entry, index,
				       e ? e->entry : NULL);
		if (xa_erase(&s->xa, index) != entry)
			return DT_FAIL(s, "range erase: xa_erase(%#lx) wrong", index);
		model_del(s, e);
	}
	if (model_find(s, start, last, XA_PRESENT))
		return DT_FAIL(s, "range erase [%#lx, %#lx]: %#lx left", start, last,
			       model_find(s, start, last, XA_PRESENT)->index);
	return 0;
}

/* A store that may run out of nodes part way: all or nothing. */
static int dt_nomem(struct xa_dt_state *s)
{
	struct xa_difftest *dt = s->dt;
	unsigned long index = dt_index(s);
	bool insert = dt_rand(s, 1) & 1;
	void *entry = dt_entry(s), *head = s->xa.xa_head, *old = NULL;
	unsigned int flags = s->xa.xa_flags;
	long nodes = dt->live_nodes ? dt->live_nodes() : 0;
	int ret = 0;

	if (dt_full(s, index))
		return dt_erase_one(s, index);
	dt->fail_after(dt_rand(s, 1) % 4);
	if (insert)
		ret = xa_insert(&s->xa, index, entry, GFP_KERNEL);
	else
		old = xa_store(&s->xa, index, entry, GFP_KERNEL);
	dt->fail_after(-1);
	if (ret == -ENOMEM || xa_err(old) == -ENOMEM) {
		dt->enomem++;
		if (s->xa.xa_head != head || s->xa.xa_flags != flags)
			return DT_FAIL(s, "-ENOMEM changed the root");
		if (dt->live_nodes && dt->live_nodes() != nodes)
			return DT_FAIL(s, "-ENOMEM leaked %ld nodes", dt->live_nodes() - nodes);
		if (model_get(s, index))
			return DT_FAIL(s, "-ENOMEM for an occupied index %#lx", index);
		if (xa_load(&s->xa, index))
			return DT_FAIL(s, "-ENOMEM, yet %#lx is present", index);
		/* Now and then, the whole array; every time in a fuzzer's run. */
		return dt_check(s, true, dt->data || (dt->enomem & 15) == 0);
	}
	return insert ? dt_insert(s, index, entry, ret) : dt_store(s, index, entry, old);
}

static int dt_step(struct xa_dt_state *s)
{
	struct xa_difftest *dt = s->dt;
	unsigned int r = dt_rand(s, 2) % 1000, op;
	struct xa_model_ent *e;
	unsigned long index;
	xa_mark_t mark;
	void *entry;

	/* Per mille: writes and mark changes most, the whole-array ones rarely. */
	if (r < 200)
		op = XA_OP_INSERT;
	else if (r < 320)
		op = XA_OP_STORE;
	else if (r < 450)
		op = XA_OP_ERASE;
	else if (r < 560)
		op = XA_OP_LOAD;
	else if (r < 660)
		op = XA_OP_SET_MARK;
	else if (r < 720)
		op = XA_OP_CLEAR_MARK;
	else if (r < 760)
		op = XA_OP_GET_MARK;
	else if (r < 850)
		op = XA_OP_FIND;
	else if (r < 930)
		op = XA_OP_FIND_AFTER;
	else if (r < 945)
		op = XA_OP_MARKED;
	else if (r < 947)
		op = XA_OP_ITERATE;
	else if (r < 948)
		op = XA_OP_REBUILD;
	else if (r < 990)
		op = dt->fail_after ? XA_OP_NOMEM : XA_OP_INSERT;
	else if (r < 991)
		op = XA_OP_ERASE_RANGE;
	else
		op = XA_OP_ERASE;
	if (s->out_of_data)
		return 0;
	dt->op_count[op]++;

	switch (op) {
	case XA_OP_INSERT: {
		int ret;

		index = dt_index(s);
		entry = dt_entry(s);
		if (dt_full(s, index))
			return dt_erase_one(s, index);
		ret = xa_insert(&s->xa, index, entry, GFP_KERNEL);
		return dt_insert(s, index, entry, ret);
	}
	case XA_OP_STORE:
		index = dt_index(s);
		entry = dt_rand(s, 1) % 8 ? dt_entry(s) : NULL;
		if (dt_full(s, index))
			return dt_erase_one(s, index);
		return dt_store(s, index, entry, xa_store(&s->xa, index, entry, GFP_KERNEL));
	case XA_OP_ERASE:
		/* Mostly an entry that is there, so that trees shrink too. */
		if (s->n && dt_rand(s, 1) % 4)
			index = dt->model[dt_rand(s, 3) % s->n].index;
		else
			index = dt_index(s);
		return dt_erase_one(s, index);
	case XA_OP_LOAD:
		index = dt_index(s);
		e = model_get(s, index);
		entry = xa_load(&s->xa, index);
		if (entry != (e ? e->entry : NULL))
			return DT_FAIL(s, "xa_load(%#lx) = %p, model %p", index, entry,
				       e ? e->entry : NULL);
		return 0;
	case XA_OP_SET_MARK:
	case XA_OP_CLEAR_MARK:
		if (s->n && dt_rand(s, 1) % 4)
			index = dt->model[dt_rand(s, 3) % s->n].index;
		else
			index = dt_index(s);
		mark = dt_mark(s);
		e = model_get(s, index);
		if (op == XA_OP_SET_MARK) {
			xa_set_mark(&s->xa, index, mark);
			if (e)
				e->marks |= 1U << mark;
		} else {
			xa_clear_mark(&s->xa, index, mark);
			if (e)
				e->marks &= ~(1U << mark);
		}
		if (xa_get_mark(&s->xa, index, mark) != (e && (e->marks & (1U << mark))))
			return DT_FAIL(s, "mark %u at %#lx wrong after %s", mark, index,
				       op == XA_OP_SET_MARK ? "set" : "clear");
		return 0;
	case XA_OP_GET_MARK:
		index = dt_index(s);
		mark = dt_mark(s);
		e = model_get(s, index);
		if (xa_get_mark(&s->xa, index, mark) != (e && (e->marks & (1U << mark))))
			return DT_FAIL(s, "xa_get_mark(%#lx, %u) wrong", index, mark);
		return 0;
	case XA_OP_FIND:
	case XA_OP_FIND_AFTER:
		return dt_find(s, op == XA_OP_FIND_AFTER);
	case XA_OP_MARKED:
		mark = dt_mark(s);
		if (xa_marked(&s->xa, mark) != (model_find(s, 0, ~0UL, mark) != NULL))
			return DT_FAIL(s, "xa_marked(%u) wrong", mark);
		return 0;
	case XA_OP_ITERATE:
		return dt_check(s, true, true);
	case XA_OP_REBUILD:
		return dt_rebuild(s);
	case XA_OP_NOMEM:
		return dt_nomem(s);
	case XA_OP_ERASE_RANGE:
		return dt_erase_range(s);
	}
	return 0;
}

/**
 * xa_difftest_run - run the differential test
 * @dt:		parameters; results filled in
 *
 * Return: 0, or -EINVAL at the first mismatch (printed with pr_err).
 */
int xa_difftest_run(struct xa_difftest *dt)
{
	struct xa_dt_state s = { .dt = dt, .rng = (dt->seed + 1) * 0x9e3779b97f4a7c15ULL };
	int err = 0;

	if (!s.rng)
		s.rng = 1;	/* xorshift never leaves 0 */
	xa_init(&s.xa);
	/* Cluster bases: leaf edges, level edges, deep indices, the top. */
	s.bases[0] = 0;
	s.bases[1] = 4096 - 150;
	s.bases[2] = (1UL << 18) - 2000;
	s.bases[3] = 1UL << 33;
	s.bases[4] = (1UL << 47) + 12345;
	s.bases[5] = ~0UL - 3000;
	s.bases[6] = dt_rand(&s, 8);
	s.bases[7] = dt_rand(&s, 4) << 12;
	for (s.op = 0; s.op < dt->ops && !s.out_of_data; s.op++) {
		err = dt_step(&s);
		if (err)
			break;
		if (dt->validate_every && (s.op + 1) % dt->validate_every == 0) {
			err = dt_check(&s, true, dt->compare_every &&
				       (s.op + 1) % dt->compare_every == 0);
			if (err)
				break;
		}
	}
	dt->done_ops = s.op;
	if (!err)
		err = dt_check(&s, true, true);
	if (err && s.n < 200)
		xa_dump(&s.xa);
	xa_destroy(&s.xa);
	if (!err && dt->live_nodes && dt->live_nodes())
		err = DT_FAIL(&s, "%ld nodes left after xa_destroy", dt->live_nodes());
	return err;
}

#ifdef CONFIG_KTEST
#include <arbor/ktest.h>
#include <arbor/slab.h>

#define KP(n)	((void *)(0x1000UL + ((unsigned long)(n) << 3)))

static void test_xa_basics(struct ktest *t)
{
	struct xarray xa;
	unsigned long index = 0;

	xa_init(&xa);
	KTEST_EXPECT_EQ(t, xa_insert(&xa, 0, KP(0), GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, xa_insert(&xa, 0, KP(1), GFP_KERNEL), -EBUSY);
	KTEST_EXPECT_EQ(t, xa_insert(&xa, 5, (void *)0x1001, GFP_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, xa_insert(&xa, ~0UL, KP(2), GFP_KERNEL), 0);
	KTEST_EXPECT_TRUE(t, xa_load(&xa, ~0UL) == KP(2));
	KTEST_EXPECT_TRUE(t, xa_load(&xa, 0) == KP(0));
	xa_set_mark(&xa, ~0UL, XA_MARK_0);
	KTEST_EXPECT_TRUE(t, xa_marked(&xa, XA_MARK_0));
	KTEST_EXPECT_TRUE(t, xa_find(&xa, &index, ~0UL, XA_MARK_0) == KP(2));
	KTEST_EXPECT_EQ(t, index, ~0UL);
	KTEST_EXPECT_EQ(t, xa_validate(&xa), 0);
	KTEST_EXPECT_TRUE(t, xa_erase(&xa, ~0UL) == KP(2));
	KTEST_EXPECT_FALSE(t, xa_marked(&xa, XA_MARK_0));
	KTEST_EXPECT_TRUE(t, xa.xa_head == KP(0));	/* shrunk to the head */
	xa_destroy(&xa);
	KTEST_EXPECT_TRUE(t, xa_empty(&xa));
}

static void xa_ktest_diff(struct ktest *t, u64 seed, unsigned long max_entries)
{
	struct xa_difftest dt = {
		.seed = seed, .ops = 60000, .validate_every = 97, .compare_every = 97 * 16,
		.max_entries = max_entries,
	};

	dt.model = kmalloc_array(max_entries, sizeof(*dt.model), GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, dt.model != NULL);
	KTEST_EXPECT_EQ(t, xa_difftest_run(&dt), 0);
	kfree(dt.model);
}

static void test_xa_difftest_small(struct ktest *t)
{
	xa_ktest_diff(t, 21, 64);
}

static void test_xa_difftest_large(struct ktest *t)
{
	xa_ktest_diff(t, 22, 2048);
}

/* Every node goes back to "radix_tree_node". */
static void test_xa_no_node_leak(struct ktest *t)
{
	struct slab_cache_info before, after;
	struct kmem_cache *cache;
	struct xarray xa;

	xa_init(&xa);
	KTEST_ASSERT_TRUE(t, xa_insert(&xa, 1, KP(1), GFP_KERNEL) == 0);
	xa_destroy(&xa);
	cache = kmem_cache_find("radix_tree_node");
	KTEST_ASSERT_TRUE(t, cache != NULL);
	kmem_cache_get_info(cache, &before);
	for (unsigned long i = 0; i < 20000; i++)
		xa_insert(&xa, i * 3, KP(i), GFP_KERNEL);
	for (unsigned long i = 0; i < 20000; i += 2)
		xa_erase(&xa, i * 3);
	KTEST_EXPECT_EQ(t, xa_validate(&xa), 0);
	xa_destroy(&xa);
	kmem_cache_get_info(cache, &after);
	KTEST_EXPECT_EQ(t, after.active_objs, before.active_objs);
}

static const struct ktest_case xarray_cases[] = {
	KTEST_CASE(test_xa_basics),
	KTEST_CASE(test_xa_difftest_small),
	KTEST_CASE(test_xa_difftest_large),
	KTEST_CASE(test_xa_no_node_leak),
	{}
};
KTEST_SUITE(xarray, xarray_cases);
#endif
