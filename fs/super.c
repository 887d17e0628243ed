// SPDX-License-Identifier: GPL-2.0
/*
 * Filesystem types, superblocks and mounts (Linux's fs/filesystems.c,
 * fs/super.c and fs/namespace.c, small): a global mount list, "/" first.
 *
 *	do_mount -> get_fs_type -> alloc_super -> fs->fill_super -> attach
 *	do_umount -> sync_filesystem -> shrink_dcache_sb -> evict_inodes -> put_super
 *	ksys_sync -> sync_filesystem (every sb) -> writeback_inodes + sync_fs
 */
#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

static LIST_HEAD(file_systems);
static LIST_HEAD(super_blocks);
static LIST_HEAD(mounts);
struct path vfs_root;
static unsigned int next_anon_dev = 1;

/**
 * register_filesystem - make a filesystem type mountable
 * @fs:	the type (static)
 *
 * Return: 0 or -EBUSY when the name is taken.
 */
int register_filesystem(struct file_system_type *fs)
{
	if (get_fs_type(fs->name))
		return -EBUSY;
	list_add_tail(&fs->list, &file_systems);
	return 0;
}

/** get_fs_type - the registered type called @name, or NULL */
struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	list_for_each_entry(fs, &file_systems, list)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

/**
 * alloc_super - a new superblock for @type
 * @type:	the filesystem type
 * @bdev:	its block device, or NULL (an anonymous device number is given)
 *
 * Return: the superblock or NULL.
 */
struct super_block *alloc_super(struct file_system_type *type, struct block_device *bdev)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	INIT_LIST_HEAD(&sb->s_inodes);
	INIT_LIST_HEAD(&sb->s_dirty);
	sb->s_type = type;
	sb->s_bdev = bdev;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	if (bdev) {
		sb->s_dev = bdev->bd_dev;
		strlcpy(sb->s_id, bdev->name, sizeof(sb->s_id));
	} else {
		sb->s_dev = MKDEV(0, next_anon_dev++);
		strlcpy(sb->s_id, type->name, sizeof(sb->s_id));
	}
	list_add_tail(&sb->s_list, &super_blocks);
	return sb;
}

static void free_super(struct super_block *sb)
{
	list_del(&sb->s_list);
	kfree(sb);
}

/** lookup_mnt - the mount on the dentry of @path (a mount point), or NULL */
struct vfsmount *lookup_mnt(const struct path *path);
struct vfsmount *lookup_mnt(const struct path *path)
{
	struct vfsmount *m, *found = NULL;

	/* The last one mounted there is on top. */
	list_for_each_entry(m, &mounts, mnt_list)
		if (m->mnt_mountpoint == path->dentry && m->mnt_parent == path->mnt &&
		    m->mnt_parent != m)
			found = m;
	return found;
}

/** next_mount - the mount after @prev in mount order (NULL: "/") */
struct vfsmount *next_mount(struct vfsmount *prev)
{
	struct list_head *n = prev ? prev->mnt_list.next : mounts.next;

	return n == &mounts ? NULL : list_entry(n, struct vfsmount, mnt_list);
}

/** mnt_path - the directory @mnt is mounted on, in @buf */
char *mnt_path(struct vfsmount *mnt, char *buf, size_t size)
{
	struct path p = { mnt, mnt->mnt_root };

	return d_path(&p, buf, size);
}

static bool bdev_in_use(struct block_device *bdev)
{
	struct super_block *sb;

	list_for_each_entry(sb, &super_blocks, s_list)
		if (sb->s_bdev == bdev)
			return true;
	return false;
}

