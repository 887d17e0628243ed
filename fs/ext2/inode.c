// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 inodes: reading and writing the on-disk inode, the block map
 * (12 direct blocks, then single, double and triple indirect blocks),
 * truncation and eviction.
 *
 *	lookup -> ext2_iget -> ext2_get_raw_inode		(Linux: ext2_iget)
 *	read_folio/writepage/write_begin -> ext2_get_block	(Linux: ext2_get_block)
 *	ext2_setattr_size -> ext2_truncate_blocks -> trunc_branch -> ext2_free_block
 *	iput -> evict -> ext2_evict_inode -> ext2_free_inode	(Linux: ext2_evict_inode)
 */
#include <arbor/blkdev.h>
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#include "ext2.h"

/* The buffer and the address of inode @ino in its inode table. */
static struct ext2_inode *ext2_get_raw_inode(struct super_block *sb, unsigned long ino,
					     struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g, off;
	struct ext2_group_desc *gd;

	if ((ino != EXT2_ROOT_INO && ino < sbi->s_first_ino) || ino > sbi->s_inodes_count ||
	    !ino) {
		ext2_error(sb, __func__, "bad inode number: %lu", ino);
		return ERR_PTR(-EUCLEAN);
	}
	g = (ino - 1) / sbi->s_inodes_per_group;
	off = ((ino - 1) % sbi->s_inodes_per_group) * sbi->s_inode_size;
	gd = ext2_get_group_desc(sb, g, NULL);
	if (!gd)
		return ERR_PTR(-EUCLEAN);
	*bhp = sb_bread(sb, gd->bg_inode_table + (off >> sb->s_blocksize_bits));
	if (!*bhp)
		return ERR_PTR(-EIO);
	return (struct ext2_inode *)((*bhp)->b_data + (off & (sb->s_blocksize - 1)));
}

/* Whether i_block holds block numbers (not a fast symlink's text or a device number). */
static bool ext2_has_blocks(struct inode *inode)
{
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		return true;
	if (S_ISLNK(inode->i_mode))
		return inode->i_blocks != 0 && !EXT2_I(inode)->i_file_acl;
	return false;
}

/** ext2_set_inode_ops - the operations for @inode's type */
void ext2_set_inode_ops(struct inode *inode)
{
	if (S_ISREG(inode->i_mode)) {
		inode->i_op = &ext2_file_inode_operations;
		inode->i_fop = &ext2_file_operations;
		inode->i_data.a_ops = &ext2_aops;
	} else if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &ext2_dir_inode_operations;
		inode->i_fop = &ext2_dir_operations;
	} else {
		inode->i_op = NULL;
		inode->i_fop = NULL;
	}
}

/**
 * ext2_iget - the in-core inode @ino, read from disk if not cached
 * @sb:		the filesystem
 * @ino:	inode number
 * @err:	set when NULL is returned: -EUCLEAN (bad number or a freed
 *		inode), -EIO, -ENOMEM
 *
 * Return: the inode, referenced.
 */
struct inode *ext2_iget(struct super_block *sb, unsigned long ino, int *err)
{
	struct ext2_inode_info *ei;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	struct inode *inode;
	int i;

	inode = iget_locked(sb, ino);
	if (!inode) {
		*err = -ENOMEM;
		return NULL;
	}
	if (!(inode->i_state & I_NEW))
		return inode;
	raw = ext2_get_raw_inode(sb, ino, &bh);
	if (IS_ERR(raw)) {
		*err = PTR_ERR(raw);
		goto fail;
	}
	ei = EXT2_I(inode);
	inode->i_mode = raw->i_mode;
	inode->i_uid = raw->i_uid | ((u32)raw->i_uid_high << 16);
	inode->i_gid = raw->i_gid | ((u32)raw->i_gid_high << 16);
	set_nlink(inode, raw->i_links_count);
	inode->i_size = raw->i_size;
	if (S_ISREG(inode->i_mode))
		inode->i_size |= (loff_t)raw->i_size_high << 32;
	inode->i_atime.tv_sec = raw->i_atime;
	inode->i_ctime.tv_sec = raw->i_ctime;
	inode->i_mtime.tv_sec = raw->i_mtime;
	inode->i_atime.tv_nsec = inode->i_ctime.tv_nsec = inode->i_mtime.tv_nsec = 0;
	inode->i_blocks = raw->i_blocks;
	ei->i_dtime = raw->i_dtime;
	ei->i_flags = raw->i_flags;
	ei->i_file_acl = raw->i_file_acl;
	ei->i_generation = raw->i_generation;
	ei->i_block_group = (ino - 1) / EXT2_SB(sb)->s_inodes_per_group;
	ei->i_last_alloc = 0;
	for (i = 0; i < EXT2_N_BLOCKS; i++)
		ei->i_data[i] = raw->i_block[i];
	brelse(bh);

