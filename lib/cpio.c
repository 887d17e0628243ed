// SPDX-License-Identifier: GPL-2.0
/*
 * newc/crc cpio archives in memory (the initramfs format; Linux parses it
 * inside init/initramfs.c's state machine). Each member is
 *
 *	header (110 bytes: "070701" or "070702", 13 fields of 8 hex digits)
 *	name (namesize bytes, NUL included), NUL-padded so that header + name
 *	  is a multiple of 4
 *	data (filesize bytes), NUL-padded to a multiple of 4
 *
 * and "TRAILER!!!" ends an archive. Between archives any number of NUL
 * bytes may follow, as the kernel's unpacker allows; inside an archive a
 * header must follow its predecessor directly.
 */
#include <arbor/cpio.h>
#include <arbor/errno.h>
#include <arbor/types.h>

/* The header's fields after the magic, in order. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	F_NR
};

#define CPIO_MAGIC_LEN	6
#define CPIO_S_IFMT	0170000
#define CPIO_S_IFREG	0100000

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static int fail(struct cpio_iter *it, size_t off, const char *msg)
{
	it->err = -EINVAL;
	it->err_off = off;
	it->err_msg = msg;
	return it->err;
}

/* Eight hex digits, upper or lower case; false on anything else. */
static bool parse_hex8(const u8 *p, u32 *val)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | d;
	}
	*val = v;
	return true;
}

static bool is_trailer(const u8 *name, u32 namesize)
{
	static const char t[] = CPIO_TRAILER;

	if (namesize != sizeof(t))
		return false;
	for (u32 i = 0; i < namesize; i++)
		if (name[i] != (u8)t[i])
			return false;
	return true;
}

/**
 * cpio_iter_init - start a walk over the archive(s) in @buf
 * @it: the iterator
 * @buf: the archive bytes (not copied; must stay valid during the walk)
 * @len: bytes at @buf
 */
void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->in_archive = false;
	it->archives = 0;
	it->err = 0;
	it->err_off = 0;
	it->err_msg = NULL;
}

/**
 * cpio_next - the next member of the archive
 * @it: the iterator
 * @e: filled in when a member is returned; its pointers point into the buffer
 *
 * Trailers are consumed, not returned. The walk ends at the end of the
 * buffer, which must not fall inside an archive.
 *
 * Return: 1 with *@e filled, 0 at the end, or -EINVAL when the archive is
 * malformed (bad magic or hex digit, an empty, unterminated or too long
 * name, a member or padding running past the buffer, a missing trailer, a
 * crc checksum mismatch, junk between archives); @it->err_off and
 * @it->err_msg then say where and what, and every later call returns the
 * same error.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	const u8 *buf = it->buf;
	size_t len = it->len;

	if (it->err)
		return it->err;
	for (;;) {
		size_t pos = it->pos, name_off, data_off, end;
		u32 f[F_NR];
		const u8 *name;
		bool crc;

		if (!it->in_archive) {
			/* Between archives: padding, the end, or a new archive. */
			while (pos < len && !buf[pos])
				pos++;
			it->pos = pos;
			if (pos == len)
				return 0;
			if (pos & 3)
				return fail(it, pos, "archive does not start on a 4-byte boundary");
			it->in_archive = true;
		} else if (pos >= len) {
			return fail(it, len, "archive ends without TRAILER!!!");
		}

		if (len - pos < CPIO_HDR_LEN)
			return fail(it, pos, "truncated header");
		if (buf[pos] != '0' || buf[pos + 1] != '7' || buf[pos + 2] != '0' ||
		    buf[pos + 3] != '7' || buf[pos + 4] != '0' ||
		    (buf[pos + 5] != '1' && buf[pos + 5] != '2'))
			return fail(it, pos, "bad magic (not a newc/crc cpio archive)");
		crc = buf[pos + 5] == '2';
		for (int i = 0; i < F_NR; i++)
			if (!parse_hex8(buf + pos + CPIO_MAGIC_LEN + 8 * i, &f[i]))
				return fail(it, pos + CPIO_MAGIC_LEN + 8 * i,
					    "bad hex digit in header");

		name_off = pos + CPIO_HDR_LEN;
		if (!f[F_NAMESIZE])
			return fail(it, pos + CPIO_MAGIC_LEN + 8 * F_NAMESIZE, "empty name");
		if (f[F_NAMESIZE] > CPIO_NAME_MAX)
			return fail(it, pos + CPIO_MAGIC_LEN + 8 * F_NAMESIZE, "name too long");
		if (f[F_NAMESIZE] > len - name_off)
			return fail(it, name_off, "truncated name");
		name = buf + name_off;
		if (name[f[F_NAMESIZE] - 1])
			return fail(it, name_off, "name not NUL-terminated");
		for (u32 i = 0; i + 1 < f[F_NAMESIZE]; i++)
			if (!name[i])
				return fail(it, name_off + i, "NUL byte inside name");

		/* pos is 4-aligned, so aligning the offset aligns header + name. */
		data_off = align4(name_off + f[F_NAMESIZE]);
		if (data_off > len)
			return fail(it, name_off, "truncated name padding");
		if (f[F_FILESIZE] > len - data_off)
			return fail(it, data_off, "truncated file data");
		end = data_off + f[F_FILESIZE];

		/* "crc" is a plain byte sum of a regular file's data (Linux checks only those). */
		if (crc && (f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFREG) {
			u32 sum = 0;

			for (size_t i = data_off; i < end; i++)
				sum += buf[i];
			if (sum != f[F_CHECK])
				return fail(it, pos + CPIO_MAGIC_LEN + 8 * F_CHECK,
					    "data checksum mismatch");
		}

		/* The last member's data padding may be cut off by the buffer's end. */
		it->pos = align4(end) < len ? align4(end) : len;
		if (is_trailer(name, f[F_NAMESIZE])) {
			it->in_archive = false;
			it->archives++;
			continue;
		}

		e->name = (const char *)name;
		e->namesize = f[F_NAMESIZE];
		e->data = buf + data_off;
		e->size = f[F_FILESIZE];
		e->mode = f[F_MODE];
		e->ino = f[F_INO];
		e->uid = f[F_UID];
		e->gid = f[F_GID];
		e->nlink = f[F_NLINK];
		e->mtime = f[F_MTIME];
		e->rdev_major = f[F_RDEVMAJOR];
		e->rdev_minor = f[F_RDEVMINOR];
		e->offset = pos;
		return 1;
	}
}
