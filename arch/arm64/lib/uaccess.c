// SPDX-License-Identifier: GPL-2.0
/*
 * User-memory accessors: unprivileged loads and stores (LDTR/STTR), each
 * listed in __ex_table. See asm/uaccess.h.
 *
 * A fault on one of them goes do_el1_sync -> do_mem_abort -> do_page_fault
 * (arch/arm64/mm/fault.c). When handle_mm_fault() maps the page the
 * instruction runs again; otherwise the fixup below sets the error:
 *
 *	1:	ldtrb	w1, [x2]		<- __ex_table: { 1b, 3b }
 *	2:	...
 *	3:	mov	w0, #-EFAULT		(in .fixup)
 *		mov	x1, #0
 *		b	2b
 *
 * Copies go 8 bytes at a time while the user address is 8-byte aligned
 * (an aligned access never straddles a page), else byte by byte, so the
 * "bytes not copied" count is exact to the 8-byte word that faulted.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/string.h>
#include <asm/extable.h>
#include <asm/uaccess.h>

/**
 * __get_user_size - one unprivileged load of @size bytes
 * @uaddr:	user address (checked by the caller with access_ok())
 * @size:	1, 2, 4 or 8
 * @val:	the value, zero-extended (0 on failure)
 *
 * Return: 0 or -EFAULT.
 */
int __get_user_size(unsigned long uaddr, unsigned int size, u64 *val)
{
	int err = 0;
	u64 v;

	switch (size) {
	case 8:
		__ex_load("ldtr	%x1, [%2]", v, uaddr, err);
		break;
	case 4:
		__ex_load("ldtr	%w1, [%2]", v, uaddr, err);
		break;
	case 2:
		__ex_load("ldtrh	%w1, [%2]", v, uaddr, err);
		break;
	default:
		__ex_load("ldtrb	%w1, [%2]", v, uaddr, err);
		break;
	}
	*val = v;
	return err;
}

/**
 * __put_user_size - one unprivileged store of the low @size bytes of @val
 * @uaddr:	user address (checked by the caller with access_ok())
 * @size:	1, 2, 4 or 8
 * @val:	the value
 *
 * Return: 0 or -EFAULT.
 */
int __put_user_size(unsigned long uaddr, unsigned int size, u64 val)
{
	int err = 0;

	switch (size) {
	case 8:
		__ex_store("sttr	%x1, [%2]", val, uaddr, err);
		break;
	case 4:
		__ex_store("sttr	%w1, [%2]", (u32)val, uaddr, err);
		break;
	case 2:
		__ex_store("sttrh	%w1, [%2]", (u16)val, uaddr, err);
		break;
	default:
		__ex_store("sttrb	%w1, [%2]", (u8)val, uaddr, err);
		break;
	}
	return err;
}

static unsigned int step(unsigned long uaddr, unsigned long left)
{
	return (!(uaddr & 7) && left >= 8) ? 8 : 1;
}

/**
 * copy_from_user - copy @n bytes from user space
 * @to:		kernel destination
 * @from:	user source
 * @n:		bytes
 *
 * Return: bytes not copied: 0 on success, @n when the range is not in
 * user space, else what was left when a load faulted.
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long u = (unsigned long)from;
	u8 *d = to;

	if (!access_ok(from, n))
		return n;
	/* Both sides 8-byte aligned: whole words, straight into place. */
	if (!((u | (unsigned long)d) & 7)) {
		while (n >= 8) {
			int err = 0;
			u64 v;

			__ex_load("ldtr	%x1, [%2]", v, u, err);
			if (err)
				return n;
			*(u64 *)d = v;
			d += 8;
			u += 8;
			n -= 8;
		}
	}
	while (n) {
		unsigned int w = step(u, n);
		u64 v;

		if (__get_user_size(u, w, &v))
			return n;
		memcpy(d, &v, w);	/* little-endian: low bytes first */
		d += w;
		u += w;
		n -= w;
	}
	return 0;
}

/**
 * copy_to_user - copy @n bytes to user space
 * @to:		user destination
 * @from:	kernel source
 * @n:		bytes
 *
 * Return: bytes not copied (0 on success).
 */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	unsigned long u = (unsigned long)to;
	const u8 *s = from;

	if (!access_ok(to, n))
		return n;
	if (!((u | (unsigned long)s) & 7)) {
		while (n >= 8) {
			int err = 0;

			__ex_store("sttr	%x1, [%2]", *(const u64 *)s, u, err);
			if (err)
				return n;
			s += 8;
			u += 8;
			n -= 8;
		}
	}
	while (n) {
		unsigned int w = step(u, n);
		u64 v = 0;

		memcpy(&v, s, w);
		if (__put_user_size(u, w, v))
			return n;
		s += w;
		u += w;
		n -= w;
	}
	return 0;
}

/**
 * fill_user - set @n bytes of user memory to @c (memset for user space)
 * @to:		user destination
 * @c:		the byte value
 * @n:		bytes
 *
 * Return: bytes not set (0 on success).
 */
unsigned long fill_user(void __user *to, int c, unsigned long n)
{
	unsigned long u = (unsigned long)to;
	u64 pattern = 0x0101010101010101ULL * (u8)c;

	if (!access_ok(to, n))
		return n;
	while (n) {
		unsigned int w = step(u, n);

		if (__put_user_size(u, w, pattern))
			return n;
		u += w;
		n -= w;
	}
	return 0;
}

/**
 * clear_user - zero @n bytes of user memory
 * @to:		user destination
 * @n:		bytes
 *
 * Return: bytes not cleared (0 on success).
 */
unsigned long clear_user(void __user *to, unsigned long n)
{
	return fill_user(to, 0, n);
}
