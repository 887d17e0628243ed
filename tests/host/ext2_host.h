/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host side of the ext2 tests: a block device over an image file, and the
 * few VFS pieces ext2 calls (iget_locked, iput, d_add, ...) in miniature.
 */
#ifndef ARBOR_TESTS_EXT2_HOST_H
#define ARBOR_TESTS_EXT2_HOST_H

#include <arbor/blkdev.h>
#include <arbor/fs.h>

/* The fake disk: reads/writes go to the file; fail_sector makes one sector fail. */
struct fake_disk {
	struct block_device bdev;
	int fd;
	long long fail_sector;	/* -1: none */
	unsigned long reads, writes, flushes;
};

int fake_disk_open(struct fake_disk *d, const char *path);
void fake_disk_close(struct fake_disk *d);

/* File I/O, in a file of its own (libc's and Arbor's headers do not mix). */
int hostio_open(const char *path, unsigned long long *size);
int hostio_rw(int fd, void *buf, size_t len, unsigned long long off, bool write);
void hostio_close(int fd);

/* Mount/unmount over the miniature VFS. */
struct super_block *host_mount(struct fake_disk *d, int *err);
void host_umount(struct super_block *sb);
/* Write every dirty inode and buffer (the VFS's sync_filesystem). */
int host_sync(struct super_block *sb);
unsigned long host_inodes_in_core(void);

#endif
