// SPDX-License-Identifier: GPL-2.0
/*
 * The maple tree: a range B-tree with gap tracking (docs/mm/maple-tree.md).
 *
 * Reads descend from the root comparing pivots. Stores that stay inside
 * one leaf take the fast paths (mas_wr_fast(): one slot pointer written in
 * place, or one new leaf). Every other write is one procedure, level by
 * level from the leaves:
 *
 *   1. Gather the leaf (or the two leaves, for a store spanning several)
 *      holding the written range into a "big node" with the new range
 *      applied and adjacent empty ranges merged.
 *   2. Widen the run of nodes being replaced with a neighbour at the same
 *      level while the result would be too empty, or (in leaves) would end
 *      in an empty range, or would overflow when the neighbour has room.
 *   3. Cut the big node into as few new nodes as fit, each at least half
 *      full and no leaf but the last ending in an empty range.
 *   4. If one new node replaces one old node, swap the parent's slot and
 *      fix the gaps above in place: done. Otherwise the parent level's big
 *      node is its old entries with the new nodes in place of the run.
 *
 * New nodes are written completely before one pointer store publishes
 * them, and the old ones are freed after: the shape lock-free readers need.
 * Allocation failure before that store unwinds with the tree untouched.
 */
#include <arbor/errno.h>
#include <arbor/maple_tree.h>
#include <arbor/string.h>

#include "maple_tree_internal.h"

BUILD_BUG_ON(sizeof(struct maple_node) != MAPLE_NODE_SIZE);
BUILD_BUG_ON(sizeof(struct maple_arange_64) > MAPLE_NODE_SIZE);
BUILD_BUG_ON(sizeof(struct maple_range_64) != MAPLE_NODE_SIZE);

/* ------------------------------------------------------------------------ */
/* Reading */

static inline unsigned int mt_find_slot(const unsigned long *pivots, unsigned int npivots,
					unsigned long index)
{
	unsigned int i = 0;

	/* A node's last used pivot is its max, so this stops in the used slots. */
	while (i < npivots && index > pivots[i])
		i++;
	return i;
}

/* Point @mas at the leaf slot holding @index (the tree is not empty). */
static void *mas_descend_to(struct ma_state *mas, unsigned long index)
{
	struct maple_enode *enode = mas->tree->ma_root;
	unsigned long min = 0, max = ULONG_MAX;

	for (;;) {
		enum maple_type type = mte_node_type(enode);
		struct maple_node *node = mte_to_node(enode);
		const unsigned long *pivots = ma_pivots(node, type);
		unsigned int np = mt_pivots(type);
		unsigned int i = mt_find_slot(pivots, np, index);

		if (ma_is_leaf(type)) {
			mas->node = enode;
			mas->min = min;
			mas->max = max;
			mas->offset = (unsigned char)i;
			mas->end = (unsigned char)ma_data_end(node, type, max);
			mas->status = ma_active;
			return node->mr64.slot[i];
		}
		if (i)
			min = pivots[i - 1] + 1;
		if (i < np)
			max = pivots[i];
		enode = ma_slots(node, type)[i];
	}
}

static inline unsigned long mas_slot_min(const struct ma_state *mas, unsigned int i)
{
	return i ? mte_to_node(mas->node)->mr64.pivot[i - 1] + 1 : mas->min;
}

static inline unsigned long mas_slot_max(const struct ma_state *mas, unsigned int i)
{
	return i < mas->end ? mte_to_node(mas->node)->mr64.pivot[i] : mas->max;
}

static inline void *mas_slot(const struct ma_state *mas)
{
	return mte_to_node(mas->node)->mr64.slot[mas->offset];
}

static inline void mas_take_range(struct ma_state *mas)
{
	mas->index = mas_slot_min(mas, mas->offset);
	mas->last = mas_slot_max(mas, mas->offset);
}

void *mas_walk(struct ma_state *mas)
{
	void *entry;

	if (!mas->tree->ma_root) {
		mas->index = 0;
		mas->last = ULONG_MAX;
		mas->status = ma_none;
		return NULL;
	}
	entry = mas_descend_to(mas, mas->index);
	mas_take_range(mas);
	return entry;
}

/* From the active slot, the next entry whose range starts at or below @limit. */
static void *mas_step_next(struct ma_state *mas, unsigned long limit)
{
	for (;;) {
		void *entry;

		if (mas->offset < mas->end) {
			mas->offset++;
		} else {
			if (mas->max == ULONG_MAX || mas->max >= limit)
				break;
			mas_descend_to(mas, mas->max + 1);
		}
		if (mas_slot_min(mas, mas->offset) > limit)
			break;
		entry = mas_slot(mas);
		if (entry) {
			mas_take_range(mas);
			return entry;
		}
	}
	mas->status = ma_overflow;
	return NULL;
}

/* From the active slot, the previous entry whose range ends at or above @limit. */
static void *mas_step_prev(struct ma_state *mas, unsigned long limit)
{
	for (;;) {
		void *entry;

		if (mas->offset > 0) {
			mas->offset--;
		} else {
			if (mas->min == 0 || mas->min <= limit)
				break;
			mas_descend_to(mas, mas->min - 1);
		}
		if (mas_slot_max(mas, mas->offset) < limit)
			break;
		entry = mas_slot(mas);
		if (entry) {
			mas_take_range(mas);
			return entry;
		}
	}
	mas->status = ma_underflow;
	return NULL;
}

static inline bool mas_is_stale(const struct ma_state *mas)
{
	return mas->status == ma_pause || mas->status == ma_overflow ||
	       mas->status == ma_underflow;
}

/* Resume after [index, last]: the entry at last + 1 if any, else the next. */
static void *mas_resume_next(struct ma_state *mas, unsigned long max)
{
	void *entry;

	if (mas->last == ULONG_MAX || mas->last >= max) {
		mas->status = ma_overflow;
		return NULL;
	}
	entry = mas_descend_to(mas, mas->last + 1);
	if (entry) {
		mas_take_range(mas);
		return entry;
	}
	return mas_step_next(mas, max);
}

/* Resume before [index, last]: the entry at index - 1 if any, else the previous. */
static void *mas_resume_prev(struct ma_state *mas, unsigned long min)
{
	void *entry;

	if (mas->index == 0 || mas->index <= min) {
		mas->status = ma_underflow;
		return NULL;
	}
	entry = mas_descend_to(mas, mas->index - 1);
	if (entry) {
		mas_take_range(mas);
		return entry;
	}
	return mas_step_prev(mas, min);
}

