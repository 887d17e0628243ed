// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree node memory in the kernel: a slab cache of 256-byte,
 * 256-byte-aligned objects ("maple_node"), created on first use. The
 * alignment leaves the low 8 bits of every node pointer free for the type
 * and slot encodings. Host programs link their own versions of these two
 * functions (tests/host/mt_host_alloc.c).
 */
#include <arbor/maple_tree.h>
#include <arbor/slab.h>

static struct kmem_cache *maple_node_cache;

struct maple_node *mt_alloc_node(gfp_t gfp)
{
	if (unlikely(!maple_node_cache)) {
		if (!slab_is_available())
			return NULL;
		maple_node_cache = kmem_cache_create("maple_node", sizeof(struct maple_node),
						     sizeof(struct maple_node), 0, NULL);
		if (!maple_node_cache)
			return NULL;
	}
	/* Zeroed only when asked: a new leaf of the fast path writes all of it. */
	return kmem_cache_alloc(maple_node_cache, gfp);
}

void mt_free_node(struct maple_node *node)
{
	if (node)
		kmem_cache_free(maple_node_cache, node);
}
