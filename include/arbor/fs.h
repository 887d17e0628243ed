/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_FS_H
#define ARBOR_FS_H

/*
 * The VFS (fs/): Linux's shapes, small. A path is walked through dentries
 * (fs/dcache.c, fs/namei.c); a dentry names an inode; an inode's data lives
 * in its address_space, the page cache (mm/filemap.c); an open file is a
 * struct file in a per-address-space descriptor table (fs/file.c).
 *
 *	ksys_open -> do_filp_open -> path_lookupat -> lookup_one -> i_op->lookup
 *	ksys_read -> vfs_read -> f_op->read (generic: filemap_read)
 *	ksys_write -> vfs_write -> f_op->write (generic: generic_perform_write)
 *	do_mmap(file) -> f_op->mmap (generic: generic_file_mmap) -> vm_ops->fault
 *
 * One CPU and no preemption of the shell: no locks, as elsewhere in Arbor.
 */
#include <arbor/gfp.h>
#include <arbor/list.h>
#include <arbor/maple_tree.h>
#include <arbor/xarray.h>
#include <arbor/mm_types.h>
#include <arbor/types.h>
#include <asm/memory.h>

typedef long long loff_t;
typedef unsigned int umode_t;
typedef unsigned int fmode_t;
typedef u32 dev_t;

#define MINORBITS	20
#define MEM_MAJOR	1	/* /dev/null, /dev/zero (Linux's numbers) */
#define VIRTBLK_MAJOR	254	/* virtio disks: Linux assigns it dynamically; 254 in practice */
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & ((1u << MINORBITS) - 1)))

/* Mode bits (Linux's octal values). */
#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IALLUGO	07777
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)

/* open() flags (Linux's generic/arm64 values). */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_DIRECTORY	00040000
#define O_NOFOLLOW	00100000

/* f_mode bits. */
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u
#define FMODE_LSEEK	0x4u

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* Directory entry types (d_type, as getdents64 reports them). */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10

#define NAME_MAX	255
#define PATH_MAX	4096
#define MAX_LFS_FILESIZE ((loff_t)LONG_MAX_PAGES << PAGE_SHIFT)
#define LONG_MAX_PAGES	(1UL << 31)

/* msync() flags (Linux's values). */
#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

/* Mount flags (the few Arbor uses; Linux's values). */
#define SB_RDONLY	1

struct address_space;
struct block_device;
struct dentry;
struct file;
struct inode;
struct kstatfs;
struct kstat;
struct super_block;
struct vfsmount;
struct writeback_control;

/**
 * struct address_space_operations - how a filesystem moves pages in and out
 * @read_folio:	fill the locked, cached, !Uptodate @page from backing
 *		store (index = page->index); set PG_uptodate on success.
 *		Synchronous here (the disk is waited for); returns 0 or -errno.
 * @writepage:	write the dirty @page back; the caller has cleared
 *		PG_dirty and set PG_writeback; the filesystem ends writeback
 *		(end_page_writeback) before returning. 0 or -errno.
 * @dirty_folio: mark @page dirty in @mapping (NULL: filemap_dirty_folio)
 * @write_begin: get [@pos, @pos + @len) of the locked cached @page ready
 *		for a write() or a page_mkwrite: allocate backing blocks (so
 *		ENOSPC shows up now, not at writeback) and read in what a
 *		partial write keeps. NULL: the generic code reads the page
 *		with @read_folio when it is not uptodate.
 */
struct address_space_operations {
	int (*read_folio)(struct file *file, struct page *page);
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	bool (*dirty_folio)(struct address_space *mapping, struct page *page);
	int (*write_begin)(struct file *file, struct address_space *mapping,
			   loff_t pos, unsigned int len, struct page *page);
};

/* i_pages marks (Linux's names). */
#define PAGECACHE_TAG_DIRTY	XA_MARK_0
#define PAGECACHE_TAG_WRITEBACK	XA_MARK_1