void *mas_find(struct ma_state *mas, unsigned long max)
{
	void *entry;

	if (mas->status == ma_error)
		return NULL;
	if (!mas->tree->ma_root) {
		mas->status = ma_none;
		return NULL;
	}
	if (mas->status == ma_active)
		return mas_step_next(mas, max);
	if (mas_is_stale(mas))
		return mas_resume_next(mas, max);
	/* ma_start, or ma_none on a tree that has gained entries */
	if (mas->index > max)
		return NULL;
	entry = mas_descend_to(mas, mas->index);
	if (entry) {
		mas_take_range(mas);
		return entry;
	}
	return mas_step_next(mas, max);
}

void *mas_find_rev(struct ma_state *mas, unsigned long min)
{
	void *entry;

	if (mas->status == ma_error)
		return NULL;
	if (!mas->tree->ma_root) {
		mas->status = ma_none;
		return NULL;
	}
	if (mas->status == ma_active)
		return mas_step_prev(mas, min);
	if (mas_is_stale(mas))
		return mas_resume_prev(mas, min);
	if (mas->index < min)
		return NULL;
	entry = mas_descend_to(mas, mas->index);
	if (entry) {
		mas_take_range(mas);
		return entry;
	}
	return mas_step_prev(mas, min);
}

void *mas_next(struct ma_state *mas, unsigned long max)
{
	if (mas->status == ma_error)
		return NULL;
	if (!mas->tree->ma_root) {
		mas->status = ma_none;
		return NULL;
	}
	if (mas->status == ma_active)
		return mas_step_next(mas, max);
	if (mas_is_stale(mas))
		return mas_resume_next(mas, max);
	mas_descend_to(mas, mas->index);
	mas_take_range(mas);
	return mas_step_next(mas, max);
}

void *mas_prev(struct ma_state *mas, unsigned long min)
{
	if (mas->status == ma_error)
		return NULL;
	if (!mas->tree->ma_root) {
		mas->status = ma_none;
		return NULL;
	}
	if (mas->status == ma_active)
		return mas_step_prev(mas, min);
	if (mas_is_stale(mas))
		return mas_resume_prev(mas, min);
	mas_descend_to(mas, mas->index);
	mas_take_range(mas);
	return mas_step_prev(mas, min);
}

void *mtree_load(struct maple_tree *mt, unsigned long index)
{
	struct maple_enode *enode = READ_ONCE(mt->ma_root);

	while (enode) {
		enum maple_type type = mte_node_type(enode);
		struct maple_node *node = mte_to_node(enode);
		unsigned int i = mt_find_slot(ma_pivots(node, type), mt_pivots(type), index);
		void *next = READ_ONCE(ma_slots(node, type)[i]);

		if (ma_is_leaf(type))
			return next;
		enode = next;
	}
	return NULL;
}

void *mt_find(struct maple_tree *mt, unsigned long *index, unsigned long max)
{
	MA_STATE(mas, mt, *index, *index);
	void *entry;

	if (*index > max)
		return NULL;
	entry = mas_find(&mas, max);
	/* Wraps to 0 after a range ending at ULONG_MAX; mt_find_after() stops there. */
	if (entry)
		*index = mas.last + 1;
	return entry;
}

void *mt_find_after(struct maple_tree *mt, unsigned long *index, unsigned long max)
{
	if (!*index)
		return NULL;
	return mt_find(mt, index, max);
}

/* ------------------------------------------------------------------------ */
/* Writing */

/*
 * The "big node": the entries of the run of nodes being replaced at one
 * level, in order. Entry i covers (pivot[i - 1], pivot[i]] (from the run's
 * min for i = 0). Bounds: two leaves and the new range (33), a leaf pulled
 * in to avoid ending in an empty range (49); internal levels at most two
 * partial parents and five new children (35).
 */
#define MT_BIG_SLOTS	56

struct mt_big {
	unsigned long pivot[MT_BIG_SLOTS];
	void *slot[MT_BIG_SLOTS];
	unsigned long gap[MT_BIG_SLOTS];
	unsigned int n;
};

/* One level of a root-to-node path. */
struct mt_level {
	struct maple_enode *enode;
	unsigned long min, max;
	unsigned char offset;		/* slot in the node one level up */
	unsigned char end;
};

struct mt_path {
	struct mt_level lv[MAPLE_HEIGHT_MAX];
};

struct mt_wr {
	struct maple_tree *mt;
	struct ma_state *mas;		/* preallocated nodes, or NULL */
	gfp_t gfp;
	bool may_alloc;
	unsigned int height;
	struct maple_node *new_head, *new_tail;	/* built, not yet published */
	struct mt_path l, r;			/* left and right ends of the run */
	unsigned long cov_lo[MAPLE_HEIGHT_MAX], cov_hi[MAPLE_HEIGHT_MAX];
	struct mt_big b;
};

/* Nodes built by a write are chained through ->parent (with their type) until published. */
static struct maple_node *mt_wr_alloc(struct mt_wr *wr, enum maple_type type)
{
	struct ma_state *mas = wr->mas;
	struct maple_node *node = NULL;

	if (mas && mas->alloc) {
		node = mas->alloc;
		mas->alloc = node->next_free;
		mas->alloc_cnt--;
		/* Preallocated nodes are not zeroed; this path relies on it. */
		memset(node, 0, sizeof(*node));
	} else if (wr->may_alloc) {
		node = mt_alloc_node(wr->gfp | __GFP_ZERO);
	}
	if (!node)
		return NULL;
	node->parent = (struct maple_pnode *)(unsigned long)type;
	if (wr->new_tail)
		wr->new_tail->parent = (struct maple_pnode *)((unsigned long)node |
			((unsigned long)wr->new_tail->parent & MAPLE_NODE_MASK));
	else
		wr->new_head = node;
	wr->new_tail = node;
	return node;
}

static inline struct maple_node *mt_new_next(struct maple_node *node, enum maple_type *type)
{
	*type = (enum maple_type)((unsigned long)node->parent & MAPLE_NODE_MASK);
	return (struct maple_node *)((unsigned long)node->parent & ~MAPLE_NODE_MASK);
}

/* Allocation failed: free everything built; the tree was never touched. */
static void mt_wr_unwind(struct mt_wr *wr)
{
	struct maple_node *node = wr->new_head;

	while (node) {
		enum maple_type type;
		struct maple_node *next = mt_new_next(node, &type);

		mt_free_node(node);
		node = next;
	}
	wr->new_head = wr->new_tail = NULL;
}

/*
 * Before publishing: point every child of every new internal node (new or
 * adopted) back at it. The list is in build order, leaves first, so a
 * node's own link has been followed before its parent overwrites it.
 */
