// SPDX-License-Identifier: GPL-2.0
/*
 * stat and readdir (Linux's fs/stat.c and fs/readdir.c).
 */
#include <arbor/errno.h>
#include <arbor/fs.h>

/**
 * vfs_getattr - fill @stat from the inode of @path
 * Return: 0.
 */
int vfs_getattr(const struct path *path, struct kstat *stat)
{
	struct inode *inode = path->dentry->d_inode;

	stat->ino = inode->i_ino;
	stat->dev = inode->i_sb->s_dev;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->uid = inode->i_uid;
	stat->gid = inode->i_gid;
	stat->rdev = inode->i_rdev;
	stat->size = inode->i_size;
	stat->atime = inode->i_atime;
	stat->mtime = inode->i_mtime;
	stat->ctime = inode->i_ctime;
	stat->blksize = (u32)inode->i_sb->s_blocksize;
	stat->blocks = inode->i_blocks;
	return 0;
}

/**
 * vfs_stat - stat(2)
 * Return: 0 or a lookup error.
 */
int vfs_stat(const char *name, struct kstat *stat)
{
	struct path p;
	int err = kern_path(name, 0, &p);

	if (err)
		return err;
	err = vfs_getattr(&p, stat);
	path_put(&p);
	return err;
}

/**
 * iterate_dir - getdents(2): call @ctx's actor for the entries from ctx->pos
 * Return: 0, -ENOTDIR, or the filesystem's error (-EUCLEAN, -EIO).
 */
int iterate_dir(struct file *file, struct dir_context *ctx)
{
	int err;

	if (!S_ISDIR(file->f_inode->i_mode) || !file->f_op || !file->f_op->iterate)
		return -ENOTDIR;
	ctx->pos = file->f_pos;
	err = file->f_op->iterate(file, ctx);
	file->f_pos = ctx->pos;
	file->f_inode->i_atime = current_time(file->f_inode);
	return err;
}