/* mapping->flags: an error seen by writeback, reported once by fsync. */
#define AS_EIO		0
#define AS_ENOSPC	1
#define AS_UNEVICTABLE	2	/* ramfs, shmem: pages only in memory, never reclaimed */
#define AS_SHMEM	3	/* shmem/tmpfs: pages count in NR_SHMEM */

/**
 * struct address_space - the page cache of one inode
 * @host:	the owner
 * @i_pages:	index -> struct page, an XArray (lib/xarray.c), with the
 *		marks PAGECACHE_TAG_DIRTY and PAGECACHE_TAG_WRITEBACK so that
 *		writeback visits only the dirty pages
 * @nrpages:	pages in @i_pages
 * @a_ops:	the filesystem's page operations
 * @i_mmap:	VMAs mapping this file (struct vm_area_struct.shared), the
 *		reverse map for file pages (Linux: an interval tree)
 * @i_mmap_writable: VM_SHARED VMAs that may write
 * @flags:	AS_* bits
 * @writeback_index: where the last writeback pass stopped
 */
struct address_space {
	struct inode *host;
	struct xarray i_pages;
	unsigned long nrpages;
	const struct address_space_operations *a_ops;
	struct list_head i_mmap;
	int i_mmap_writable;
	unsigned long flags;
	unsigned long writeback_index;
};

/* inode->i_state (Linux's bits). */
#define I_DIRTY_SYNC		0x1	/* metadata (times, size) changed */
#define I_DIRTY_DATASYNC	0x2	/* metadata fdatasync must write */
#define I_DIRTY_PAGES		0x4	/* the page cache has dirty pages */
#define I_DIRTY_INODE		(I_DIRTY_SYNC | I_DIRTY_DATASYNC)
#define I_DIRTY			(I_DIRTY_INODE | I_DIRTY_PAGES)
#define I_NEW			0x8	/* being set up by iget_locked's caller */
#define I_FREEING		0x10

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/**
 * struct inode - a file, directory or device node
 * @i_mode, @i_uid, @i_gid, @i_nlink, @i_size, @i_blocks (512-byte units),
 * @i_atime, @i_mtime, @i_ctime: the attributes stat() shows
 * @i_ino:	number, unique in @i_sb
 * @i_rdev:	device number of a device node
 * @i_sb:	the filesystem
 * @i_op, @i_fop: operations on the inode and on files opened from it
 * @i_mapping:	the page cache in use (normally &@i_data)
 * @i_data:	this inode's own page cache
 * @i_count:	references (dentries, open files, mappings hold them)
 * @i_state:	I_* bits
 * @i_sb_list:	on @i_sb's list of in-core inodes
 * @i_io_list:	on @i_sb's list of dirty inodes
 * @i_dirtied_when: uptime (ms) when it became dirty, for the flusher
 * @i_private:	the filesystem's
 */
struct inode {
	umode_t i_mode;
	u32 i_uid, i_gid;
	unsigned int i_nlink;
	loff_t i_size;
	u64 i_blocks;
	struct timespec64 i_atime, i_mtime, i_ctime;
	unsigned long i_ino;
	dev_t i_rdev;
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct address_space *i_mapping;
	struct address_space i_data;
	int i_count;
	unsigned long i_state;
	struct list_head i_sb_list;
	struct list_head i_io_list;
	u64 i_dirtied_when;
	void *i_private;
};

/**
 * struct qstr - a path component: not NUL-terminated inside a path
 */
struct qstr {
	const char *name;
	unsigned int len;
};

#define DCACHE_MOUNTED		0x1	/* something is mounted here */
#define DCACHE_DISCONNECTED	0x2	/* unlinked: no longer in its parent */

/**
 * struct dentry - a name in a directory (the dcache)
 * @d_name:	the name (NUL-terminated copy in @d_iname or allocated)
 * @d_inode:	the inode; dentries here are never negative
 * @d_parent:	the directory (itself for a filesystem's root)
 * @d_sb:	the filesystem
 * @d_child:	on the parent's @d_subdirs
 * @d_subdirs:	children looked up so far (all of them on ramfs/tmpfs)
 * @d_count:	references; children hold their parent
 * @d_flags:	DCACHE_*
 * @d_fsdata:	the filesystem's
 */