static void mt_wr_adopt(struct mt_wr *wr)
{
	struct maple_node *node = wr->new_head;

	while (node) {
		enum maple_type type;
		struct maple_node *next = mt_new_next(node, &type);

		if (!ma_is_leaf(type)) {
			void **slots = ma_slots(node, type);
			unsigned int end;

			/* Its max is unknown here; for range64 the end is the last non-NULL slot. */
			if (type == maple_arange_64) {
				end = node->ma64.meta.end;
			} else {
				end = MAPLE_RANGE64_SLOTS - 1;
				while (!slots[end])
					end--;
			}
			for (unsigned int i = 0; i <= end; i++)
				mte_to_node(slots[i])->parent = mt_mk_parent(node, type, i);
		}
		node->parent = NULL;
		node = next;
	}
	wr->new_head = wr->new_tail = NULL;
}

/* Fill @path->lv[@level .. height-1] for the node at @level holding @index. */
static void mt_path_walk(struct mt_wr *wr, struct mt_path *path, unsigned long index,
			 unsigned int level)
{
	struct maple_enode *enode = wr->mt->ma_root;
	unsigned long min = 0, max = ULONG_MAX;
	unsigned int h = wr->height - 1;

	for (;;) {
		struct mt_level *lv = &path->lv[h];
		enum maple_type type = mte_node_type(enode);
		struct maple_node *node = mte_to_node(enode);
		const unsigned long *pivots = ma_pivots(node, type);
		unsigned int i;

		lv->enode = enode;
		lv->min = min;
		lv->max = max;
		lv->end = (unsigned char)ma_data_end(node, type, max);
		if (h == level)
			return;
		i = mt_find_slot(pivots, mt_pivots(type), index);
		if (i)
			min = pivots[i - 1] + 1;
		if (i < lv->end)
			max = pivots[i];
		path->lv[h - 1].offset = (unsigned char)i;
		enode = ma_slots(node, type)[i];
		h--;
	}
}

static inline unsigned long lv_slot_max(const struct mt_level *lv, unsigned int i)
{
	struct maple_node *node = mte_to_node(lv->enode);

	return i < lv->end ? ma_pivots(node, mte_node_type(lv->enode))[i] : lv->max;
}

static inline unsigned long lv_slot_min(const struct mt_level *lv, unsigned int i)
{
	struct maple_node *node = mte_to_node(lv->enode);

	return i ? ma_pivots(node, mte_node_type(lv->enode))[i - 1] + 1 : lv->min;
}

static inline void big_push(struct mt_big *b, unsigned long pivot, void *slot, unsigned long gap)
{
	MT_BUG_ON(b->n >= MT_BIG_SLOTS);
	b->pivot[b->n] = pivot;
	b->slot[b->n] = slot;
	b->gap[b->n] = gap;
	b->n++;
}

/* Leaf entries: an empty range next to an empty range grows it instead. */
static inline void big_push_leaf(struct mt_big *b, unsigned long pivot, void *entry)
{
	if (!entry && b->n && !b->slot[b->n - 1])
		b->pivot[b->n - 1] = pivot;
	else
		big_push(b, pivot, entry, 0);
}

/* Append slots [from, to] of the node at @lv. */
static void big_copy(struct mt_big *b, const struct mt_level *lv, unsigned int from, unsigned int to)
{
	enum maple_type type = mte_node_type(lv->enode);
	struct maple_node *node = mte_to_node(lv->enode);
	void **slots = ma_slots(node, type);
	unsigned long *gaps = ma_gaps(node, type);

	for (unsigned int i = from; i <= to && i <= lv->end; i++) {
		if (ma_is_leaf(type))
			big_push_leaf(b, lv_slot_max(lv, i), slots[i]);
		else
			big_push(b, lv_slot_max(lv, i), slots[i], gaps ? gaps[i] : 0);
	}
}

/* Put every slot of the node at @lv in front of the big node. */
static void big_prepend(struct mt_big *b, const struct mt_level *lv)
{
	enum maple_type type = mte_node_type(lv->enode);
	struct maple_node *node = mte_to_node(lv->enode);
	unsigned long *gaps = ma_gaps(node, type);
	unsigned int c = lv->end + 1u, n = b->n;

	MT_BUG_ON(c + n > MT_BIG_SLOTS);
	memmove(&b->pivot[c], &b->pivot[0], n * sizeof(b->pivot[0]));
	memmove(&b->slot[c], &b->slot[0], n * sizeof(b->slot[0]));
	memmove(&b->gap[c], &b->gap[0], n * sizeof(b->gap[0]));
	/* The neighbour on the left never ends in an empty range: nothing to merge. */
	for (unsigned int i = 0; i < c; i++) {
		b->pivot[i] = lv_slot_max(lv, i);
		b->slot[i] = ma_slots(node, type)[i];
		b->gap[i] = gaps ? gaps[i] : 0;
	}
	b->n = n + c;
}

/*
 * Cut @n entries into nodes of at most @slots, at least @min each when
 * there is more than one, and (leaves) never ending a node other than the
 * last on an empty range. cut[j] is the last entry of node j.
 */
static unsigned int mt_split(const struct mt_big *b, unsigned int slots, unsigned int min,
			     bool leaf, unsigned int *cut)
{
	unsigned int n = b->n;
	unsigned int k = (n + slots - 1) / slots;

	for (;; k++) {
		unsigned int start = 0, j;

		MT_BUG_ON(k > n || k > 8);
		for (j = 0; j < k; j++) {
			unsigned int left = k - j, rest = n - start;
			unsigned int size = (rest + left - 1) / left;
			unsigned int after;

			if (j + 1 < k && leaf && !b->slot[start + size - 1]) {
				/* One fewer or one more, whichever leaves the rest placeable. */
				after = rest - (size - 1);
				if (size - 1 >= min && after <= (left - 1) * slots &&
				    after >= (left - 1) * min)
					size--;
				else if (size + 1 <= slots && rest - (size + 1) >= (left - 1) * min)
					size++;
				else
					break;
			}
			cut[j] = start + size - 1;
			start += size;
		}
		if (j == k)
			return k;
	}
}

struct mt_new {
	struct maple_enode *enode;
	unsigned long max;
	unsigned long gap;
};

