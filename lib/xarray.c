// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray (Linux's lib/xarray.c, its normal API): a radix tree of
 * 64-slot nodes. Each level consumes six bits of the index, the root's
 * shift is the smallest that holds the largest index stored, and an array
 * whose only entry is at index 0 keeps it in xa_head with no node at all.
 *
 * Writes that find every node of their path in place touch one leaf slot
 * (the fast path). Otherwise the nodes the write needs are counted and
 * allocated before anything changes, so -ENOMEM leaves the array as it
 * was. Erasing frees nodes that become empty and lowers the root while
 * only its slot 0 is used. Marks live in per-node bitmaps propagated up to
 * the root and to xa_flags; docs/xarray.md draws it.
 */
#include <arbor/errno.h>
#include <arbor/xarray.h>

static inline unsigned int xa_offset(const struct xa_node *node, unsigned long index)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

/* Levels needed below xa_head to reach @index (0: index 0 fits in xa_head). */
static unsigned int xa_height_for(unsigned long index)
{
	unsigned int h = 0;

	while (index) {
		h++;
		index >>= XA_CHUNK_SHIFT;
	}
	return h;
}

static unsigned int xa_height(const struct xarray *xa)
{
	if (!xa_is_node(xa->xa_head))
		return 0;
	return xa_to_node(xa->xa_head)->shift / XA_CHUNK_SHIFT + 1;
}

/* ---- marks ---- */

/* Set @mark on slot @off of @node and on every ancestor that lacked it. */
static void xa_mark_up(struct xarray *xa, struct xa_node *node, unsigned int off,
		       xa_mark_t mark)
{
	for (;;) {
		bool had = node->marks[mark] != 0;

		node->marks[mark] |= 1UL << off;
		if (had)
			return;		/* the ancestors already say so */
		if (!node->parent)
			break;
		off = node->offset;
		node = node->parent;
	}
	xa->xa_flags |= XA_FLAGS_MARK(mark);
}

/* Clear @mark on slot @off of @node, and upwards while nodes lose their last. */
static void xa_unmark_up(struct xarray *xa, struct xa_node *node, unsigned int off,
			 xa_mark_t mark)
{
	for (;;) {
		node->marks[mark] &= ~(1UL << off);
		if (node->marks[mark])
			return;
		if (!node->parent)
			break;
		off = node->offset;
		node = node->parent;
	}
	xa->xa_flags &= ~XA_FLAGS_MARK(mark);
}

/* The leaf holding @index, or NULL if the tree has no path to it. */
static struct xa_node *xa_leaf(const struct xarray *xa, unsigned long index)
{
	struct xa_node *node;
	void *slot;

	if (!xa_is_node(xa->xa_head))
		return NULL;
	node = xa_to_node(xa->xa_head);
	if ((index >> node->shift) > XA_CHUNK_MASK)
		return NULL;
	while (node->shift) {
		slot = node->slots[xa_offset(node, index)];
		if (!slot)
			return NULL;
		node = xa_to_node(slot);
	}
	return node;
}

/* ---- erase ---- */

/* Free @node and its ancestors while they have no slot in use. */
static void xa_delete_empty(struct xarray *xa, struct xa_node *node)
{
	while (!node->count) {
		struct xa_node *parent = node->parent;

		if (!parent) {
			xa->xa_head = NULL;
			xa->xa_flags &= ~XA_FLAGS_MARK_MASK;
			xa_node_free(node);
			return;
		}
		/* An empty node carries no marks, so the parent's are clear too. */
		parent->slots[node->offset] = NULL;
		parent->count--;
		xa_node_free(node);
		node = parent;
	}
}

/* Lower the root while only its slot 0 is used (Linux's xas_shrink). */
static void xa_shrink(struct xarray *xa)
{
	while (xa_is_node(xa->xa_head)) {
		struct xa_node *root = xa_to_node(xa->xa_head);
		void *first = root->slots[0];

		if (root->count != 1 || !first)
			return;
		if (root->shift) {
			struct xa_node *child = xa_to_node(first);

			child->parent = NULL;
			child->offset = 0;
		}
		/* The marks in xa_flags describe the same entries as before. */
		xa->xa_head = first;
		xa_node_free(root);
	}
}

static void *xa_erase_slot(struct xarray *xa, struct xa_node *node, unsigned int off)
{
	void *old = node->slots[off];

	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++)
		if (node->marks[m] & (1UL << off))
			xa_unmark_up(xa, node, off, m);
	node->slots[off] = NULL;
	node->count--;
	xa_delete_empty(xa, node);
	xa_shrink(xa);
	return old;
}

/* ---- store ---- */

/*
 * Nodes a store at @index needs that the tree lacks: new roots above the
 * current one, then every level missing on the path down.
 */
