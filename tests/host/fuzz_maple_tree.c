// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the maple tree: the input bytes are the "random"
 * choices of the differential test (lib/maple_tree_test.c), so every input
 * is an operation stream replayed against the tree and the sorted-array
 * reference, with mt_validate() after every operation. Built with
 * clang -fsanitize=fuzzer,address,undefined; run by make check for a
 * bounded time and by make fuzz for longer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <arbor/maple_tree.h>

#include "mt_host_alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned long spans[4] = { 40, 300, 5000, 1UL << 36 };
	struct mt_difftest dt = { 0 };

	if (size < 2)
		return 0;
	/* The first byte picks the tree and the index space. */
	dt.flags = data[0] & 1 ? MT_FLAGS_ALLOC_RANGE : 0;
	dt.span = spans[(data[0] >> 1) & 3];
	dt.max_len = (data[0] >> 3) & 1 ? 4 : 40;
	dt.ops = 1000000;
	dt.validate_every = 1;
	dt.max_ranges = 100000;
	dt.seed = data[0];
	dt.data = data + 1;
	dt.data_len = size - 1;
	if (mt_difftest_run(&dt))
		abort();
	if (mt_host_nodes)
		abort();	/* every node freed */
	return 0;
}
