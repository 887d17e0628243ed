// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree tests that run both on the host (tests/host/test_maple_tree.c)
 * and in the kernel (the "maple_tree" ktest suite), and the mtdump command.
 *
 * mt_difftest_run() drives a tree and a trivially correct reference, a
 * sorted array of ranges, through the same random operations and compares
 * every answer: loads, walks with their range bounds, forward and reverse
 * iteration, stores and erases made through a cursor in the middle of an
 * iteration, inserts that must fail with -EEXIST, and free-range searches
 * against a brute-force scan of the array's gaps.
 */
#include <arbor/errno.h>
#include <arbor/maple_tree.h>
#include <arbor/prandom.h>
#include <arbor/printk.h>
#include <arbor/string.h>

struct mt_ref_range {
	unsigned long first, last;
	void *entry;
};

struct mt_ref {
	struct mt_ref_range *r;
	unsigned long n, cap;
};

struct mt_dt {
	struct mt_difftest *dt;
	struct maple_tree mt;
	struct mt_ref ref;
	u64 rng;
	unsigned long op;
	unsigned long next_value;
	size_t pos;		/* replay: bytes consumed */
	bool exhausted;		/* replay: the input ran out */
	int bad;
};

/* Replay mode: the next @n bytes of the input, little-endian (0 once it ran out). */
static u64 dt_bytes(struct mt_dt *t, unsigned int n)
{
	u64 v = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (t->pos >= t->dt->data_len) {
			t->exhausted = true;
			break;
		}
		v |= (u64)t->dt->data[t->pos++] << (8 * i);
	}
	return v;
}

static u64 dt_rand(struct mt_dt *t)
{
	if (t->dt->data)
		return dt_bytes(t, 8);
	return prandom_u64_state(&t->rng);
}

static unsigned long dt_below(struct mt_dt *t, unsigned long n)
{
	unsigned int bytes = 1;

	if (!n)
		return 0;
	if (!t->dt->data)
		return (unsigned long)(dt_rand(t) % n);
	/* As few input bytes as the choice needs, so that a fuzzer's mutations stay local. */
	while (bytes < 8 && (n - 1) >> (8 * bytes))
		bytes++;
	return (unsigned long)(dt_bytes(t, bytes) % n);
}

