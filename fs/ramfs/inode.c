// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs (Linux's fs/ramfs): files whose pages live only in the page cache
 * and directories that live only in the dcache. There is no backing store,
 * so nothing is ever written back and nothing is reclaimed: the mapping is
 * unevictable. It is "/" (the initramfs is unpacked into it).
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/string.h>

#define RAMFS_MAGIC	0x858458f6

static const struct inode_operations ramfs_dir_inode_operations;

/* A page with no backing store reads as zeros. */
static int ramfs_read_folio(struct file *file, struct page *page)
{
	memset(page_address(page), 0, PAGE_SIZE);
	SetPageUptodate(page);
	return 0;
}

/* Nothing to write back to: a page is never "dirty" with respect to a disk. */
static bool ramfs_dirty_folio(struct address_space *mapping, struct page *page)
{
	return false;
}

static const struct address_space_operations ramfs_aops = {
	.read_folio = ramfs_read_folio,
	.dirty_folio = ramfs_dirty_folio,
};

static int ramfs_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	return 0;
}

static const struct file_operations ramfs_file_operations = {
	.read = filemap_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.fsync = ramfs_fsync,
	.llseek = generic_file_llseek,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.setattr_size = NULL,	/* truncate_setsize does all there is */
};

static struct inode *ramfs_get_inode(struct super_block *sb, const struct inode *dir,
				     umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode_init_owner(inode, dir, mode);
	inode->i_mapping->a_ops = &ramfs_aops;
	inode->i_mapping->flags |= 1UL << AS_UNEVICTABLE;
	if (S_ISDIR(mode)) {
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);	/* "." */
	} else {
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
	}
	return inode;
}

static int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode = ramfs_get_inode(dir->i_sb, dir, mode);

	if (!inode)
		return -ENOSPC;	/* Linux's ramfs says ENOSPC when no inode can be had */
	return simple_add_pinned(dir, dentry, inode);
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, mode | S_IFREG);
}

static int ramfs_mknod_dev(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode;

	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return -EINVAL;
	inode = ramfs_get_inode(dir->i_sb, dir, mode);
	if (!inode)
		return -ENOSPC;
	init_special_inode(inode, mode, dev);
	return simple_add_pinned(dir, dentry, inode);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, mode | S_IFDIR);
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.create = ramfs_create,
	.mknod = ramfs_mknod_dev,
	.mkdir = ramfs_mkdir,
	.rmdir = simple_rmdir_pinned,
	.unlink = simple_unlink_pinned,
	.rename = simple_rename_pinned,
};

static int ramfs_statfs(struct super_block *sb, struct kstatfs *buf)
{
	return simple_statfs(sb, buf);
}

static const struct super_operations ramfs_ops = {
	.statfs = ramfs_statfs,
};

/**
 * ramfs_fill_super - a new ramfs: an empty root directory
 * Return: 0 or -ENOMEM.
 */
int ramfs_fill_super(struct super_block *sb, const char *data, int silent)
{
	struct inode *root;

	sb->s_magic = RAMFS_MAGIC;
	sb->s_op = &ramfs_ops;
	root = ramfs_get_inode(sb, NULL, S_IFDIR | 0755);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.fill_super = ramfs_fill_super,
	.kill_sb = kill_pinned_sb,
};

static int init_ramfs_fs(void)
{
	return register_filesystem(&ramfs_fs_type);
}
core_initcall(init_ramfs_fs);
