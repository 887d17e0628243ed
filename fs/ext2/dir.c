// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 directories: blocks of variable-length records {inode, rec_len,
 * name_len, file_type, name}, each block's records chained by rec_len to
 * its end. Directory blocks live in the buffer cache. Every record is
 * checked before it is used or followed (ext2_check_entry): a bad one is
 * reported and the operation fails with -EUCLEAN.
 *
 *	ext2_lookup -> ext2_find_entry		(Linux: ext2_find_entry)
 *	ext2_create -> ext2_add_link		(Linux: ext2_add_link)
 *	ext2_unlink -> ext2_delete_entry	(Linux: ext2_delete_entry)
 *	iterate_dir -> ext2_readdir		(Linux: ext2_readdir)
 */
#include <arbor/errno.h>
#include <arbor/string.h>

#include "ext2.h"

static const unsigned char ext2_type_by_mode[] = {
	[S_IFREG >> 12] = EXT2_FT_REG_FILE, [S_IFDIR >> 12] = EXT2_FT_DIR,
	[S_IFCHR >> 12] = EXT2_FT_CHRDEV, [S_IFBLK >> 12] = EXT2_FT_BLKDEV,
	[S_IFIFO >> 12] = EXT2_FT_FIFO, [S_IFSOCK >> 12] = EXT2_FT_SOCK,
	[S_IFLNK >> 12] = EXT2_FT_SYMLINK,
};

static const unsigned char dt_by_ext2_type[EXT2_FT_MAX] = {
	[EXT2_FT_REG_FILE] = DT_REG, [EXT2_FT_DIR] = DT_DIR, [EXT2_FT_CHRDEV] = DT_CHR,
	[EXT2_FT_BLKDEV] = DT_BLK, [EXT2_FT_FIFO] = DT_FIFO, [EXT2_FT_SOCK] = 12,
	[EXT2_FT_SYMLINK] = DT_LNK,
};

static unsigned int de_name_len(struct super_block *sb, const struct ext2_dir_entry_2 *de)
{
	/* Without FILETYPE, name_len is 16 bits; names are still at most 255. */
	return EXT2_SB(sb)->s_filetype ? de->name_len : de->name_len | (de->file_type << 8);
}

static void de_set(struct super_block *sb, struct ext2_dir_entry_2 *de, const char *name,
		   unsigned int len, struct inode *inode)
{
	de->inode = inode->i_ino;
	de->name_len = len;
	de->file_type = EXT2_SB(sb)->s_filetype ? ext2_type_by_mode[(inode->i_mode & S_IFMT) >> 12] : 0;
	memcpy(de->name, name, len);
}

/* The record at @off of directory block @blk: inside the block and well formed. */
static int ext2_check_entry(struct inode *dir, struct ext2_dir_entry_2 *de, unsigned int off,
			    u64 blk)
{
	struct super_block *sb = dir->i_sb;
	unsigned int bs = sb->s_blocksize;
	const char *why = NULL;

	if (off + 8 > bs)
		why = "directory entry across blocks";
	else if (de->rec_len < EXT2_DIR_REC_LEN(1))
		why = "rec_len is smaller than minimal";
	else if (de->rec_len & 3)
		why = "unaligned directory entry";
	else if (de->rec_len < EXT2_DIR_REC_LEN(de_name_len(sb, de)))
		why = "rec_len is too small for name_len";
	else if (off + de->rec_len > bs)
		why = "directory entry across blocks";
	else if (de->inode > EXT2_SB(sb)->s_inodes_count)
		why = "inode out of bounds";
	if (!why)
		return 0;
	ext2_error(sb, "ext2_check_entry",
		   "bad entry in directory #%lu: %s - block=%llu, offset=%u, inode=%u, rec_len=%u, name_len=%u",
		   dir->i_ino, why, (unsigned long long)blk, off, off + 8 <= bs ? de->inode : 0,
		   off + 8 <= bs ? de->rec_len : 0, off + 8 <= bs ? de_name_len(sb, de) : 0);
	return -EUCLEAN;
}

