/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_BUFFER_HEAD_H
#define ARBOR_BUFFER_HEAD_H

/*
 * The buffer cache (fs/buffer.c): filesystem metadata blocks (superblocks,
 * bitmaps, inode tables, indirect and directory blocks) cached in memory,
 * keyed by (device, block number, block size), Linux's names.
 *
 *	sb_bread -> __bread -> __getblk (lookup or allocate) -> blkdev_read
 *	mark_buffer_dirty ... sync_blockdev -> write_dirty_buffer -> blkdev_write
 *
 * The cache is bounded: past buffer_cache_limit buffers, unreferenced
 * ones are dropped oldest first (dirty ones are written back first).
 */
#include <arbor/list.h>
#include <arbor/types.h>

struct block_device;
struct super_block;

/* b_state bits */
enum bh_state_bits {
	BH_Uptodate,	/* b_data holds the block's contents */
	BH_Dirty,	/* b_data is newer than the disk */
};

/**
 * struct buffer_head - one cached block
 * @b_blocknr:	block number, in units of @b_size
 * @b_size:	block size in bytes (512 .. 4096)
 * @b_data:	the data (kmalloc: linear-map memory)
 * @b_bdev:	the device
 * @b_count:	references (brelse drops one)
 * @b_state:	BH_* bits
 * @b_hash:	on its hash chain
 * @b_lru:	on the LRU list, oldest first
 */
struct buffer_head {
	u64 b_blocknr;
	unsigned int b_size;
	char *b_data;
	struct block_device *b_bdev;
	int b_count;
	unsigned long b_state;
	struct list_head b_hash;
	struct list_head b_lru;
};

static inline bool buffer_uptodate(const struct buffer_head *bh)
{
	return bh->b_state & (1UL << BH_Uptodate);
}

static inline bool buffer_dirty(const struct buffer_head *bh)
{
	return bh->b_state & (1UL << BH_Dirty);
}

static inline void set_buffer_uptodate(struct buffer_head *bh)
{
	bh->b_state |= 1UL << BH_Uptodate;
}

static inline void get_bh(struct buffer_head *bh)
{
	bh->b_count++;
}

/* Most buffers the cache keeps before it evicts unreferenced ones. */
extern unsigned int buffer_cache_limit;

struct buffer_head *__find_get_block(struct block_device *bdev, u64 block, unsigned int size);
struct buffer_head *__getblk(struct block_device *bdev, u64 block, unsigned int size);
struct buffer_head *__bread(struct block_device *bdev, u64 block, unsigned int size);
struct buffer_head *sb_getblk(struct super_block *sb, u64 block);
struct buffer_head *sb_bread(struct super_block *sb, u64 block);
void brelse(struct buffer_head *bh);
void bforget(struct buffer_head *bh);
void mark_buffer_dirty(struct buffer_head *bh);
int sync_dirty_buffer(struct buffer_head *bh);
int sync_blockdev(struct block_device *bdev);
void invalidate_bdev(struct block_device *bdev);
unsigned int buffer_cache_count(void);

#endif
