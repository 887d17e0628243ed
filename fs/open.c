// SPDX-License-Identifier: GPL-2.0
/*
 * Opening, creating and truncating files (Linux's fs/open.c and the open
 * half of fs/namei.c), and struct file's lifetime (fs/file_table.c).
 *
 *	ksys_open -> filp_open -> kern_path_parent + lookup_one
 *			       -> (O_CREAT) i_op->create
 *			       -> dentry_open -> f_op->open
 *	fput -> (last) f_op->release, dput, iput
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/slab.h>
#include <arbor/string.h>

static struct kmem_cache *filp_cachep;

/** nr_files - struct files allocated and not freed (for leak checks) */
unsigned long nr_files;
static LIST_HEAD(open_files);

/** sb_has_open_files - any open file (or mapping's file) on @sb */
bool sb_has_open_files(const struct super_block *sb)
{
	struct file *f;

	list_for_each_entry(f, &open_files, f_list)
		if (f->f_inode->i_sb == sb)
			return true;
	return false;
}

/** get_file - another reference to @file */
struct file *get_file(struct file *file)
{
	file->f_count++;
	return file;
}

/**
 * dentry_open - a struct file for @path
 * @path:	what to open (a reference is taken)
 * @flags:	O_* (the access mode decides f_mode)
 * @err:	set when NULL is returned
 *
 * Return: the file (f_count 1) or NULL: -EISDIR (a directory for writing),
 * -ENOTDIR (O_DIRECTORY on a file), -EROFS, -ENOMEM, or f_op->open's error.
 */
struct file *dentry_open(const struct path *path, unsigned int flags, int *err)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f;
	unsigned int acc = flags & O_ACCMODE;

	if (acc == 3) {
		*err = -EINVAL;
		return NULL;
	}
	if (S_ISDIR(inode->i_mode) && acc != O_RDONLY) {
		*err = -EISDIR;
		return NULL;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode)) {
		*err = -ENOTDIR;
		return NULL;
	}
	if (acc != O_RDONLY && (inode->i_sb->s_flags & SB_RDONLY)) {
		*err = -EROFS;
		return NULL;
	}
	if (!filp_cachep) {
		filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0, 0, NULL);
		if (!filp_cachep) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	f = kmem_cache_zalloc(filp_cachep, GFP_KERNEL);
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	f->f_path = *path;
	path_get(path);
	f->f_inode = igrab(inode);
	f->f_mapping = inode->i_mapping;
	f->f_op = inode->i_fop;
	f->f_flags = flags;
	f->f_mode = FMODE_LSEEK | (acc != O_WRONLY ? FMODE_READ : 0) |
		    (acc != O_RDONLY ? FMODE_WRITE : 0);
	f->f_count = 1;
	f->f_ra.ra_pages = 32;	/* 128 KiB, Linux's default read_ahead_kb */
	f->f_ra.prev_pos = -1;
	nr_files++;
	list_add(&f->f_list, &open_files);
	if (f->f_op && f->f_op->open) {
		*err = f->f_op->open(inode, f);
		if (*err) {
			f->f_op = NULL;
			fput(f);
			return NULL;
		}
	}
	return f;
}

/**
 * fput - drop a reference to @file; the last one releases it
 * @file:	the file
 */
void fput(struct file *file)
{
	struct inode *inode = file->f_inode;

	if (--file->f_count > 0)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(inode, file);
	nr_files--;
	list_del(&file->f_list);
	path_put(&file->f_path);
	iput(inode);
	kmem_cache_free(filp_cachep, file);
}