/* Directory block @n of @dir, read; a hole in a directory is corruption. */
static struct buffer_head *dir_block(struct inode *dir, u64 n, int *err)
{
	struct buffer_head *bh;
	u32 pblk;

	*err = ext2_get_block(dir, n, false, &pblk);
	if (*err)
		return NULL;
	if (!pblk) {
		ext2_error(dir->i_sb, "dir_block", "directory #%lu contains a hole at block %llu",
			   dir->i_ino, (unsigned long long)n);
		*err = -EUCLEAN;
		return NULL;
	}
	bh = sb_bread(dir->i_sb, pblk);
	if (!bh)
		*err = -EIO;
	return bh;
}

/*
 * A walk over every record of a directory. The callback returns 0 to go
 * on, 1 to stop with the record (bh stays referenced for the caller), or
 * -errno.
 */
struct dir_walk {
	const char *name;
	unsigned int len;
	unsigned int need;		/* add_link: record length wanted */
	struct buffer_head *bh;
	struct ext2_dir_entry_2 *de, *prev;
	u64 blk;
	unsigned int off;
};

typedef int (*dir_walk_fn)(struct inode *dir, struct dir_walk *w);

static int dir_walk(struct inode *dir, dir_walk_fn fn, struct dir_walk *w)
{
	struct super_block *sb = dir->i_sb;
	u64 n, nblocks = (u64)dir->i_size >> sb->s_blocksize_bits;
	int err, ret;

	for (n = 0; n < nblocks; n++) {
		struct buffer_head *bh = dir_block(dir, n, &err);
		unsigned int off = 0;

		if (!bh)
			return err;
		w->prev = NULL;
		while (off < sb->s_blocksize) {
			struct ext2_dir_entry_2 *de = (void *)(bh->b_data + off);

			err = ext2_check_entry(dir, de, off, n);
			if (err) {
				brelse(bh);
				return err;
			}
			w->bh = bh;
			w->de = de;
			w->blk = n;
			w->off = off;
			ret = fn(dir, w);
			if (ret)
				return ret;	/* bh stays referenced for a found record */
			w->prev = de;
			off += de->rec_len;
		}
		brelse(bh);
	}
	return 0;
}

static int match_fn(struct inode *dir, struct dir_walk *w)
{
	struct ext2_dir_entry_2 *de = w->de;

	if (de->inode && de_name_len(dir->i_sb, de) == w->len && !memcmp(de->name, w->name, w->len))
		return 1;
	return 0;
}

static int find(struct inode *dir, const char *name, unsigned int len, struct dir_walk *w)
{
	int ret;

	w->name = name;
	w->len = len;
	ret = dir_walk(dir, match_fn, w);
	if (ret > 0) {
		return 0;
	}
	if (ret == 0) {
		w->bh = NULL;
		return -ENOENT;
	}
	return ret;
}

/**
 * ext2_find_entry - the inode number @name has in @dir
 * @dir:	the directory
 * @name:	the name (not NUL-terminated)
 * @len:	its length
 * @ino:	set to the inode number
 *
 * Return: 0, -ENOENT, -EUCLEAN (a bad record on the way), -EIO.
 */
int ext2_find_entry(struct inode *dir, const char *name, unsigned int len, u32 *ino)
{
	struct dir_walk w;
	int err = find(dir, name, len, &w);

	if (err)
		return err;
	*ino = w.de->inode;
	brelse(w.bh);
	return 0;
}

static void dir_touch(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time(dir);
	/* A hashed index is not kept up to date: drop it, as Linux's ext2 does not use it. */
	EXT2_I(dir)->i_flags &= ~EXT2_INDEX_FL;
	mark_inode_dirty(dir);
}

