// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include <arbor/maple_tree.h>

#include "mt_host_alloc.h"

long mt_host_nodes;
long mt_host_fail_after = -1;

struct maple_node *mt_alloc_node(gfp_t gfp)
{
	struct maple_node *node;

	if (mt_host_fail_after == 0)
		return NULL;
	if (mt_host_fail_after > 0)
		mt_host_fail_after--;
	node = aligned_alloc(MAPLE_NODE_SIZE, sizeof(*node));
	if (!node)
		return NULL;
	/* As the slab: zeroed only on request; garbage otherwise, so that a
	 * node used without being written whole shows up in the tests. */
	memset(node, (gfp & __GFP_ZERO) ? 0 : 0xa5, sizeof(*node));
	mt_host_nodes++;
	return node;
}

void mt_free_node(struct maple_node *node)
{
	if (!node)
		return;
	mt_host_nodes--;
	free(node);
}

void *mt_test_alloc(size_t bytes)
{
	return malloc(bytes);
}

void mt_test_free(void *p)
{
	free(p);
}
