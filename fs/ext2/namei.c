// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 directory operations: the VFS (fs/namei.c) has checked types,
 * permissions and read-only mounts; these change the directory records,
 * link counts and times.
 *
 *	vfs lookup_one -> ext2_lookup -> ext2_find_entry, ext2_iget, d_add
 *	do_mkdir -> ext2_mkdir -> ext2_new_inode, ext2_make_empty, ext2_add_link
 *	do_rename -> ext2_rename -> ext2_add_link | ext2_set_link, ext2_delete_entry
 * (Linux: fs/ext2/namei.c, the same names)
 */
#include <arbor/errno.h>

#include "ext2.h"

/**
 * ext2_lookup - find @dentry's name in @dir and attach its inode
 *
 * Return: 0, -ENOENT, -ENAMETOOLONG, -EUCLEAN, -EIO, -ENOMEM.
 */
int ext2_lookup(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode;
	u32 ino;
	int err;

	if (dentry->d_namelen > NAME_MAX)
		return -ENAMETOOLONG;
	err = ext2_find_entry(dir, dentry->d_name, dentry->d_namelen, &ino);
	if (err)
		return err;
	inode = ext2_iget(dir->i_sb, ino, &err);
	if (!inode)
		return err;
	d_add(dentry, inode);
	return 0;
}

/* Link the new @inode into @dir as @dentry; on failure it is freed again. */
static int add_nondir(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	int err = ext2_add_link(dir, dentry->d_name, dentry->d_namelen, inode);

	if (err) {
		clear_nlink(inode);
		iput(inode);
		return err;
	}
	d_instantiate(dentry, inode);
	return 0;
}

/**
 * ext2_create - a new empty regular file @dentry in @dir
 *
 * Return: 0, -EEXIST, -ENOSPC, -EROFS, -EUCLEAN, -EIO.
 */
int ext2_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode;
	int err;

	if (dentry->d_namelen > NAME_MAX)
		return -ENAMETOOLONG;
	inode = ext2_new_inode(dir, S_IFREG | (mode & S_IALLUGO), &err);
	if (!inode)
		return err;
	return add_nondir(dir, dentry, inode);
}

/**
 * ext2_mkdir - a new directory @dentry in @dir, with "." and ".."
 *
 * Return: 0, -EEXIST, -EMLINK, -ENOSPC, -EROFS, -EUCLEAN, -EIO.
 */
int ext2_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode;
	int err;

	if (dentry->d_namelen > NAME_MAX)
		return -ENAMETOOLONG;
	if (dir->i_nlink >= 32000)
		return -EMLINK;
	inode = ext2_new_inode(dir, S_IFDIR | (mode & S_IALLUGO), &err);
	if (!inode)
		return err;
	set_nlink(inode, 2);
	err = ext2_make_empty(inode, dir);
	if (err)
		goto out_fail;
	err = ext2_add_link(dir, dentry->d_name, dentry->d_namelen, inode);
	if (err)
		goto out_fail;
	inc_nlink(dir);
	mark_inode_dirty(dir);
	d_instantiate(dentry, inode);
	return 0;

out_fail:
	clear_nlink(inode);
	iput(inode);
	return err;
}

/**
 * ext2_unlink - remove the name @dentry from @dir
 *
 * Return: 0, -ENOENT, -EUCLEAN, -EIO. The inode is freed when its last
 * reference goes (ext2_evict_inode).
 */
int ext2_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int err;

	err = ext2_delete_entry(dir, dentry->d_name, dentry->d_namelen);
	if (err)
		return err;
	inode->i_ctime = dir->i_ctime;
	drop_nlink(inode);
	mark_inode_dirty(inode);
	return 0;
}

/**
 * ext2_rmdir - remove the empty directory @dentry from @dir
 *
 * Return: 0, -ENOTEMPTY, -ENOTDIR, -EUCLEAN, -EIO.
 */
int ext2_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int err;

	if (!S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	err = ext2_empty_dir(inode);
	if (err <= 0)
		return err ? err : -ENOTEMPTY;
	err = ext2_unlink(dir, dentry);
	if (err)
		return err;
	inode->i_size = 0;
	clear_nlink(inode);
	drop_nlink(dir);
	mark_inode_dirty(inode);
	mark_inode_dirty(dir);
	return 0;
}

/**
 * ext2_rename - move @old_dentry in @old_dir to @new_dentry in @new_dir
 *
 * An existing target (a file, or an empty directory) is replaced. A
 * directory moved to another parent gets its ".." rewritten.
 *
 * Return: 0, -ENOTEMPTY, -EISDIR, -ENOTDIR, -EMLINK, -ENOSPC, -EUCLEAN, -EIO.
 */
int ext2_rename(struct inode *old_dir, struct dentry *old_dentry,
		struct inode *new_dir, struct dentry *new_dentry)
{
	struct inode *old_inode = old_dentry->d_inode;
	struct inode *new_inode = new_dentry->d_inode;
	bool is_dir = S_ISDIR(old_inode->i_mode);
	int err;

	if (new_dentry->d_namelen > NAME_MAX)
		return -ENAMETOOLONG;
	if (new_inode) {
		if (is_dir != S_ISDIR(new_inode->i_mode))
			return is_dir ? -ENOTDIR : -EISDIR;
		if (is_dir) {
			err = ext2_empty_dir(new_inode);
			if (err <= 0)
				return err ? err : -ENOTEMPTY;
		}
		err = ext2_set_link(new_dir, new_dentry->d_name, new_dentry->d_namelen, old_inode);
		if (err)
			return err;
		new_inode->i_ctime = current_time(new_inode);
		drop_nlink(new_inode);
		if (is_dir) {
			/* Its ".." no longer counts in new_dir, which keeps one link for old_inode. */
			drop_nlink(new_inode);
			new_inode->i_size = 0;
		}
		mark_inode_dirty(new_inode);
	} else {
		if (is_dir && new_dir != old_dir && new_dir->i_nlink >= 32000)
			return -EMLINK;
		err = ext2_add_link(new_dir, new_dentry->d_name, new_dentry->d_namelen, old_inode);
		if (err)
			return err;
		if (is_dir && new_dir != old_dir) {
			inc_nlink(new_dir);
			mark_inode_dirty(new_dir);
		}
	}
	err = ext2_delete_entry(old_dir, old_dentry->d_name, old_dentry->d_namelen);
	if (err)
		return err;
	if (is_dir && new_dir != old_dir) {
		err = ext2_set_link(old_inode, "..", 2, new_dir);
		if (err)
			return err;
		drop_nlink(old_dir);
		mark_inode_dirty(old_dir);
	} else if (is_dir && new_inode) {
		/* Same parent, target dir replaced: the parent lost the target's "..". */
		drop_nlink(old_dir);
		mark_inode_dirty(old_dir);
	}
	old_inode->i_ctime = current_time(old_inode);
	mark_inode_dirty(old_inode);
	return 0;
}

/* ext2_setattr_size on a directory: refused (directories are not truncated). */
const struct inode_operations ext2_dir_inode_operations = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.mkdir = ext2_mkdir,
	.rmdir = ext2_rmdir,
	.unlink = ext2_unlink,
	.rename = ext2_rename,
};

const struct inode_operations ext2_file_inode_operations = {
	.setattr_size = ext2_setattr_size,
};