static unsigned int xa_nodes_needed(const struct xarray *xa, unsigned long index)
{
	unsigned int want = xa_height_for(index), have = xa_height(xa);
	struct xa_node *node;
	void *slot;

	if (!xa->xa_head)
		return want;
	if (want > have)
		/* Index's top digit is not 0: no node of its path below the root exists. */
		return (want - have) + (want - 1);
	node = xa_to_node(xa->xa_head);
	while (node->shift) {
		slot = node->slots[xa_offset(node, index)];
		if (!slot)
			return node->shift / XA_CHUNK_SHIFT;
		node = xa_to_node(slot);
	}
	return 0;
}

struct xa_pool {
	struct xa_node *node[2 * XA_MAX_HEIGHT];
	unsigned int nr;
};

static struct xa_node *xa_pool_take(struct xa_pool *pool, struct xarray *xa,
				    unsigned int shift, struct xa_node *parent,
				    unsigned int offset)
{
	struct xa_node *node = pool->node[--pool->nr];

	/* Allocated zeroed: no slots, no count, no marks. */
	node->shift = shift;
	node->offset = offset;
	node->parent = parent;
	node->array = xa;
	return node;
}

/* Put roots above xa_head until the tree is @want levels high. */
static void xa_grow(struct xarray *xa, unsigned int want, struct xa_pool *pool)
{
	unsigned int have = xa_height(xa);
	void *head = xa->xa_head;

	if (!head) {
		struct xa_node *root = xa_pool_take(pool, xa, (want - 1) * XA_CHUNK_SHIFT, NULL, 0);

		xa->xa_head = xa_mk_node(root);
		return;
	}
	for (; have < want; have++) {
		struct xa_node *root = xa_pool_take(pool, xa, have * XA_CHUNK_SHIFT, NULL, 0);

		root->slots[0] = head;
		root->count = 1;
		for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
			bool marked = xa_is_node(head) ? xa_to_node(head)->marks[m] != 0
						       : (xa->xa_flags & XA_FLAGS_MARK(m)) != 0;

			if (marked)
				root->marks[m] = 1;
		}
		if (xa_is_node(head))
			xa_to_node(head)->parent = root;
		head = xa_mk_node(root);
	}
	xa->xa_head = head;
}

/* A store into a slot that has no path yet (or is above the root). */
static noinline void *xa_store_slow(struct xarray *xa, unsigned long index, void *entry,
				    gfp_t gfp)
{
	unsigned int need = xa_nodes_needed(xa, index), want = xa_height_for(index);
	struct xa_pool pool = { .nr = 0 };
	struct xa_node *node;

	for (; pool.nr < need; pool.nr++) {
		pool.node[pool.nr] = xa_node_alloc(gfp | __GFP_ZERO);
		if (!pool.node[pool.nr])
			goto nomem;
	}
	if (want > xa_height(xa) || !xa->xa_head)
		xa_grow(xa, want, &pool);
	node = xa_to_node(xa->xa_head);
	while (node->shift) {
		unsigned int off = xa_offset(node, index);

		if (!node->slots[off]) {
			struct xa_node *child = xa_pool_take(&pool, xa,
							     node->shift - XA_CHUNK_SHIFT, node, off);

			node->slots[off] = xa_mk_node(child);
			node->count++;
		}
		node = xa_to_node(node->slots[off]);
	}
	node->slots[xa_offset(node, index)] = entry;
	node->count++;
	return NULL;

nomem:
	while (pool.nr)
		xa_node_free(pool.node[--pool.nr]);
	return xa_mk_err(-ENOMEM);
}

/*
 * Store @entry (NULL: erase) at @index; with @excl an occupied slot is left
 * alone. Returns the previous entry or an encoded error.
 */
static __always_inline void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
					gfp_t gfp, bool excl)
{
	void *head = xa->xa_head;

	if (likely(xa_is_node(head))) {
		struct xa_node *node = xa_to_node(head);

		if (likely((index >> node->shift) <= XA_CHUNK_MASK)) {
			for (;;) {
				unsigned int off = xa_offset(node, index);
				void *slot = node->slots[off];

				if (!node->shift) {
					if (!slot) {
						if (!entry)
							return NULL;
						node->slots[off] = entry;
						node->count++;
						return NULL;
					}
					if (excl)
						return slot;
					if (!entry)
						return xa_erase_slot(xa, node, off);
					/* A replaced entry keeps its marks, as in Linux. */
					node->slots[off] = entry;
					return slot;
				}
				if (!slot)
					break;
				node = xa_to_node(slot);
			}
		}
	} else if (index == 0) {
		if (head && excl)
			return head;
		xa->xa_head = entry;
		if (!entry)
			xa->xa_flags &= ~XA_FLAGS_MARK_MASK;
		return head;
	}
	if (!entry)
		return NULL;
	return xa_store_slow(xa, index, entry, gfp);
}

