// SPDX-License-Identifier: GPL-2.0
/*
 * Inode allocation: one bit per inode in each group's inode bitmap; free
 * inode and directory counts kept in the descriptors and the superblock.
 * Directories go to the group with the most free blocks (spreading them,
 * as Linux's Orlov allocator tends to), files next to their directory.
 *
 *	ext2_create/ext2_mkdir -> ext2_new_inode		(Linux: ext2_new_inode)
 *	ext2_evict_inode -> ext2_free_inode			(Linux: ext2_free_inode)
 */
#include <arbor/errno.h>
#include <arbor/string.h>

#include "ext2.h"

static long find_group(struct super_block *sb, struct inode *dir, umode_t mode)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g, ngroups = sbi->s_groups_count, parent = EXT2_I(dir)->i_block_group;
	long best = -1;
	unsigned int best_free = 0;

	if (S_ISDIR(mode)) {
		for (g = 0; g < ngroups; g++) {
			struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);

			if (gd->bg_free_inodes_count && (best < 0 || gd->bg_free_blocks_count > best_free)) {
				best = (long)g;
				best_free = gd->bg_free_blocks_count;
			}
		}
		return best;
	}
	for (g = 0; g < ngroups; g++) {
		unsigned long gg = (parent + g) % ngroups;

		if (ext2_get_group_desc(sb, gg, NULL)->bg_free_inodes_count)
			return (long)gg;
	}
	return -1;
}

/* Zero the on-disk inode so that no field of a previous owner survives. */
static int clear_raw_inode(struct super_block *sb, unsigned long ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g = (ino - 1) / sbi->s_inodes_per_group;
	unsigned long off = ((ino - 1) % sbi->s_inodes_per_group) * sbi->s_inode_size;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh;
	struct ext2_inode *raw;

	if (!gd)
		return -EUCLEAN;
	bh = sb_bread(sb, gd->bg_inode_table + (off >> sb->s_blocksize_bits));
	if (!bh)
		return -EIO;
	raw = (struct ext2_inode *)(bh->b_data + (off & (sb->s_blocksize - 1)));
	memset(raw, 0, sbi->s_inode_size);
	/* What mke2fs and e2fsck give new large inodes: the fixed extra fields. */
	if (sbi->s_inode_size >= EXT2_GOOD_OLD_INODE_SIZE + 32)
		raw->i_extra_isize = 32;
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/**
 * ext2_new_inode - allocate an inode in @dir's filesystem
 * @dir:	the directory it will be linked into
 * @mode:	S_IF* | permissions
 * @err:	set on failure: -ENOSPC, -EROFS, -EIO, -EUCLEAN, -ENOMEM
 *
 * Return: the new in-core inode (one reference, i_nlink 1, not yet
 * linked anywhere), or NULL.
 */
struct inode *ext2_new_inode(struct inode *dir, umode_t mode, int *err)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	static u32 next_generation = 1;
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd;
	struct ext2_inode_info *ei;
	struct inode *inode;
	unsigned long ino, start;
	long group, bit;

	if (sb->s_flags & SB_RDONLY) {
		*err = -EROFS;
		return NULL;
	}
	group = find_group(sb, dir, mode);
	if (group < 0) {
		*err = -ENOSPC;
		return NULL;
	}
	gd = ext2_get_group_desc(sb, group, &gdbh);
	bh = sb_bread(sb, gd->bg_inode_bitmap);
	if (!bh) {
		*err = -EIO;
		return NULL;
	}
	/* Group 0 begins with the reserved inodes (1 .. s_first_ino - 1). */
	start = group ? 0 : sbi->s_first_ino - 1;
	for (bit = (long)start; bit < (long)sbi->s_inodes_per_group; bit++)
		if (!(bh->b_data[bit >> 3] & (1u << (bit & 7))))
			break;
	if (bit >= (long)sbi->s_inodes_per_group) {
		ext2_error(sb, __func__, "group %ld: free inodes count %u but bitmap full", group,
			   gd->bg_free_inodes_count);
		brelse(bh);
		*err = -EUCLEAN;
		return NULL;
	}
	ino = group * sbi->s_inodes_per_group + bit + 1;
	inode = iget_locked(sb, ino);
	if (!inode || !(inode->i_state & I_NEW)) {
		if (inode) {
			ext2_error(sb, __func__, "free inode %lu is in use", ino);
			iput(inode);
		}
		brelse(bh);
		*err = inode ? -EUCLEAN : -ENOMEM;
		return NULL;
	}
	*err = clear_raw_inode(sb, ino);
	if (*err) {
		brelse(bh);
		iget_failed(inode);
		return NULL;
	}
	bh->b_data[bit >> 3] |= 1u << (bit & 7);
	mark_buffer_dirty(bh);
	brelse(bh);
	gd->bg_free_inodes_count--;
	if (S_ISDIR(mode))
		gd->bg_used_dirs_count++;
	mark_buffer_dirty(gdbh);
	sbi->s_es->s_free_inodes_count--;
	ext2_mark_sb_dirty(sb);

	ei = EXT2_I(inode);
	memset(ei->i_data, 0, sizeof(ei->i_data));
	ei->i_flags = 0;
	ei->i_file_acl = 0;
	ei->i_dtime = 0;
	ei->i_block_group = group;
	ei->i_last_alloc = 0;
	inode_init_owner(inode, dir, mode);
	set_nlink(inode, 1);
	inode->i_size = 0;
	inode->i_blocks = 0;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	ei->i_generation = next_generation++;
	ext2_set_inode_ops(inode);
	mark_inode_dirty(inode);
	unlock_new_inode(inode);
	return inode;
}

/**
 * ext2_free_inode - clear @inode's bit and count it free (its blocks are gone)
 * @inode: the inode being evicted with no links
 */
void ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long ino = inode->i_ino, g, bit;
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd;

	if (ino < sbi->s_first_ino || ino > sbi->s_inodes_count) {
		ext2_error(sb, __func__, "freeing reserved or nonexistent inode %lu", ino);
		return;
	}
	g = (ino - 1) / sbi->s_inodes_per_group;
	bit = (ino - 1) % sbi->s_inodes_per_group;
	gd = ext2_get_group_desc(sb, g, &gdbh);
	if (!gd)
		return;
	bh = sb_bread(sb, gd->bg_inode_bitmap);
	if (!bh)
		return;
	if (!(bh->b_data[bit >> 3] & (1u << (bit & 7)))) {
		ext2_error(sb, __func__, "bit already cleared for inode %lu", ino);
		brelse(bh);
		return;
	}
	bh->b_data[bit >> 3] &= ~(1u << (bit & 7));
	mark_buffer_dirty(bh);
	brelse(bh);
	gd->bg_free_inodes_count++;
	if (S_ISDIR(inode->i_mode) && gd->bg_used_dirs_count)
		gd->bg_used_dirs_count--;
	mark_buffer_dirty(gdbh);
	sbi->s_es->s_free_inodes_count++;
	ext2_mark_sb_dirty(sb);
}
