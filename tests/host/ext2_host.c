// SPDX-License-Identifier: GPL-2.0
/*
 * The miniature VFS and block device the ext2 host tests run over. Only
 * what fs/ext2 and fs/buffer.c call is here; inode reference counting
 * follows fs/inode.c (the last iput of an unlinked inode evicts it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arbor/errno.h>
#include <arbor/slab.h>

#include "../../fs/ext2/ext2.h"
#include "ext2_host.h"
#include <arbor/time64.h>

/* ---- memory ---- */

void *kmalloc(size_t size, gfp_t gfp)
{
	return (gfp & __GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

void kfree(const void *p)
{
	free((void *)p);
}

/* ---- the disk ---- */

static int fake_io(struct block_device *bdev, u64 sector, void *buf, unsigned int n, bool write)
{
	struct fake_disk *d = bdev->private;
	int r;

	if (!n || sector >= bdev->capacity || n > bdev->capacity - sector)
		return -EINVAL;
	if (d->fail_sector >= 0 && (u64)d->fail_sector >= sector &&
	    (u64)d->fail_sector < sector + n)
		return -EIO;
	if (write) {
		d->writes++;
		r = hostio_rw(d->fd, buf, (size_t)n * SECTOR_SIZE, sector * SECTOR_SIZE, true);
	} else {
		d->reads++;
		r = hostio_rw(d->fd, buf, (size_t)n * SECTOR_SIZE, sector * SECTOR_SIZE, false);
	}
	return r ? -EIO : 0;
}

int blkdev_read(struct block_device *bdev, u64 sector, void *buf, unsigned int nr_sectors)
{
	return fake_io(bdev, sector, buf, nr_sectors, false);
}

int blkdev_write(struct block_device *bdev, u64 sector, const void *buf, unsigned int nr_sectors)
{
	return fake_io(bdev, sector, (void *)buf, nr_sectors, true);
}

int blkdev_flush(struct block_device *bdev)
{
	((struct fake_disk *)bdev->private)->flushes++;
	return 0;
}

int fake_disk_open(struct fake_disk *d, const char *path)
{
	unsigned long long size;

	memset(d, 0, sizeof(*d));
	d->fd = hostio_open(path, &size);
	if (d->fd < 0)
		return -1;
	strcpy(d->bdev.name, "vda");
	d->bdev.capacity = size / SECTOR_SIZE;
	d->bdev.private = d;
	d->fail_sector = -1;
	return 0;
}

void fake_disk_close(struct fake_disk *d)
{
	hostio_close(d->fd);
}

/* ---- inodes ---- */

static unsigned long in_core;

unsigned long host_inodes_in_core(void)
{
	return in_core;
}

void inode_init_once(struct inode *inode)
{
	memset(inode, 0, sizeof(*inode));
	INIT_LIST_HEAD(&inode->i_sb_list);
	INIT_LIST_HEAD(&inode->i_io_list);
	inode->i_mapping = &inode->i_data;
	inode->i_data.host = inode;
}

struct inode *iget_locked(struct super_block *sb, unsigned long ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if (inode->i_ino == ino && !(inode->i_state & I_FREEING)) {
			inode->i_count++;
			return inode;
		}
	inode = sb->s_op->alloc_inode(sb);
	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_ino = ino;
	inode->i_state = I_NEW;
	list_add(&inode->i_sb_list, &sb->s_inodes);
	in_core++;
	return inode;
}

void unlock_new_inode(struct inode *inode)
{
	inode->i_state &= ~I_NEW;
}

static void destroy_inode(struct inode *inode)
{
	list_del(&inode->i_sb_list);
	list_del_init(&inode->i_io_list);
	in_core--;
	inode->i_sb->s_op->free_inode(inode);
}

void iget_failed(struct inode *inode)
{
	destroy_inode(inode);
}

static void evict(struct inode *inode)
{
	inode->i_state |= I_FREEING;
	inode->i_sb->s_op->evict_inode(inode);
	destroy_inode(inode);
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (inode->i_count <= 0) {
		fprintf(stderr, "iput of inode %lu with count %d\n", inode->i_ino, inode->i_count);
		abort();
	}
	if (--inode->i_count)
		return;
	if (!inode->i_nlink) {
		evict(inode);
		return;
	}
	if (inode->i_state & I_DIRTY_INODE) {
		inode->i_state &= ~I_DIRTY;
		inode->i_sb->s_op->write_inode(inode, 0);
	}
}

void evict_inodes(struct super_block *sb)
{
	struct inode *inode, *next;

	list_for_each_entry_safe(inode, next, &sb->s_inodes, i_sb_list)
		if (!inode->i_count)
			evict(inode);
}

void set_nlink(struct inode *inode, unsigned int n)
{
	inode->i_nlink = n;
}

void clear_nlink(struct inode *inode)
{
	inode->i_nlink = 0;
}

void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void drop_nlink(struct inode *inode)
{
	if (inode->i_nlink)
		inode->i_nlink--;
}

void mark_inode_dirty(struct inode *inode)
{
	inode->i_state |= I_DIRTY_SYNC;
}

/* Like a Raspberry Pi: no RTC, so ext2_now() runs the filesystem's own clock. */
bool timekeeping_real_valid(void)
{
	return false;
}

struct timespec64 current_time(struct inode *inode)
{
	/* Like the kernel's without an RTC: seconds since boot. */
	static long long ticks;
	struct timespec64 t = { 3 + ticks++ / 1000, 0 };

	return t;
}

void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = 0;
	inode->i_gid = 0;
	inode->i_mode = mode;
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	return -EINVAL;
}

/* file.c is the page cache's side: not on the host. */
const struct file_operations ext2_file_operations;
const struct address_space_operations ext2_aops;

/* ---- dentries: only what fill_super and the namei operations touch ---- */

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
}

void d_add(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
}

struct dentry *d_make_root(struct inode *root)
{
	struct dentry *d = calloc(1, sizeof(*d));

	if (!d) {
		iput(root);
		return NULL;
	}
	d->d_name = strdup("/");
	d->d_namelen = 1;
	d->d_inode = root;
	d->d_parent = d;
	return d;
}

/* ---- mounting ---- */

struct super_block *host_mount(struct fake_disk *d, int *err)
{
	struct super_block *sb = calloc(1, sizeof(*sb));

	INIT_LIST_HEAD(&sb->s_inodes);
	INIT_LIST_HEAD(&sb->s_dirty);
	sb->s_bdev = &d->bdev;
	sb->s_type = &ext2_fs_type;
	strcpy(sb->s_id, "vda");
	*err = ext2_fill_super(sb, NULL, 0);
	if (*err) {
		evict_inodes(sb);
		free(sb);
		return NULL;
	}
	return sb;
}

int host_sync(struct super_block *sb)
{
	struct inode *inode;
	int err;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		if (!(inode->i_state & I_DIRTY_INODE))
			continue;
		inode->i_state &= ~I_DIRTY;
		err = sb->s_op->write_inode(inode, 0);
		if (err)
			return err;
	}
	return sb->s_op->sync_fs(sb, 1);
}

void host_umount(struct super_block *sb)
{
	struct dentry *root = sb->s_root;

	host_sync(sb);
	iput(root->d_inode);
	free(root->d_name);
	free(root);
	evict_inodes(sb);
	sb->s_op->put_super(sb);
	free(sb);
}
