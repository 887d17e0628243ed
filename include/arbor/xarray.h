/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_XARRAY_H
#define ARBOR_XARRAY_H

/*
 * The XArray: an array of pointers indexed by unsigned long, kept as a
 * radix tree of 64-slot nodes (Linux's include/linux/xarray.h, the names
 * and semantics of its normal API). The page cache indexes each file's
 * pages with one (address_space.i_pages).
 *
 *   xa_load(xa, i)                    the entry at i, or NULL
 *   xa_store(xa, i, p, gfp)           old entry, or xa_err() encoded error
 *   xa_insert(xa, i, p, gfp)          0, -EBUSY (occupied), -ENOMEM, -EINVAL
 *   xa_erase(xa, i)                   old entry
 *   xa_find / xa_find_after           next present (or marked) entry
 *   xa_set_mark / xa_clear_mark / xa_get_mark / xa_marked
 *   xa_for_each / xa_for_each_marked
 *   xa_destroy(xa)                    free the nodes (not the entries)
 *
 * Entries are pointers with the low two bits clear; anything else (and a
 * NULL given to xa_insert) is refused with -EINVAL. NULL is "empty". The
 * caller serialises writers against everything else (Arbor has one CPU;
 * Linux's xa_lock/RCU are not needed yet). docs/xarray.md has the layout.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/gfp.h>
#include <arbor/types.h>

#define XA_CHUNK_SHIFT	6
#define XA_CHUNK_SIZE	(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK	(XA_CHUNK_SIZE - 1)
#define XA_MAX_MARKS	3
/* Levels of a tree holding index ULONG_MAX: ceil(64 / 6). */
#define XA_MAX_HEIGHT	((64 + XA_CHUNK_SHIFT - 1) / XA_CHUNK_SHIFT)

typedef unsigned int xa_mark_t;
#define XA_MARK_0	((xa_mark_t)0U)
#define XA_MARK_1	((xa_mark_t)1U)
#define XA_MARK_2	((xa_mark_t)2U)
#define XA_PRESENT	((xa_mark_t)8U)
#define XA_MARK_MAX	XA_MARK_2

/* xa_flags: bit m set iff some entry carries mark m. */
#define XA_FLAGS_MARK(m)	(1U << (m))
#define XA_FLAGS_MARK_MASK	((1U << XA_MAX_MARKS) - 1)

/**
 * struct xa_node - one level of the tree: 64 slots
 * @shift:	index bits below this node's slot digit (0 for a leaf)
 * @offset:	slot in @parent
 * @count:	non-NULL slots
 * @parent:	NULL for the root
 * @array:	the xarray the node belongs to
 * @slots:	entries (leaf) or encoded child nodes (interior)
 * @marks:	bit i of marks[m]: slot i holds an entry with mark m (leaf),
 *		or a child with some entry below it marked m (interior)
 */
struct xa_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	struct xa_node *parent;
	struct xarray *array;
	void *slots[XA_CHUNK_SIZE];
	unsigned long marks[XA_MAX_MARKS];
};

/**
 * struct xarray - the array's root
 * @xa_head:	NULL (empty), the entry at index 0 when that is the only
 *		one, or an encoded root node
 * @xa_flags:	XA_FLAGS_MARK(m): some entry is marked m
 */
struct xarray {
	void *xa_head;
	unsigned int xa_flags;
};

#define XARRAY_INIT(name, flags)	{ .xa_head = NULL, .xa_flags = (flags) }
#define DEFINE_XARRAY(name)		struct xarray name = XARRAY_INIT(name, 0)

/** xa_init - make @xa an empty array */
static inline void xa_init(struct xarray *xa)
{
	xa->xa_head = NULL;
	xa->xa_flags = 0;
}

/** xa_empty - whether @xa holds no entry */
static inline bool xa_empty(const struct xarray *xa)
{
	return xa->xa_head == NULL;
}

/** xa_marked - whether some entry of @xa carries @mark */
static inline bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	return mark <= XA_MARK_MAX && (xa->xa_flags & XA_FLAGS_MARK(mark));
}

/*
 * Internal entries: low bits 10. Nodes are (node | 2); errors are
 * ((-errno) << 2 | 2), which is never a node address.
 */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/** xa_is_err - whether @entry (returned by xa_store) is an error */
static inline bool xa_is_err(const void *entry)
{
	return unlikely(xa_is_internal(entry) &&
			(unsigned long)entry >= (unsigned long)xa_mk_internal(-4095UL));
}

/** xa_err - the errno encoded in @entry, or 0 if it is not an error */
static inline int xa_err(void *entry)
{
	if (xa_is_err(entry))
		return (long)entry >> 2;
	return 0;
}

static inline void *xa_mk_err(int err)
{
	return xa_mk_internal((unsigned long)(long)err);
}

static inline bool xa_is_node(const void *entry)
{
	return xa_is_internal(entry) && !xa_is_err(entry);
}

static inline struct xa_node *xa_to_node(const void *entry)
{
	return (struct xa_node *)((unsigned long)entry - 2);
}

static inline void *xa_mk_node(const struct xa_node *node)
{
	return (void *)((unsigned long)node | 2);
}

/** xa_entry_valid - whether @entry may be stored (aligned pointer) */
static inline bool xa_entry_valid(const void *entry)
{
	return ((unsigned long)entry & 3) == 0;
}

void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter);
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_destroy(struct xarray *xa);

/* Node memory: lib/xarray_alloc.c in the kernel, the test's own on the host. */
struct xa_node *xa_node_alloc(gfp_t gfp);
void xa_node_free(struct xa_node *node);

/* Debugging (CONFIG_DEBUG_XARRAY; always in host programs), lib/xarray_debug.c. */
int xa_validate(struct xarray *xa);
void xa_dump(struct xarray *xa);

#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = (start),						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))

#define xa_for_each_start(xa, index, entry, start)			\
	xa_for_each_range(xa, index, entry, start, ~0UL)

/** xa_for_each - every entry of @xa, in index order (@index: unsigned long) */
#define xa_for_each(xa, index, entry)					\
	xa_for_each_start(xa, index, entry, 0)

/** xa_for_each_marked - every entry of @xa with @filter set, in index order */
#define xa_for_each_marked(xa, index, entry, filter)			\
	for (index = 0, entry = xa_find(xa, &index, ~0UL, filter);	\
	     entry; entry = xa_find_after(xa, &index, ~0UL, filter))

#endif