struct dentry {
	char *d_name;
	unsigned int d_namelen;
	struct inode *d_inode;
	struct dentry *d_parent;
	struct super_block *d_sb;
	struct list_head d_child;
	struct list_head d_subdirs;
	int d_count;
	unsigned int d_flags;
	void *d_fsdata;
};

/** struct path - a dentry on a mount */
struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/**
 * struct dir_context - readdir's callback (Linux's filldir)
 * @actor:	called per entry; nonzero stops the walk
 * @pos:	the directory position; the filesystem advances it
 */
struct dir_context {
	int (*actor)(struct dir_context *ctx, const char *name, int namelen,
		     loff_t pos, u64 ino, unsigned int d_type);
	loff_t pos;
};

/**
 * struct inode_operations - operations on directories and inodes
 * @lookup:	find @dentry->d_name in @dir; on success attach the inode
 *		with d_add() and return 0; -ENOENT when there is no such
 *		name (ramfs keeps every name in the dcache: always -ENOENT)
 * @create:	make a regular file @dentry in @dir (d_instantiate it)
 * @mknod:	make a device node (S_IFCHR/S_IFBLK with @dev)
 * @mkdir, @rmdir, @unlink, @rename: as their system calls
 * @setattr_size: truncate or extend to @size (after truncate_setsize has
 *		dropped the page cache beyond it); NULL: size only in memory
 */
struct inode_operations {
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry,
		      struct inode *new_dir, struct dentry *new_dentry);
	int (*setattr_size)(struct inode *inode, loff_t size);
};

/**
 * struct file_operations - operations on an open file
 * @read, @write: at *@pos with a kernel buffer; advance *@pos; bytes or -errno
 * @llseek:	NULL: generic_file_llseek
 * @mmap:	set up @vma (vm_ops); NULL: the file cannot be mapped (ENODEV)
 * @fsync:	write data (and metadata unless @datasync) of [start, end]
 * @iterate:	readdir
 * @open, @release: first open, last close
 */
struct file_operations {
	long (*read)(struct file *file, char *buf, size_t len, loff_t *pos);
	long (*write)(struct file *file, const char *buf, size_t len, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*fsync)(struct file *file, loff_t start, loff_t end, int datasync);
	int (*iterate)(struct file *file, struct dir_context *ctx);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
};

/**
 * struct file_ra_state - readahead state of one open file (Linux's names)
 * @start, @size: the current window, in pages
 * @async_size: pages before the window's end that trigger the next one
 * @ra_pages:	largest window
 * @prev_pos:	where the last read ended, to tell sequential from random
 * @mmap_miss:	page-cache misses minus hits in faults (random-access hint)
 */
struct file_ra_state {
	unsigned long start;
	unsigned int size;
	unsigned int async_size;
	unsigned int ra_pages;
	unsigned int mmap_miss;
	loff_t prev_pos;
};

/**
 * struct file - an open file
 * @f_path:	where it was opened (holds the dentry and the mount)
 * @f_inode, @f_mapping: its inode and page cache
 * @f_op:	from the inode's i_fop
 * @f_flags:	O_* given to open
 * @f_mode:	FMODE_*
 * @f_pos:	the file position
 * @f_count:	references (descriptors, mappings)
 * @f_ra:	readahead state
 * @private_data: the filesystem's
 */
struct file {
	struct path f_path;
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	int f_count;
	struct file_ra_state f_ra;
	void *private_data;
	struct list_head f_list;	/* on the list of open files (umount's busy check) */
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

/**
 * struct super_operations - per-filesystem inode and mount operations
 * @alloc_inode, @free_inode: the filesystem's inode (struct inode inside)
 * @write_inode: write @inode's metadata back (sync: wait for the disk)
 * @evict_inode: last reference gone: drop pages; free on-disk data if unlinked
 * @put_super:	unmount
 * @sync_fs:	write the superblock and metadata buffers
 * @statfs:	df
 */
struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*free_inode)(struct inode *inode);
	int (*write_inode)(struct inode *inode, int sync);
	void (*evict_inode)(struct inode *inode);
	void (*put_super)(struct super_block *sb);
	int (*sync_fs)(struct super_block *sb, int wait);
	int (*statfs)(struct super_block *sb, struct kstatfs *buf);
};

