// SPDX-License-Identifier: GPL-2.0
/*
 * XArray consistency checks and dump (CONFIG_DEBUG_XARRAY; always built
 * into the host tests). Never on a fast path: the tests call xa_validate()
 * between operations.
 */
#include <arbor/errno.h>
#include <arbor/printk.h>
#include <arbor/xarray.h>

#define XA_BAD(fmt, ...)						\
	({ pr_err("xa_validate: " fmt "\n", ##__VA_ARGS__); -EINVAL; })

/*
 * Check @node (expected: @shift, @parent, @offset; first index @base) and
 * everything below it; add its entries to *@entries.
 */
static int xa_check_node(struct xarray *xa, struct xa_node *node, unsigned int shift,
			 struct xa_node *parent, unsigned int offset, unsigned long base,
			 unsigned long *entries)
{
	unsigned long present = 0;
	unsigned int count = 0;
	int err;

	if (node->shift != shift || node->parent != parent || node->offset != offset ||
	    node->array != xa)
		return XA_BAD("node %p at %#lx: shift %u parent %p offset %u array %p, expected %u %p %u %p",
			      node, base, node->shift, node->parent, node->offset,
			      node->array, shift, parent, offset, xa);
	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
		void *slot = node->slots[i];
		unsigned long index = base + ((unsigned long)i << shift);

		if (!slot)
			continue;
		count++;
		present |= 1UL << i;
		/* Slots past the index space (root at shift 60, i >= 16). */
		if (shift + XA_CHUNK_SHIFT > 64 && i >= (1U << (64 - shift)))
			return XA_BAD("node %p: slot %u beyond ULONG_MAX", node, i);
		if (!shift) {
			if (xa_is_internal(slot) || !xa_entry_valid(slot))
				return XA_BAD("leaf %p: bad entry %p at %#lx", node, slot, index);
			(*entries)++;
			continue;
		}
		if (!xa_is_node(slot))
			return XA_BAD("node %p: slot %u holds %p, not a node", node, i, slot);
		err = xa_check_node(xa, xa_to_node(slot), shift - XA_CHUNK_SHIFT, node, i,
				    index, entries);
		if (err)
			return err;
		for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
			bool below = xa_to_node(slot)->marks[m] != 0;
			bool here = (node->marks[m] >> i) & 1;

			if (below != here)
				return XA_BAD("node %p slot %u (%#lx): mark %u is %d, the child says %d",
					      node, i, index, m, here, below);
		}
	}
	if (count != node->count)
		return XA_BAD("node %p at %#lx: count %u, %u slots used", node, base,
			      node->count, count);
	if (!count)
		return XA_BAD("node %p at %#lx: empty node left in the tree", node, base);
	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++)
		if (node->marks[m] & ~present)
			return XA_BAD("node %p at %#lx: mark %u on empty slots %#lx", node,
				      base, m, node->marks[m] & ~present);
	return 0;
}

/**
 * xa_validate - check every invariant of @xa
 * @xa:		the array
 *
 * Node shift/parent/offset/array fields, counts, no empty node, no root
 * that could be lowered, entries only in leaves, nodes only above, mark
 * bits matching the entries below them and xa_flags. Prints the first
 * problem found.
 *
 * Return: 0 if consistent, -EINVAL otherwise.
 */
int xa_validate(struct xarray *xa)
{
	void *head = xa->xa_head;
	unsigned long entries = 0;
	struct xa_node *root;
	int err;

	if (xa->xa_flags & ~XA_FLAGS_MARK_MASK)
		return XA_BAD("unknown flags %#x", xa->xa_flags);
	if (!head) {
		if (xa->xa_flags & XA_FLAGS_MARK_MASK)
			return XA_BAD("empty array with marks %#x", xa->xa_flags);
		return 0;
	}
	if (!xa_is_node(head)) {
		if (xa_is_internal(head) || !xa_entry_valid(head))
			return XA_BAD("bad head entry %p", head);
		return 0;
	}
	root = xa_to_node(head);
	if (root->shift % XA_CHUNK_SHIFT || root->shift >= 64)
		return XA_BAD("root %p: shift %u", root, root->shift);
	err = xa_check_node(xa, root, root->shift, NULL, 0, 0, &entries);
	if (err)
		return err;
	if (root->count == 1 && root->slots[0])
		return XA_BAD("root %p (shift %u) uses only slot 0: not shrunk", root, root->shift);
	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++)
		if (!(xa->xa_flags & XA_FLAGS_MARK(m)) != !root->marks[m])
			return XA_BAD("xa_flags mark %u is %d, the root says %#lx", m,
				      !!(xa->xa_flags & XA_FLAGS_MARK(m)), root->marks[m]);
	return 0;
}

static void xa_dump_node(struct xa_node *node, unsigned long base)
{
	pr_info("node %p shift %u base %#lx count %u marks %#lx %#lx %#lx\n", node,
		node->shift, base, node->count, node->marks[0], node->marks[1], node->marks[2]);
	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
		void *slot = node->slots[i];
		unsigned long index = base + ((unsigned long)i << node->shift);

		if (!slot)
			continue;
		if (node->shift)
			xa_dump_node(xa_to_node(slot), index);
		else
			pr_info("  %#lx: %p\n", index, slot);
	}
}

/** xa_dump - print @xa's nodes and entries (debugging) */
void xa_dump(struct xarray *xa)
{
	void *head = xa->xa_head;

	pr_info("xarray %p head %p flags %#x\n", xa, head, xa->xa_flags);
	if (xa_is_node(head))
		xa_dump_node(xa_to_node(head), 0);
}
