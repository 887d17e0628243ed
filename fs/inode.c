// SPDX-License-Identifier: GPL-2.0
/*
 * In-core inodes (Linux's fs/inode.c): allocation through the filesystem's
 * alloc_inode, a per-superblock list that iget_locked() searches, reference
 * counting, and eviction when the last reference of an unlinked inode goes.
 *
 *	iget_locked() -> alloc_inode() -> s_op->alloc_inode	(Linux: same)
 *	iput() -> iput_final() -> evict() -> s_op->evict_inode	(Linux: same)
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/time.h>
#include <arbor/time64.h>

static struct kmem_cache *inode_cachep;
static unsigned long last_ino = 1;

/** nr_inodes - in-core inodes (for leak checks in tests) */
unsigned long nr_inodes;

/**
 * inode_init_once - zero an inode and set up its lists and page cache
 * @inode:	the inode, inside the filesystem's own structure
 */
void inode_init_once(struct inode *inode)
{
	memset(inode, 0, sizeof(*inode));
	INIT_LIST_HEAD(&inode->i_sb_list);
	INIT_LIST_HEAD(&inode->i_io_list);
	address_space_init_once(&inode->i_data, inode, NULL);
	inode->i_mapping = &inode->i_data;
}

static struct inode *alloc_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode) {
		inode = sb->s_op->alloc_inode(sb);
	} else {
		if (!inode_cachep)
			inode_cachep = kmem_cache_create("inode_cache", sizeof(struct inode), 0,
							 SLAB_RECLAIM_ACCOUNT, NULL);
		inode = inode_cachep ? kmem_cache_alloc(inode_cachep, GFP_KERNEL) : NULL;
		if (inode)
			inode_init_once(inode);
	}
	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_data.flags = 0;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	list_add(&inode->i_sb_list, &sb->s_inodes);
	nr_inodes++;
	return inode;
}

static void destroy_inode(struct inode *inode)
{
	list_del(&inode->i_sb_list);
	list_del_init(&inode->i_io_list);
	nr_inodes--;
	if (inode->i_sb->s_op && inode->i_sb->s_op->free_inode)
		inode->i_sb->s_op->free_inode(inode);
	else
		kmem_cache_free(inode_cachep, inode);
}

/**
 * new_inode - a new in-core inode on @sb with a fresh number
 * @sb:	the filesystem
 *
 * Return: the inode with one reference, or NULL when memory ran out.
 */
struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = alloc_inode(sb);

	if (inode)
		inode->i_ino = ++last_ino;
	return inode;
}

static struct inode *find_inode(struct super_block *sb, unsigned long ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if (inode->i_ino == ino && !(inode->i_state & I_FREEING))
			return inode;
	return NULL;
}

/**
 * iget_locked - the in-core inode number @ino of @sb
 * @sb:		the filesystem
 * @ino:	the inode number
 *
 * Return: the inode with a new reference; a newly allocated one has I_NEW
 * set and the caller fills it in, then unlock_new_inode() (or iget_failed()).
 * NULL when memory ran out.
 */
struct inode *iget_locked(struct super_block *sb, unsigned long ino)
{
	struct inode *inode = find_inode(sb, ino);

	if (inode) {
		inode->i_count++;
		return inode;
	}
	inode = alloc_inode(sb);
	if (!inode)
		return NULL;
	inode->i_ino = ino;
	inode->i_state = I_NEW;
	return inode;
}

/** unlock_new_inode - the filesystem has filled the I_NEW @inode in */
void unlock_new_inode(struct inode *inode)
{
	inode->i_state &= ~I_NEW;
}

/** iget_failed - an I_NEW inode could not be read: throw it away */
void iget_failed(struct inode *inode)
{
	inode->i_state = I_FREEING;
	inode->i_nlink = 1;	/* nothing on disk to free */
	truncate_inode_pages(&inode->i_data, 0);
	destroy_inode(inode);
}

