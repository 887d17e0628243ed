/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Node encoding and accessors shared by lib/maple_tree*.c. Not for users:
 * they see struct maple_tree and struct ma_state only.
 */
#ifndef ARBOR_LIB_MAPLE_TREE_INTERNAL_H
#define ARBOR_LIB_MAPLE_TREE_INTERNAL_H

#include <arbor/compiler.h>
#include <arbor/maple_tree.h>

/*
 * An encoded node (enode), as found in ma_root and in internal slots:
 * the 256-byte-aligned address | type << 3 | 0b10. The 0b10 marks it as
 * the tree's own pointer, which is why users may not store such values.
 */
#define MAPLE_NODE_MASK		(MAPLE_NODE_SIZE - 1UL)
#define MAPLE_ENODE_MARK	0x2UL
#define MAPLE_ENODE_TYPE_SHIFT	3
#define MAPLE_ENODE_TYPE_MASK	0x3UL

/*
 * A parent pointer (pnode): the parent's address | slot << 3 | parent
 * type << 1; for the root, the struct maple_tree's address | 1.
 */
#define MAPLE_PARENT_ROOT	0x1UL
#define MAPLE_PARENT_TYPE_SHIFT	1
#define MAPLE_PARENT_TYPE_MASK	0x3UL
#define MAPLE_PARENT_SLOT_SHIFT	3
#define MAPLE_PARENT_SLOT_MASK	0xfUL

#ifdef HOST_TEST
#define MT_BUG_ON(c)	do { if (unlikely(c)) __builtin_trap(); } while (0)
#else
#include <arbor/panic.h>
#define MT_BUG_ON(c)	BUG_ON(c)
#endif

static inline struct maple_enode *mt_mk_node(const struct maple_node *node, enum maple_type type)
{
	return (struct maple_enode *)((unsigned long)node |
				      ((unsigned long)type << MAPLE_ENODE_TYPE_SHIFT) |
				      MAPLE_ENODE_MARK);
}

static inline struct maple_node *mte_to_node(const struct maple_enode *enode)
{
	return (struct maple_node *)((unsigned long)enode & ~MAPLE_NODE_MASK);
}

static inline enum maple_type mte_node_type(const struct maple_enode *enode)
{
	return (enum maple_type)(((unsigned long)enode >> MAPLE_ENODE_TYPE_SHIFT) &
				 MAPLE_ENODE_TYPE_MASK);
}

static inline bool ma_is_leaf(enum maple_type type)
{
	return type < maple_range_64;
}

static inline bool mte_is_leaf(const struct maple_enode *enode)
{
	return ma_is_leaf(mte_node_type(enode));
}

static inline bool mt_is_enode(const void *entry)
{
	return ((unsigned long)entry & 3) == MAPLE_ENODE_MARK && (unsigned long)entry > MAPLE_NODE_MASK;
}

static inline unsigned int mt_slots(enum maple_type type)
{
	return type == maple_arange_64 ? MAPLE_ARANGE64_SLOTS : MAPLE_RANGE64_SLOTS;
}

static inline unsigned int mt_pivots(enum maple_type type)
{
	return mt_slots(type) - 1;
}

/* Fewest slots a node other than the root may use: half of them. */
static inline unsigned int mt_min_slots(enum maple_type type)
{
	return mt_slots(type) / 2;
}

static inline unsigned long *ma_pivots(struct maple_node *node, enum maple_type type)
{
	return type == maple_arange_64 ? node->ma64.pivot : node->mr64.pivot;
}

static inline void **ma_slots(struct maple_node *node, enum maple_type type)
{
	return type == maple_arange_64 ? node->ma64.slot : node->mr64.slot;
}

static inline unsigned long *ma_gaps(struct maple_node *node, enum maple_type type)
{
	return type == maple_arange_64 ? node->ma64.gap : NULL;
}

/*
 * The last used slot. arange64 nodes keep it in their metadata; the others
 * store their max as the pivot of the last used slot (unless all 16 are
 * used), so the first pivot equal to @max ends the node.
 */
static inline unsigned int ma_data_end(struct maple_node *node, enum maple_type type,
				       unsigned long max)
{
	const unsigned long *pivots;
	unsigned int i;

	if (type == maple_arange_64)
		return node->ma64.meta.end;
	pivots = node->mr64.pivot;
	for (i = 0; i < MAPLE_RANGE64_SLOTS - 1; i++)
		if (pivots[i] == max)
			return i;
	return MAPLE_RANGE64_SLOTS - 1;
}

static inline enum maple_type mt_internal_type(const struct maple_tree *mt)
{
	return mt_is_alloc(mt) ? maple_arange_64 : maple_range_64;
}

static inline bool mte_is_root(const struct maple_node *node)
{
	return (unsigned long)node->parent & MAPLE_PARENT_ROOT;
}

static inline struct maple_node *mte_parent(const struct maple_node *node)
{
	return (struct maple_node *)((unsigned long)node->parent & ~MAPLE_NODE_MASK);
}

static inline unsigned int mte_parent_slot(const struct maple_node *node)
{
	return ((unsigned long)node->parent >> MAPLE_PARENT_SLOT_SHIFT) & MAPLE_PARENT_SLOT_MASK;
}

static inline enum maple_type mte_parent_type(const struct maple_node *node)
{
	return (enum maple_type)(((unsigned long)node->parent >> MAPLE_PARENT_TYPE_SHIFT) &
				 MAPLE_PARENT_TYPE_MASK);
}

static inline struct maple_pnode *mt_mk_parent(const struct maple_node *parent,
					       enum maple_type ptype, unsigned int slot)
{
	return (struct maple_pnode *)((unsigned long)parent |
				      ((unsigned long)slot << MAPLE_PARENT_SLOT_SHIFT) |
				      ((unsigned long)ptype << MAPLE_PARENT_TYPE_SHIFT));
}

static inline struct maple_pnode *mt_mk_root_parent(const struct maple_tree *mt)
{
	return (struct maple_pnode *)((unsigned long)mt | MAPLE_PARENT_ROOT);
}

static inline void mt_set_height(struct maple_tree *mt, unsigned int height)
{
	mt->ma_flags = (mt->ma_flags & ~MT_FLAGS_HEIGHT_MASK) |
		       (height << MT_FLAGS_HEIGHT_OFFSET);
}

/* Size of an empty range, saturated: [0, ULONG_MAX] does not fit in a word. */
static inline unsigned long mt_range_size(unsigned long lo, unsigned long hi)
{
	unsigned long n = hi - lo + 1;

	return n ? n : ULONG_MAX;
}

/* The largest empty range in a leaf whose slots span [min, max]. */
static inline unsigned long mt_leaf_max_gap(struct maple_node *node, unsigned long min,
					    unsigned long max)
{
	const unsigned long *pivots = node->mr64.pivot;
	unsigned int end = ma_data_end(node, maple_leaf_64, max);
	unsigned long gap = 0, lo = min;

	for (unsigned int i = 0; i <= end; i++) {
		unsigned long hi = i < end ? pivots[i] : max;

		if (!node->mr64.slot[i] && mt_range_size(lo, hi) > gap)
			gap = mt_range_size(lo, hi);
		lo = hi + 1;
	}
	return gap;
}

static inline unsigned long mt_arange_max_gap(struct maple_node *node)
{
	unsigned long gap = 0;

	for (unsigned int i = 0; i <= node->ma64.meta.end; i++)
		if (node->ma64.gap[i] > gap)
			gap = node->ma64.gap[i];
	return gap;
}

#endif