static struct vfsmount *vfs_kern_mount(struct file_system_type *type, const char *dev_name,
				       unsigned long flags, const char *data, int *err)
{
	struct block_device *bdev = NULL;
	struct super_block *sb;
	struct vfsmount *mnt;

	if (type->requires_dev) {
		bdev = lookup_bdev(dev_name, err);
		if (!bdev)
			return NULL;
		if (bdev_in_use(bdev)) {
			*err = -EBUSY;
			return NULL;
		}
		if (bdev->read_only)
			flags |= SB_RDONLY;
	}
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	sb = mnt ? alloc_super(type, bdev) : NULL;
	if (!sb) {
		kfree(mnt);
		*err = -ENOMEM;
		return NULL;
	}
	sb->s_flags = flags & SB_RDONLY;
	*err = type->fill_super(sb, data, 0);
	if (*err || !sb->s_root) {
		if (!*err)
			*err = -EINVAL;
		evict_inodes(sb);
		free_super(sb);
		kfree(mnt);
		return NULL;
	}
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);
	strlcpy(mnt->mnt_devname, dev_name ? dev_name : "none", sizeof(mnt->mnt_devname));
	return mnt;
}

/**
 * kern_mount - a mount of @type that is its own root, attached nowhere
 * (Linux's kern_mount: the internal shm mount; "/" before it is listed)
 * @type:	the filesystem type
 * @name:	its source name
 * @data:	options
 * @err:	set when NULL is returned
 *
 * Return: the mount or NULL.
 */
struct vfsmount *kern_mount(struct file_system_type *type, const char *name, const char *data,
			    int *err)
{
	struct vfsmount *mnt = vfs_kern_mount(type, name, 0, data, err);

	if (!mnt)
		return NULL;
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = dget(mnt->mnt_root);
	INIT_LIST_HEAD(&mnt->mnt_list);
	return mnt;
}

/**
 * do_mount - mount(2)
 * @dev_name:	a block device node ("/dev/vda") for a disk filesystem; anything
 *		("none", "tmpfs") else
 * @dir:	an existing directory
 * @type:	"ext2", "ramfs", "tmpfs"
 * @flags:	SB_RDONLY
 * @data:	options for the filesystem, or NULL
 *
 * Return: 0, -ENODEV (unknown type), -ENOENT (no such node), -ENOTBLK (not a
 * block device node), -ENXIO (a node of no disk),
 * -EBUSY (device already mounted), -ENOTDIR, or the filesystem's refusal
 * (-EINVAL: not that filesystem; -EUCLEAN: corrupt).
 */
int do_mount(const char *dev_name, const char *dir, const char *type, unsigned long flags,
	     const char *data)
{
	struct file_system_type *fs = get_fs_type(type);
	struct vfsmount *mnt;
	struct path mp;
	int err;

	if (!fs)
		return -ENODEV;
	err = kern_path(dir, LOOKUP_DIRECTORY, &mp);
	if (err)
		return err;
	mnt = vfs_kern_mount(fs, dev_name, flags, data, &err);
	if (!mnt) {
		path_put(&mp);
		return err;
	}
	mnt->mnt_mountpoint = mp.dentry;	/* the mount keeps this reference */
	mnt->mnt_parent = mp.mnt;
	mp.dentry->d_flags |= DCACHE_MOUNTED;
	list_add_tail(&mnt->mnt_list, &mounts);
	return 0;
}

static bool sb_busy(struct super_block *sb, struct vfsmount *mnt)
{
	struct vfsmount *m;
	struct path cwd;
	bool busy;

	list_for_each_entry(m, &mounts, mnt_list)
		if (m != mnt && m->mnt_parent == mnt)
			return true;
	get_cwd(&cwd);
	busy = cwd.mnt == mnt;
	path_put(&cwd);
	return busy || sb_has_open_files(sb);
}

/**
 * do_umount - umount(2)
 * @dir:	the directory a filesystem is mounted on
 *
 * Everything is written back first. Return: 0, -EINVAL (not a mount point),
 * -EBUSY (open files or mappings, the working directory, mounts below it,
 * or "/").
 */
