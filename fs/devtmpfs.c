// SPDX-License-Identifier: GPL-2.0
/*
 * devtmpfs (Linux's drivers/base/devtmpfs.c): an in-memory filesystem on
 * /dev where drivers put a node for each device they find, so that
 * /dev/vda exists as soon as the disk does (what udev does on a Linux
 * system, done by the kernel here). The same code as ramfs.
 *
 *	vfs_init_call -> devtmpfs_mount: mkdir /dev, mount devtmpfs
 *	add_disk -> devtmpfs_create_node("vda", S_IFBLK | 0660, 254:0) -> vfs_mknod
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/printk.h>
#include <arbor/string.h>

static bool devtmpfs_mounted;

static struct file_system_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.fill_super = ramfs_fill_super,
	.kill_sb = kill_pinned_sb,
};

/**
 * devtmpfs_mount - mount devtmpfs on /dev (made when missing)
 * Return: 0 or -errno.
 */
int devtmpfs_mount(void)
{
	int err = register_filesystem(&devtmpfs_fs_type);

	if (err)
		return err;
	err = do_mkdir("/dev", 0755);
	if (err && err != -EEXIST)
		return err;
	err = do_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	devtmpfs_mounted = !err;
	return err;
}

/**
 * devtmpfs_create_node - /dev/@name, a device node for @dev
 * @name:	"vda", "null"
 * @mode:	S_IFBLK or S_IFCHR with permission bits
 * @dev:	the device number
 *
 * Return: 0, -ENODEV (no devtmpfs), or vfs_mknod()'s error.
 */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev)
{
	char path[64];
	int err;

	if (!devtmpfs_mounted)
		return -ENODEV;
	snprintf(path, sizeof(path), "/dev/%s", name);
	err = vfs_mknod(path, mode, dev);
	if (err)
		pr_warn("devtmpfs: cannot create %s: %d\n", path, err);
	return err;
}