static int space_fn(struct inode *dir, struct dir_walk *w)
{
	struct ext2_dir_entry_2 *de = w->de;
	unsigned int used = de->inode ? EXT2_DIR_REC_LEN(de_name_len(dir->i_sb, de)) : 0;

	return de->rec_len - used >= w->need ? 1 : 0;
}

/**
 * ext2_add_link - add the record @name -> @inode to @dir
 * @dir:	the directory
 * @name:	the name
 * @len:	its length, 1..255
 * @inode:	what it names
 *
 * Uses a free record or the slack at the end of one; otherwise the
 * directory grows by a block.
 *
 * Return: 0, -EEXIST, -ENAMETOOLONG, -ENOSPC, -EUCLEAN, -EIO.
 */
int ext2_add_link(struct inode *dir, const char *name, unsigned int len, struct inode *inode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_dir_entry_2 *de;
	struct dir_walk w;
	int err;

	if (!len || len > NAME_MAX)
		return -ENAMETOOLONG;
	err = find(dir, name, len, &w);
	if (!err) {
		brelse(w.bh);
		return -EEXIST;
	}
	if (err != -ENOENT)
		return err;
	w.need = EXT2_DIR_REC_LEN(len);
	err = dir_walk(dir, space_fn, &w);
	if (err < 0)
		return err;
	if (err > 0) {
		de = w.de;
		if (de->inode) {
			/* Split: the new record takes the slack after this one. */
			unsigned int used = EXT2_DIR_REC_LEN(de_name_len(sb, de));
			struct ext2_dir_entry_2 *nde = (void *)((char *)de + used);

			nde->rec_len = de->rec_len - used;
			de->rec_len = used;
			de = nde;
		}
	} else {
		u64 n = (u64)dir->i_size >> sb->s_blocksize_bits;
		u32 pblk;

		err = ext2_get_block(dir, n, true, &pblk);
		if (err)
			return err;
		w.bh = sb_getblk(sb, pblk);
		if (!w.bh)
			return -EIO;
		memset(w.bh->b_data, 0, sb->s_blocksize);
		de = (void *)w.bh->b_data;
		de->rec_len = sb->s_blocksize;
		dir->i_size += sb->s_blocksize;
	}
	de_set(sb, de, name, len, inode);
	mark_buffer_dirty(w.bh);
	brelse(w.bh);
	dir_touch(dir);
	return 0;
}

/**
 * ext2_delete_entry - remove the record @name from @dir
 * @dir:	the directory
 * @name:	the name
 * @len:	its length
 *
 * The space joins the previous record of the block, or the record is
 * marked free (inode 0) when it is the block's first.
 *
 * Return: 0, -ENOENT, -EUCLEAN, -EIO.
 */
int ext2_delete_entry(struct inode *dir, const char *name, unsigned int len)
{
	struct dir_walk w;
	int err = find(dir, name, len, &w);

	if (err)
		return err;
	if (w.prev)
		w.prev->rec_len += w.de->rec_len;
	else
		w.de->inode = 0;
	mark_buffer_dirty(w.bh);
	brelse(w.bh);
	dir_touch(dir);
	return 0;
}

/**
 * ext2_set_link - point the existing record @name of @dir at @inode (rename)
 *
 * Return: 0, -ENOENT, -EUCLEAN, -EIO.
 */
int ext2_set_link(struct inode *dir, const char *name, unsigned int len, struct inode *inode)
{
	struct dir_walk w;
	int err = find(dir, name, len, &w);

	if (err)
		return err;
	w.de->inode = inode->i_ino;
	w.de->file_type = EXT2_SB(dir->i_sb)->s_filetype ?
			  ext2_type_by_mode[(inode->i_mode & S_IFMT) >> 12] : 0;
	mark_buffer_dirty(w.bh);
	brelse(w.bh);
	dir_touch(dir);
	return 0;
}

/**
 * ext2_make_empty - give the new directory @inode its first block: "." and ".."
 * @inode:	the directory
 * @parent:	its parent
 *
 * Return: 0, -ENOSPC, -EIO.
 */
