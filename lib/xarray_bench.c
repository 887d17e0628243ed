// SPDX-License-Identifier: GPL-2.0
/*
 * XArray benchmarks ("bench" command, make bench): instructions per
 * operation under QEMU -icount, on an array of XA_BENCH_N entries.
 *
 *   xarray_insert_seq_insns         xa_insert() at 0, 1, 2, ... (a node
 *                                   allocation every 64 inserts included)
 *   xarray_load_insns               xa_load() of every index in turn
 *   xarray_find_marked_step_insns   xa_find_after(XA_MARK_0) from one
 *                                   marked entry to the next, 1 in 8 marked
 *
 * The entries are never dereferenced: small aligned fake pointers.
 */
#include <arbor/bench.h>
#include <arbor/printk.h>
#include <arbor/xarray.h>

#define XA_BENCH_N	100000UL
#define XA_BENCH_MARK_EVERY	8UL

#define BENCH_ENTRY(i)	((void *)(0x10000UL + ((i) << 3)))

struct xa_bench {
	struct xarray xa;
	unsigned long next;
	int err;
};

static void bench_insert_body(void *arg)
{
	struct xa_bench *b = arg;

	b->err |= xa_insert(&b->xa, b->next, BENCH_ENTRY(b->next), GFP_KERNEL);
	b->next++;
}

static u64 bench_xa_insert_seq(void)
{
	struct xa_bench b = { .next = 0 };
	u64 r;

	xa_init(&b.xa);
	/* One call more than @iters: the warm-up. */
	r = bench_insns_per_iter(bench_insert_body, &b, XA_BENCH_N - 1);
	if (b.err || b.next != XA_BENCH_N) {
		pr_err("bench: xa_insert failed\n");
		r = 0;
	}
	xa_destroy(&b.xa);
	return r;
}
KBENCH(xarray_insert_seq, "xarray_insert_seq_insns", "insns", bench_xa_insert_seq);

/* XA_BENCH_N entries, every XA_BENCH_MARK_EVERY-th marked XA_MARK_0. */
static int bench_fill(struct xa_bench *b)
{
	xa_init(&b->xa);
	for (unsigned long i = 0; i < XA_BENCH_N; i++) {
		if (xa_insert(&b->xa, i, BENCH_ENTRY(i), GFP_KERNEL)) {
			xa_destroy(&b->xa);
			return -ENOMEM;
		}
		if (i % XA_BENCH_MARK_EVERY == 0)
			xa_set_mark(&b->xa, i, XA_MARK_0);
	}
	b->next = 0;
	return 0;
}

static void bench_load_body(void *arg)
{
	struct xa_bench *b = arg;

	b->err |= xa_load(&b->xa, b->next) != BENCH_ENTRY(b->next);
	b->next++;
}

static u64 bench_xa_load(void)
{
	struct xa_bench b = { .err = 0 };
	u64 r;

	if (bench_fill(&b))
		return 0;
	r = bench_insns_per_iter(bench_load_body, &b, XA_BENCH_N - 1);
	if (b.err)
		r = 0;
	xa_destroy(&b.xa);
	return r;
}
KBENCH(xarray_load, "xarray_load_insns", "insns", bench_xa_load);

static void bench_find_marked_body(void *arg)
{
	struct xa_bench *b = arg;

	if (!xa_find_after(&b->xa, &b->next, ~0UL, XA_MARK_0))
		b->err = 1;
}

static u64 bench_xa_find_marked_step(void)
{
	unsigned long steps = XA_BENCH_N / XA_BENCH_MARK_EVERY - 2;
	struct xa_bench b = { .err = 0 };
	u64 r;

	if (bench_fill(&b))
		return 0;
	r = bench_insns_per_iter(bench_find_marked_body, &b, steps);
	if (b.err || b.next != (steps + 1) * XA_BENCH_MARK_EVERY)
		r = 0;
	xa_destroy(&b.xa);
	return r;
}
KBENCH(xarray_find_marked_step, "xarray_find_marked_step_insns", "insns",
       bench_xa_find_marked_step);
