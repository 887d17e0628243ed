// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer cache: metadata blocks of block devices, cached by (device,
 * block, size) in a small hash table, and on an LRU list so that the
 * cache stays bounded. Linux's names (fs/buffer.c); all I/O is synchronous
 * through blkdev_read/blkdev_write.
 */
#define pr_fmt(fmt) "buffer: " fmt

#include <arbor/blkdev.h>
#include <arbor/buffer_head.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/list.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#define BH_HASH_BITS	6
#define BH_HASH_SIZE	(1u << BH_HASH_BITS)

unsigned int buffer_cache_limit = 512;

static struct list_head bh_hash[BH_HASH_SIZE];
static LIST_HEAD(bh_lru);
static unsigned int nr_buffers;
static bool bh_hash_ready;

static struct list_head *bh_chain(struct block_device *bdev, u64 block)
{
	unsigned long h = (unsigned long)block * 0x9e3779b1u + ((unsigned long)bdev >> 4);

	if (!bh_hash_ready) {
		for (unsigned int i = 0; i < BH_HASH_SIZE; i++)
			INIT_LIST_HEAD(&bh_hash[i]);
		bh_hash_ready = true;
	}
	return &bh_hash[(h ^ (h >> BH_HASH_BITS)) & (BH_HASH_SIZE - 1)];
}

static int bh_io(struct buffer_head *bh, bool write)
{
	unsigned int spb = bh->b_size >> SECTOR_SHIFT;
	u64 sector = bh->b_blocknr * spb;

	if (write)
		return blkdev_write(bh->b_bdev, sector, bh->b_data, spb);
	return blkdev_read(bh->b_bdev, sector, bh->b_data, spb);
}

/* Write @bh if dirty; on failure it stays dirty so a later sync retries. */
static int write_dirty_buffer(struct buffer_head *bh)
{
	int err;

	if (!buffer_dirty(bh))
		return 0;
	err = bh_io(bh, true);
	if (err) {
		pr_err("%s: write error %d on block %llu\n", bh->b_bdev->name, err,
		       (unsigned long long)bh->b_blocknr);
		return err;
	}
	bh->b_state &= ~(1UL << BH_Dirty);
	return 0;
}

static void free_buffer(struct buffer_head *bh)
{
	list_del(&bh->b_hash);
	list_del(&bh->b_lru);
	nr_buffers--;
	kfree(bh->b_data);
	kfree(bh);
}

/* Drop unreferenced buffers, oldest first, until the cache is under its limit. */
static void shrink_buffers(void)
{
	struct buffer_head *bh, *next;

	list_for_each_entry_safe(bh, next, &bh_lru, b_lru) {
		if (nr_buffers <= buffer_cache_limit)
			return;
		if (bh->b_count)
			continue;
		if (write_dirty_buffer(bh))
			continue;
		free_buffer(bh);
	}
}

static struct buffer_head *lookup_bh(struct block_device *bdev, u64 block, unsigned int size)
{
	struct list_head *chain = bh_chain(bdev, block);
	struct buffer_head *bh;

	list_for_each_entry(bh, chain, b_hash)
		if (bh->b_bdev == bdev && bh->b_blocknr == block && bh->b_size == size)
			return bh;
	return NULL;
}

/**
 * __find_get_block - the cached buffer for @block of @bdev, referenced, or NULL
 * @bdev:	the device
 * @block:	block number in units of @size
 * @size:	block size
 */
struct buffer_head *__find_get_block(struct block_device *bdev, u64 block, unsigned int size)
{
	struct buffer_head *bh = lookup_bh(bdev, block, size);

	if (bh)
		bh->b_count++;
	return bh;
}

/**
 * __getblk - the buffer for @block of @bdev, referenced, maybe not uptodate
 * @bdev:	the device
 * @block:	block number in units of @size
 * @size:	block size, a multiple of 512
 *
 * Return: the buffer, or NULL when the block is beyond the device or
 * memory ran out.
 */
struct buffer_head *__getblk(struct block_device *bdev, u64 block, unsigned int size)
{
	unsigned int spb = size >> SECTOR_SHIFT;
	struct buffer_head *bh;