/**
 * struct super_block - a mounted filesystem
 * @s_dev:	device number (st_dev; maps shows it as major:minor)
 * @s_blocksize, @s_blocksize_bits: block size
 * @s_maxbytes:	largest file
 * @s_flags:	SB_RDONLY
 * @s_magic:	the filesystem's magic number (statfs f_type)
 * @s_type:	the filesystem type
 * @s_op:	super operations
 * @s_root:	the root dentry
 * @s_bdev:	the block device, or NULL
 * @s_inodes:	in-core inodes
 * @s_dirty:	inodes with I_DIRTY bits (the flusher's work list)
 * @s_fs_info:	the filesystem's
 * @s_id:	name for messages ("vda", "ramfs")
 * @s_list:	on the list of superblocks
 */
struct super_block {
	dev_t s_dev;
	unsigned long s_blocksize;
	unsigned char s_blocksize_bits;
	loff_t s_maxbytes;
	unsigned long s_flags;
	unsigned long s_magic;
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct dentry *s_root;
	struct block_device *s_bdev;
	struct list_head s_inodes;
	struct list_head s_dirty;
	void *s_fs_info;
	char s_id[16];
	struct list_head s_list;
};

/**
 * struct file_system_type - a filesystem driver
 * @name:	"ramfs", "tmpfs", "ext2"
 * @fill_super:	read the filesystem from @sb->s_bdev (or create it in
 *		memory), set s_op, s_root, ...; 0 or -errno (-EINVAL: not
 *		this filesystem; -EUCLEAN/-EIO: corrupt). @data: options.
 * @requires_dev: mount needs a block device
 */
struct file_system_type {
	const char *name;
	int (*fill_super)(struct super_block *sb, const char *data, int silent);
	void (*kill_sb)(struct super_block *sb);
	bool requires_dev;
	struct list_head list;
};

/**
 * struct vfsmount - a filesystem attached somewhere in the tree
 * @mnt_root:	the filesystem's root dentry
 * @mnt_sb:	the filesystem
 * @mnt_mountpoint: the dentry it covers (its own root for "/")
 * @mnt_parent:	the mount @mnt_mountpoint is on (itself for "/")
 * @mnt_devname: the source ("/dev/vda", "none")
 * @mnt_list:	all mounts, in mount order
 */
struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct dentry *mnt_mountpoint;
	struct vfsmount *mnt_parent;
	char mnt_devname[32];
	struct list_head mnt_list;
};

/** struct kstat - stat() */
struct kstat {
	u64 ino;
	dev_t dev;
	umode_t mode;
	unsigned int nlink;
	u32 uid, gid;
	dev_t rdev;
	loff_t size;
	struct timespec64 atime, mtime, ctime;
	u32 blksize;
	u64 blocks;
};

/** struct kstatfs - statfs() / df */
struct kstatfs {
	long f_type;
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	long f_namelen;
};

/** struct writeback_control - what a writeback pass is for */
enum writeback_sync_modes {
	WB_SYNC_NONE,	/* do what can be done without waiting (the flusher) */
	WB_SYNC_ALL,	/* integrity: every dirty page, waited for (fsync, msync) */
};

struct writeback_control {
	long nr_to_write;		/* pages still to write; decremented */
	loff_t range_start, range_end;	/* bytes, inclusive */
	enum writeback_sync_modes sync_mode;
	bool for_reclaim;
};

/* ---- fs/super.c, fs/namespace.c ---- */

int register_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);
/** do_mount - mount @type from @dev_name (a /dev/<disk> path or "none") on @dir */
int do_mount(const char *dev_name, const char *dir, const char *type, unsigned long flags,
	     const char *data);
