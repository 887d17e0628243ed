// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the xarray: the input bytes are the "random"
 * choices of the differential test (lib/xarray_test.c), so every input is
 * an operation stream replayed against the xarray and the sorted-array
 * model, with xa_validate() and a whole-array comparison after every
 * operation and allocation failures injected where the input says.
 */
#include <stdint.h>
#include <stdlib.h>

#include <arbor/xarray.h>

#include "xa_host_alloc.h"

#include "../../lib/xarray_test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xa_model_ent model[1024];

static void host_fail_after(long n)
{
	xa_host_fail_after = n;
}

static long host_live_nodes(void)
{
	return xa_host_nodes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xa_difftest dt = {
		.ops = 1000000, .validate_every = 1, .compare_every = 1,
		.model = model, .fail_after = host_fail_after,
		.live_nodes = host_live_nodes,
	};

	if (size < 2)
		return 0;
	/* The first byte bounds the model: small arrays shrink to the head often. */
	dt.max_entries = data[0] & 1 ? 16 : 1024;
	dt.seed = data[0];
	dt.data = data + 1;
	dt.data_len = size - 1;
	xa_host_fail_after = -1;
	if (xa_difftest_run(&dt))
		abort();
	if (xa_host_nodes)
		abort();	/* every node freed */
	return 0;
}
