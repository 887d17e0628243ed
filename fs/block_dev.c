// SPDX-License-Identifier: GPL-2.0
/*
 * Block device nodes (Linux's block/fops.c and block/bdev.c, small): reading
 * and writing /dev/vda goes straight to the disk through a bounce sector
 * (Linux goes through the device's page cache), and mount finds the disk
 * of a node by its device number.
 */
#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/slab.h>
#include <arbor/string.h>

static struct block_device *file_bdev(struct file *file)
{
	return blkdev_get_by_dev(file_inode(file)->i_rdev);
}

static int blkdev_open(struct inode *inode, struct file *file)
{
	struct block_device *bdev = blkdev_get_by_dev(inode->i_rdev);

	if (!bdev)
		return -ENXIO;
	if ((file->f_mode & FMODE_WRITE) && bdev->read_only)
		return -EROFS;
	return 0;
}

/* Move @len bytes at *@pos between @buf and the disk, a sector at a time. */
static long blkdev_rw(struct file *file, char *buf, size_t len, loff_t *pos, bool write)
{
	struct block_device *bdev = file_bdev(file);
	loff_t size;
	size_t done = 0;
	char *sector;
	int err = 0;

	if (!bdev)
		return -ENXIO;
	size = (loff_t)bdev->capacity << SECTOR_SHIFT;
	if (*pos >= size)
		return write ? -ENOSPC : 0;
	if ((loff_t)len > size - *pos)
		len = (size_t)(size - *pos);
	sector = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	if (!sector)
		return -ENOMEM;
	while (done < len) {
		u64 s = (u64)*pos >> SECTOR_SHIFT;
		size_t off = (size_t)(*pos & (SECTOR_SIZE - 1));
		size_t n = SECTOR_SIZE - off < len - done ? SECTOR_SIZE - off : len - done;

		err = blkdev_read(bdev, s, sector, 1);
		if (err)
			break;
		if (write) {
			memcpy(sector + off, buf + done, n);
			err = blkdev_write(bdev, s, sector, 1);
			if (err)
				break;
		} else {
			memcpy(buf + done, sector + off, n);
		}
		done += n;
		*pos += (loff_t)n;
	}
	kfree(sector);
	return done ? (long)done : err;
}

static long blkdev_read_iter(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return blkdev_rw(file, buf, len, pos, false);
}

static long blkdev_write_iter(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return blkdev_rw(file, (char *)buf, len, pos, true);
}

static loff_t blkdev_llseek(struct file *file, loff_t offset, int whence)
{
	struct block_device *bdev = file_bdev(file);
	loff_t size = bdev ? (loff_t)bdev->capacity << SECTOR_SHIFT : 0;
	loff_t base = whence == SEEK_END ? size : whence == SEEK_CUR ? file->f_pos : 0;

	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return -EINVAL;
	if (base + offset < 0 || base + offset > size)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

static int blkdev_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct block_device *bdev = file_bdev(file);

	return bdev ? blkdev_flush(bdev) : -ENXIO;
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.read = blkdev_read_iter,
	.write = blkdev_write_iter,
	.llseek = blkdev_llseek,
	.fsync = blkdev_fsync,
};

/**
 * lookup_bdev - the disk whose device node is at @path (mount's source)
 * @path:	"/dev/vda"
 * @err:	-ENOENT (no such path), -ENOTBLK (not a block device node),
 *		-ENXIO (a node of no disk) when NULL is returned
 *
 * Return: the disk or NULL.
 */
struct block_device *lookup_bdev(const char *path, int *err)
{
	struct block_device *bdev;
	struct path p;
	dev_t dev;

	*err = kern_path(path, 0, &p);
	if (*err)
		return NULL;
	dev = p.dentry->d_inode->i_rdev;
	*err = S_ISBLK(p.dentry->d_inode->i_mode) ? 0 : -ENOTBLK;
	path_put(&p);
	if (*err)
		return NULL;
	bdev = blkdev_get_by_dev(dev);
	if (!bdev)
		*err = -ENXIO;
	return bdev;
}