	if (!inode->i_nlink || (!inode->i_mode && ino != EXT2_ROOT_INO)) {
		ext2_error(sb, __func__, "deleted inode %lu referenced", ino);
		*err = -EUCLEAN;
		goto fail;
	}
	if (S_ISDIR(inode->i_mode) && (inode->i_size & (sb->s_blocksize - 1))) {
		ext2_error(sb, __func__, "directory %lu: size %lld not a multiple of the block size",
			   ino, (long long)inode->i_size);
		*err = -EUCLEAN;
		goto fail;
	}
	if (inode->i_size < 0 || inode->i_size > sb->s_maxbytes) {
		ext2_error(sb, __func__, "inode %lu: size %lld too large", ino,
			   (long long)inode->i_size);
		*err = -EUCLEAN;
		goto fail;
	}
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		inode->i_rdev = ei->i_data[0] ? ei->i_data[0] : ei->i_data[1];
	ext2_set_inode_ops(inode);
	unlock_new_inode(inode);
	return inode;

fail:
	iget_failed(inode);
	return NULL;
}

/**
 * ext2_write_inode - copy @inode into its inode table block
 * @inode:	the inode
 * @sync:	write the block to the disk now
 *
 * Fields Arbor does not keep (osd1, faddr, the large inode's extra
 * fields) are left as they are on disk.
 *
 * Return: 0, -EIO, -EUCLEAN.
 */
int ext2_write_inode(struct inode *inode, int sync)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_super_block *es = EXT2_SB(sb)->s_es;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	int i, err = 0;

	if (sb->s_flags & SB_RDONLY)
		return 0;
	raw = ext2_get_raw_inode(sb, inode->i_ino, &bh);
	if (IS_ERR(raw))
		return PTR_ERR(raw);
	raw->i_mode = inode->i_mode;
	raw->i_uid = inode->i_uid & 0xffff;
	raw->i_uid_high = inode->i_uid >> 16;
	raw->i_gid = inode->i_gid & 0xffff;
	raw->i_gid_high = inode->i_gid >> 16;
	raw->i_links_count = inode->i_nlink;
	raw->i_size = (u32)inode->i_size;
	if (S_ISREG(inode->i_mode)) {
		raw->i_size_high = (u32)((u64)inode->i_size >> 32);
		if (inode->i_size > 0x7fffffffLL && es->s_rev_level == EXT2_DYNAMIC_REV &&
		    !(es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
			es->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
			ext2_mark_sb_dirty(sb);
		}
	}
	raw->i_atime = (u32)inode->i_atime.tv_sec;
	raw->i_ctime = (u32)inode->i_ctime.tv_sec;
	raw->i_mtime = (u32)inode->i_mtime.tv_sec;
	raw->i_dtime = ei->i_dtime;
	raw->i_blocks = (u32)inode->i_blocks;
	raw->i_flags = ei->i_flags;
	raw->i_file_acl = ei->i_file_acl;
	raw->i_generation = ei->i_generation;
	for (i = 0; i < EXT2_N_BLOCKS; i++)
		raw->i_block[i] = ei->i_data[i];
	mark_buffer_dirty(bh);
	if (sync)
		err = sync_dirty_buffer(bh);
	brelse(bh);
	return err;
}

/* @iblock as a path through the block tree: slot indices per level. */
static int block_to_path(struct inode *inode, u64 iblock, unsigned int offsets[4])
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	unsigned int bits = sbi->s_addr_per_block_bits;
	u64 apb = sbi->s_addr_per_block, mask = apb - 1;

	if (iblock < EXT2_NDIR_BLOCKS) {
		offsets[0] = iblock;
		return 1;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < apb) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = iblock;
		return 2;
	}
	iblock -= apb;
	if (iblock < apb * apb) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = iblock >> bits;
		offsets[2] = iblock & mask;
		return 3;
	}
	iblock -= apb * apb;
	if (iblock < apb * apb * apb) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = iblock >> (2 * bits);
		offsets[2] = (iblock >> bits) & mask;
		offsets[3] = iblock & mask;
		return 4;
	}
	return -EFBIG;
}

static int ext2_alloc_one(struct inode *inode, u32 *block)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	int err = ext2_new_block(inode, ei->i_last_alloc ? ei->i_last_alloc + 1 : 0, block);

	if (!err)
		ei->i_last_alloc = *block;
	return err;
}