/**
 * xa_store - store an entry
 * @xa:		the array
 * @index:	where
 * @entry:	an aligned pointer, or NULL to erase
 * @gfp:	for the nodes the store may need
 *
 * A replaced entry keeps its marks; storing NULL is xa_erase().
 *
 * Return: the entry that was at @index (NULL if none), or an error to be
 * tested with xa_is_err() and read with xa_err(): -EINVAL for an entry
 * with either low bit set, -ENOMEM (the array is then unchanged).
 */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	if (unlikely(!xa_entry_valid(entry)))
		return xa_mk_err(-EINVAL);
	return __xa_store(xa, index, entry, gfp, false);
}

/**
 * xa_insert - store an entry where there is none
 * @xa:		the array
 * @index:	where
 * @entry:	an aligned, non-NULL pointer
 * @gfp:	for the nodes the store may need
 *
 * Return: 0; -EBUSY if @index is occupied (nothing changes); -ENOMEM (the
 * array is unchanged); -EINVAL for a NULL or unaligned @entry (Linux would
 * reserve the slot for NULL; Arbor has no reserved entries).
 */
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *old;

	if (unlikely(!entry || !xa_entry_valid(entry)))
		return -EINVAL;
	old = __xa_store(xa, index, entry, gfp, true);
	if (unlikely(old))
		return xa_is_err(old) ? xa_err(old) : -EBUSY;
	return 0;
}

/**
 * xa_erase - remove the entry at @index
 * @xa:		the array
 * @index:	which
 *
 * Its marks go with it; nodes left empty are freed and the tree lowered.
 *
 * Return: the entry that was there, or NULL.
 */
void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *head = xa->xa_head;
	struct xa_node *node;
	unsigned int off;

	if (!xa_is_node(head)) {
		if (index || !head)
			return NULL;
		xa->xa_head = NULL;
		xa->xa_flags &= ~XA_FLAGS_MARK_MASK;
		return head;
	}
	node = xa_leaf(xa, index);
	if (!node)
		return NULL;
	off = xa_offset(node, index);
	if (!node->slots[off])
		return NULL;
	return xa_erase_slot(xa, node, off);
}

/**
 * xa_load - the entry at @index
 * @xa:		the array
 * @index:	which
 *
 * Return: the entry, or NULL if there is none.
 */
void *xa_load(struct xarray *xa, unsigned long index)
{
	void *entry = xa->xa_head;
	struct xa_node *node;

	if (unlikely(!xa_is_node(entry)))
		return index ? NULL : entry;
	node = xa_to_node(entry);
	if (unlikely((index >> node->shift) > XA_CHUNK_MASK))
		return NULL;
	for (;;) {
		entry = node->slots[xa_offset(node, index)];
		if (!node->shift || !entry)
			return entry;
		node = xa_to_node(entry);
	}
}

/* ---- marks ---- */

/**
 * xa_set_mark - set @mark on the entry at @index
 * @xa:		the array
 * @index:	which
 * @mark:	XA_MARK_0, XA_MARK_1 or XA_MARK_2
 *
 * Nothing happens if there is no entry at @index or @mark is not a mark.
 */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;
	unsigned int off;

	if (mark > XA_MARK_MAX)
		return;
	if (!xa_is_node(xa->xa_head)) {
		if (!index && xa->xa_head)
			xa->xa_flags |= XA_FLAGS_MARK(mark);
		return;
	}
	node = xa_leaf(xa, index);
	if (!node)
		return;
	off = xa_offset(node, index);
	if (node->slots[off])
		xa_mark_up(xa, node, off, mark);
}

/**
 * xa_clear_mark - clear @mark on the entry at @index
 * @xa:		the array
 * @index:	which
 * @mark:	XA_MARK_0, XA_MARK_1 or XA_MARK_2
 */
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;
	unsigned int off;

	if (mark > XA_MARK_MAX)
		return;
	if (!xa_is_node(xa->xa_head)) {
		if (!index)
			xa->xa_flags &= ~XA_FLAGS_MARK(mark);
		return;
	}
	node = xa_leaf(xa, index);
	if (!node)
		return;
	off = xa_offset(node, index);
	if (node->marks[mark] & (1UL << off))
		xa_unmark_up(xa, node, off, mark);
}