/* Build one node of @type from big-node entries [s, e]; @min is its first index. */
static int mt_build(struct mt_wr *wr, enum maple_type type, unsigned int s, unsigned int e,
		    unsigned long min, struct mt_new *out)
{
	struct mt_big *b = &wr->b;
	struct maple_node *node = mt_wr_alloc(wr, type);
	unsigned int np = mt_pivots(type);
	unsigned long *pivots, *gaps, maxgap = 0;
	void **slots;
	unsigned int i;

	if (!node)
		return -ENOMEM;
	pivots = ma_pivots(node, type);
	slots = ma_slots(node, type);
	gaps = ma_gaps(node, type);
	for (i = s; i <= e; i++) {
		unsigned int o = i - s;

		slots[o] = b->slot[i];
		if (o < np)
			pivots[o] = b->pivot[i];
		if (ma_is_leaf(type)) {
			unsigned long lo = i == s ? min : b->pivot[i - 1] + 1;

			if (!b->slot[i] && mt_range_size(lo, b->pivot[i]) > maxgap)
				maxgap = mt_range_size(lo, b->pivot[i]);
		} else {
			if (gaps)
				gaps[o] = b->gap[i];
			if (b->gap[i] > maxgap)
				maxgap = b->gap[i];
		}
	}
	if (type == maple_arange_64) {
		node->ma64.meta.end = (unsigned char)(e - s);
		for (i = 0; i <= e - s; i++)
			if (gaps[i] == maxgap) {
				node->ma64.meta.gap = (unsigned char)i;
				break;
			}
	}
	out->enode = mt_mk_node(node, type);
	out->max = b->pivot[e];
	out->gap = maxgap;
	return 0;
}

/* Free the old nodes of the run, top-down: children inside the run below go too. */
static void mt_free_run(struct mt_wr *wr, struct maple_enode *enode, unsigned int level,
			unsigned long min, unsigned long max)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);

	if (level > 0) {
		unsigned int end = ma_data_end(node, type, max);
		struct mt_level lv = { enode, min, max, 0, (unsigned char)end };

		for (unsigned int i = 0; i <= end; i++) {
			unsigned long cmin = lv_slot_min(&lv, i), cmax = lv_slot_max(&lv, i);

			if (cmin >= wr->cov_lo[level - 1] && cmax <= wr->cov_hi[level - 1])
				mt_free_run(wr, ma_slots(node, type)[i], level - 1, cmin, cmax);
		}
	}
	mt_free_node(node);
}

/* After a slot of the node at path level @h changed its child's gap, fix the gaps above. */
static void mt_update_gaps(struct mt_wr *wr, struct mt_path *path, unsigned int h,
			   unsigned int slot, unsigned long gap)
{
	for (; h < wr->height; h++) {
		struct maple_node *node = mte_to_node(path->lv[h].enode);
		unsigned long old_max, new_max;

		if (mte_node_type(path->lv[h].enode) != maple_arange_64)
			return;
		old_max = node->ma64.gap[node->ma64.meta.gap];
		node->ma64.gap[slot] = gap;
		if (gap > old_max) {
			node->ma64.meta.gap = (unsigned char)slot;
		} else if (slot == node->ma64.meta.gap && gap < old_max) {
			unsigned int best = 0;

			for (unsigned int i = 1; i <= node->ma64.meta.end; i++)
				if (node->ma64.gap[i] > node->ma64.gap[best])
					best = i;
			node->ma64.meta.gap = (unsigned char)best;
		}
		new_max = node->ma64.gap[node->ma64.meta.gap];
		if (new_max == old_max)
			return;
		slot = path->lv[h].offset;
		gap = new_max;
	}
}

/* Take the node after the run at level @h into the big node. */
static void mt_extend_right(struct mt_wr *wr, unsigned int h, unsigned long *hi)
{
	mt_path_walk(wr, &wr->r, *hi + 1, h);
	big_copy(&wr->b, &wr->r.lv[h], 0, wr->r.lv[h].end);
	*hi = wr->r.lv[h].max;
}

static void mt_extend_left(struct mt_wr *wr, unsigned int h, unsigned long *lo)
{
	mt_path_walk(wr, &wr->l, *lo - 1, h);
	big_prepend(&wr->b, &wr->l.lv[h]);
	*lo = wr->l.lv[h].min;
}

static inline unsigned int lv_count(const struct mt_level *lv)
{
	return lv->end + 1u;
}

/* The child in @slot of the node at @parent, as a path level. */
static void lv_child(const struct mt_level *parent, unsigned int slot, struct mt_level *out)
{
	enum maple_type ptype = mte_node_type(parent->enode);
	struct maple_enode *enode = ma_slots(mte_to_node(parent->enode), ptype)[slot];

	out->enode = enode;
	out->min = lv_slot_min(parent, slot);
	out->max = lv_slot_max(parent, slot);
	out->offset = (unsigned char)slot;
	out->end = (unsigned char)ma_data_end(mte_to_node(enode), mte_node_type(enode), out->max);
}

/*
 * Store @entry at [@first, @last]. *@old gets the entry that was at @first.
 * Return: 0 or -ENOMEM (nothing changed).
 */
