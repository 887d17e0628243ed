// SPDX-License-Identifier: GPL-2.0
/*
 * Number and argument parsing for the shell and for command-line style
 * options. Nothing here allocates or prints, so the same code runs in the
 * kernel and in the host tests.
 */
#include <arbor/errno.h>
#include <arbor/parse.h>
#include <arbor/types.h>

#define PARSE_U64_MAX	((u64)~0ULL)
#define PARSE_S64_MAX	((s64)(PARSE_U64_MAX >> 1))
#define PARSE_S64_MIN	(-PARSE_S64_MAX - 1)
#define PARSE_UINT_MAX	(~0U)
#define PARSE_INT_MAX	((int)(PARSE_UINT_MAX >> 1))
#define PARSE_INT_MIN	(-PARSE_INT_MAX - 1)

/* Value of a digit in any base up to 36, or 36 when @c is no digit at all. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Accumulate the digits of @base at *@sp, advancing *@sp past them. Digits
 * are consumed even after an overflow so the caller can tell "too big"
 * from "garbage after the number".
 *
 * Return: the number of digits consumed; *@overflow says whether the value
 * stopped fitting in 64 bits.
 */
static unsigned int take_digits(const char **sp, unsigned int base, u64 *val,
				bool *overflow)
{
	const char *s = *sp;
	unsigned int n = 0, d;
	u64 v = 0;

	*overflow = false;
	for (; (d = digit_value(*s)) < base; s++, n++) {
		if (v > (PARSE_U64_MAX - d) / base)
			*overflow = true;
		else
			v = v * base + d;
	}
	*sp = s;
	*val = v;
	return n;
}

/* The unsigned core of kstrtou64/kstrtos64; no sign handling here. */
static int parse_unsigned(const char *s, unsigned int base, u64 *res)
{
	bool overflow;
	u64 v;

	if (!s)
		return -EINVAL;
	if (base == 0) {
		if (s[0] != '0')
			base = 10;
		else if ((s[1] | 0x20) == 'x' && digit_value(s[2]) < 16)
			base = 16;
		else
			base = 8;
	}
	if (base < 2 || base > 16)
		return -EINVAL;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;

	if (!take_digits(&s, base, &v, &overflow))
		return -EINVAL;
	/* As in Linux, overflow is reported before trailing junk. */
	if (overflow)
		return -ERANGE;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

/**
 * kstrtou64 - convert a string to an unsigned 64-bit integer
 * @s: the string; an optional '+', the digits, and at most one '\n'
 * @base: 2..16, or 0 to detect "0x" (hex) and "0" (octal) prefixes
 * @res: where the value goes; untouched on failure
 *
 * Return: 0, -EINVAL for a malformed string or base, -ERANGE on overflow.
 */
int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	if (s && s[0] == '+')
		s++;
	return parse_unsigned(s, base, res);
}

/**
 * kstrtos64 - convert a string to a signed 64-bit integer
 * @s: the string; an optional '+' or '-', the digits, and at most one '\n'
 * @base: as for kstrtou64()
 * @res: where the value goes; untouched on failure
 *
 * Return: 0, -EINVAL for a malformed string or base, -ERANGE when the
 * value does not fit in an s64.
 */
int kstrtos64(const char *s, unsigned int base, s64 *res)
{
	u64 v;
	int rc;

	if (s && s[0] == '-') {
		rc = parse_unsigned(s + 1, base, &v);
		if (rc)
			return rc;
		if (v > (u64)PARSE_S64_MAX + 1)
			return -ERANGE;
		/* -(2^63) has no positive counterpart to negate. */
		*res = v == (u64)PARSE_S64_MAX + 1 ? PARSE_S64_MIN : -(s64)v;
		return 0;
	}
	rc = kstrtou64(s, base, &v);
	if (rc)
		return rc;
	if (v > (u64)PARSE_S64_MAX)
		return -ERANGE;
	*res = (s64)v;
	return 0;
}

/**
 * kstrtouint - convert a string to an unsigned int
 * @s: as for kstrtou64()
 * @base: as for kstrtou64()
 * @res: where the value goes; untouched on failure
 *
 * Return: 0, -EINVAL, or -ERANGE when the value exceeds UINT_MAX.
 */