/** igrab - take another reference on @inode */
struct inode *igrab(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

static void evict(struct inode *inode)
{
	inode->i_state |= I_FREEING;
	list_del_init(&inode->i_io_list);
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	else
		truncate_inode_pages(&inode->i_data, 0);
	destroy_inode(inode);
}

/*
 * The last reference went. An unlinked inode goes at once; a linked one
 * is written back and kept in core (its pages stay cached) unless it has
 * nothing cached, as Linux keeps unused inodes on an LRU.
 */
static void iput_final(struct inode *inode)
{
	if (!inode->i_nlink) {
		evict(inode);
		return;
	}
	if (inode->i_state & I_DIRTY)
		(void)write_inode_now(inode, 0);
}

/**
 * iput - drop a reference to @inode
 * @inode:	the inode, or NULL
 *
 * The last reference of an unlinked inode evicts it: its pages and, through
 * the filesystem's evict_inode, its blocks are freed.
 */
void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (inode->i_count <= 0) {
		pr_err("VFS: iput of inode %lu with count %d\n", inode->i_ino, inode->i_count);
		return;
	}
	if (--inode->i_count == 0)
		iput_final(inode);
}

/**
 * evict_inodes - free every unreferenced in-core inode of @sb (umount)
 * @sb:	the filesystem
 *
 * Return: nothing; referenced inodes are left (the caller checked for busy).
 */
void evict_inodes(struct super_block *sb)
{
	struct inode *inode, *next;

	list_for_each_entry_safe(inode, next, &sb->s_inodes, i_sb_list)
		if (!inode->i_count)
			evict(inode);
}

/** clear_nlink - no names left */
void clear_nlink(struct inode *inode)
{
	inode->i_nlink = 0;
}

/** set_nlink - @nlink names */
void set_nlink(struct inode *inode, unsigned int nlink)
{
	inode->i_nlink = nlink;
}

/** inc_nlink - one more name */
void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

/** drop_nlink - one name fewer */
void drop_nlink(struct inode *inode)
{
	if (inode->i_nlink)
		inode->i_nlink--;
}

/**
 * __mark_inode_dirty - queue @inode on its superblock's dirty list
 * @inode:	the inode
 * @flags:	I_DIRTY_* bits
 */
void __mark_inode_dirty(struct inode *inode, int flags)
{
	if ((inode->i_state & flags) == (unsigned long)flags)
		return;
	if (!(inode->i_state & I_DIRTY))
		inode->i_dirtied_when = ktime_get_ns() / NSEC_PER_MSEC;
	inode->i_state |= flags;
	if (list_empty(&inode->i_io_list))
		list_add_tail(&inode->i_io_list, &inode->i_sb->s_dirty);
}

/** mark_inode_dirty - the inode's metadata changed */
void mark_inode_dirty(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_SYNC);
}

/** current_time - now, by the wall clock (the RTC's; since boot without one) */
struct timespec64 current_time(struct inode *inode)
{
	u64 ns = ktime_get_real_ns();
	struct timespec64 t = { (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	return t;
}

/**
 * init_special_inode - make @inode a device node
 * @inode:	the inode
 * @mode:	S_IFCHR or S_IFBLK with permission bits
 * @rdev:	the device number
 *
 * Opening it finds the driver: def_chr_fops looks the character device up,
 * def_blk_fops the disk.
 */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	inode->i_rdev = rdev;
	if (S_ISCHR(mode))
		inode->i_fop = &def_chr_fops;
	else if (S_ISBLK(mode))
		inode->i_fop = &def_blk_fops;
	else
		inode->i_fop = NULL;
}

/**
 * inode_init_owner - mode and owner of a new inode created in @dir
 * @inode:	the new inode
 * @dir:	its directory, or NULL (a root)
 * @mode:	S_IF* | permission bits
 */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = 0;
	inode->i_gid = dir && (dir->i_mode & S_ISGID) ? dir->i_gid : 0;
	if (dir && (dir->i_mode & S_ISGID) && S_ISDIR(mode))
		mode |= S_ISGID;
	inode->i_mode = mode;
}

/**
 * prune_icache - memory is short: evict the clean in-core inodes nobody
 * holds (Linux's inode shrinker), with their page-cache pages
 *
 * Return: page-cache pages freed with them.
 */
unsigned long prune_icache(void)
{
	struct vfsmount *mnt = NULL;
	unsigned long pages = 0;

	while ((mnt = next_mount(mnt))) {
		struct inode *inode, *next;

		list_for_each_entry_safe(inode, next, &mnt->mnt_sb->s_inodes, i_sb_list) {
			if (inode->i_count || (inode->i_state & (I_DIRTY | I_NEW | I_FREEING)) ||
			    (inode->i_mapping->flags & (1UL << AS_UNEVICTABLE)))
				continue;
			pages += inode->i_mapping->nrpages;
			evict(inode);
		}
	}
	return pages;
}
