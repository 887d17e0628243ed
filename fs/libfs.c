// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for filesystems whose directories live in the dcache (ramfs,
 * tmpfs), Linux's fs/libfs.c.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>

const struct file_operations simple_dir_operations = {
	.iterate = dcache_readdir,
	.llseek = generic_file_llseek,
};

/** simple_lookup - every name is in the dcache: a miss means no such name */
int simple_lookup(struct inode *dir, struct dentry *dentry)
{
	return -ENOENT;
}

/** simple_empty - a dcache-backed directory without children */
bool simple_empty(struct dentry *dentry)
{
	struct dentry *d;

	list_for_each_entry(d, &dentry->d_subdirs, d_child)
		if (d->d_inode)
			return false;
	return true;
}

/** simple_unlink - drop one name of @dentry's inode */
int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	inode->i_ctime = dir->i_ctime = dir->i_mtime = current_time(inode);
	drop_nlink(inode);
	return 0;
}

/** simple_rmdir - remove an empty directory; -ENOTEMPTY otherwise */
int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!simple_empty(dentry))
		return -ENOTEMPTY;
	drop_nlink(dentry->d_inode);
	simple_unlink(dir, dentry);
	drop_nlink(dir);
	return 0;
}

/** simple_rename - rename in the dcache; a replaced target loses its name */
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry)
{
	bool is_dir = S_ISDIR(old_dentry->d_inode->i_mode);

	if (new_dentry->d_inode) {
		if (is_dir && !simple_empty(new_dentry))
			return -ENOTEMPTY;
		if (is_dir) {
			drop_nlink(new_dentry->d_inode);
			drop_nlink(old_dir);
		}
		simple_unlink(new_dir, new_dentry);
	} else if (is_dir) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	old_dir->i_ctime = old_dir->i_mtime = new_dir->i_ctime = new_dir->i_mtime =
		old_dentry->d_inode->i_ctime = current_time(old_dir);
	return 0;
}

/**
 * generic_file_fsync - write the file's dirty pages in [start, end] and
 * its inode, and wait
 * Return: 0 or the writeback error.
 */
int generic_file_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);
	int err = filemap_write_and_wait_range(inode->i_mapping, start, end);
	int ret;

	if (datasync && !(inode->i_state & I_DIRTY_DATASYNC))
		return err;
	if ((inode->i_state & I_DIRTY_INODE) && inode->i_sb->s_op &&
	    inode->i_sb->s_op->write_inode) {
		inode->i_state &= ~I_DIRTY_INODE;
		ret = inode->i_sb->s_op->write_inode(inode, 1);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/** simple_statfs - statfs for in-memory filesystems: RAM is the limit */
int simple_statfs(struct super_block *sb, struct kstatfs *buf)
{
	buf->f_type = (long)sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/*
 * Directories that live only in the dcache (ramfs, tmpfs): each name is
 * pinned by one extra dentry reference, dropped with the name (Linux's
 * d_make_persistent / kill_litter_super).
 */

/**
 * simple_add_pinned - give the new @inode the name @dentry in @dir and pin it
 * @dir:	the directory
 * @dentry:	the new name
 * @inode:	the new inode (its reference goes to the dentry)
 *
 * Return: 0.
 */
int simple_add_pinned(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
	dget(dentry);
	if (S_ISDIR(inode->i_mode))
		inc_nlink(dir);
	dir->i_mtime = dir->i_ctime = current_time(dir);
	return 0;
}

/** simple_unlink_pinned - simple_unlink() and drop the name's pin */
int simple_unlink_pinned(struct inode *dir, struct dentry *dentry)
{
	int err = simple_unlink(dir, dentry);

	if (!err)
		dput(dentry);
	return err;
}

/** simple_rmdir_pinned - simple_rmdir() and drop the name's pin */
int simple_rmdir_pinned(struct inode *dir, struct dentry *dentry)
{
	int err = simple_rmdir(dir, dentry);

	if (!err)
		dput(dentry);
	return err;
}

/** simple_rename_pinned - simple_rename(); a replaced name loses its pin */
int simple_rename_pinned(struct inode *old_dir, struct dentry *old_dentry,
			 struct inode *new_dir, struct dentry *new_dentry)
{
	bool replacing = new_dentry->d_inode != NULL;
	int err = simple_rename(old_dir, old_dentry, new_dir, new_dentry);

	if (!err && replacing)
		dput(new_dentry);
	return err;
}

static void unpin_below(struct dentry *d)
{
	struct dentry *child;

	list_for_each_entry(child, &d->d_subdirs, d_child) {
		unpin_below(child);
		if (child->d_count > 0)
			child->d_count--;
	}
}

/** kill_pinned_sb - umount: drop every pin, so that the dcache can let go of the tree */
void kill_pinned_sb(struct super_block *sb)
{
	if (sb->s_root)
		unpin_below(sb->s_root);
}