static int vfs_create(struct path *parent, struct dentry *d, umode_t mode)
{
	struct inode *dir = parent->dentry->d_inode;

	if (parent->dentry->d_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;
	return dir->i_op->create(dir, d, S_IFREG | (mode & S_IALLUGO));
}

/**
 * filp_open - open(2) without the descriptor
 * @name:	the path
 * @flags:	O_RDONLY/O_WRONLY/O_RDWR with O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY
 * @mode:	permission bits for O_CREAT
 * @err:	set when NULL is returned
 *
 * Return: the file or NULL: -ENOENT, -EEXIST (O_CREAT|O_EXCL), -EISDIR,
 * -ENOTDIR, -ENAMETOOLONG, -EROFS, -ENOSPC, ...
 */
struct file *filp_open(const char *name, unsigned int flags, umode_t mode, int *err)
{
	struct path parent, path;
	struct qstr last;
	struct dentry *d;
	struct file *f;

	if (!(flags & O_CREAT)) {
		*err = kern_path(name, (flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0, &path);
		if (*err)
			return NULL;
		goto open;
	}
	*err = kern_path_parent(name, &parent, &last);
	if (*err) {
		if (*err == -EBUSY)
			*err = -EISDIR;	/* O_CREAT on "/" */
		return NULL;
	}
	if (name[strlen(name) - 1] == '/' ||
	    (last.len <= 2 && last.name[0] == '.' && (last.len == 1 || last.name[1] == '.'))) {
		*err = -EISDIR;
		goto out_parent;
	}
	d = lookup_one(parent.dentry, &last, err);
	if (d) {
		if (flags & O_EXCL) {
			dput(d);
			*err = -EEXIST;
			goto out_parent;
		}
	} else {
		if (*err != -ENOENT)
			goto out_parent;
		d = d_alloc(parent.dentry, &last);
		if (!d) {
			*err = -ENOMEM;
			goto out_parent;
		}
		*err = vfs_create(&parent, d, mode);
		if (*err || !d->d_inode) {
			d_delete(d);
			dput(d);
			if (!*err)
				*err = -EIO;
			goto out_parent;
		}
	}
	path.mnt = parent.mnt;
	path.dentry = d;
	path_put(&parent);
	/* Something may be mounted on an existing directory name. */
	if (d->d_flags & DCACHE_MOUNTED) {
		dput(d);
		*err = -EISDIR;
		return NULL;
	}
open:
	f = dentry_open(&path, flags, err);
	path_put(&path);
	if (!f)
		return NULL;
	if ((flags & O_TRUNC) && (f->f_mode & FMODE_WRITE) && S_ISREG(f->f_inode->i_mode)) {
		*err = do_truncate(f->f_inode, 0);
		if (*err) {
			fput(f);
			return NULL;
		}
	}
	return f;

out_parent:
	path_put(&parent);
	return NULL;
}

/**
 * ksys_open - open(2)
 * Return: the new descriptor or -errno (see filp_open(); -EMFILE when the table is full).
 */
int ksys_open(const char *filename, unsigned int flags, umode_t mode)
{
	int err, fd;
	struct file *f = filp_open(filename, flags, mode, &err);

	if (!f)
		return err;
	fd = get_unused_fd_install(f);
	if (fd < 0)
		fput(f);
	return fd;
}

/**
 * do_truncate - set the size of @inode to @length
 * @inode:	a regular file
 * @length:	the new size
 *
 * Pages past the new end leave the page cache and every mapping (so a
 * later access there raises SIGBUS); the filesystem frees its blocks.
 * Return: 0, -EINVAL (negative), -EFBIG, -EISDIR, -EROFS, or the filesystem's error.
 */
int do_truncate(struct inode *inode, loff_t length)
{
	int err = 0;

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (length > inode->i_sb->s_maxbytes)
		return -EFBIG;
	if (length == inode->i_size)
		goto times;
	/* The page cache first (unmapping past the end), then the filesystem's blocks. */
	truncate_setsize(inode, length);
	if (inode->i_op && inode->i_op->setattr_size) {
		err = inode->i_op->setattr_size(inode, length);
		if (err)
			return err;
	}
times:
	inode->i_mtime = inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return err;
}

/**
 * ksys_ftruncate - ftruncate(2)
 * Return: 0, -EBADF, -EINVAL (not open for writing, not a regular file), see do_truncate().
 */
int ksys_ftruncate(unsigned int fd, loff_t length)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	/* Not open for writing, or not a regular file: EINVAL, as Linux's. */
	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode))
		err = -EINVAL;
	else
		err = do_truncate(f->f_inode, length);
	fput(f);
	return err;
}

/**
 * do_truncate_path - truncate(2)
 * Return: 0 or -errno (see do_truncate(); -EISDIR for a directory).
 */
int do_truncate_path(const char *name, loff_t length)
{
	struct path p;
	int err = kern_path(name, 0, &p);

	if (err)
		return err;
	err = do_truncate(p.dentry->d_inode, length);
	path_put(&p);
	return err;
}