#define DT_FAIL(t, fmt, ...)						\
	do {								\
		if (!(t)->bad++)					\
			printk(KERN_ERR "mt_difftest seed %llu op %lu: " fmt "\n", \
			       (unsigned long long)(t)->dt->seed, (t)->op, ##__VA_ARGS__); \
		return -EINVAL;						\
	} while (0)

/* First range whose last is >= index. */
static unsigned long ref_lower(const struct mt_ref *ref, unsigned long index)
{
	unsigned long lo = 0, hi = ref->n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (ref->r[mid].last < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void *ref_load(const struct mt_ref *ref, unsigned long index)
{
	unsigned long i = ref_lower(ref, index);

	return i < ref->n && ref->r[i].first <= index ? ref->r[i].entry : NULL;
}

/* The range holding @index, or the empty range around it. */
static void *ref_walk(const struct mt_ref *ref, unsigned long index, unsigned long *lo,
		      unsigned long *hi)
{
	unsigned long i = ref_lower(ref, index);

	if (i < ref->n && ref->r[i].first <= index) {
		*lo = ref->r[i].first;
		*hi = ref->r[i].last;
		return ref->r[i].entry;
	}
	*lo = i ? ref->r[i - 1].last + 1 : 0;
	*hi = i < ref->n ? ref->r[i].first - 1 : ULONG_MAX;
	return NULL;
}

static int ref_store(struct mt_ref *ref, unsigned long first, unsigned long last, void *entry)
{
	unsigned long i = ref_lower(ref, first), j = i, n_new = 0, keep;
	struct mt_ref_range add[3];

	while (j < ref->n && ref->r[j].first <= last)
		j++;
	if (i < j && ref->r[i].first < first)
		add[n_new++] = (struct mt_ref_range){ ref->r[i].first, first - 1, ref->r[i].entry };
	if (entry)
		add[n_new++] = (struct mt_ref_range){ first, last, entry };
	if (i < j && ref->r[j - 1].last > last)
		add[n_new++] = (struct mt_ref_range){ last + 1, ref->r[j - 1].last,
						      ref->r[j - 1].entry };
	keep = ref->n - (j - i);
	if (keep + n_new > ref->cap)
		return -ENOMEM;
	memmove(&ref->r[i + n_new], &ref->r[j], (ref->n - j) * sizeof(ref->r[0]));
	memcpy(&ref->r[i], add, n_new * sizeof(add[0]));
	ref->n = keep + n_new;
	return 0;
}

/* Brute force over the gaps of the array, as mas_empty_area{,_rev} must answer. */
static int ref_empty_area(const struct mt_ref *ref, unsigned long min, unsigned long max,
			  unsigned long size, bool rev, unsigned long *found)
{
	unsigned long g;

	if (min > max || !size || max - min < size - 1)
		return -EINVAL;
	for (g = 0; g <= ref->n; g++) {
		unsigned long k = rev ? ref->n - g : g;
		unsigned long lo = k ? ref->r[k - 1].last + 1 : 0;
		unsigned long hi = k < ref->n ? ref->r[k].first - 1 : ULONG_MAX;
		unsigned long s, e;

		if (k && ref->r[k - 1].last == ULONG_MAX)
			continue;
		if (k < ref->n && ref->r[k].first == lo)
			continue;	/* adjacent ranges: no gap */
		if (rev ? lo > max : hi < min)
			continue;
		if (rev ? hi < min : lo > max)
			break;
		s = max(lo, min);
		e = min(hi, max);
		if (e - s >= size - 1) {
			*found = rev ? e : s;
			return 0;
		}
	}
	return -EBUSY;
}

/* An index: mostly in [0, span), sometimes at the top of the space. */
static unsigned long dt_index(struct mt_dt *t)
{
	unsigned long span = t->dt->span;

	switch (dt_below(t, 32)) {
	case 0:
		return ULONG_MAX - dt_below(t, span);
	case 1:
		return dt_below(t, 4);
	default:
		return dt_below(t, span);
	}
}

static void dt_range(struct mt_dt *t, unsigned long *first, unsigned long *last)
{
	unsigned long a = dt_index(t), len;

	switch (dt_below(t, 64)) {
	case 0:
		/* Spans many nodes; now and then most of the tree. */
		len = dt_below(t, dt_below(t, 16) ? t->dt->span / 64 + 1 : t->dt->span / 2 + 1);
		break;
	case 1:
		len = 0;
		break;
	default:
		len = dt_below(t, t->dt->max_len);
		break;
	}
	*first = a;
	*last = a > ULONG_MAX - len ? ULONG_MAX : a + len;
}

static void *dt_value(struct mt_dt *t)
{
	return xa_mk_value(++t->next_value);
}

static int dt_check_store(struct mt_dt *t, unsigned long first, unsigned long last, void *entry,
			  int err)
{
	if (err == -ENOMEM)
		return -ENOMEM;
	if (err)
		DT_FAIL(t, "store [%#lx, %#lx] returned %d", first, last, err);
	if (ref_store(&t->ref, first, last, entry))
		return -ENOMEM;
	return 0;
}

static int dt_compare_all(struct mt_dt *t)
{
	MA_STATE(mas, &t->mt, 0, 0);
	unsigned long i = 0;
	void *entry;

	mas_for_each(&mas, entry, ULONG_MAX) {
		const struct mt_ref_range *r = &t->ref.r[i];

		if (i >= t->ref.n)
			DT_FAIL(t, "iteration: extra range [%#lx, %#lx] %p", mas.index, mas.last,
				entry);
		if (mas.index != r->first || mas.last != r->last || entry != r->entry)
			DT_FAIL(t, "iteration #%lu: [%#lx, %#lx] %p, expected [%#lx, %#lx] %p", i,
				mas.index, mas.last, entry, r->first, r->last, r->entry);
		i++;
		t->dt->checks++;
	}
	if (i != t->ref.n)
		DT_FAIL(t, "iteration: %lu ranges, expected %lu", i, t->ref.n);
	return 0;
}

static int dt_expect(struct mt_dt *t, const char *what, void *entry, struct ma_state *mas,
		     const struct mt_ref_range *want)
{
	t->dt->checks++;
	if (!want) {
		if (entry)
			DT_FAIL(t, "%s: got [%#lx, %#lx] %p, expected nothing", what, mas->index,
				mas->last, entry);
		return 0;
	}
	if (entry != want->entry || mas->index != want->first || mas->last != want->last)
		DT_FAIL(t, "%s: got [%#lx, %#lx] %p, expected [%#lx, %#lx] %p", what, mas->index,
			mas->last, entry, want->first, want->last, want->entry);
	return 0;
}

/* mas_find then mas_next/mas_find steps (with pauses) over [x, y]. */
static int dt_iterate_fwd(struct mt_dt *t)
{
	unsigned long x = dt_index(t), y = x + dt_below(t, t->dt->span / 4 + 1), i;
	MA_STATE(mas, &t->mt, x, x);
	int steps = (int)dt_below(t, 24) + 1;

	if (y < x)
		y = ULONG_MAX;
	i = ref_lower(&t->ref, x);
	for (int s = 0; s < steps; s++, i++) {
		const struct mt_ref_range *want = i < t->ref.n && t->ref.r[i].first <= y ?
						  &t->ref.r[i] : NULL;
		void *entry;

		if (s && !dt_below(t, 8))
			mas_pause(&mas);
		entry = (s && dt_below(t, 2)) ? mas_next(&mas, y) : mas_find(&mas, y);
		if (dt_expect(t, "forward", entry, &mas, want))
			return -EINVAL;
		if (!want)
			break;
	}
	return 0;
}

/* mas_find_rev then mas_prev steps over [y, x]. */
static int dt_iterate_rev(struct mt_dt *t)
{
	unsigned long x = dt_index(t), span = dt_below(t, t->dt->span / 4 + 1);
	unsigned long y = x >= span ? x - span : 0;
	MA_STATE(mas, &t->mt, x, x);
	int steps = (int)dt_below(t, 24) + 1;
	long i = (long)ref_lower(&t->ref, x);

	if ((unsigned long)i >= t->ref.n || t->ref.r[i].first > x)
		i--;
	for (int s = 0; s < steps; s++, i--) {
		const struct mt_ref_range *want = i >= 0 && t->ref.r[i].last >= y ?
						  &t->ref.r[i] : NULL;
		void *entry;

		if (s && !dt_below(t, 8))
			mas_pause(&mas);
		entry = (s && dt_below(t, 2)) ? mas_prev(&mas, y) : mas_find_rev(&mas, y);
		if (dt_expect(t, "reverse", entry, &mas, want))
			return -EINVAL;
		if (!want)
			break;
	}
	return 0;
}

/* Walk [x, y] with mas_for_each, erasing or replacing entries through the cursor. */
static int dt_modify_while_iterating(struct mt_dt *t)
{
	unsigned long x = dt_index(t), y = x + dt_below(t, t->dt->max_len * 8 + 1);
	MA_STATE(mas, &t->mt, x, x);
	unsigned long i;
	void *entry;

	if (y < x)
		y = ULONG_MAX;
	i = ref_lower(&t->ref, x);
	mas_for_each(&mas, entry, y) {
		const struct mt_ref_range *want = i < t->ref.n ? &t->ref.r[i] : NULL;
		unsigned long first = mas.index, last = mas.last;

		if (dt_expect(t, "for_each", entry, &mas, want))
			return -EINVAL;
		switch (dt_below(t, 3)) {
		case 0: {
			void *old = mas_erase(&mas);

			if (mas_is_err(&mas))
				return -ENOMEM;
			if (old != entry)
				DT_FAIL(t, "mas_erase returned %p, expected %p", old, entry);
			if (ref_store(&t->ref, first, last, NULL))
				return -ENOMEM;
			break;		/* the next range moved down to slot i */
		}
		case 1: {
			void *v = dt_value(t);

			mas_store(&mas, v);
			if (mas_is_err(&mas))
				return -ENOMEM;
			if (ref_store(&t->ref, first, last, v))
				return -ENOMEM;
			i++;
			break;
		}
		default:
			i++;
			break;
		}
	}
	if (i < t->ref.n && t->ref.r[i].first <= y)
		DT_FAIL(t, "for_each [%#lx, %#lx] stopped before [%#lx, %#lx]", x, y,
			t->ref.r[i].first, t->ref.r[i].last);
	return 0;
}

static int dt_empty_area(struct mt_dt *t)
{
	MA_STATE(mas, &t->mt, 0, 0);
	unsigned long min = dt_index(t), max, size, want = 0;
	bool rev = dt_below(t, 2);
	int err, ref_err;

	max = min + dt_below(t, t->dt->span);
	if (max < min)
		max = ULONG_MAX;
	if (!dt_below(t, 8)) {
		min = 0;
		max = ULONG_MAX;
	}
	size = dt_below(t, 4) ? dt_below(t, 2 * t->dt->max_len) + 1 : dt_below(t, t->dt->span) + 1;
	if (!dt_below(t, 64))
		size = 0;
	err = rev ? mas_empty_area_rev(&mas, min, max, size) : mas_empty_area(&mas, min, max, size);
	ref_err = ref_empty_area(&t->ref, min, max, size, rev, &want);
	t->dt->checks++;
	if (err != ref_err)
		DT_FAIL(t, "empty_area%s(%#lx, %#lx, %#lx) returned %d, expected %d",
			rev ? "_rev" : "", min, max, size, err, ref_err);
	if (err)
		return 0;
	if (rev ? (mas.last != want || mas.index != want - (size - 1)) :
		  (mas.index != want || mas.last != want + (size - 1)))
		DT_FAIL(t, "empty_area%s(%#lx, %#lx, %#lx) found [%#lx, %#lx], expected %s %#lx",
			rev ? "_rev" : "", min, max, size, mas.index, mas.last,
			rev ? "end" : "start", want);
	return 0;
}

static int dt_one_op(struct mt_dt *t)
{
	unsigned long first, last, lo, hi;
	unsigned int roll = (unsigned int)dt_below(t, 1000);
	void *entry, *want;
	int err;

	if (roll < 300) {				/* store an entry */
		dt_range(t, &first, &last);
		entry = dt_value(t);
		if (roll < 150) {
			err = mtree_store_range(&t->mt, first, last, entry, GFP_KERNEL);
		} else {
			MA_STATE(mas, &t->mt, first, last);

			err = mas_store_gfp(&mas, entry, GFP_KERNEL);
		}
		return dt_check_store(t, first, last, entry, err);
	}
	if (roll < 400) {				/* store NULL over a range */
		dt_range(t, &first, &last);
		if (roll == 399 && !dt_below(t, 8)) {
			first = 0;
			last = ULONG_MAX;
		}
		return dt_check_store(t, first, last, NULL,
				      mtree_store_range(&t->mt, first, last, NULL, GFP_KERNEL));
	}
	if (roll < 480) {				/* insert */
		bool busy;

		dt_range(t, &first, &last);
		entry = dt_value(t);
		{
			unsigned long i = ref_lower(&t->ref, first);

			busy = i < t->ref.n && t->ref.r[i].first <= last;
		}
		err = mtree_insert_range(&t->mt, first, last, entry, GFP_KERNEL);
		if (err == -ENOMEM)
			return err;
		if (err != (busy ? -EEXIST : 0))
			DT_FAIL(t, "insert [%#lx, %#lx] returned %d, expected %d", first, last,
				err, busy ? -EEXIST : 0);
		return busy ? 0 : dt_check_store(t, first, last, entry, 0);
	}
	if (roll < 580) {				/* erase */
		unsigned long index = dt_index(t);

		want = ref_walk(&t->ref, index, &lo, &hi);
		entry = mtree_erase(&t->mt, index);
		if (entry != want)
			DT_FAIL(t, "erase %#lx returned %p, expected %p", index, entry, want);
		return want ? dt_check_store(t, lo, hi, NULL, 0) : 0;
	}
	if (roll < 700) {				/* loads */
		for (int k = 0; k < 8; k++) {
			unsigned long index = dt_index(t);

			t->dt->checks++;
			entry = mtree_load(&t->mt, index);
			want = ref_load(&t->ref, index);
			if (entry != want)
				DT_FAIL(t, "load %#lx gave %p, expected %p", index, entry, want);
		}
		return 0;
	}
	if (roll < 760) {				/* walk */
		unsigned long index = dt_index(t);
		MA_STATE(mas, &t->mt, index, index);

		entry = mas_walk(&mas);
		want = ref_walk(&t->ref, index, &lo, &hi);
		t->dt->checks++;
		if (entry != want || mas.index != lo || mas.last != hi)
			DT_FAIL(t, "walk %#lx gave [%#lx, %#lx] %p, expected [%#lx, %#lx] %p",
				index, mas.index, mas.last, entry, lo, hi, want);
		return 0;
	}
	if (roll < 830)
		return dt_iterate_fwd(t);
	if (roll < 880)
		return dt_iterate_rev(t);
	if (roll < 920)
		return dt_modify_while_iterating(t);
	if (roll < 980)
		return dt_empty_area(t);
	/* preallocate, then a store that may not fail */
	dt_range(t, &first, &last);
	{
		MA_STATE(mas, &t->mt, first, last);

		entry = dt_below(t, 4) ? dt_value(t) : NULL;
		if (mas_preallocate(&mas, entry, GFP_KERNEL))
			return -ENOMEM;
		mas_store_prealloc(&mas, entry);
		if (mas_is_err(&mas))
			DT_FAIL(t, "store [%#lx, %#lx] after mas_preallocate failed", first, last);
		return dt_check_store(t, first, last, entry, 0);
	}
}

int mt_difftest_run(struct mt_difftest *dt)
{
	struct mt_dt *t = mt_test_alloc(sizeof(*t));
	int err = 0;

	if (!t)
		return -ENOMEM;
	memset(t, 0, sizeof(*t));
	t->dt = dt;
	t->rng = dt->seed * 2 + 1;
	t->ref.cap = dt->max_ranges;
	t->ref.r = mt_test_alloc(t->ref.cap * sizeof(t->ref.r[0]));
	if (!t->ref.r) {
		mt_test_free(t);
		return -ENOMEM;
	}
	mt_init_flags(&t->mt, dt->flags);
	for (t->op = 0; t->op < dt->ops && !t->exhausted; t->op++) {
		err = dt_one_op(t);
		if (err == -ENOMEM) {
			/* The reference is full: start again from an empty tree. */
			mtree_destroy(&t->mt);
			t->ref.n = 0;
			err = 0;
			continue;
		}
		if (err)
			break;
		if (t->ref.n > dt->ranges_peak)
			dt->ranges_peak = t->ref.n;
		if (mt_height(&t->mt) > dt->height_peak)
			dt->height_peak = mt_height(&t->mt);
		if (dt->validate_every && (t->op + 1) % dt->validate_every == 0) {
			if (mt_validate(&t->mt)) {
				printk(KERN_ERR "mt_difftest seed %llu: mt_validate failed after op %lu\n",
				       (unsigned long long)dt->seed, t->op);
				err = -EINVAL;
				break;
			}
			err = dt_compare_all(t);
			if (err)
				break;
		}
	}
	if (!err && mt_validate(&t->mt))
		err = -EINVAL;
	if (!err)
		err = dt_compare_all(t);
	mtree_destroy(&t->mt);
	mt_test_free(t->ref.r);
	mt_test_free(t);
	return err;
}

#ifdef __KERNEL__
/* ------------------------------------------------------------------------ */
/* In the kernel: the mtdump command and the "maple_tree" ktest suite. */

#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/shell.h>
#include <arbor/slab.h>

void *mt_test_alloc(size_t bytes)
{
	return kmalloc(bytes, GFP_KERNEL);
}

void mt_test_free(void *p)
{
	kfree(p);
}

/*
 * Until processes have VMAs, mtdump shows a demo address space laid out
 * like a small dynamically linked program's.
 */
struct mt_demo_vma {
	unsigned long start, end;	/* [start, end) as in /proc/pid/maps */
	const char *name;
};

static const struct mt_demo_vma mt_demo_vmas[] = {
	{ 0x00400000, 0x00401000, "/bin/demo r--p" },
	{ 0x00401000, 0x00402000, "/bin/demo r-xp" },
	{ 0x00402000, 0x00403000, "/bin/demo r--p" },
	{ 0x00403000, 0x00404000, "/bin/demo rw-p" },
	{ 0x00404000, 0x00425000, "[heap]" },
	{ 0x7f0000000000, 0x7f0000022000, "libc.so r--p" },
	{ 0x7f0000022000, 0x7f0000197000, "libc.so r-xp" },
	{ 0x7f0000197000, 0x7f00001ef000, "libc.so r--p" },
	{ 0x7f00001ef000, 0x7f00001f3000, "libc.so rw-p" },
	{ 0x7f00001f3000, 0x7f0000200000, "anon rw-p" },
	{ 0x7f0000210000, 0x7f0000213000, "libm.so r--p" },
	{ 0x7f0000213000, 0x7f0000280000, "libm.so r-xp" },
	{ 0x7f0000280000, 0x7f0000282000, "libm.so rw-p" },
	{ 0x7f0000300000, 0x7f0000301000, "ld.so r--p" },
	{ 0x7f0000301000, 0x7f0000326000, "ld.so r-xp" },
	{ 0x7f0000326000, 0x7f0000330000, "ld.so r--p" },
	{ 0x7f0000330000, 0x7f0000332000, "ld.so rw-p" },
	{ 0x7ffffffde000, 0x7ffffffff000, "[stack]" },
	{ 0x7ffffffff000, 0x800000000000, "[vdso]" },
};

static struct maple_tree mt_demo = MTREE_INIT(mt_demo, MT_FLAGS_ALLOC_RANGE);

static int mt_demo_build(void)
{
	if (!mtree_empty(&mt_demo))
		return 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(mt_demo_vmas); i++) {
		const struct mt_demo_vma *v = &mt_demo_vmas[i];
		int err = mtree_insert_range(&mt_demo, v->start, v->end - 1, (void *)v, GFP_KERNEL);

		if (err) {
			mtree_destroy(&mt_demo);
			return err;
		}
	}
	return 0;
}

/* The node dump, the tree's shape and mt_validate's verdict. */
static void mtdump_tree(struct maple_tree *mt)
{
	struct mt_stats st;

	mt_dump(mt);
	mt_get_stats(mt, &st);
	printk("%lu ranges, %lu nodes of %u bytes (%lu leaves), height %u, %lu%% of slots used\n",
	       st.entries, st.nodes, (unsigned int)sizeof(struct maple_node), st.leaves, st.height,
	       st.slots ? st.slots_used * 100 / st.slots : 0);
	printk("mt_validate: %s\n", mt_validate(mt) ? "FAILED" : "ok");
}

/* current_mm's VMA tree: each range with its VMA's permissions, then the nodes. */
static void mtdump_mm(struct mm_struct *mm)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *vma;

	printk("address space %d (mm_mt, %d VMAs):\n", mm->id, mm->map_count);
	mas_for_each(&mas, vma, ULONG_MAX)
		printk("  %012lx-%012lx vma %c%c%c%c\n", mas.index, mas.last + 1,
		       (vma->vm_flags & VM_READ) ? 'r' : '-', (vma->vm_flags & VM_WRITE) ? 'w' : '-',
		       (vma->vm_flags & VM_EXEC) ? 'x' : '-',
		       (vma->vm_flags & VM_MAYSHARE) ? 's' : 'p');
	mtdump_tree(&mm->mm_mt);
}

static int cmd_mtdump(int argc, char **argv)
{
	MA_STATE(mas, &mt_demo, 0, 0);
	const struct mt_demo_vma *v;
	int err;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "demo")))
		return -EINVAL;
	if (argc == 1 && current_mm) {
		mtdump_mm(current_mm);
		return 0;
	}
	err = mt_demo_build();
	if (err)
		return err;
	printk("demo address space:\n");
	mas_for_each(&mas, v, ULONG_MAX)
		printk("  %012lx-%012lx %s\n", mas.index, mas.last + 1, v->name);
	mtdump_tree(&mt_demo);
	return 0;
}
SHELL_CMD(mtdump, "mtdump", "[demo]",
	  "the current address space's VMA tree (mm_mt), or a demo tree", cmd_mtdump);

