// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/null, /dev/zero and /dev/full (Linux's drivers/char/mem.c), major 1
 * with Linux's minors. Mapping /dev/zero is how programs got anonymous
 * memory before MAP_ANONYMOUS: a shared mapping becomes shmem
 * (shmem_zero_setup, so maps shows "/dev/zero (deleted)"), a private one
 * plain anonymous memory (no vm_ops: do_anonymous_page), as in Linux.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/string.h>

static long read_null(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return 0;
}

static long write_null(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return (long)len;
}

static long read_zero(struct file *file, char *buf, size_t len, loff_t *pos)
{
	memset(buf, 0, len);
	return (long)len;
}

static long write_full(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return -ENOSPC;
}

/* Seeking these always succeeds and stays at 0, as Linux's null_lseek. */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	file->f_pos = 0;
	return 0;
}

static int mmap_zero(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	vma->vm_ops = NULL;	/* Linux's vma_set_anonymous */
	return 0;
}

static const struct file_operations null_fops = {
	.read = read_null,
	.write = write_null,
	.llseek = null_lseek,
};

static const struct file_operations zero_fops = {
	.read = read_zero,
	.write = write_null,
	.llseek = null_lseek,
	.mmap = mmap_zero,
};

static const struct file_operations full_fops = {
	.read = read_zero,
	.write = write_full,
	.llseek = null_lseek,
};

static const struct {
	const char *name;
	unsigned int minor;
	const struct file_operations *fops;
} mem_devs[] = {
	{ "null", 3, &null_fops },
	{ "zero", 5, &zero_fops },
	{ "full", 7, &full_fops },
};

static int chr_dev_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(mem_devs); i++) {
		dev_t dev = MKDEV(MEM_MAJOR, mem_devs[i].minor);

		if (register_chrdev(dev, mem_devs[i].name, mem_devs[i].fops))
			pr_err("mem: cannot register %s\n", mem_devs[i].name);
		else
			(void)devtmpfs_create_node(mem_devs[i].name, S_IFCHR | 0666, dev);
	}
	return 0;
}
device_initcall(chr_dev_init);
