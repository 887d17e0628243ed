/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MAPLE_TREE_H
#define ARBOR_MAPLE_TREE_H

/*
 * The maple tree: a B-tree of non-overlapping ranges [first, last] -> entry
 * over the whole unsigned long index space, NULL meaning "nothing there".
 * It indexes each address space's VMAs (lib/maple_tree.c, docs/mm/maple-tree.md).
 * Linux's names and semantics, Arbor's own code.
 *
 * Nodes are 256 bytes:
 *   maple_leaf_64 / maple_range_64: 16 slots, 15 pivots
 *   maple_arange_64 (internal nodes of MT_FLAGS_ALLOC_RANGE trees):
 *	10 slots, 9 pivots, the largest gap below each child, and metadata
 * Slot i covers [pivot[i - 1] + 1, pivot[i]] (the node's min for i = 0, its
 * max for the last slot). A node that does not use every slot stores its
 * max as the pivot of its last used slot, so its end is found from the max.
 *
 * Writers are serialised by the owner's lock (mmap_lock for VMA trees).
 * Readers take the same lock today; the node updates are arranged so that
 * lock-free readers can be added (see docs/mm/maple-tree.md).
 */
#include <arbor/compiler.h>
#include <arbor/gfp.h>
#include <arbor/types.h>

#ifndef ULONG_MAX
#define ULONG_MAX	(~0UL)
#endif

enum maple_type {
	maple_dense,		/* (reserved: Arbor has no dense nodes) */
	maple_leaf_64,
	maple_range_64,
	maple_arange_64,
};

#define MAPLE_NODE_SIZE		256
#define MAPLE_RANGE64_SLOTS	16
#define MAPLE_ARANGE64_SLOTS	10
#define MAPLE_NODE_SLOTS	MAPLE_RANGE64_SLOTS	/* most slots of any type */
#define MAPLE_HEIGHT_MAX	31
#define MAPLE_ALLOC_SLOTS	(MAPLE_NODE_SLOTS - 1)

/* Opaque handles: a node pointer with its type (enode) or its parent's (pnode) in the low bits. */
struct maple_enode;
struct maple_pnode;

/**
 * struct maple_metadata - arange64 bookkeeping
 * @end:	index of the last used slot
 * @gap:	slot with the largest gap
 */
struct maple_metadata {
	unsigned char end;
	unsigned char gap;
};

struct maple_range_64 {
	struct maple_pnode *parent;
	unsigned long pivot[MAPLE_RANGE64_SLOTS - 1];
	void *slot[MAPLE_RANGE64_SLOTS];
};

struct maple_arange_64 {
	struct maple_pnode *parent;
	unsigned long pivot[MAPLE_ARANGE64_SLOTS - 1];
	void *slot[MAPLE_ARANGE64_SLOTS];
	unsigned long gap[MAPLE_ARANGE64_SLOTS];
	struct maple_metadata meta;
};

/**
 * struct maple_node - one 256-byte node, viewed as its type dictates
 * @parent:	the parent node, this node's slot in it and the parent's type
 *		(or the tree itself, with bit 0 set, for the root)
 * @mr64:	leaf / range node view
 * @ma64:	allocation-range node view
 * @next_free:	link while on a preallocation list or a free list
 */
struct maple_node {
	union {
		struct {
			struct maple_pnode *parent;
			void *slot[MAPLE_NODE_SIZE / sizeof(void *) - 1];
		};
		struct maple_range_64 mr64;
		struct maple_arange_64 ma64;
		struct {
			struct maple_pnode *__pad;
			struct maple_node *next_free;
		};
	};
} __aligned(MAPLE_NODE_SIZE);

/* ma_flags */
#define MT_FLAGS_ALLOC_RANGE	0x01	/* track gaps: internal nodes are arange64 */
#define MT_FLAGS_USE_RCU	0x02	/* (reserved for lock-free readers) */
#define MT_FLAGS_HEIGHT_OFFSET	0x02
#define MT_FLAGS_HEIGHT_MASK	0x7C