	if (!bdev || !spb || (size & (SECTOR_SIZE - 1)) || block > bdev->capacity / spb ||
	    (block + 1) * spb > bdev->capacity) {
		pr_err("%s: block %llu (size %u) is beyond the device\n",
		       bdev ? bdev->name : "?", (unsigned long long)block, size);
		return NULL;
	}
	bh = lookup_bh(bdev, block, size);
	if (bh) {
		/* Most recently used goes to the tail. */
		list_move_tail(&bh->b_lru, &bh_lru);
		bh->b_count++;
		return bh;
	}
	bh = kzalloc(sizeof(*bh), GFP_KERNEL);
	if (!bh)
		return NULL;
	bh->b_data = kmalloc(size, GFP_KERNEL);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	bh->b_blocknr = block;
	bh->b_size = size;
	bh->b_bdev = bdev;
	bh->b_count = 1;
	list_add(&bh->b_hash, bh_chain(bdev, block));
	list_add_tail(&bh->b_lru, &bh_lru);
	nr_buffers++;
	if (nr_buffers > buffer_cache_limit)
		shrink_buffers();
	return bh;
}

/**
 * __bread - the uptodate buffer for @block of @bdev, referenced
 * @bdev:	the device
 * @block:	block number in units of @size
 * @size:	block size
 *
 * Return: the buffer, or NULL (reported) when the read failed or the
 * block is beyond the device.
 */
struct buffer_head *__bread(struct block_device *bdev, u64 block, unsigned int size)
{
	struct buffer_head *bh = __getblk(bdev, block, size);
	int err;

	if (!bh || buffer_uptodate(bh))
		return bh;
	err = bh_io(bh, false);
	if (err) {
		pr_err("%s: read error %d (EIO) on block %llu\n", bdev->name, err,
		       (unsigned long long)block);
		brelse(bh);
		return NULL;
	}
	set_buffer_uptodate(bh);
	return bh;
}

/** sb_getblk - __getblk() for a filesystem block of @sb */
struct buffer_head *sb_getblk(struct super_block *sb, u64 block)
{
	return __getblk(sb->s_bdev, block, sb->s_blocksize);
}

/** sb_bread - __bread() for a filesystem block of @sb */
struct buffer_head *sb_bread(struct super_block *sb, u64 block)
{
	return __bread(sb->s_bdev, block, sb->s_blocksize);
}

/**
 * brelse - drop a reference to @bh (NULL is ignored)
 * @bh: the buffer
 */
void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	if (bh->b_count <= 0) {
		pr_err("brelse of a free buffer (block %llu)\n", (unsigned long long)bh->b_blocknr);
		return;
	}
	bh->b_count--;
}

/**
 * bforget - drop @bh, discarding its contents (the block was freed)
 * @bh: the buffer (referenced)
 *
 * A freed block may be reused for file data written around the cache;
 * a stale dirty buffer must never be written over it.
 */
void bforget(struct buffer_head *bh)
{
	if (!bh)
		return;
	bh->b_state &= ~(1UL << BH_Dirty);
	brelse(bh);
	if (!bh->b_count)
		free_buffer(bh);
}

/** mark_buffer_dirty - @bh must be written back (by sync_blockdev or eviction) */
void mark_buffer_dirty(struct buffer_head *bh)
{
	bh->b_state |= (1UL << BH_Dirty) | (1UL << BH_Uptodate);
}

/**
 * sync_dirty_buffer - write @bh now if it is dirty
 * @bh: the buffer
 *
 * Return: 0 or the device's error.
 */
int sync_dirty_buffer(struct buffer_head *bh)
{
	return write_dirty_buffer(bh);
}

/**
 * sync_blockdev - write every dirty buffer of @bdev, then flush its cache
 * @bdev: the device
 *
 * Return: 0 or the first error.
 */
int sync_blockdev(struct block_device *bdev)
{
	struct buffer_head *bh;
	int err, ret = 0;

	list_for_each_entry(bh, &bh_lru, b_lru) {
		if (bh->b_bdev != bdev)
			continue;
		err = write_dirty_buffer(bh);
		if (err && !ret)
			ret = err;
	}
	err = blkdev_flush(bdev);
	if (err && err != -EOPNOTSUPP && !ret)
		ret = err;
	return ret;
}

/**
 * invalidate_bdev - drop every unreferenced buffer of @bdev (umount)
 * @bdev: the device; dirty buffers are written first
 */
void invalidate_bdev(struct block_device *bdev)
{
	struct buffer_head *bh, *next;

	list_for_each_entry_safe(bh, next, &bh_lru, b_lru) {
		if (bh->b_bdev != bdev || bh->b_count)
			continue;
		write_dirty_buffer(bh);
		free_buffer(bh);
	}
}

/** buffer_cache_count - buffers in the cache (tests) */
unsigned int buffer_cache_count(void)
{
	return nr_buffers;
}