int do_umount(const char *dir)
{
	struct path p;
	struct vfsmount *mnt;
	struct super_block *sb;
	int err = kern_path(dir, LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	mnt = p.mnt;
	sb = mnt->mnt_sb;
	path_put(&p);
	if (p.dentry != mnt->mnt_root)
		return -EINVAL;
	if (mnt->mnt_parent == mnt || sb_busy(sb, mnt))
		return -EBUSY;
	err = sync_filesystem(sb);
	if (err)
		pr_warn("VFS: umount of %s: writeback error %d, unmounting anyway\n", sb->s_id, err);
	list_del(&mnt->mnt_list);
	mnt->mnt_mountpoint->d_flags &= ~DCACHE_MOUNTED;
	if (lookup_mnt(&(struct path){ mnt->mnt_parent, mnt->mnt_mountpoint }))
		mnt->mnt_mountpoint->d_flags |= DCACHE_MOUNTED;
	dput(mnt->mnt_mountpoint);
	dput(mnt->mnt_root);
	/* In-memory filesystems drop the pins that kept their names. */
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
	shrink_dcache_sb(sb);
	/* The root dentry goes last, with its inode. */
	if (sb->s_root->d_inode)
		iput(sb->s_root->d_inode);
	sb->s_root->d_inode = NULL;
	sb->s_root->d_flags |= DCACHE_DISCONNECTED;
	dput(sb->s_root);
	evict_inodes(sb);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	free_super(sb);
	kfree(mnt);
	return 0;
}

/**
 * mount_root - mount @type as "/"
 * Return: 0 or -errno.
 */
int mount_root(const char *type)
{
	struct file_system_type *fs = get_fs_type(type);
	struct vfsmount *mnt;
	int err;

	if (!fs)
		return -ENODEV;
	mnt = kern_mount(fs, "rootfs", NULL, &err);
	if (!mnt)
		return err;
	list_add(&mnt->mnt_list, &mounts);
	vfs_root.mnt = mnt;
	vfs_root.dentry = dget(mnt->mnt_root);
	return 0;
}

/**
 * sync_filesystem - write back every dirty page and inode of @sb, then
 * its metadata (s_op->sync_fs), and wait
 * Return: 0 or the first error.
 */
int sync_filesystem(struct super_block *sb)
{
	struct inode *inode, *next;
	int err = 0, ret;

	list_for_each_entry_safe(inode, next, &sb->s_inodes, i_sb_list) {
		if (!(inode->i_state & I_DIRTY) && !inode->i_mapping->nrpages)
			continue;
		igrab(inode);
		ret = write_inode_now(inode, 1);
		if (ret && !err)
			err = ret;
		next = list_entry(inode->i_sb_list.next, struct inode, i_sb_list);
		iput(inode);
	}
	if (sb->s_op && sb->s_op->sync_fs && !(sb->s_flags & SB_RDONLY)) {
		ret = sb->s_op->sync_fs(sb, 1);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/** ksys_sync - sync(2): every filesystem */
void ksys_sync(void)
{
	struct super_block *sb;

	list_for_each_entry(sb, &super_blocks, s_list)
		(void)sync_filesystem(sb);
}

/**
 * vfs_statfs - statfs(2)
 * Return: 0 or -errno; filesystems without statfs report -ENOSYS.
 */
int vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	struct super_block *sb = path->dentry->d_sb;

	memset(buf, 0, sizeof(*buf));
	if (!sb->s_op || !sb->s_op->statfs)
		return -ENOSYS;
	return sb->s_op->statfs(sb, buf);
}

/**
 * vfs_init - mount ramfs as "/" and unpack the initramfs into it
 *
 * Filesystems register themselves from core_initcalls; this runs after them.
 */
static int vfs_init_call(void)
{
	int err = mount_root("ramfs");

	if (err) {
		pr_err("VFS: cannot mount the root ramfs: %d\n", err);
		return err;
	}
	(void)populate_rootfs();
	err = devtmpfs_mount();
	if (err)
		pr_err("VFS: cannot mount devtmpfs on /dev: %d\n", err);
	return 0;
}
arch_initcall(vfs_init_call);