/** do_umount - unmount what is mounted on @dir: write everything back first */
int do_umount(const char *dir);
/** alloc_super - a new super_block for @type on @bdev (NULL: none) */
struct super_block *alloc_super(struct file_system_type *type, struct block_device *bdev);
/** kern_mount - an internal mount of @type, attached nowhere (the shm mount) */
struct vfsmount *kern_mount(struct file_system_type *type, const char *name, const char *data,
			    int *err);
/** mount_root - mount @type as "/" (ramfs from the initramfs) */
int mount_root(const char *type);
/** for_each_mount - the next mount after @prev (NULL: the first) */
struct vfsmount *next_mount(struct vfsmount *prev);
/** mnt_path - write the path of @mnt's mountpoint into @buf */
char *mnt_path(struct vfsmount *mnt, char *buf, size_t size);

/* ---- fs/inode.c ---- */

/** new_inode - a fresh in-core inode on @sb with i_count 1, i_ino from the sb's counter */
struct inode *new_inode(struct super_block *sb);
/** iget_locked - the in-core inode @ino of @sb, or a new one marked I_NEW */
struct inode *iget_locked(struct super_block *sb, unsigned long ino);
/** unlock_new_inode - clear I_NEW once the filesystem has filled the inode in */
void unlock_new_inode(struct inode *inode);
/** iget_failed - drop an I_NEW inode the filesystem could not read */
void iget_failed(struct inode *inode);
struct inode *igrab(struct inode *inode);
/** iput - drop a reference; the last one of an unlinked inode evicts it */
void iput(struct inode *inode);
void inode_init_once(struct inode *inode);
void clear_nlink(struct inode *inode);
void set_nlink(struct inode *inode, unsigned int nlink);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);
/** mark_inode_dirty - queue @inode for writeback (I_DIRTY_SYNC) */
void mark_inode_dirty(struct inode *inode);
void __mark_inode_dirty(struct inode *inode, int flags);
struct timespec64 current_time(struct inode *inode);
/**
 * init_special_inode - make @inode a device node: i_rdev and the file
 * operations that find the driver at open (def_chr_fops, def_blk_fops)
 */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
/** inode_init_owner - mode and owner of a new inode in @dir */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode);
/** evict_inodes - drop every unused in-core inode of @sb (umount) */
void evict_inodes(struct super_block *sb);
/** i_size_write - set the size (no locking needed on one CPU) */
static inline void i_size_write(struct inode *inode, loff_t size)
{
	inode->i_size = size;
}

static inline loff_t i_size_read(const struct inode *inode)
{
	return inode->i_size;
}

/** prune_icache - evict unused clean inodes (memory pressure); page-cache pages freed */
unsigned long prune_icache(void);

/* ---- fs/dcache.c ---- */

/** prune_dcache - free the dentries nobody holds (memory pressure); how many */
unsigned long prune_dcache(void);

/** d_alloc - a new child dentry @name of @parent (holds a reference on @parent) */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
/** d_make_root - the root dentry of a filesystem, for @root_inode (ref taken over) */
struct dentry *d_make_root(struct inode *root_inode);
/** d_add / d_instantiate - attach @inode (its reference is taken over) */
void d_instantiate(struct dentry *dentry, struct inode *inode);
void d_add(struct dentry *dentry, struct inode *inode);
/** d_lookup - a cached child of @parent called @name, with a reference, or NULL */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
struct dentry *dget(struct dentry *dentry);
/** dput - drop a reference; unreferenced unlinked dentries are freed */
void dput(struct dentry *dentry);
/** d_delete - @dentry's name was removed: take it out of its parent */
void d_delete(struct dentry *dentry);
/** d_move - @dentry now has @target's name and parent (rename) */
void d_move(struct dentry *dentry, struct dentry *target);
/** d_path - the path of @path in @buf: a pointer into @buf, or ERR_PTR(-ENAMETOOLONG) */
char *d_path(const struct path *path, char *buf, size_t size);
/** shrink_dcache_sb - free every unreferenced dentry of @sb (umount) */
void shrink_dcache_sb(struct super_block *sb);
/** dcache_readdir - readdir from the dcache (ramfs, tmpfs) */
int dcache_readdir(struct file *file, struct dir_context *ctx);

