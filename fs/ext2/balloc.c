// SPDX-License-Identifier: GPL-2.0
/*
 * Block allocation: one bit per block in each group's block bitmap; the
 * group descriptor's and the superblock's free counts follow every change.
 *
 *	ext2_get_block -> ext2_new_block -> find a zero bit from the goal,
 *			  group by group			(Linux: ext2_new_blocks)
 *	ext2_truncate_blocks -> ext2_free_block			(Linux: ext2_free_blocks)
 */
#include <arbor/errno.h>

#include "ext2.h"

/** ext2_valid_block - whether @block lies in the filesystem's data area */
bool ext2_valid_block(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	return block >= sbi->s_first_data_block && block < sbi->s_blocks_count;
}

static unsigned long group_first_block(struct ext2_sb_info *sbi, unsigned long g)
{
	return sbi->s_first_data_block + g * sbi->s_blocks_per_group;
}

static unsigned long group_nr_blocks(struct ext2_sb_info *sbi, unsigned long g)
{
	unsigned long first = group_first_block(sbi, g);

	return g == sbi->s_groups_count - 1 ? sbi->s_blocks_count - first :
					      sbi->s_blocks_per_group;
}

/* A bitmap bit that must never be handed out: the group's own metadata. */
static bool block_is_metadata(struct ext2_sb_info *sbi, struct ext2_group_desc *gd, u32 b)
{
	return b == gd->bg_block_bitmap || b == gd->bg_inode_bitmap ||
	       (b >= gd->bg_inode_table && b < gd->bg_inode_table + sbi->s_itb_per_group);
}

static long find_zero_bit(const u8 *map, unsigned long nbits, unsigned long start)
{
	unsigned long i;

	for (i = start; i < nbits; i++) {
		if (!(i & 7) && map[i >> 3] == 0xff && i + 8 <= nbits) {
			i += 7;
			continue;
		}
		if (!(map[i >> 3] & (1u << (i & 7))))
			return (long)i;
	}
	return -1;
}

/**
 * ext2_new_block - allocate one block for @inode near @goal
 * @inode:	the owner (i_blocks grows)
 * @goal:	preferred block (0: the inode's group)
 * @block:	set to the block allocated
 *
 * Return: 0, -ENOSPC, -EROFS, -EIO, or -EUCLEAN for a bitmap that
 * disagrees with its counts or hands out metadata.
 */
int ext2_new_block(struct inode *inode, u32 goal, u32 *block)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g0, n, start;

	if (sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!sbi->s_es->s_free_blocks_count)
		return -ENOSPC;
	if (!ext2_valid_block(sb, goal))
		goal = group_first_block(sbi, EXT2_I(inode)->i_block_group);
	g0 = (goal - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	start = (goal - sbi->s_first_data_block) % sbi->s_blocks_per_group;
	for (n = 0; n <= sbi->s_groups_count; n++) {
		unsigned long g = (g0 + n) % sbi->s_groups_count;
		unsigned long nbits = group_nr_blocks(sbi, g);
		struct buffer_head *gdbh, *bh;
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);
		long bit;
		u32 b;

		if (!gd)
			return -EUCLEAN;
		if (!gd->bg_free_blocks_count)
			continue;
		bh = sb_bread(sb, gd->bg_block_bitmap);
		if (!bh)
			return -EIO;
		bit = find_zero_bit((u8 *)bh->b_data, nbits, n ? 0 : start);
		if (bit < 0 && !n)
			bit = find_zero_bit((u8 *)bh->b_data, nbits, 0);
		if (bit < 0) {
			ext2_error(sb, __func__, "group %lu: free blocks count %u but bitmap full",
				   g, gd->bg_free_blocks_count);
			brelse(bh);
			return -EUCLEAN;
		}
		b = group_first_block(sbi, g) + bit;
		if (block_is_metadata(sbi, gd, b)) {
			ext2_error(sb, __func__, "allocating block %u in system zone", b);
			brelse(bh);
			return -EUCLEAN;
		}
		bh->b_data[bit >> 3] |= 1u << (bit & 7);
		mark_buffer_dirty(bh);
		brelse(bh);
		gd->bg_free_blocks_count--;
		mark_buffer_dirty(gdbh);
		sbi->s_es->s_free_blocks_count--;
		ext2_mark_sb_dirty(sb);
		inode->i_blocks += sb->s_blocksize >> 9;
		mark_inode_dirty(inode);
		*block = b;
		return 0;
	}
	return -ENOSPC;
}

/**
 * ext2_free_block - give @block of @inode back
 * @inode:	the owner (i_blocks shrinks)
 * @block:	the block; a bad number or a free bit is reported and ignored
 */
void ext2_free_block(struct inode *inode, u32 block)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd;
	unsigned long g, bit;

	if (!ext2_valid_block(sb, block)) {
		ext2_error(sb, __func__, "freeing block %u not in the filesystem (inode %lu)",
			   block, inode->i_ino);
		return;
	}
	g = (block - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	bit = (block - sbi->s_first_data_block) % sbi->s_blocks_per_group;
	gd = ext2_get_group_desc(sb, g, &gdbh);
	if (!gd)
		return;
	if (block_is_metadata(sbi, gd, block)) {
		ext2_error(sb, __func__, "freeing block %u in system zone (inode %lu)", block,
			   inode->i_ino);
		return;
	}
	bh = sb_bread(sb, gd->bg_block_bitmap);
	if (!bh)
		return;
	if (!(bh->b_data[bit >> 3] & (1u << (bit & 7)))) {
		ext2_error(sb, __func__, "bit already cleared for block %u", block);
		brelse(bh);
		return;
	}
	bh->b_data[bit >> 3] &= ~(1u << (bit & 7));
	mark_buffer_dirty(bh);
	brelse(bh);
	/* A stale cached copy (indirect or directory block) must never be written back. */
	bforget(__find_get_block(sb->s_bdev, block, sb->s_blocksize));
	gd->bg_free_blocks_count++;
	mark_buffer_dirty(gdbh);
	sbi->s_es->s_free_blocks_count++;
	ext2_mark_sb_dirty(sb);
	if (inode->i_blocks >= (sb->s_blocksize >> 9))
		inode->i_blocks -= sb->s_blocksize >> 9;
	mark_inode_dirty(inode);
}

/** ext2_count_free_blocks - free blocks summed over the group descriptors */
unsigned long ext2_count_free_blocks(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g, n = 0;

	for (g = 0; g < sbi->s_groups_count; g++)
		n += ext2_get_group_desc(sb, g, NULL)->bg_free_blocks_count;
	return n;
}