/**
 * ext2_get_block - the disk block backing block @iblock of @inode
 * @inode:	the file or directory
 * @iblock:	block index in the file
 * @create:	allocate it (and the indirect blocks leading to it) if missing
 * @pblk:	set to the block number, 0 for a hole when !@create
 *
 * Every block number read from the inode or an indirect block is checked
 * to be inside the filesystem before it is followed.
 *
 * Return: 0, -EFBIG, -ENOSPC, -EIO, -EUCLEAN (corrupt block map).
 */
int ext2_get_block(struct inode *inode, u64 iblock, bool create, u32 *pblk)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh = NULL;
	unsigned int offsets[4];
	int depth, level, err;
	u32 *slot, blk;

	depth = block_to_path(inode, iblock, offsets);
	if (depth < 0)
		return depth;
	slot = &EXT2_I(inode)->i_data[offsets[0]];
	for (level = 0;; level++) {
		blk = *slot;
		if (blk && !ext2_valid_block(sb, blk)) {
			ext2_error(sb, __func__, "inode %lu: block %u (level %d) beyond the filesystem",
				   inode->i_ino, blk, level);
			err = -EUCLEAN;
			goto out;
		}
		if (!blk) {
			if (!create) {
				*pblk = 0;
				err = 0;
				goto out;
			}
			err = ext2_alloc_one(inode, &blk);
			if (err)
				goto out;
			if (level < depth - 1) {
				/* A new indirect block starts out all holes. */
				struct buffer_head *nbh = sb_getblk(sb, blk);

				if (!nbh) {
					ext2_free_block(inode, blk);
					err = -EIO;
					goto out;
				}
				memset(nbh->b_data, 0, nbh->b_size);
				mark_buffer_dirty(nbh);
				brelse(nbh);
			}
			*slot = blk;
			if (bh)
				mark_buffer_dirty(bh);
			else
				mark_inode_dirty(inode);
		}
		if (level == depth - 1)
			break;
		brelse(bh);
		bh = sb_bread(sb, blk);
		if (!bh) {
			err = -EIO;
			goto out;
		}
		slot = (u32 *)bh->b_data + offsets[level + 1];
	}
	*pblk = blk;
	err = 0;
out:
	brelse(bh);
	return err;
}

/**
 * ext2_alloc_range - allocate the blocks backing bytes [@pos, @pos + @len)
 * @inode:	a regular file
 * @pos:	first byte
 * @len:	bytes (> 0)
 *
 * Return: 0, -ENOSPC, -EFBIG, ...; on an error the blocks past i_size
 * allocated so far are freed again.
 */
int ext2_alloc_range(struct inode *inode, loff_t pos, loff_t len)
{
	unsigned int bits = inode->i_sb->s_blocksize_bits;
	u64 b, last = (u64)(pos + len - 1) >> bits;
	u32 pblk;
	int err;

	if (pos + len > inode->i_sb->s_maxbytes)
		return -EFBIG;
	for (b = (u64)pos >> bits; b <= last; b++) {
		err = ext2_get_block(inode, b, true, &pblk);
		if (err) {
			/* Nothing is written past i_size: give those blocks back (ext2_write_failed). */
			ext2_truncate_blocks(inode, i_size_read(inode));
			return err;
		}
	}
	return 0;
}

/* Free the whole subtree under @blk (a data block when @depth == 0). */
static void free_tree(struct inode *inode, u32 blk, int depth)
{
	struct super_block *sb = inode->i_sb;

	if (!ext2_valid_block(sb, blk)) {
		ext2_error(sb, __func__, "inode %lu: block %u beyond the filesystem", inode->i_ino,
			   blk);
		return;
	}
	if (depth > 0) {
		struct buffer_head *bh = sb_bread(sb, blk);
		unsigned long i;

		if (!bh)
			return;		/* leak rather than guess */
		for (i = 0; i < EXT2_SB(sb)->s_addr_per_block; i++) {
			u32 child = ((u32 *)bh->b_data)[i];

			if (child)
				free_tree(inode, child, depth - 1);
		}
		brelse(bh);
	}
	ext2_free_block(inode, blk);
}

static u64 span(struct inode *inode, int depth)
{
	u64 s = 1;

	while (depth--)
		s <<= EXT2_SB(inode->i_sb)->s_addr_per_block_bits;
	return s;
}

/*
 * Free what @slot (covering file blocks from @base) maps at or beyond
 * block @keep; returns whether *@slot changed.
 */