/* ---- fs/namei.c ---- */

#define LOOKUP_DIRECTORY	0x1	/* the last component must be a directory */
#define LOOKUP_PARENT		0x2

/** kern_path - look @name up from "/" (or the shell's cwd); 0 and *@path referenced */
int kern_path(const char *name, unsigned int flags, struct path *path);
void path_get(const struct path *path);
void path_put(const struct path *path);
/**
 * kern_path_parent - look up every component but the last; *@last is the
 * last name (pointing into @name). -ENOENT for "/" itself.
 */
int kern_path_parent(const char *name, struct path *parent, struct qstr *last);
/** lookup_one - the child @name of the directory @dir (cache, then i_op->lookup) */
struct dentry *lookup_one(struct dentry *dir, const struct qstr *name, int *err);
int do_mkdir(const char *pathname, umode_t mode);
int do_rmdir(const char *pathname);
int do_unlink(const char *pathname);
int do_rename(const char *oldname, const char *newname);
/** set_cwd / get_cwd: the shell's working directory ("cd", relative paths) */
int set_cwd(const char *pathname);
void get_cwd(struct path *path);

/* ---- fs/open.c, fs/read_write.c, fs/file.c, fs/stat.c, fs/readdir.c ---- */

#define NR_OPEN_DEFAULT	64

/**
 * struct files_struct - a descriptor table (Linux: per task; Arbor: per
 * address space, so that "as fork" copies it and "mmap ... <fd>" uses it)
 */
struct files_struct {
	int count;
	struct file *fd[NR_OPEN_DEFAULT];
};

struct files_struct *files_alloc(void);
struct files_struct *dup_fd(struct files_struct *old);
/** put_files_struct - drop a reference; the last closes every descriptor */
void put_files_struct(struct files_struct *files);

/** dentry_open - a new struct file for @path (referenced) with @flags */
struct file *dentry_open(const struct path *path, unsigned int flags, int *err);
/** filp_open - open (and with O_CREAT create) @name; returns a file or NULL and *@err */
struct file *filp_open(const char *name, unsigned int flags, umode_t mode, int *err);
/** sb_has_open_files - whether any struct file refers to @sb (umount: EBUSY) */
bool sb_has_open_files(const struct super_block *sb);
/** fput - drop a reference; the last one releases the file */
void fput(struct file *file);
struct file *get_file(struct file *file);
/** fget - the file of descriptor @fd in the current table, referenced, or NULL */
struct file *fget(unsigned int fd);
/** fd_install-like: put @file in the lowest free slot; the descriptor or -EMFILE */
int get_unused_fd_install(struct file *file);

int ksys_open(const char *filename, unsigned int flags, umode_t mode);
int ksys_close(unsigned int fd);
long ksys_read(unsigned int fd, char *buf, size_t count);
long ksys_write(unsigned int fd, const char *buf, size_t count);
long ksys_pread64(unsigned int fd, char *buf, size_t count, loff_t pos);
long ksys_pwrite64(unsigned int fd, const char *buf, size_t count, loff_t pos);
loff_t ksys_lseek(unsigned int fd, loff_t offset, unsigned int whence);
int ksys_fsync(unsigned int fd, int datasync);
int ksys_ftruncate(unsigned int fd, loff_t length);
int do_truncate_path(const char *path, loff_t length);
long vfs_read(struct file *file, char *buf, size_t count, loff_t *pos);
long vfs_write(struct file *file, const char *buf, size_t count, loff_t *pos);
int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync);
int vfs_fsync(struct file *file, int datasync);
/** do_truncate - set @inode's size (page cache dropped past it, mappings unmapped) */
int do_truncate(struct inode *inode, loff_t length);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
int vfs_stat(const char *name, struct kstat *stat);
int vfs_getattr(const struct path *path, struct kstat *stat);
int vfs_statfs(const struct path *path, struct kstatfs *buf);
int iterate_dir(struct file *file, struct dir_context *ctx);
/** ksys_sync - write every dirty inode, page and buffer of every filesystem, wait */
void ksys_sync(void);
/** sync_filesystem - the same for one filesystem (umount, sync) */
int sync_filesystem(struct super_block *sb);