static int mt_write(struct mt_wr *wr, unsigned long first, unsigned long last, void *entry,
		    void **old)
{
	struct maple_tree *mt = wr->mt;
	struct mt_big *b = &wr->b;
	enum maple_type itype = mt_internal_type(mt);
	struct mt_new nn[8];
	unsigned int cut[8];
	unsigned long lo, hi;
	unsigned int h, k;

	wr->height = mt_height(mt);
	wr->new_head = wr->new_tail = NULL;
	b->n = 0;
	*old = NULL;

	if (!mt->ma_root) {
		if (!entry)
			return 0;
		if (first)
			big_push_leaf(b, first - 1, NULL);
		big_push_leaf(b, last, entry);
		if (last != ULONG_MAX)
			big_push_leaf(b, ULONG_MAX, NULL);
		if (mt_build(wr, maple_leaf_64, 0, b->n - 1, 0, &nn[0]))
			return -ENOMEM;
		mt_wr_adopt(wr);
		mte_to_node(nn[0].enode)->parent = mt_mk_root_parent(mt);
		WRITE_ONCE(mt->ma_root, nn[0].enode);
		mt_set_height(mt, 1);
		return 0;
	}

	mt_path_walk(wr, &wr->l, first, 0);
	if (last <= wr->l.lv[0].max)
		memcpy(wr->r.lv, wr->l.lv, wr->height * sizeof(wr->l.lv[0]));
	else
		mt_path_walk(wr, &wr->r, last, 0);

	/* Level 0: the leaf or leaves, with the new range laid over them. */
	{
		const struct mt_level *L = &wr->l.lv[0], *R = &wr->r.lv[0];
		void **slots = mte_to_node(L->enode)->mr64.slot;
		unsigned int i;

		for (i = 0; i <= L->end; i++) {
			unsigned long smin = lv_slot_min(L, i), smax = lv_slot_max(L, i);

			if (smax < first) {
				big_push_leaf(b, smax, slots[i]);
				continue;
			}
			*old = slots[i];
			if (smin < first)
				big_push_leaf(b, first - 1, slots[i]);
			break;
		}
		big_push_leaf(b, last, entry);
		slots = mte_to_node(R->enode)->mr64.slot;
		for (i = 0; i <= R->end; i++)
			if (lv_slot_max(R, i) > last)
				big_push_leaf(b, lv_slot_max(R, i), slots[i]);
		lo = L->min;
		hi = R->max;
	}

	for (h = 0;; h++) {
		bool leaf = h == 0;
		enum maple_type type = leaf ? maple_leaf_64 : itype;
		unsigned int slots = mt_slots(type), min = mt_min_slots(type);
		unsigned long nmin;
		unsigned int s;
		int err;

		/* Widen the run until the result is a valid set of nodes. */
		for (;;) {
			bool whole = lo == 0 && hi == ULONG_MAX;

			if (leaf && !b->slot[b->n - 1] && hi != ULONG_MAX)
				mt_extend_right(wr, h, &hi);
			else if (b->n < min && !whole && hi != ULONG_MAX)
				mt_extend_right(wr, h, &hi);
			else if (b->n < min && !whole)
				mt_extend_left(wr, h, &lo);
			else
				break;
		}
		/* Overflowing: share with a sibling that has room rather than add a node. */
		if (b->n > slots && h + 1 < wr->height) {
			struct mt_level sib;

			if (wr->l.lv[h].offset > 0) {
				lv_child(&wr->l.lv[h + 1], wr->l.lv[h].offset - 1u, &sib);
				if (b->n + lv_count(&sib) <= 2 * slots - 2) {
					wr->l.lv[h] = sib;
					big_prepend(b, &sib);
					lo = sib.min;
				}
			}
			if (b->n > slots && wr->r.lv[h].offset < wr->r.lv[h + 1].end) {
				lv_child(&wr->r.lv[h + 1], wr->r.lv[h].offset + 1u, &sib);
				if (b->n + lv_count(&sib) <= 2 * slots - 2) {
					wr->r.lv[h] = sib;
					big_copy(b, &sib, 0, sib.end);
					hi = sib.max;
				}
			}
		}
		wr->cov_lo[h] = lo;
		wr->cov_hi[h] = hi;

		/* Everything gone: the tree is empty. */
		if (leaf && lo == 0 && hi == ULONG_MAX && b->n == 1 && !b->slot[0]) {
			struct maple_enode *oldroot = mt->ma_root;

			WRITE_ONCE(mt->ma_root, NULL);
			for (unsigned int j = h + 1; j < wr->height; j++) {
				wr->cov_lo[j] = 0;
				wr->cov_hi[j] = ULONG_MAX;
			}
			mt_free_run(wr, oldroot, wr->height - 1, 0, ULONG_MAX);
			mt_set_height(mt, 0);
			return 0;
		}

		k = mt_split(b, slots, min, leaf, cut);
		nmin = lo;
		for (s = 0; s < k; s++) {
			unsigned int from = s ? cut[s - 1] + 1 : 0;

			err = mt_build(wr, type, from, cut[s], nmin, &nn[s]);
			if (err) {
				mt_wr_unwind(wr);
				return err;
			}
			nmin = nn[s].max + 1;
		}

		if (k == 1 && lo == 0 && hi == ULONG_MAX) {
			/* The run is the whole level: its one node is the new root. */
			struct maple_enode *oldroot = mt->ma_root;

			mt_wr_adopt(wr);
			mte_to_node(nn[0].enode)->parent = mt_mk_root_parent(mt);
			WRITE_ONCE(mt->ma_root, nn[0].enode);
			for (unsigned int j = h + 1; j < wr->height; j++) {
				wr->cov_lo[j] = 0;
				wr->cov_hi[j] = ULONG_MAX;
			}
			mt_free_run(wr, oldroot, wr->height - 1, 0, ULONG_MAX);
			mt_set_height(mt, h + 1);
			return 0;
		}

		if (k == 1 && wr->l.lv[h].enode == wr->r.lv[h].enode) {
			/* One node for one node: swap the parent's slot, fix gaps above. */
			const struct mt_level *P = &wr->l.lv[h + 1];
			struct maple_node *pnode = mte_to_node(P->enode);
			enum maple_type ptype = mte_node_type(P->enode);
			unsigned int slot = wr->l.lv[h].offset;
			struct maple_enode *oldnode = wr->l.lv[h].enode;

			mt_wr_adopt(wr);
			mte_to_node(nn[0].enode)->parent = mt_mk_parent(pnode, ptype, slot);
			WRITE_ONCE(ma_slots(pnode, ptype)[slot], nn[0].enode);
			if (ptype == maple_arange_64)
				mt_update_gaps(wr, &wr->l, h + 1, slot, nn[0].gap);
			mt_free_run(wr, oldnode, h, lo, hi);
			return 0;
		}

		if (h + 1 == wr->height) {
			/* The root split: a new root above the pieces. */
			struct maple_enode *oldroot = mt->ma_root;
			struct mt_new root;

			b->n = 0;
			for (s = 0; s < k; s++)
				big_push(b, nn[s].max, nn[s].enode, nn[s].gap);
			if (h + 1 >= MAPLE_HEIGHT_MAX || mt_build(wr, itype, 0, k - 1, 0, &root)) {
				mt_wr_unwind(wr);
				return -ENOMEM;
			}
			mt_wr_adopt(wr);
			mte_to_node(root.enode)->parent = mt_mk_root_parent(mt);
			WRITE_ONCE(mt->ma_root, root.enode);
			mt_free_run(wr, oldroot, h, 0, ULONG_MAX);
			mt_set_height(mt, h + 2);
			return 0;
		}

		/* The parent level: old entries around the run, the new nodes in its place. */
		{
			const struct mt_level *PL = &wr->l.lv[h + 1], *PR = &wr->r.lv[h + 1];

			b->n = 0;
			if (wr->l.lv[h].offset)
				big_copy(b, PL, 0, wr->l.lv[h].offset - 1u);
			for (s = 0; s < k; s++)
				big_push(b, nn[s].max, nn[s].enode, nn[s].gap);
			big_copy(b, PR, wr->r.lv[h].offset + 1u, PR->end);
			lo = PL->min;
			hi = PR->max;
		}
	}
}

/* ------------------------------------------------------------------------ */
/*
 * Fast paths (docs/mm/maple-tree.md, "Fast paths"): a store that stays
 * inside one leaf and leaves every node valid is done without the big
 * node, as Linux's mas_wr_slot_store()/mas_wr_node_store() do:
 *
 *   in place	the range is exactly one slot's and no neighbour has to
 *		merge: one WRITE_ONCE() of the slot pointer;
 *   node	the leaf's new contents fit in one leaf (at least half full
 *		unless it is the root, not ending in an empty range unless it
 *		is the last): a new leaf, written completely, replaces the old
 *		one with one pointer store in its parent (or the root);
 *   empty	the root leaf ends up holding nothing: the root becomes NULL.
 *
 * Anything else (leaves that must split, merge or rebalance, stores
 * spanning leaves) takes mt_write(). Gaps above a changed leaf are fixed
 * through the parent pointers.
 */
