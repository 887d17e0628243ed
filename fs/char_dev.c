// SPDX-License-Identifier: GPL-2.0
/*
 * Character device nodes (Linux's fs/char_dev.c): a node's inode carries
 * only its device number; opening it looks the driver up and swaps in the
 * driver's file operations (chrdev_open).
 */
#include <arbor/errno.h>
#include <arbor/fs.h>

#define MAX_CHRDEVS	16

static struct {
	dev_t dev;
	const char *name;
	const struct file_operations *fops;
} chrdevs[MAX_CHRDEVS];
static unsigned int nr_chrdevs;

/**
 * register_chrdev - make opening nodes of @dev reach @fops
 * @dev:	MKDEV(major, minor)
 * @name:	the driver's name
 * @fops:	its file operations
 *
 * Return: 0, -EBUSY (taken), -ENOSPC (table full).
 */
int register_chrdev(dev_t dev, const char *name, const struct file_operations *fops)
{
	for (unsigned int i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].dev == dev)
			return -EBUSY;
	if (nr_chrdevs == MAX_CHRDEVS)
		return -ENOSPC;
	chrdevs[nr_chrdevs].dev = dev;
	chrdevs[nr_chrdevs].name = name;
	chrdevs[nr_chrdevs].fops = fops;
	nr_chrdevs++;
	return 0;
}

static int chrdev_open(struct inode *inode, struct file *file)
{
	for (unsigned int i = 0; i < nr_chrdevs; i++) {
		if (chrdevs[i].dev != inode->i_rdev)
			continue;
		file->f_op = chrdevs[i].fops;
		return file->f_op->open ? file->f_op->open(inode, file) : 0;
	}
	return -ENXIO;	/* a node without a driver, as Linux says */
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