#ifdef CONFIG_KTEST
static void test_mt_node_layout(struct ktest *t)
{
	struct maple_node *node = mt_alloc_node(GFP_KERNEL);

	KTEST_EXPECT_EQ(t, sizeof(struct maple_node), 256);
	KTEST_ASSERT_TRUE(t, node != NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)node & 255, 0);
	mt_free_node(node);
}

static void test_mt_edges(struct ktest *t)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	KTEST_EXPECT_EQ(t, mtree_store(&mt, 0, xa_mk_value(1), GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, mtree_store(&mt, ULONG_MAX, xa_mk_value(2), GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, mtree_insert_range(&mt, 100, 199, xa_mk_value(3), GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, mtree_insert_range(&mt, 150, 250, xa_mk_value(4), GFP_KERNEL), -EEXIST);
	KTEST_EXPECT_TRUE(t, mtree_load(&mt, 0) == xa_mk_value(1));
	KTEST_EXPECT_TRUE(t, mtree_load(&mt, ULONG_MAX) == xa_mk_value(2));
	KTEST_EXPECT_TRUE(t, mtree_load(&mt, 150) == xa_mk_value(3));
	mas_set(&mas, 150);
	KTEST_EXPECT_TRUE(t, mas_walk(&mas) == xa_mk_value(3));
	KTEST_EXPECT_EQ(t, mas.index, 100);
	KTEST_EXPECT_EQ(t, mas.last, 199);
	mas_set(&mas, 5);
	KTEST_EXPECT_TRUE(t, mas_walk(&mas) == NULL);
	KTEST_EXPECT_EQ(t, mas.index, 1);
	KTEST_EXPECT_EQ(t, mas.last, 99);
	KTEST_EXPECT_EQ(t, mas_empty_area_rev(&mas, 0, 1000, 801), 0);
	KTEST_EXPECT_EQ(t, mas.index, 200);
	KTEST_EXPECT_EQ(t, mas_empty_area(&mas, 1, 198, 99), 0);
	KTEST_EXPECT_EQ(t, mas.index, 1);
	KTEST_EXPECT_EQ(t, mas_empty_area(&mas, 2, 198, 99), -EBUSY);
	KTEST_EXPECT_TRUE(t, mtree_erase(&mt, 120) == xa_mk_value(3));
	KTEST_EXPECT_EQ(t, mt_validate(&mt), 0);
	KTEST_EXPECT_EQ(t, mtree_store_range(&mt, 0, ULONG_MAX, NULL, GFP_KERNEL), 0);
	KTEST_EXPECT_TRUE(t, mtree_empty(&mt));
	mtree_destroy(&mt);
}

static void test_mt_many_ranges(struct ktest *t)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);
	unsigned long n = 0;
	void *entry;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (unsigned long i = 0; i < 5000; i++)
		if (mtree_store_range(&mt, i * 0x2000, i * 0x2000 + 0xfff, xa_mk_value(i),
				      GFP_KERNEL))
			break;
	KTEST_EXPECT_EQ(t, mt_validate(&mt), 0);
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (entry != xa_mk_value(n) || mas.index != n * 0x2000)
			break;
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 5000);
	/* One store over most of it, then erase the rest while iterating. */
	KTEST_EXPECT_EQ(t, mtree_store_range(&mt, 0x1800, 0x2000 * 4000, xa_mk_value(1), GFP_KERNEL),
			0);
	KTEST_EXPECT_EQ(t, mt_validate(&mt), 0);
	mas_set(&mas, 0);
	mas_for_each(&mas, entry, ULONG_MAX)
		mas_erase(&mas);
	KTEST_EXPECT_TRUE(t, mtree_empty(&mt));
	mtree_destroy(&mt);
}