int ext2_make_empty(struct inode *inode, struct inode *parent)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_dir_entry_2 *de;
	struct buffer_head *bh;
	u32 pblk;
	int err;

	err = ext2_get_block(inode, 0, true, &pblk);
	if (err)
		return err;
	bh = sb_getblk(sb, pblk);
	if (!bh)
		return -EIO;
	memset(bh->b_data, 0, sb->s_blocksize);
	de = (void *)bh->b_data;
	de->rec_len = EXT2_DIR_REC_LEN(1);
	de_set(sb, de, ".", 1, inode);
	de = (void *)(bh->b_data + de->rec_len);
	de->rec_len = sb->s_blocksize - EXT2_DIR_REC_LEN(1);
	de_set(sb, de, "..", 2, parent);
	mark_buffer_dirty(bh);
	brelse(bh);
	inode->i_size = sb->s_blocksize;
	mark_inode_dirty(inode);
	return 0;
}

static int nonempty_fn(struct inode *dir, struct dir_walk *w)
{
	struct ext2_dir_entry_2 *de = w->de;
	unsigned int len = de_name_len(dir->i_sb, de);

	if (!de->inode)
		return 0;
	if ((len == 1 && de->name[0] == '.') || (len == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	return 1;
}

/**
 * ext2_empty_dir - whether @inode holds nothing but "." and ".."
 *
 * Return: 1 empty, 0 not, or -EUCLEAN/-EIO.
 */
int ext2_empty_dir(struct inode *inode)
{
	struct dir_walk w;
	int ret = dir_walk(inode, nonempty_fn, &w);

	if (ret > 0) {
		brelse(w.bh);
		return 0;
	}
	return ret < 0 ? ret : 1;
}

/**
 * ext2_iterate_dir - call @ctx->actor for each entry from @ctx->pos
 * @dir:	the directory
 * @ctx:	position (a byte offset in the directory) and callback
 *
 * Return: 0, or -EUCLEAN/-EIO (entries before the bad one were given).
 */
int ext2_iterate_dir(struct inode *dir, struct dir_context *ctx)
{
	struct super_block *sb = dir->i_sb;
	unsigned int bs = sb->s_blocksize;
	int err;

	if (ctx->pos < 0)
		return -EINVAL;
	while (ctx->pos < dir->i_size) {
		u64 n = (u64)ctx->pos >> sb->s_blocksize_bits;
		unsigned int start = ctx->pos & (bs - 1), off = 0;
		struct buffer_head *bh = dir_block(dir, n, &err);

		if (!bh)
			return err;
		while (off < bs) {
			struct ext2_dir_entry_2 *de = (void *)(bh->b_data + off);
			loff_t pos = (loff_t)(n << sb->s_blocksize_bits) + off;

			err = ext2_check_entry(dir, de, off, n);
			if (err) {
				brelse(bh);
				return err;
			}
			if (off >= start && de->inode) {
				unsigned int t = EXT2_SB(sb)->s_filetype && de->file_type < EXT2_FT_MAX ?
						 dt_by_ext2_type[de->file_type] : DT_UNKNOWN;

				ctx->pos = pos;
				if (ctx->actor(ctx, de->name, de_name_len(sb, de), pos, de->inode, t)) {
					brelse(bh);
					return 0;
				}
			}
			off += de->rec_len;
			if (off > start)
				ctx->pos = pos + de->rec_len;
		}
		brelse(bh);
		ctx->pos = (loff_t)(n + 1) << sb->s_blocksize_bits;
	}
	return 0;
}

/** ext2_readdir - file_operations.iterate for ext2 directories */
int ext2_readdir(struct file *file, struct dir_context *ctx)
{
	return ext2_iterate_dir(file_inode(file), ctx);
}

const struct file_operations ext2_dir_operations = {
	.iterate = ext2_readdir,
	.llseek = generic_file_llseek,
};