/* ---- generic helpers for filesystems (fs/libfs.c) ---- */

extern const struct file_operations simple_dir_operations;
int simple_lookup(struct inode *dir, struct dentry *dentry);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry);
/** simple_empty - whether a dcache-backed directory has no children */
bool simple_empty(struct dentry *dentry);
int generic_file_fsync(struct file *file, loff_t start, loff_t end, int datasync);
int simple_statfs(struct super_block *sb, struct kstatfs *buf);
/* Directories kept only in the dcache, each name pinned (ramfs, tmpfs). */
int simple_add_pinned(struct inode *dir, struct dentry *dentry, struct inode *inode);
int simple_unlink_pinned(struct inode *dir, struct dentry *dentry);
int simple_rmdir_pinned(struct inode *dir, struct dentry *dentry);
int simple_rename_pinned(struct inode *old_dir, struct dentry *old_dentry,
			 struct inode *new_dir, struct dentry *new_dentry);
void kill_pinned_sb(struct super_block *sb);

/* ---- the page cache: mm/filemap.c, mm/truncate.c, mm/page-writeback.c ---- */

/** find_get_page - the cached page at @index of @mapping, referenced, or NULL */
struct page *find_get_page(struct address_space *mapping, unsigned long index);
/**
 * find_or_create_page - the cached page at @index, or a new one (locked, not
 * uptodate, on the LRU, referenced) inserted; NULL when memory ran out
 */
struct page *find_or_create_page(struct address_space *mapping, unsigned long index,
				 gfp_t gfp);
/** add_to_page_cache_lru - insert @page (locked, referenced) at @index */
int add_to_page_cache_lru(struct page *page, struct address_space *mapping,
			  unsigned long index, gfp_t gfp);
/** delete_from_page_cache - remove an unmapped @page from its mapping (drops the cache's ref) */
void delete_from_page_cache(struct page *page);
/**
 * read_cache_page - the uptodate page at @index, read with read_folio on a
 * miss; referenced and unlocked, or NULL with *@err
 */
struct page *read_cache_page(struct address_space *mapping, unsigned long index,
			     struct file *file, int *err);
void lock_page(struct page *page);
void unlock_page(struct page *page);
/** set_page_dirty - a_ops->dirty_folio or filemap_dirty_folio; true if newly dirty */
bool set_page_dirty(struct page *page);
bool filemap_dirty_folio(struct address_space *mapping, struct page *page);
/** clear_page_dirty_for_io - clean the PTEs (page_mkclean) and PG_dirty before writing */
bool clear_page_dirty_for_io(struct page *page);
void end_page_writeback(struct page *page);
/** mapping_set_error - remember a writeback error for the next fsync */
void mapping_set_error(struct address_space *mapping, int error);
/** filemap_check_errors - report and clear a remembered writeback error */
int filemap_check_errors(struct address_space *mapping);
/** address_space_init_once - an empty page cache for @host */
void address_space_init_once(struct address_space *mapping, struct inode *host,
			     const struct address_space_operations *a_ops);

void force_page_cache_readahead(struct file *file, unsigned long index, unsigned long nr);
long filemap_read(struct file *file, char *buf, size_t len, loff_t *pos);
long generic_perform_write(struct file *file, const char *buf, size_t len, loff_t *pos);
long generic_file_write(struct file *file, const char *buf, size_t len, loff_t *pos);
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);
unsigned int filemap_fault(struct vm_fault *vmf);
unsigned int filemap_map_pages(struct vm_fault *vmf, unsigned long start_pgoff,
			       unsigned long end_pgoff);
unsigned int filemap_page_mkwrite(struct vm_fault *vmf);
extern const struct vm_operations_struct generic_file_vm_ops;

