// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include <arbor/xarray.h>

#include "xa_host_alloc.h"

long xa_host_nodes;
long xa_host_fail_after = -1;
unsigned long xa_host_allocs;

struct xa_node *xa_node_alloc(gfp_t gfp)
{
	struct xa_node *node;

	xa_host_allocs++;
	if (xa_host_fail_after == 0)
		return NULL;
	if (xa_host_fail_after > 0)
		xa_host_fail_after--;
	node = malloc(sizeof(*node));
	if (!node)
		return NULL;
	/* As the slab: zeroed only on request, garbage otherwise. */
	memset(node, (gfp & __GFP_ZERO) ? 0 : 0xa5, sizeof(*node));
	xa_host_nodes++;
	return node;
}

void xa_node_free(struct xa_node *node)
{
	if (!node)
		return;
	xa_host_nodes--;
	free(node);
}
