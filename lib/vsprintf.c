// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf: the C conversions the kernel uses (%d %i %u %x %X %o %c %s %p %%
 * with flags, width, precision and the hh/h/l/ll/z/t/j lengths), plus %pS for
 * "symbol+0xoff/0xsize" through kallsyms.
 */
#include <arbor/kallsyms.h>
#include <arbor/printk.h>
#include <arbor/string.h>

struct out {
	char *buf;
	size_t size;
	size_t pos;	/* characters produced, even past the end */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

#define F_LEFT	1
#define F_ZERO	2
#define F_PLUS	4
#define F_SPACE	8
#define F_ALT	16
#define F_UPPER	32

static void put_num(struct out *o, u64 v, bool neg, unsigned int base,
		    int width, int prec, unsigned int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len, pad;
	char sign = 0;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	if (flags & F_ALT) {
		if (base == 16)
			prefix = (flags & F_UPPER) ? "0X" : "0x";
		else if (base == 8 && (n == 0 || tmp[n - 1] != '0'))
			prefix = "0";
	}
	len = (prec > n ? prec : n) + (sign ? 1 : 0) + (int)strlen(prefix);
	pad = width > len ? width - len : 0;
	if (!(flags & (F_LEFT | F_ZERO)) || ((flags & F_ZERO) && prec >= 0 && !(flags & F_LEFT)))
		for (; pad > 0; pad--)
			put(o, ' ');
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	if ((flags & F_ZERO) && !(flags & F_LEFT))
		for (; pad > 0; pad--)
			put(o, '0');
	for (int i = n; i < prec; i++)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; pad > 0; pad--)
		put(o, ' ');
}

static void put_str(struct out *o, const char *s, int width, int prec, unsigned int flags)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
	if (!(flags & F_LEFT))
		for (int i = len; i < width; i++)
			put(o, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		for (int i = len; i < width; i++)
			put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		unsigned int flags = 0, base = 10;
		int width = -1, prec = -1, lng = 0;
		bool is_signed = false;
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			fmt++;
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng += (*fmt == 'l') ? 1 : 2;
			else
				break;
		}
		switch (*fmt) {
		case '\0':
			fmt--;
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			if (!(flags & F_LEFT))
				for (int i = 1; i < width; i++)
					put(&o, ' ');
			put(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				for (int i = 1; i < width; i++)
					put(&o, ' ');
			continue;
		case 's':
			put_str(&o, va_arg(ap, const char *), width, prec, flags);
			continue;
		case 'p': {
			void *p = va_arg(ap, void *);

			if (fmt[1] == 'S' || fmt[1] == 's') {
				char sym[128];

				fmt++;
				sprint_symbol(sym, sizeof(sym), (unsigned long)p);
				put_str(&o, sym, width, prec, flags);
				continue;
			}
			put_num(&o, (u64)(uintptr_t)p, false, 16, 18, 16, flags | F_ALT);
			continue;
		}
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown conversion: print it as it was. */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (lng >= 1)
			v = is_signed ? (u64)va_arg(ap, long long) : va_arg(ap, unsigned long long);
		else
			v = is_signed ? (u64)(s64)va_arg(ap, int) : va_arg(ap, unsigned int);
		if (lng == -1)
			v = is_signed ? (u64)(s64)(short)v : (u16)v;
		else if (lng <= -2)
			v = is_signed ? (u64)(s64)(signed char)v : (u8)v;
		if (is_signed && (s64)v < 0)
			put_num(&o, -v, true, base, width, prec, flags);
		else
			put_num(&o, v, false, base, width, prec, flags);
	}
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}
