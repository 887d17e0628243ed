// SPDX-License-Identifier: GPL-2.0
/*
 * read, write, lseek, fsync (Linux's fs/read_write.c and fs/sync.c), with
 * kernel buffers: Arbor's callers are the shell and in-kernel tests.
 *
 *	ksys_read -> vfs_read -> f_op->read (filemap_read)
 *	ksys_write -> vfs_write -> f_op->write (generic_file_write)
 *	ksys_fsync -> vfs_fsync_range -> f_op->fsync (generic_file_fsync)
 */
#include <arbor/errno.h>
#include <arbor/fs.h>

#define MAX_RW_COUNT	(0x7ffff000L)	/* Linux caps one call at INT_MAX & PAGE_MASK */

/**
 * vfs_read - read up to @count bytes at *@pos into @buf
 * Return: bytes read (0 at end of file) or -EBADF (not open for reading),
 * -EISDIR, -EINVAL (no read operation, negative position).
 */
long vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(file->f_inode->i_mode))
		return -EISDIR;
	if (!file->f_op || !file->f_op->read)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!count)
		return 0;
	return file->f_op->read(file, buf, count, pos);
}

/**
 * vfs_write - write @count bytes from @buf at *@pos (end of file with O_APPEND)
 * Return: bytes written or -EBADF (not open for writing), -EINVAL, -EFBIG,
 * -ENOSPC, -EIO.
 */
long vfs_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!count)
		return 0;
	return file->f_op->write(file, buf, count, pos);
}

/** ksys_read - read(2) at the descriptor's position */
long ksys_read(unsigned int fd, char *buf, size_t count)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

/** ksys_write - write(2) at the descriptor's position */
long ksys_write(unsigned int fd, const char *buf, size_t count)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, buf, count, &f->f_pos);
	fput(f);
	return ret;
}

/** ksys_pread64 - pread(2): the position is not moved */
long ksys_pread64(unsigned int fd, char *buf, size_t count, loff_t pos)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = pos < 0 ? -EINVAL : vfs_read(f, buf, count, &pos);
	fput(f);
	return ret;
}

/** ksys_pwrite64 - pwrite(2) */
long ksys_pwrite64(unsigned int fd, const char *buf, size_t count, loff_t pos)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = pos < 0 ? -EINVAL : vfs_write(f, buf, count, &pos);
	fput(f);
	return ret;
}

/**
 * generic_file_llseek - lseek for files with a size
 * Return: the new position, or -EINVAL (bad whence, negative result),
 * -EOVERFLOW.
 */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = i_size_read(file->f_inode);
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > MAX_LFS_FILESIZE - offset))
		return -EOVERFLOW;
	if (base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

/** ksys_lseek - lseek(2) */
loff_t ksys_lseek(unsigned int fd, loff_t offset, unsigned int whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->llseek)
		ret = f->f_op->llseek(f, offset, (int)whence);
	else
		ret = generic_file_llseek(f, offset, (int)whence);
	fput(f);
	return ret;
}

/**
 * vfs_fsync_range - write [@start, @end] of @file and (unless @datasync)
 * its metadata to the disk, and wait
 * Return: 0, -EINVAL (no fsync operation), or a writeback error (-EIO, -ENOSPC).
 */
int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync)
{
	if (!file->f_op || !file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, start, end, datasync);
}

/** vfs_fsync - the whole file */
int vfs_fsync(struct file *file, int datasync)
{
	return vfs_fsync_range(file, 0, MAX_LFS_FILESIZE, datasync);
}

/** ksys_fsync - fsync(2) / fdatasync(2) */
int ksys_fsync(unsigned int fd, int datasync)
{
	struct file *f = fget(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = vfs_fsync(f, datasync);
	fput(f);
	return ret;
}