enum mas_wr_type { wr_slow, wr_in_place, wr_node, wr_empty };

/* A leaf's new contents, at most two more than a full leaf before the checks. */
struct mas_wr_leaf {
	unsigned long pivot[MAPLE_RANGE64_SLOTS + 2];
	void *slot[MAPLE_RANGE64_SLOTS + 2];
	unsigned int n;
};

static inline void wr_leaf_push(struct mas_wr_leaf *nl, unsigned long pivot, void *entry)
{
	if (!entry && nl->n && !nl->slot[nl->n - 1]) {
		nl->pivot[nl->n - 1] = pivot;
		return;
	}
	nl->pivot[nl->n] = pivot;
	nl->slot[nl->n] = entry;
	nl->n++;
}

/*
 * Classify a store of @entry at [@first, @last] with @mas on the leaf slot
 * holding @first (mas_descend_to()). For wr_node, @nl gets the new leaf.
 */
static enum mas_wr_type mas_wr_classify(struct ma_state *mas, unsigned long first,
					unsigned long last, void *entry, struct mas_wr_leaf *nl)
{
	struct maple_node *node = mte_to_node(mas->node);
	void **slots = node->mr64.slot;
	unsigned int i = mas->offset, j = i, end = mas->end, s;
	bool root = mt_height(mas->tree) == 1;
	unsigned long smin, smax;

	if (last > mas->max)
		return wr_slow;
	while (j < end && mas_slot_max(mas, j) < last)
		j++;
	smin = mas_slot_min(mas, i);
	smax = mas_slot_max(mas, j);
	if (i == j && smin == first && smax == last) {
		void *old = slots[i];

		/* An empty range never has an empty neighbour: filling it merges nothing. */
		if (entry || !old)
			return wr_in_place;
		if (end > 0 && (i == 0 || slots[i - 1]) &&
		    (i < end ? slots[i + 1] != NULL : mas->max == ULONG_MAX))
			return wr_in_place;
	}
	nl->n = 0;
	for (s = 0; s < i; s++)
		wr_leaf_push(nl, mas_slot_max(mas, s), slots[s]);
	if (smin < first)
		wr_leaf_push(nl, first - 1, slots[i]);
	wr_leaf_push(nl, last, entry);
	if (smax > last)
		wr_leaf_push(nl, smax, slots[j]);
	for (s = j + 1; s <= end; s++)
		wr_leaf_push(nl, mas_slot_max(mas, s), slots[s]);
	if (root && nl->n == 1 && !nl->slot[0])
		return wr_empty;
	if (nl->n > MAPLE_RANGE64_SLOTS)
		return wr_slow;
	if (!nl->slot[nl->n - 1] && mas->max != ULONG_MAX)
		return wr_slow;
	if (nl->n < mt_min_slots(maple_leaf_64) && !root)
		return wr_slow;
	return wr_node;
}

/* The gap of the leaf @node (spanning [@min, @max]) changed: fix the gaps above it. */
static void mas_leaf_gap_update(struct maple_tree *mt, struct maple_node *node,
				unsigned long min, unsigned long max)
{
	unsigned long gap;

	if (!mt_is_alloc(mt) || mte_is_root(node))
		return;
	gap = mt_leaf_max_gap(node, min, max);
	do {
		struct maple_node *p = mte_parent(node);
		unsigned int slot = mte_parent_slot(node);
		unsigned long old_max = p->ma64.gap[p->ma64.meta.gap], new_max;

		if (p->ma64.gap[slot] == gap)
			return;
		p->ma64.gap[slot] = gap;
		if (gap > old_max) {
			p->ma64.meta.gap = (unsigned char)slot;
		} else if (slot == p->ma64.meta.gap) {
			unsigned int best = 0;

			for (unsigned int k = 1; k <= p->ma64.meta.end; k++)
				if (p->ma64.gap[k] > p->ma64.gap[best])
					best = k;
			p->ma64.meta.gap = (unsigned char)best;
		}
		new_max = p->ma64.gap[p->ma64.meta.gap];
		if (new_max == old_max)
			return;
		gap = new_max;
		node = p;
	} while (!mte_is_root(node));
}

/* A node from the preallocated ones, or a new one. */
static struct maple_node *mas_wr_node_alloc(struct ma_state *mas, gfp_t gfp, bool may_alloc)
{
	struct maple_node *node;

	if (mas->alloc) {
		node = mas->alloc;
		mas->alloc = node->next_free;
		mas->alloc_cnt--;
		return node;
	}
	return may_alloc ? mt_alloc_node(gfp) : NULL;
}

/*
 * mas_preallocate() leaves its walk in the cursor (MA_FLAG_WALKED: node,
 * min, max, offset and end name the leaf slot holding mas->index), as
 * Linux's active cursor after mas_wr_preallocate(): the store that follows
 * starts there instead of walking down again. Valid while the tree is not
 * changed in between (the preallocation contract); checked against @first
 * in case the cursor was moved meanwhile.
 */
#define MA_FLAG_WALKED		0x01
/* ... and what it found: the store type, and whether the entry was NULL. */
#define MA_FLAG_TYPE_SHIFT	1
#define MA_FLAG_TYPE_MASK	0x3
#define MA_FLAG_NULL		0x08
#define MA_FLAGS_PREALLOC	0x0f

static inline bool mas_walk_reusable(const struct ma_state *mas, unsigned long first)
{
	return (mas->mas_flags & MA_FLAG_WALKED) && mas->node &&
	       first >= mas_slot_min(mas, mas->offset) && first <= mas_slot_max(mas, mas->offset);
}

/*
 * The store type for the cursor's slot: the preallocation's when it walked
 * here for an entry as NULL as this one and no leaf has to be built (an
 * in-place store is checked to cover exactly the slot), else classified now.
 */
static enum mas_wr_type mas_wr_type_of(struct ma_state *mas, unsigned long first,
				       unsigned long last, void *entry, struct mas_wr_leaf *nl)
{
	unsigned int f = mas->mas_flags;

	mas->mas_flags &= ~MA_FLAGS_PREALLOC;
	if ((f & MA_FLAG_WALKED) && !(f & MA_FLAG_NULL) == !!entry) {
		enum mas_wr_type type = (enum mas_wr_type)((f >> MA_FLAG_TYPE_SHIFT) &
							   MA_FLAG_TYPE_MASK);

		if (type == wr_in_place && mas_slot_min(mas, mas->offset) == first &&
		    mas_slot_max(mas, mas->offset) == last)
			return wr_in_place;
		if (type == wr_empty && !entry && mt_height(mas->tree) == 1)
			return wr_empty;
	}
	return mas_wr_classify(mas, first, last, entry, nl);
}