/**
 * xa_get_mark - whether the entry at @index carries @mark
 * @xa:		the array
 * @index:	which
 * @mark:	XA_MARK_0, XA_MARK_1 or XA_MARK_2
 *
 * Return: false also when there is no entry at @index.
 */
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;

	if (mark > XA_MARK_MAX)
		return false;
	if (!xa_is_node(xa->xa_head))
		return !index && xa->xa_head && (xa->xa_flags & XA_FLAGS_MARK(mark));
	node = xa_leaf(xa, index);
	return node && (node->marks[mark] >> xa_offset(node, index)) & 1;
}

/* ---- search ---- */

/* First slot at or after @off holding something that passes @filter; 64 if none. */
static unsigned int xa_next_slot(const struct xa_node *node, unsigned int off, xa_mark_t filter)
{
	if (filter <= XA_MARK_MAX) {
		unsigned long bits = node->marks[filter] & (~0UL << off);

		return bits ? (unsigned int)__builtin_ctzl(bits) : XA_CHUNK_SIZE;
	}
	for (; off < XA_CHUNK_SIZE; off++)
		if (node->slots[off])
			break;
	return off;
}

/* Index bits a node's slots span: its digit and everything below. */
static inline unsigned long xa_span_mask(const struct xa_node *node)
{
	unsigned int bits = node->shift + XA_CHUNK_SHIFT;

	return bits >= 64 ? ~0UL : (1UL << bits) - 1;
}

/*
 * The first entry in [@index, @max] that passes @filter: down the tree by
 * @index's digits; at each node skip to the next slot that passes (whole
 * subtrees at once: their mark bits say whether anything below is marked);
 * when a node has none left, continue from the parent's next slot.
 */
static void *xa_find_from(struct xarray *xa, unsigned long index, unsigned long max,
			  xa_mark_t filter, unsigned long *found)
{
	void *head = xa->xa_head;
	struct xa_node *node;

	if (index > max || !head)
		return NULL;
	if (!xa_is_node(head)) {
		if (index)
			return NULL;
		if (filter <= XA_MARK_MAX && !(xa->xa_flags & XA_FLAGS_MARK(filter)))
			return NULL;
		*found = 0;
		return head;
	}
	node = xa_to_node(head);
	if ((index >> node->shift) > XA_CHUNK_MASK)
		return NULL;
	for (;;) {
		unsigned int off = xa_offset(node, index);
		unsigned int next = xa_next_slot(node, off, filter);

		if (next == XA_CHUNK_SIZE) {
			/* Past this node's span; the carry may climb several levels. */
			index = (index | xa_span_mask(node)) + 1;
			if (!index || index > max)
				return NULL;
			do {
				node = node->parent;
				if (!node)
					return NULL;
			} while (!xa_offset(node, index));
			continue;
		}
		if (next != off) {
			index = (index & ~xa_span_mask(node)) | ((unsigned long)next << node->shift);
			if (index > max)
				return NULL;
		}
		if (!node->shift) {
			*found = index;
			return node->slots[next];
		}
		node = xa_to_node(node->slots[next]);
	}
}

/**
 * xa_find - the first entry at or after *@index
 * @xa:		the array
 * @index:	in: where to start; out: the entry's index (unchanged if none)
 * @max:	the last index to consider
 * @filter:	XA_PRESENT for any entry, or a mark the entry must carry
 *
 * Return: the entry, or NULL if none in [*@index, @max].
 */
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter)
{
	return xa_find_from(xa, *index, max, filter, index);
}

/**
 * xa_find_after - the first entry after *@index
 * @xa:		the array
 * @index:	in: the previous entry's index; out: the entry's index
 * @max:	the last index to consider
 * @filter:	XA_PRESENT for any entry, or a mark the entry must carry
 *
 * Return: the entry, or NULL if none in (*@index, @max].
 */
void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter)
{
	if (*index == ~0UL)
		return NULL;
	return xa_find_from(xa, *index + 1, max, filter, index);
}

/**
 * xa_destroy - free every node of @xa
 * @xa:		the array; empty afterwards
 *
 * The entries themselves are the caller's: free them first if needed.
 */
void xa_destroy(struct xarray *xa)
{
	void *head = xa->xa_head;
	struct xa_node *node, *parent;
	unsigned int off = 0;

	xa->xa_head = NULL;
	xa->xa_flags &= ~XA_FLAGS_MARK_MASK;
	if (!xa_is_node(head))
		return;
	node = xa_to_node(head);
	for (;;) {
		/* Children first: descend to the next child, free on the way up. */
		if (node->shift) {
			while (off < XA_CHUNK_SIZE && !node->slots[off])
				off++;
			if (off < XA_CHUNK_SIZE) {
				node = xa_to_node(node->slots[off]);
				off = 0;
				continue;
			}
		}
		parent = node->parent;
		off = node->offset + 1;
		xa_node_free(node);
		if (!parent)
			return;
		node = parent;
	}
}
