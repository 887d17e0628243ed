// SPDX-License-Identifier: GPL-2.0
/*
 * XArray node memory in the kernel: a slab cache "radix_tree_node" (Linux's
 * name for it), created on first use. Host programs link their own
 * versions of these two functions (tests/host/xa_host_alloc.c).
 */
#include <arbor/slab.h>
#include <arbor/xarray.h>

static struct kmem_cache *radix_tree_node_cachep;

/**
 * xa_node_alloc - memory for one node
 * @gfp:	the caller's flags (__GFP_ZERO for a zeroed node)
 *
 * Return: the node, or NULL.
 */
struct xa_node *xa_node_alloc(gfp_t gfp)
{
	if (unlikely(!radix_tree_node_cachep)) {
		if (!slab_is_available())
			return NULL;
		radix_tree_node_cachep = kmem_cache_create("radix_tree_node",
							   sizeof(struct xa_node),
							   _Alignof(struct xa_node),
							   SLAB_RECLAIM_ACCOUNT, NULL);
		if (!radix_tree_node_cachep)
			return NULL;
	}
	return kmem_cache_alloc(radix_tree_node_cachep, gfp);
}

/** xa_node_free - give back a node from xa_node_alloc() (NULL is ignored) */
void xa_node_free(struct xa_node *node)
{
	if (node)
		kmem_cache_free(radix_tree_node_cachep, node);
}