int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	u64 v;
	int rc = kstrtou64(s, base, &v);

	if (rc)
		return rc;
	if (v > PARSE_UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

/**
 * kstrtoint - convert a string to an int
 * @s: as for kstrtos64()
 * @base: as for kstrtou64()
 * @res: where the value goes; untouched on failure
 *
 * Return: 0, -EINVAL, or -ERANGE when the value is outside INT_MIN..INT_MAX.
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	s64 v;
	int rc = kstrtos64(s, base, &v);

	if (rc)
		return rc;
	if (v < PARSE_INT_MIN || v > PARSE_INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

/**
 * parse_num - parse a number the way the shell spells sizes and addresses
 * @s: decimal digits, or "0x"/"0X" and hex digits, optionally followed by
 *     one binary-multiplier suffix K, M, G or T (either case)
 * @res: where the value goes; untouched on failure
 *
 * Deliberately strict: no sign, no whitespace anywhere, no trailing "B" or
 * "iB", no newline, no octal. Leading zeros in decimal are just zeros.
 * Note that in hex the suffix letters cannot clash with digits because
 * none of K, M, G, T is a hex digit.
 *
 * Return: 0, -EINVAL for a malformed string, -ERANGE when the number or
 * the number times its multiplier does not fit in 64 bits.
 */
int parse_num(const char *s, u64 *res)
{
	unsigned int base = 10, shift = 0;
	bool overflow;
	u64 v;

	if (!s || !res)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!take_digits(&s, base, &v, &overflow))
		return -EINVAL;

	switch (*s) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	}
	if (shift)
		s++;
	/* Syntax first: "99999999999999999999x" is garbage, not a range error. */
	if (*s)
		return -EINVAL;
	if (overflow || v > (PARSE_U64_MAX >> shift))
		return -ERANGE;
	*res = v << shift;
	return 0;
}

static bool is_arg_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/**
 * split_args - split a command line into words, in place
 * @line: the line; rewritten in place (quotes and backslashes are removed
 *        and each word is NUL-terminated), also on failure
 * @argv: receives pointers to the words inside @line; when fewer than
 *        @max_args words are found, argv[argc] is set to NULL
 * @max_args: capacity of @argv
 *
 * Words are separated by runs of spaces or tabs. Within a word, "..." and
 * '...' quote spaces; adjacent quoted and bare parts join into one word,
 * and "" is an empty word. A backslash outside single quotes takes the
 * next character literally (so \" and \\ work inside double quotes too);
 * inside single quotes everything is literal.
 *
 * Return: the number of words, -E2BIG when there are more than @max_args,
 * -EINVAL for an unterminated quote or a backslash at the very end.
 */
int split_args(char *line, char **argv, int max_args)
{
	char *r = line, *w = line;
	int argc = 0;

	if (!line || (!argv && max_args > 0))
		return -EINVAL;

	/* The write pointer never passes the read pointer: words only shrink. */
	for (;;) {
		char quote = 0;
		bool at_end;

		while (is_arg_space(*r))
			r++;
		if (!*r)
			break;
		if (argc >= max_args)
			return -E2BIG;
		argv[argc++] = w;

		for (; *r; r++) {
			char c = *r;

			if (quote == '\'') {
				if (c == '\'')
					quote = 0;
				else
					*w++ = c;
				continue;
			}
			if (c == '\\') {
				if (!r[1])
					return -EINVAL;
				*w++ = *++r;
				continue;
			}
			if (quote == '"') {
				if (c == '"')
					quote = 0;
				else
					*w++ = c;
				continue;
			}
			if (c == '"' || c == '\'') {
				quote = c;
				continue;
			}
			if (is_arg_space(c))
				break;
			*w++ = c;
		}
		if (quote)
			return -EINVAL;
		at_end = !*r;
		*w++ = '\0';
		if (at_end)
			break;
		r++;
	}
	if (argc < max_args)
		argv[argc] = NULL;
	return argc;
}