static void mt_ktest_diff(struct ktest *t, u64 seed, unsigned int flags, unsigned long span)
{
	struct mt_difftest dt = {
		.seed = seed, .ops = 60000, .span = span, .max_len = 16,
		.validate_every = 97, .flags = flags, .max_ranges = 8192,
	};

	KTEST_EXPECT_EQ(t, mt_difftest_run(&dt), 0);
}

static void test_mt_difftest_alloc(struct ktest *t)
{
	mt_ktest_diff(t, 11, MT_FLAGS_ALLOC_RANGE, 4000);
}

static void test_mt_difftest_range(struct ktest *t)
{
	mt_ktest_diff(t, 12, 0, 1000);
}

static void test_mt_no_node_leak(struct ktest *t)
{
	struct kmem_cache *cache;
	struct slab_cache_info before, after;
	struct maple_tree mt;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	KTEST_ASSERT_TRUE(t, mtree_store(&mt, 1, xa_mk_value(1), GFP_KERNEL) == 0);
	mtree_destroy(&mt);
	cache = kmem_cache_find("maple_node");
	KTEST_ASSERT_TRUE(t, cache != NULL);
	kmem_cache_get_info(cache, &before);
	for (unsigned long i = 0; i < 3000; i++)
		mtree_store_range(&mt, i * 3, i * 3 + 1, xa_mk_value(i), GFP_KERNEL);
	mtree_destroy(&mt);
	kmem_cache_get_info(cache, &after);
	KTEST_EXPECT_EQ(t, after.active_objs, before.active_objs);
}

static const struct ktest_case maple_tree_cases[] = {
	KTEST_CASE(test_mt_node_layout),
	KTEST_CASE(test_mt_edges),
	KTEST_CASE(test_mt_many_ranges),
	KTEST_CASE(test_mt_difftest_alloc),
	KTEST_CASE(test_mt_difftest_range),
	KTEST_CASE(test_mt_no_node_leak),
	{}
};
KTEST_SUITE(maple_tree, maple_tree_cases);
#endif /* CONFIG_KTEST */
#endif /* __KERNEL__ */