/*
 * Try the fast paths for a store of @entry at [@first, @last].
 * Return: 0 (done, *@old set), -ENOMEM (nothing changed) or 1: mt_write()'s job.
 */
static int mas_wr_fast(struct ma_state *mas, unsigned long first, unsigned long last,
		       void *entry, gfp_t gfp, bool may_alloc, void **old)
{
	struct maple_tree *mt = mas->tree;
	struct mas_wr_leaf nl;
	struct maple_node *node, *nn;
	unsigned int i;

	if (!mt->ma_root) {
		/* The first entry: a root leaf of up to three ranges. */
		*old = NULL;
		if (!entry)
			return 0;
		nl.n = 0;
		if (first)
			wr_leaf_push(&nl, first - 1, NULL);
		wr_leaf_push(&nl, last, entry);
		if (last != ULONG_MAX)
			wr_leaf_push(&nl, ULONG_MAX, NULL);
		node = NULL;
		goto new_leaf;
	}
	if (mas_walk_reusable(mas, first)) {
		*old = mas_slot(mas);
	} else {
		mas->mas_flags &= ~MA_FLAG_WALKED;
		*old = mas_descend_to(mas, first);
	}
	node = mte_to_node(mas->node);
	switch (mas_wr_type_of(mas, first, last, entry, &nl)) {
	case wr_slow:
		return 1;
	case wr_in_place:
		if (*old == entry)
			return 0;
		WRITE_ONCE(node->mr64.slot[mas->offset], entry);
		if (!*old || !entry)
			mas_leaf_gap_update(mt, node, mas->min, mas->max);
		return 0;
	case wr_empty:
		WRITE_ONCE(mt->ma_root, NULL);
		mt_set_height(mt, 0);
		mt_free_node(node);
		return 0;
	case wr_node:
		break;
	}
new_leaf:
	nn = mas_wr_node_alloc(mas, gfp, may_alloc);
	if (!nn)
		return -ENOMEM;
	/* Written whole before it is published: a reader sees the old leaf or this one. */
	nn->parent = node ? node->parent : mt_mk_root_parent(mt);
	for (i = 0; i < nl.n; i++) {
		if (i < MAPLE_RANGE64_SLOTS - 1)
			nn->mr64.pivot[i] = nl.pivot[i];
		nn->mr64.slot[i] = nl.slot[i];
	}
	for (; i < MAPLE_RANGE64_SLOTS; i++) {
		if (i < MAPLE_RANGE64_SLOTS - 1)
			nn->mr64.pivot[i] = 0;
		nn->mr64.slot[i] = NULL;
	}
	if (!node) {
		WRITE_ONCE(mt->ma_root, mt_mk_node(nn, maple_leaf_64));
		mt_set_height(mt, 1);
		return 0;
	}
	if (mte_is_root(node))
		WRITE_ONCE(mt->ma_root, mt_mk_node(nn, maple_leaf_64));
	else
		WRITE_ONCE(ma_slots(mte_parent(node), mte_parent_type(node))[mte_parent_slot(node)],
			   mt_mk_node(nn, maple_leaf_64));
	mas_leaf_gap_update(mt, nn, mas->min, mas->max);
	mt_free_node(node);
	return 0;
}

/*
 * Nodes a store may need: none for an in-place store, one for a new leaf,
 * otherwise up to five per level (a leaf run cut in five, fewer above)
 * and a new root.
 */
static unsigned int mas_prealloc_count(struct ma_state *mas, void *entry)
{
	struct maple_tree *mt = mas->tree;
	unsigned int height = mt_height(mt);
	struct mas_wr_leaf nl;
	enum mas_wr_type type;

	if (!height)
		return 1;
	mas_descend_to(mas, mas->index);
	type = mas_wr_classify(mas, mas->index, mas->last, entry, &nl);
	/* Kept for the store (mas_walk_reusable(), mas_wr_type_of()). */
	mas->mas_flags = (unsigned char)((mas->mas_flags & ~MA_FLAGS_PREALLOC) | MA_FLAG_WALKED |
					 (type << MA_FLAG_TYPE_SHIFT) | (entry ? 0 : MA_FLAG_NULL));
	switch (type) {
	case wr_in_place:
	case wr_empty:
		return 0;
	case wr_node:
		return 1;
	case wr_slow:
		break;
	}
	return 5 * height + 2;
}

static void mas_wr_init(struct mt_wr *wr, struct ma_state *mas, gfp_t gfp, bool may_alloc)
{
	wr->mt = mas->tree;
	wr->mas = mas;
	wr->gfp = gfp;
	wr->may_alloc = may_alloc;
}

int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp)
{
	struct mt_wr wr;
	void *old;
	int err;

	if (mas->index > mas->last || mt_entry_is_reserved(entry))
		return -EINVAL;
	err = mas_wr_fast(mas, mas->index, mas->last, entry, gfp, true, &old);
	if (err > 0) {
		mas_wr_init(&wr, mas, gfp, true);
		err = mt_write(&wr, mas->index, mas->last, entry, &old);
	}
	mas->status = err ? ma_start : ma_pause;
	mas->node = NULL;
	return err;
}

void *mas_store(struct ma_state *mas, void *entry)
{
	struct mt_wr wr;
	void *old;
	int err;

	if (mas->index > mas->last || mt_entry_is_reserved(entry)) {
		mas->status = ma_error;
		mas->error = -EINVAL;
		return NULL;
	}
	err = mas_wr_fast(mas, mas->index, mas->last, entry, GFP_NOWAIT | __GFP_NOWARN, true, &old);
	if (err > 0) {
		mas_wr_init(&wr, mas, GFP_NOWAIT | __GFP_NOWARN, true);
		err = mt_write(&wr, mas->index, mas->last, entry, &old);
	}
	mas->node = NULL;
	if (err) {
		mas->status = ma_error;
		mas->error = err;
		return NULL;
	}
	mas->status = ma_pause;
	return old;
}

void mas_store_prealloc(struct ma_state *mas, void *entry)
{
	mas_store(mas, entry);
	mas_destroy(mas);
}

int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp)
{
	unsigned int want = mas_prealloc_count(mas, entry);

	mas->status = ma_start;
	while (mas->alloc_cnt < want) {
		struct maple_node *node = mt_alloc_node(gfp);

		if (!node) {
			mas_destroy(mas);
			return -ENOMEM;
		}
		node->next_free = mas->alloc;
		mas->alloc = node;
		mas->alloc_cnt++;
	}
	return 0;
}

