// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree debugging: mt_validate() checks every invariant the write path
 * promises, mt_dump() prints the nodes, mt_get_stats() counts them.
 */
#include <arbor/errno.h>
#include <arbor/maple_tree.h>
#include <arbor/printk.h>

#include "maple_tree_internal.h"

static const char *const mt_type_names[] = {
	[maple_dense] = "dense",
	[maple_leaf_64] = "leaf64",
	[maple_range_64] = "range64",
	[maple_arange_64] = "arange64",
};

struct mt_check {
	const struct maple_tree *mt;
	unsigned int height;
	int bad;
};

/* Report the first violation only: the rest usually follow from it. */
#define MT_FAIL(c, node, level, fmt, ...)					\
	do {									\
		if (!(c)->bad++)						\
			printk(KERN_ERR "mt_validate: node %p level %u: " fmt "\n",	\
			       (void *)(node), (level), ##__VA_ARGS__);	\
		return 0;							\
	} while (0)

/*
 * Check the subtree at @enode covering [min, max] at @level (0 = leaves).
 * @parent/@slot: where it hangs. Return: its largest gap (for the caller's
 * gap check), 0 after a failure.
 */
static unsigned long mt_check_node(struct mt_check *c, struct maple_enode *enode,
				   unsigned int level, unsigned long min, unsigned long max,
				   const struct maple_node *parent, enum maple_type ptype,
				   unsigned int slot)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);
	enum maple_type want = level ? mt_internal_type(c->mt) : maple_leaf_64;
	unsigned int np, end, i;
	unsigned long *pivots, *gaps, maxgap = 0, lo = min;
	void **slots;

	if (!mt_is_enode(enode))
		MT_FAIL(c, enode, level, "not an encoded node (slot %u of %p)", slot, parent);
	if (type != want)
		MT_FAIL(c, node, level, "type %u, expected %s", type, mt_type_names[want]);
	if (parent) {
		if (mte_is_root(node) || mte_parent(node) != parent ||
		    mte_parent_slot(node) != slot || mte_parent_type(node) != ptype)
			MT_FAIL(c, node, level, "parent pointer %p, expected %p slot %u type %s",
				(void *)node->parent, parent, slot, mt_type_names[ptype]);
	} else if (node->parent != mt_mk_root_parent(c->mt)) {
		MT_FAIL(c, node, level, "root's parent pointer %p is not the tree %p",
			(void *)node->parent, c->mt);
	}

	np = mt_pivots(type);
	pivots = ma_pivots(node, type);
	slots = ma_slots(node, type);
	gaps = ma_gaps(node, type);
	end = ma_data_end(node, type, max);
	if (type == maple_arange_64) {
		if (end >= mt_slots(type))
			MT_FAIL(c, node, level, "metadata end %u out of range", end);
		if (end < np && pivots[end] != max)
			MT_FAIL(c, node, level, "pivot[%u] = %#lx, the node's max is %#lx", end,
				pivots[end], max);
	}

	/* Pivots strictly increasing, inside [min, max]; unused ones zero. */
	for (i = 0; i < np; i++) {
		if (i < end) {
			if (pivots[i] < lo || pivots[i] >= max)
				MT_FAIL(c, node, level, "pivot[%u] = %#lx outside [%#lx, %#lx)", i,
					pivots[i], lo, max);
			lo = pivots[i] + 1;
		} else if (i > end && pivots[i]) {
			MT_FAIL(c, node, level, "unused pivot[%u] = %#lx", i, pivots[i]);
		}
	}
	for (i = end + 1; i < mt_slots(type); i++)
		if (slots[i])
			MT_FAIL(c, node, level, "unused slot %u holds %p", i, slots[i]);

	/* Fill: half full but the root; an internal root has two children. */
	if (parent && end + 1 < mt_min_slots(type))
		MT_FAIL(c, node, level, "%u slots used, minimum %u", end + 1, mt_min_slots(type));
	if (!parent && level && end < 1)
		MT_FAIL(c, node, level, "internal root with one child");

	lo = min;
	for (i = 0; i <= end; i++) {
		unsigned long hi = i < end ? pivots[i] : max;

		if (level) {
			unsigned long g;

			if (!slots[i])
				MT_FAIL(c, node, level, "slot %u [%#lx, %#lx] is empty", i, lo, hi);
			g = mt_check_node(c, slots[i], level - 1, lo, hi, node, type, i);
			if (c->bad)
				return 0;
			if (gaps && gaps[i] != g)
				MT_FAIL(c, node, level, "gap[%u] = %#lx, the child's largest gap is %#lx",
					i, gaps[i], g);
			if (g > maxgap)
				maxgap = g;
		} else {
			if (mt_entry_is_reserved(slots[i]))
				MT_FAIL(c, node, level, "slot %u holds a reserved value %p", i,
					slots[i]);
			if (!slots[i]) {
				if (i > 0 && !slots[i - 1])
					MT_FAIL(c, node, level,
						"slots %u and %u are adjacent empty ranges", i - 1, i);
				if (mt_range_size(lo, hi) > maxgap)
					maxgap = mt_range_size(lo, hi);
			}
		}
		lo = hi + 1;
	}
	if (!level && !slots[end] && max != ULONG_MAX)
		MT_FAIL(c, node, level, "leaf [%#lx, %#lx] ends in an empty range", min, max);
	if (gaps) {
		for (i = end + 1; i < mt_slots(type); i++)
			if (gaps[i])
				MT_FAIL(c, node, level, "unused gap[%u] = %#lx", i, gaps[i]);
		if (gaps[node->ma64.meta.gap] != maxgap)
			MT_FAIL(c, node, level, "metadata gap slot %u holds %#lx, largest is %#lx",
				node->ma64.meta.gap, gaps[node->ma64.meta.gap], maxgap);
	}
	return maxgap;
}