/**
 * struct maple_tree - the tree's root
 * @ma_flags:	MT_FLAGS_*; the height lives in MT_FLAGS_HEIGHT_MASK
 * @ma_root:	NULL (empty) or the root node, encoded with its type
 *
 * Linux's struct also holds a spinlock; Arbor's trees are protected by
 * their owner's lock (the mm's mmap_lock), like Linux's MT_FLAGS_LOCK_EXTERN.
 */
struct maple_tree {
	unsigned int ma_flags;
	void *ma_root;
};

#define MTREE_INIT(name, __flags)	{ .ma_flags = (__flags), .ma_root = NULL }
#define DEFINE_MTREE(name)		struct maple_tree name = MTREE_INIT(name, 0)

static inline void mt_init_flags(struct maple_tree *mt, unsigned int flags)
{
	mt->ma_flags = flags & ~MT_FLAGS_HEIGHT_MASK;
	mt->ma_root = NULL;
}

static inline void mt_init(struct maple_tree *mt)
{
	mt_init_flags(mt, 0);
}

static inline bool mtree_empty(const struct maple_tree *mt)
{
	return mt->ma_root == NULL;
}

/** mt_height - levels of nodes (0 for an empty tree, 1 for a single leaf) */
static inline unsigned int mt_height(const struct maple_tree *mt)
{
	return (mt->ma_flags & MT_FLAGS_HEIGHT_MASK) >> MT_FLAGS_HEIGHT_OFFSET;
}

static inline bool mt_is_alloc(const struct maple_tree *mt)
{
	return mt->ma_flags & MT_FLAGS_ALLOC_RANGE;
}

/*
 * Small integers as entries, as Linux's xarray does: (v << 1) | 1.
 * Entries whose low two bits are 10 are reserved for the tree's own use
 * (encoded nodes) and are refused with -EINVAL.
 */
static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}

static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