static bool trunc_branch(struct inode *inode, u32 *slot, int depth, u64 base, u64 keep)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	u64 child_span;
	unsigned long i;
	bool dirty = false;

	if (!*slot || keep >= base + span(inode, depth))
		return false;
	if (keep <= base) {
		free_tree(inode, *slot, depth);
		*slot = 0;
		return true;
	}
	/* Partly kept: only an indirect block can be (depth > 0 here). */
	if (!ext2_valid_block(sb, *slot)) {
		ext2_error(sb, __func__, "inode %lu: block %u beyond the filesystem", inode->i_ino,
			   *slot);
		return false;
	}
	bh = sb_bread(sb, *slot);
	if (!bh)
		return false;
	child_span = span(inode, depth - 1);
	for (i = 0; i < EXT2_SB(sb)->s_addr_per_block; i++)
		dirty |= trunc_branch(inode, (u32 *)bh->b_data + i, depth - 1,
				      base + i * child_span, keep);
	if (dirty)
		mark_buffer_dirty(bh);
	brelse(bh);
	return false;
}

/**
 * ext2_truncate_blocks - free @inode's blocks past @size bytes
 * @inode:	a file or directory whose i_block holds block numbers
 * @size:	the new size
 *
 * Return: 0.
 */
int ext2_truncate_blocks(struct inode *inode, loff_t size)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned int bits = inode->i_sb->s_blocksize_bits;
	u64 keep = ((u64)size + inode->i_sb->s_blocksize - 1) >> bits;
	u64 apb = EXT2_SB(inode->i_sb)->s_addr_per_block;
	u64 base = EXT2_NDIR_BLOCKS;
	int i;

	if (!ext2_has_blocks(inode))
		return 0;
	for (i = 0; i < EXT2_NDIR_BLOCKS; i++)
		trunc_branch(inode, &ei->i_data[i], 0, i, keep);
	trunc_branch(inode, &ei->i_data[EXT2_IND_BLOCK], 1, base, keep);
	base += apb;
	trunc_branch(inode, &ei->i_data[EXT2_DIND_BLOCK], 2, base, keep);
	base += apb * apb;
	trunc_branch(inode, &ei->i_data[EXT2_TIND_BLOCK], 3, base, keep);
	ei->i_last_alloc = 0;
	mark_inode_dirty(inode);
	return 0;
}

/* Zero the on-disk bytes of the last block past @size, so a later extension reads zeros. */
static int zero_block_tail(struct inode *inode, loff_t size)
{
	struct super_block *sb = inode->i_sb;
	unsigned int off = size & (sb->s_blocksize - 1), spb = sb->s_blocksize >> SECTOR_SHIFT;
	u32 pblk;
	char *buf;
	int err;

	if (!off)
		return 0;
	err = ext2_get_block(inode, (u64)size >> sb->s_blocksize_bits, false, &pblk);
	if (err || !pblk)
		return err;
	buf = kmalloc(sb->s_blocksize, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = blkdev_read(sb->s_bdev, (u64)pblk * spb, buf, spb);
	if (!err) {
		memset(buf + off, 0, sb->s_blocksize - off);
		err = blkdev_write(sb->s_bdev, (u64)pblk * spb, buf, spb);
	}
	kfree(buf);
	return err;
}

/**
 * ext2_setattr_size - truncate or extend @inode to @size bytes
 * @inode:	a regular file (its page cache past @size already dropped)
 * @size:	the new size
 *
 * Return: 0, -EFBIG, -EROFS, -EIO, -EPERM (not a regular file).
 */
int ext2_setattr_size(struct inode *inode, loff_t size)
{
	int err;

	if (!S_ISREG(inode->i_mode))
		return -EPERM;
	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (size < 0 || size > inode->i_sb->s_maxbytes)
		return -EFBIG;
	err = zero_block_tail(inode, size);
	if (err)
		return err;
	i_size_write(inode, size);
	ext2_truncate_blocks(inode, size);
	inode->i_mtime = inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return 0;
}

/**
 * ext2_evict_inode - the last reference went: drop the pages; an
 * unlinked inode's blocks and the inode itself are freed
 * @inode: the inode
 */
void ext2_evict_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	bool rdonly = sb->s_flags & SB_RDONLY;

	truncate_inode_pages(&inode->i_data, 0);
	if (inode->i_nlink || rdonly || !EXT2_SB(sb)) {
		if ((inode->i_state & I_DIRTY_INODE) && !rdonly && EXT2_SB(sb))
			ext2_write_inode(inode, 0);
		return;
	}
	EXT2_I(inode)->i_dtime = ext2_now(sb);
	if (ext2_has_blocks(inode)) {
		inode->i_size = 0;
		ext2_truncate_blocks(inode, 0);
	}
	ext2_write_inode(inode, 0);
	ext2_free_inode(inode);
}