void mas_destroy(struct ma_state *mas)
{
	while (mas->alloc) {
		struct maple_node *node = mas->alloc;

		mas->alloc = node->next_free;
		mt_free_node(node);
	}
	mas->alloc_cnt = 0;
	mas->mas_flags &= ~MA_FLAGS_PREALLOC;
}

void *mas_erase(struct ma_state *mas)
{
	struct mt_wr wr;
	void *entry, *old;
	int err;

	mas->status = ma_start;
	entry = mas_walk(mas);
	if (!entry)
		return NULL;
	err = mas_wr_fast(mas, mas->index, mas->last, NULL, GFP_KERNEL, true, &old);
	if (err > 0) {
		mas_wr_init(&wr, mas, GFP_KERNEL, true);
		err = mt_write(&wr, mas->index, mas->last, NULL, &old);
	}
	if (err) {
		mas->status = ma_error;
		mas->error = -ENOMEM;
		return NULL;
	}
	mas->status = ma_pause;
	mas->node = NULL;
	return entry;
}

int mtree_store_range(struct maple_tree *mt, unsigned long first, unsigned long last,
		      void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, first, last);

	return mas_store_gfp(&mas, entry, gfp);
}

int mtree_store(struct maple_tree *mt, unsigned long index, void *entry, gfp_t gfp)
{
	return mtree_store_range(mt, index, index, entry, gfp);
}

int mtree_insert_range(struct maple_tree *mt, unsigned long first, unsigned long last,
		       void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, first, first);

	if (!entry || first > last || mt_entry_is_reserved(entry))
		return -EINVAL;
	/* Empty ranges are merged, so one walk tells whether all of it is free. */
	if (mas_walk(&mas) || mas.last < last)
		return -EEXIST;
	mas_set_range(&mas, first, last);
	return mas_store_gfp(&mas, entry, gfp);
}

int mtree_insert(struct maple_tree *mt, unsigned long index, void *entry, gfp_t gfp)
{
	return mtree_insert_range(mt, index, index, entry, gfp);
}

void *mtree_erase(struct maple_tree *mt, unsigned long index)
{
	MA_STATE(mas, mt, index, index);

	return mas_erase(&mas);
}

static void mt_destroy_walk(struct maple_enode *enode, unsigned long max)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);

	if (!ma_is_leaf(type)) {
		unsigned int end = ma_data_end(node, type, max);
		const unsigned long *pivots = ma_pivots(node, type);

		for (unsigned int i = 0; i <= end; i++)
			mt_destroy_walk(ma_slots(node, type)[i], i < end ? pivots[i] : max);
	}
	mt_free_node(node);
}

void mtree_destroy(struct maple_tree *mt)
{
	struct maple_enode *root = mt->ma_root;

	WRITE_ONCE(mt->ma_root, NULL);
	mt_set_height(mt, 0);
	if (root)
		mt_destroy_walk(root, ULONG_MAX);
}

/* ------------------------------------------------------------------------ */
/* Free-range searches */

struct mt_gap_search {
	unsigned long min, max, size;
	unsigned long found;		/* start (forward) or end (reverse) */
	bool gaps;			/* internal nodes carry gaps */
};

static bool mt_gap_fwd(struct mt_gap_search *gs, struct maple_enode *enode,
		       unsigned long nmin, unsigned long nmax)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);
	unsigned int end = ma_data_end(node, type, nmax);
	struct mt_level lv = { enode, nmin, nmax, 0, (unsigned char)end };
	void **slots = ma_slots(node, type);
	unsigned long *gaps = ma_gaps(node, type);

	for (unsigned int i = 0; i <= end; i++) {
		unsigned long lo = lv_slot_min(&lv, i), hi = lv_slot_max(&lv, i);

		if (hi < gs->min)
			continue;
		if (lo > gs->max)
			break;
		if (ma_is_leaf(type)) {
			unsigned long s = max(lo, gs->min), e = min(hi, gs->max);

			if (!slots[i] && e - s >= gs->size - 1) {
				gs->found = s;
				return true;
			}
		} else if ((!gaps || gaps[i] >= gs->size) && mt_gap_fwd(gs, slots[i], lo, hi)) {
			return true;
		}
	}
	return false;
}

static bool mt_gap_rev(struct mt_gap_search *gs, struct maple_enode *enode,
		       unsigned long nmin, unsigned long nmax)
{
	enum maple_type type = mte_node_type(enode);
	struct maple_node *node = mte_to_node(enode);
	unsigned int end = ma_data_end(node, type, nmax);
	struct mt_level lv = { enode, nmin, nmax, 0, (unsigned char)end };
	void **slots = ma_slots(node, type);
	unsigned long *gaps = ma_gaps(node, type);

	for (int i = (int)end; i >= 0; i--) {
		unsigned long lo = lv_slot_min(&lv, (unsigned int)i);
		unsigned long hi = lv_slot_max(&lv, (unsigned int)i);

		if (lo > gs->max)
			continue;
		if (hi < gs->min)
			break;
		if (ma_is_leaf(type)) {
			unsigned long s = max(lo, gs->min), e = min(hi, gs->max);

			if (!slots[i] && e - s >= gs->size - 1) {
				gs->found = e;
				return true;
			}
		} else if ((!gaps || gaps[i] >= gs->size) && mt_gap_rev(gs, slots[i], lo, hi)) {
			return true;
		}
	}
	return false;
}

static int mas_empty_area_common(struct ma_state *mas, unsigned long min, unsigned long max,
				 unsigned long size, bool rev)
{
	struct maple_tree *mt = mas->tree;
	struct mt_gap_search gs = { min, max, size, 0, mt_is_alloc(mt) };
	bool found;

	if (min > max || size == 0 || max - min < size - 1)
		return -EINVAL;
	mas->status = ma_start;
	mas->node = NULL;
	if (!mt->ma_root) {
		found = true;
		gs.found = rev ? max : min;
	} else if (rev) {
		found = mt_gap_rev(&gs, mt->ma_root, 0, ULONG_MAX);
	} else {
		found = mt_gap_fwd(&gs, mt->ma_root, 0, ULONG_MAX);
	}
	if (!found)
		return -EBUSY;
	if (rev) {
		mas->last = gs.found;
		mas->index = gs.found - (size - 1);
	} else {
		mas->index = gs.found;
		mas->last = gs.found + (size - 1);
	}
	return 0;
}

int mas_empty_area(struct ma_state *mas, unsigned long min, unsigned long max,
		   unsigned long size)
{
	return mas_empty_area_common(mas, min, max, size, false);
}

int mas_empty_area_rev(struct ma_state *mas, unsigned long min, unsigned long max,
		       unsigned long size)
{
	return mas_empty_area_common(mas, min, max, size, true);
}