static inline bool mt_entry_is_reserved(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/*
 * The cursor's state. ma_active: @node/@offset/@min/@max name the leaf slot
 * holding [@index, @last]. ma_start: nothing walked yet, @index is where to
 * begin. ma_pause: positioned at [@index, @last] but the node must be
 * walked again (after mas_pause() or a write). ma_none: the tree is empty.
 * ma_overflow / ma_underflow: a search ran past its limit; [@index, @last]
 * still names the last range returned. ma_error: see mas->error.
 */
enum maple_status {
	ma_active,
	ma_start,
	ma_root,
	ma_none,
	ma_pause,
	ma_overflow,
	ma_underflow,
	ma_error,
};

/**
 * struct ma_state - a cursor into a maple tree
 * @tree:	the tree
 * @index:	first index of the current range (or the one to operate on)
 * @last:	last index of it
 * @node:	the leaf (encoded) while @status is ma_active
 * @min:	the leaf's first index
 * @max:	the leaf's last index
 * @alloc:	preallocated nodes (mas_preallocate()), linked by next_free
 * @status:	enum maple_status
 * @depth:	unused by Arbor (Linux's name kept)
 * @offset:	slot in @node
 * @end:	last used slot in @node
 * @mas_flags:	internal
 * @alloc_cnt:	nodes on @alloc
 * @error:	the errno when @status is ma_error
 */
struct ma_state {
	struct maple_tree *tree;
	unsigned long index;
	unsigned long last;
	struct maple_enode *node;
	unsigned long min;
	unsigned long max;
	struct maple_node *alloc;
	enum maple_status status;
	unsigned char depth;
	unsigned char offset;
	unsigned char end;
	unsigned char mas_flags;
	unsigned int alloc_cnt;
	int error;
};

#define MA_STATE(name, mt, first, end)					\
	struct ma_state name = {					\
		.tree = (mt),						\
		.index = (first),					\
		.last = (end),						\
		.node = NULL,						\
		.min = 0,						\
		.max = ULONG_MAX,					\
		.alloc = NULL,						\
		.status = ma_start,					\
	}

static inline void mas_reset(struct ma_state *mas)
{
	mas->status = ma_start;
	mas->node = NULL;
}

/** mas_set_range - aim the cursor at [@start, @last] (walked again on next use) */
static inline void mas_set_range(struct ma_state *mas, unsigned long start, unsigned long last)
{
	mas->index = start;
	mas->last = last;
	mas_reset(mas);
}

/** mas_set - aim the cursor at @index */
static inline void mas_set(struct ma_state *mas, unsigned long index)
{
	mas_set_range(mas, index, index);
}

static inline bool mas_is_err(const struct ma_state *mas)
{
	return mas->status == ma_error;
}

/**
 * mas_pause - keep the position but drop the node, so that the lock may be
 * released; the next mas_find()/mas_next() continues after [index, last]
 */
static inline void mas_pause(struct ma_state *mas)
{
	if (mas->status == ma_active)
		mas->status = ma_pause;
}

/* ---- cursor API (lib/maple_tree.c) ---- */

/**
 * mas_walk - the entry at mas->index
 * @mas:	the cursor
 *
 * Sets mas->index/mas->last to the whole range that holds the index (the
 * empty range around it when the entry is NULL).
 * Return: the entry, or NULL.
 */
void *mas_walk(struct ma_state *mas);

/**
 * mas_find - the first entry at or after mas->index (first call), then the
 * next one each call, up to @max
 * @mas:	the cursor
 * @max:	last index to consider
 *
 * Return: the entry (mas->index/last set to its range) or NULL when there
 * is none before @max.
 */
void *mas_find(struct ma_state *mas, unsigned long max);

/**
 * mas_find_rev - like mas_find() going down: the entry at or before
 * mas->index, then the previous one each call, down to @min
 * @mas:	the cursor
 * @min:	first index to consider
 *
 * Return: the entry or NULL.
 */
void *mas_find_rev(struct ma_state *mas, unsigned long min);

/**
 * mas_next - the next entry after the current range, up to @max
 * @mas:	the cursor (a fresh cursor first walks to mas->index)
 * @max:	last index to consider
 *
 * Return: the entry or NULL.
 */
void *mas_next(struct ma_state *mas, unsigned long max);

/**
 * mas_prev - the entry before the current range, down to @min
 * @mas:	the cursor
 * @min:	first index to consider
 *
 * Return: the entry or NULL.
 */
void *mas_prev(struct ma_state *mas, unsigned long min);

/**
 * mas_store - store @entry at [mas->index, mas->last]
 * @mas:	the cursor; nodes come from mas_preallocate() if it was called
 * @entry:	the entry (NULL erases)
 *
 * Overlapped ranges are overwritten; partly overlapped ones are cut back.
 * Without preallocated nodes it allocates with GFP_NOWAIT; on failure the
 * tree is unchanged and mas->status is ma_error (mas->error = -ENOMEM).
 * Return: the entry that was at mas->index before the store.
 */
void *mas_store(struct ma_state *mas, void *entry);

/**
 * mas_store_gfp - store @entry at [mas->index, mas->last], allocating with @gfp
 * @mas:	the cursor
 * @entry:	the entry (NULL erases)
 * @gfp:	allocation flags for new nodes
 *
 * Return: 0, -EINVAL (index > last, or a reserved entry), -ENOMEM (the tree
 * is left as it was).
 */
int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp);

/**
 * mas_store_prealloc - mas_store() after mas_preallocate(), then drop the
 * nodes that were not needed
 * @mas:	the cursor
 * @entry:	the entry
 */
void mas_store_prealloc(struct ma_state *mas, void *entry);

/**
 * mas_preallocate - allocate every node a store of @entry at
 * [mas->index, mas->last] may need, so that the store cannot fail
 * @mas:	the cursor
 * @entry:	the entry that will be stored
 * @gfp:	allocation flags
 *
 * Return: 0 or -ENOMEM. Release what is left with mas_destroy().
 */
int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp);