/** filemap_write_and_wait_range - write the dirty pages of [start, end], wait, report errors */
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end);
int filemap_fdatawrite_wbc(struct address_space *mapping, struct writeback_control *wbc);
/** balance_dirty_pages_ratelimited - a page was dirtied: write back when too much is dirty */
void balance_dirty_pages_ratelimited(struct address_space *mapping);
/** write_inode_now - the inode's pages and then its metadata */
int write_inode_now(struct inode *inode, int sync);
/** wb_do_writeback - one flusher pass: inodes dirty for longer than the expire interval (@all: every one) */
void wb_do_writeback(bool all);
/** vm.dirty_writeback_centisecs, vm.dirty_expire_centisecs (sysctl) */
extern unsigned long dirty_writeback_interval, dirty_expire_interval;

/** truncate_inode_pages_range - drop the cached pages of [lstart, lend] (unmapped first) */
void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart, loff_t lend);
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/** truncate_setsize - i_size = @newsize; unmap and drop the pages past it, zero the tail */
void truncate_setsize(struct inode *inode, loff_t newsize);
/** invalidate_mapping_pages - drop clean unmapped cached pages of [start, end] (pages) */
unsigned long invalidate_mapping_pages(struct address_space *mapping, unsigned long start,
				       unsigned long end);
/** unmap_mapping_range - zap the PTEs of every VMA mapping bytes [start, start+len) of @mapping */
void unmap_mapping_range(struct address_space *mapping, loff_t start, loff_t len,
			 int even_cows);

/* ---- rmap for file pages (mm/rmap.c) ---- */

/** vma_link_file / vma_unlink_file - keep vma on its file's i_mmap list */
void vma_link_file(struct vm_area_struct *vma);
void vma_unlink_file(struct vm_area_struct *vma);
/** page_mkclean - write-protect and clean every PTE mapping the file @page */
int page_mkclean(struct page *page);
/** page_referenced - test and clear the young bit of every PTE mapping @page */
int page_referenced(struct page *page);
/** try_to_unmap - clear every PTE mapping the file @page; true when none is left */
bool try_to_unmap(struct page *page);

/* ---- reclaim (mm/vmscan.c) ---- */

/** lru_cache_add - put a new page-cache page on the inactive list */
void lru_cache_add(struct page *page);
/** lru_cache_del - take @page off its LRU list (when it leaves the cache) */
void lru_cache_del(struct page *page);
/** mark_page_accessed - Linux's second-chance promotion */
void mark_page_accessed(struct page *page);
/** try_to_free_pages - reclaim clean page-cache pages; the number freed */
unsigned long try_to_free_pages(unsigned long nr_pages, gfp_t gfp);


/* ---- shmem / tmpfs (mm/shmem.c) ---- */

/** shmem_file_setup - an unlinked tmpfs file of @size bytes called @name */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned long flags);
/** shmem_zero_setup - back a MAP_SHARED|MAP_ANONYMOUS @vma with its own shmem file */
int shmem_zero_setup(struct vm_area_struct *vma);
bool vma_is_shmem(const struct vm_area_struct *vma);

/* ---- device nodes: fs/char_dev.c, fs/block_dev.c, fs/devtmpfs.c ---- */

extern const struct file_operations def_chr_fops, def_blk_fops;
/** register_chrdev - the driver of character device @dev (opening its node finds @fops) */
int register_chrdev(dev_t dev, const char *name, const struct file_operations *fops);
/** vfs_mknod - mknod(2): a device node at @pathname */
int vfs_mknod(const char *pathname, umode_t mode, dev_t dev);
/** devtmpfs_mount - mkdir /dev and mount devtmpfs there (boot) */
int devtmpfs_mount(void);
/** ramfs_fill_super - ramfs' superblock (devtmpfs is ramfs too) */
int ramfs_fill_super(struct super_block *sb, const char *data, int silent);
/** devtmpfs_create_node - /dev/@name for device @dev (like udev would); 0 or -errno */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev);
/** lookup_bdev - the block device whose node is at @path: -ENOENT, -ENOTBLK, -ENXIO */
struct block_device *lookup_bdev(const char *path, int *err);

/* ---- fs/initramfs.c ---- */

/** populate_rootfs - unpack the initramfs (newc cpio) from /chosen into "/" */
int populate_rootfs(void);


#endif
