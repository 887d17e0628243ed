/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_CPIO_H
#define ARBOR_CPIO_H

/*
 * A parser for the "newc" (070701) and "crc" (070702) cpio formats, the
 * initramfs format. It works on an archive already in memory, allocates
 * nothing and prints nothing, so the kernel (fs/initramfs.c) and the host
 * tests share it. Every length is checked against the buffer before it is
 * used: a corrupt archive gives -EINVAL with the offset, never a read past
 * the end.
 *
 * Several archives may follow each other, with NUL padding between them,
 * as Linux's unpack_to_rootfs() accepts.
 */
#include <arbor/types.h>

#define CPIO_HDR_LEN	110		/* "070701" and 13 fields of 8 hex digits */
#define CPIO_NAME_MAX	4096		/* PATH_MAX, terminating NUL included */
#define CPIO_TRAILER	"TRAILER!!!"

/**
 * struct cpio_entry - one member of the archive
 * @name:	NUL-terminated name as stored ("./etc/motd", "etc", "."),
 *		pointing into the archive
 * @namesize:	length of @name with its NUL
 * @data:	the file's contents (or a symlink's target), in the archive
 * @size:	bytes at @data
 * @mode:	type and permission bits (S_IFREG | 0644, ...)
 * @ino, @uid, @gid, @nlink, @mtime: as stored
 * @rdev_major, @rdev_minor: device number of a device node
 * @offset:	offset of the entry's header in the buffer
 */
struct cpio_entry {
	const char *name;
	u32 namesize;
	const void *data;
	u32 size;
	u32 mode;
	u32 ino, uid, gid, nlink, mtime;
	u32 rdev_major, rdev_minor;
	size_t offset;
};

/**
 * struct cpio_iter - a walk over an archive; cpio_iter_init() sets it up
 * @buf, @len:	the archive
 * @pos:	offset of the next header (or padding)
 * @in_archive:	an archive started and its trailer has not been seen
 * @archives:	trailers seen so far (complete archives)
 * @err:	0, or the sticky error every later cpio_next() returns
 * @err_off:	offset at which @err was found
 * @err_msg:	what was wrong, for the message
 */
struct cpio_iter {
	const u8 *buf;
	size_t len;
	size_t pos;
	bool in_archive;
	unsigned int archives;
	int err;
	size_t err_off;
	const char *err_msg;
};

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

#endif