/** mas_destroy - free the nodes left from mas_preallocate() */
void mas_destroy(struct ma_state *mas);

/**
 * mas_erase - erase the whole range that holds mas->index
 * @mas:	the cursor
 *
 * Return: the entry that was there (mas->index/last set to its range), or
 * NULL.
 */
void *mas_erase(struct ma_state *mas);

/**
 * mas_empty_area - the lowest free range of @size indices within [@min, @max]
 * @mas:	the cursor
 * @min:	lowest index the range may start at
 * @max:	highest index the range may end at
 * @size:	indices needed
 *
 * Sets mas->index to the start and mas->last to start + @size - 1.
 * O(log n) in trees with MT_FLAGS_ALLOC_RANGE (gap tracking), a scan
 * otherwise.
 * Return: 0, -EBUSY when there is no such range, -EINVAL for @size 0,
 * @min > @max or a window smaller than @size.
 */
int mas_empty_area(struct ma_state *mas, unsigned long min, unsigned long max,
		   unsigned long size);

/**
 * mas_empty_area_rev - the highest free range of @size indices within
 * [@min, @max] (what unmapped_area_topdown() wants)
 * @mas:	the cursor
 * @min:	lowest index the range may start at
 * @max:	highest index the range may end at
 * @size:	indices needed
 *
 * Sets mas->last to the end and mas->index to end - @size + 1.
 * Return: 0, -EBUSY or -EINVAL, as mas_empty_area().
 */
int mas_empty_area_rev(struct ma_state *mas, unsigned long min, unsigned long max,
		       unsigned long size);

#define mas_for_each(__mas, __entry, __max)				\
	while (((__entry) = mas_find((__mas), (__max))) != NULL)

/* ---- tree-level API ---- */

/**
 * mtree_load - the entry at @index, or NULL
 * @mt:		the tree
 * @index:	the index
 */
void *mtree_load(struct maple_tree *mt, unsigned long index);

/**
 * mtree_store_range - store @entry at [@first, @last], overwriting
 * @mt:		the tree
 * @first:	first index
 * @last:	last index
 * @entry:	the entry (NULL erases)
 * @gfp:	allocation flags
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int mtree_store_range(struct maple_tree *mt, unsigned long first, unsigned long last,
		      void *entry, gfp_t gfp);

/** mtree_store - mtree_store_range() of the single index @index */
int mtree_store(struct maple_tree *mt, unsigned long index, void *entry, gfp_t gfp);

/**
 * mtree_insert_range - store @entry at [@first, @last] only if it is all empty
 * @mt:		the tree
 * @first:	first index
 * @last:	last index
 * @entry:	the entry (not NULL)
 * @gfp:	allocation flags
 *
 * Return: 0, -EEXIST if anything is stored in the range, -EINVAL, -ENOMEM.
 */
int mtree_insert_range(struct maple_tree *mt, unsigned long first, unsigned long last,
		       void *entry, gfp_t gfp);

/** mtree_insert - mtree_insert_range() of the single index @index */
int mtree_insert(struct maple_tree *mt, unsigned long index, void *entry, gfp_t gfp);

/**
 * mtree_erase - erase the range that holds @index
 * @mt:		the tree
 * @index:	an index in the range
 *
 * Return: the entry erased, or NULL.
 */
void *mtree_erase(struct maple_tree *mt, unsigned long index);

/** mtree_destroy - free every node; the tree is empty afterwards */
void mtree_destroy(struct maple_tree *mt);

/**
 * mt_find - the first entry in [*@index, @max]
 * @mt:		the tree
 * @index:	where to start; on success set past the entry's range
 * @max:	last index
 *
 * Return: the entry, or NULL.
 */
void *mt_find(struct maple_tree *mt, unsigned long *index, unsigned long max);

/**
 * mt_find_after - mt_find() that stops once *@index wrapped to 0 (used by mt_for_each)
 * @mt:		the tree
 * @index:	where to continue
 * @max:	last index
 */
void *mt_find_after(struct maple_tree *mt, unsigned long *index, unsigned long max);

