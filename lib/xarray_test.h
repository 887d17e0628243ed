/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XArray's differential test (lib/xarray_test.c): random operations on
 * an xarray and on a sorted-array model, compared as they go. Run by the
 * host test (tests/host/test_xarray.c), the libFuzzer target
 * (tests/host/fuzz_xarray.c) and the "xarray" ktest suite.
 */
#ifndef ARBOR_LIB_XARRAY_TEST_H
#define ARBOR_LIB_XARRAY_TEST_H

#include <arbor/xarray.h>

/* One entry of the model: sorted by index. */
struct xa_model_ent {
	unsigned long index;
	void *entry;
	unsigned int marks;	/* bit m: XA_MARK_m */
};

enum {
	XA_OP_INSERT, XA_OP_STORE, XA_OP_ERASE, XA_OP_LOAD, XA_OP_SET_MARK,
	XA_OP_CLEAR_MARK, XA_OP_GET_MARK, XA_OP_FIND, XA_OP_FIND_AFTER,
	XA_OP_MARKED, XA_OP_ITERATE, XA_OP_REBUILD, XA_OP_NOMEM, XA_OP_ERASE_RANGE,
	XA_OP_NR
};

/**
 * struct xa_difftest - parameters and results of xa_difftest_run()
 * @seed:	PRNG seed (fixed in tests, so runs repeat)
 * @ops:	operations to run
 * @validate_every: xa_validate() every this many operations (0: at the end only)
 * @compare_every: whole-array comparison every this many (0: at the end only)
 * @model:	the caller's buffer for the model, @max_entries long
 * @max_entries: most entries held at once
 * @fail_after:	failure injection: the next @n node allocations succeed and
 *		the rest fail; @n < 0 ends it (NULL: no XA_OP_NOMEM)
 * @live_nodes:	nodes allocated and not freed (NULL: unknown)
 * @data:	when not NULL, every random choice is read from these bytes
 *		instead (a fuzzer's input); the run ends when they run out
 * @data_len:	their length
 * @entries_peak, @height_peak, @enomem, @done_ops, @op_count: results
 */
struct xa_difftest {
	u64 seed;
	unsigned long ops;
	unsigned long validate_every;
	unsigned long compare_every;
	struct xa_model_ent *model;
	unsigned long max_entries;
	void (*fail_after)(long n);
	long (*live_nodes)(void);
	const u8 *data;
	size_t data_len;

	unsigned long entries_peak;
	unsigned int height_peak;
	unsigned long enomem;
	unsigned long done_ops;
	unsigned long op_count[XA_OP_NR];
};

/**
 * xa_difftest_run - run the differential test
 * @dt:		parameters; results filled in
 *
 * Return: 0, or -EINVAL at the first mismatch (printed with pr_err).
 */
int xa_difftest_run(struct xa_difftest *dt);

#endif