int mt_validate(struct maple_tree *mt)
{
	struct mt_check c = { mt, mt_height(mt), 0 };

	if (!mt->ma_root) {
		if (c.height) {
			printk(KERN_ERR "mt_validate: empty tree with height %u\n", c.height);
			return -EINVAL;
		}
		return 0;
	}
	if (!c.height || c.height > MAPLE_HEIGHT_MAX) {
		printk(KERN_ERR "mt_validate: height %u with a root node\n", c.height);
		return -EINVAL;
	}
	mt_check_node(&c, mt->ma_root, c.height - 1, 0, ULONG_MAX, NULL, maple_dense, 0);
	return c.bad ? -EINVAL : 0;
}

static void mt_dump_node(struct maple_enode *enode, unsigned int level, unsigned int depth,
			 unsigned long min, unsigned long max)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);
	unsigned int end = ma_data_end(node, type, max);
	unsigned long *pivots = ma_pivots(node, type), *gaps = ma_gaps(node, type);
	void **slots = ma_slots(node, type);
	unsigned long lo = min;

	printk("%*s[0x%lx, 0x%lx] %s %p, %u slots\n", (int)depth * 2, "", min, max,
	       mt_type_names[type], (void *)node, end + 1);
	for (unsigned int i = 0; i <= end; i++) {
		unsigned long hi = i < end ? pivots[i] : max;

		if (level) {
			if (gaps)
				printk("%*s%u: gap 0x%lx\n", (int)depth * 2 + 2, "", i, gaps[i]);
			mt_dump_node(slots[i], level - 1, depth + 1, lo, hi);
		} else {
			if (slots[i])
				printk("%*s[0x%lx, 0x%lx] %p\n", (int)depth * 2 + 2, "", lo, hi,
				       slots[i]);
			else
				printk("%*s[0x%lx, 0x%lx] (empty)\n", (int)depth * 2 + 2, "", lo, hi);
		}
		lo = hi + 1;
	}
}

void mt_dump(const struct maple_tree *mt)
{
	printk("maple_tree %p: flags %#x (%s), height %u, node size %u bytes\n", (void *)mt,
	       mt->ma_flags, mt_is_alloc(mt) ? "alloc range, gaps tracked" : "range",
	       mt_height(mt), (unsigned int)sizeof(struct maple_node));
	if (mt->ma_root)
		mt_dump_node(mt->ma_root, mt_height(mt) - 1, 0, 0, ULONG_MAX);
	else
		printk("  (empty)\n");
}

static void mt_stats_node(struct maple_enode *enode, unsigned int level, unsigned long max,
			  struct mt_stats *st)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);
	unsigned int end = ma_data_end(node, type, max);
	unsigned long *pivots = ma_pivots(node, type);
	void **slots = ma_slots(node, type);

	st->nodes++;
	st->slots += mt_slots(type);
	st->slots_used += end + 1;
	if (!level)
		st->leaves++;
	for (unsigned int i = 0; i <= end; i++) {
		if (level)
			mt_stats_node(slots[i], level - 1, i < end ? pivots[i] : max, st);
		else if (slots[i])
			st->entries++;
	}
}

void mt_get_stats(const struct maple_tree *mt, struct mt_stats *st)
{
	*st = (struct mt_stats){ .height = mt_height(mt) };
	if (mt->ma_root)
		mt_stats_node(mt->ma_root, st->height - 1, ULONG_MAX, st);
}