#define mt_for_each(__tree, __entry, __index, __max)			\
	for (__entry = mt_find(__tree, &(__index), __max);		\
	     __entry; __entry = mt_find_after(__tree, &(__index), __max))

/* ---- debugging (lib/maple_tree_debug.c, CONFIG_DEBUG_MAPLE_TREE) ---- */

/**
 * mt_validate - check every invariant of @mt
 * @mt:		the tree
 *
 * Pivots sorted and within the node's limits, unused slots clear, gaps
 * right at every level, no adjacent empty ranges, no leaf (but the last)
 * ending in an empty range, node fill, parent pointers, types and height.
 * The first violation is printed with the node, level and slot.
 * Return: 0, or -EINVAL when something is wrong.
 */
int mt_validate(struct maple_tree *mt);

/**
 * mt_dump - print every node of @mt, one line per slot, indented by level
 * @mt:		the tree
 */
void mt_dump(const struct maple_tree *mt);

/**
 * struct mt_stats - what a tree holds
 * @nodes:	nodes
 * @leaves:	leaf nodes
 * @entries:	non-NULL ranges
 * @slots_used:	slots in use, over all nodes
 * @slots:	slots available, over all nodes
 * @height:	levels
 */
struct mt_stats {
	unsigned long nodes;
	unsigned long leaves;
	unsigned long entries;
	unsigned long slots_used;
	unsigned long slots;
	unsigned int height;
};

/** mt_get_stats - count nodes, entries and slot fill of @mt into @st */
void mt_get_stats(const struct maple_tree *mt, struct mt_stats *st);

/* ---- node memory: lib/maple_tree_alloc.c in the kernel, the harness on the host ---- */

/**
 * mt_alloc_node - a 256-byte-aligned node
 * @gfp:	allocation flags; with __GFP_ZERO the node is zeroed, without it
 *		its contents are undefined (the caller writes every word)
 *
 * Return: the node or NULL.
 */
struct maple_node *mt_alloc_node(gfp_t gfp);

/** mt_free_node - give a node back */
void mt_free_node(struct maple_node *node);

/* ---- the differential test shared by the host tests and ktest (lib/maple_tree_test.c) ---- */

/**
 * struct mt_difftest - parameters and results of mt_difftest_run()
 * @seed:	PRNG seed (fixed in tests, so runs repeat)
 * @ops:	operations to run
 * @span:	indices are drawn from [0, @span) (or near 0 / ULONG_MAX)
 * @max_len:	longest range stored
 * @validate_every: mt_validate() every this many operations (0: only at the end)
 * @flags:	MT_FLAGS_ALLOC_RANGE or 0
 * @max_ranges:	capacity of the reference model (ranges)
 * @ranges_peak: most ranges held at once (result)
 * @height_peak: tallest the tree grew (result)
 * @checks:	comparisons made (result)
 * @data:	when not NULL, every random choice is read from these bytes
 *		instead (a fuzzer's input); the run ends when they run out
 * @data_len:	their length
 */
struct mt_difftest {
	u64 seed;
	unsigned long ops;
	unsigned long span;
	unsigned long max_len;
	unsigned long validate_every;
	unsigned int flags;
	unsigned long max_ranges;
	unsigned long ranges_peak;
	unsigned int height_peak;
	unsigned long checks;
	const u8 *data;
	size_t data_len;
};

/**
 * mt_difftest_run - random stores, inserts, erases, lookups, iterations and
 * gap searches on a maple tree and on a sorted array of ranges, compared
 * after every operation
 * @dt:		parameters; results filled in
 *
 * The reference model is allocated with mt_test_alloc() (the caller's).
 * Return: 0, or -EINVAL at the first mismatch (printed), -ENOMEM.
 */
int mt_difftest_run(struct mt_difftest *dt);

/** mt_test_alloc / mt_test_free - memory for the reference model (caller provides) */
void *mt_test_alloc(size_t bytes);
void mt_test_free(void *p);

#endif
