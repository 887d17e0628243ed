// SPDX-License-Identifier: GPL-2.0
/*
 * Names and short descriptions for every errno in <arbor/errno.h>, so
 * diagnostics can say "ENOMEM (out of memory)" rather than "-12".
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/shell.h>
#include <arbor/types.h>

struct errname_entry {
	int err;
	const char *name;
	const char *msg;
};

#define ERRNAME(e, m)	{ e, #e, m }

static const struct errname_entry errname_table[] = {
	ERRNAME(EPERM, "operation not permitted"),
	ERRNAME(ENOENT, "no such file or directory"),
	ERRNAME(ESRCH, "no such process"),
	ERRNAME(EINTR, "interrupted"),
	ERRNAME(EIO, "I/O error"),
	ERRNAME(ENXIO, "no such device or address"),
	ERRNAME(E2BIG, "argument list too long"),
	ERRNAME(ENOEXEC, "exec format error"),
	ERRNAME(EBADF, "bad file descriptor"),
	ERRNAME(ECHILD, "no child processes"),
	ERRNAME(EAGAIN, "try again"),
	ERRNAME(ENOMEM, "out of memory"),
	ERRNAME(EACCES, "permission denied"),
	ERRNAME(EFAULT, "bad address"),
	ERRNAME(ENOTBLK, "block device required"),
	ERRNAME(EBUSY, "device or resource busy"),
	ERRNAME(EEXIST, "already exists"),
	ERRNAME(EXDEV, "invalid cross-device link"),
	ERRNAME(ENODEV, "no such device"),
	ERRNAME(ENOTDIR, "not a directory"),
	ERRNAME(EISDIR, "is a directory"),
	ERRNAME(EINVAL, "invalid argument"),
	ERRNAME(ENFILE, "too many open files in system"),
	ERRNAME(EMFILE, "too many open files"),
	ERRNAME(EFBIG, "file too large"),
	ERRNAME(ENOSPC, "no space left"),
	ERRNAME(ESPIPE, "illegal seek"),
	ERRNAME(EROFS, "read-only"),
	ERRNAME(EMLINK, "too many links"),
	ERRNAME(EPIPE, "broken pipe"),
	ERRNAME(ERANGE, "out of range"),
	ERRNAME(ENAMETOOLONG, "name too long"),
	ERRNAME(ENOSYS, "not implemented"),
	ERRNAME(ENOTEMPTY, "not empty"),
	ERRNAME(ELOOP, "too many levels of links"),
	ERRNAME(ENODATA, "no data"),
	ERRNAME(EBADMSG, "bad message"),
	ERRNAME(EOVERFLOW, "value too large"),
	ERRNAME(EOPNOTSUPP, "operation not supported"),
	ERRNAME(ETIMEDOUT, "timed out"),
	ERRNAME(EUCLEAN, "structure needs cleaning"),
};

static const struct errname_entry *errname_lookup(int err)
{
	size_t i;

	/* Compare both signs instead of negating, which INT_MIN would break. */
	for (i = 0; i < ARRAY_SIZE(errname_table); i++)
		if (errname_table[i].err == err || -errname_table[i].err == err)
			return &errname_table[i];
	return NULL;
}

/**
 * errname - the symbolic name of an errno value ("EINVAL")
 * @err: positive or negative errno
 *
 * Return: the name, or NULL when the value is unknown.
 */
const char *errname(int err)
{
	const struct errname_entry *e = errname_lookup(err);

	return e ? e->name : NULL;
}

/**
 * strerror_short - a short lower-case description of an errno value
 * @err: positive or negative errno
 *
 * Return: the description, or "unknown error"; never NULL.
 */
const char *strerror_short(int err)
{
	const struct errname_entry *e = errname_lookup(err);

	return e ? e->msg : "unknown error";
}
