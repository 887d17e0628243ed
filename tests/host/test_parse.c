// SPDX-License-Identifier: GPL-2.0
/* Host tests for lib/parse.c: kstrto*(), parse_num(), split_args(). */
#include "test.h"

#include <arbor/errno.h>
#include <arbor/parse.h>

#define U64_MAX_VAL	0xffffffffffffffffULL
#define SENTINEL	0x5a5a5a5a5a5a5a5aULL

struct u64_case {
	const char *s;
	unsigned int base;
	int rc;
	unsigned long long val;
};

static const struct u64_case kstrtou64_cases[] = {
	{ "0", 10, 0, 0 },
	{ "1", 10, 0, 1 },
	{ "+1", 10, 0, 1 },
	{ "42\n", 10, 0, 42 },
	{ "18446744073709551615", 10, 0, U64_MAX_VAL },
	{ "18446744073709551616", 10, -ERANGE, 0 },
	{ "99999999999999999999", 10, -ERANGE, 0 },
	{ "99999999999999999999x", 10, -ERANGE, 0 },	/* Linux: range first */
	{ "000000000000000000000000000001", 10, 0, 1 },
	{ "ffffffffffffffff", 16, 0, U64_MAX_VAL },
	{ "0xffffffffffffffff", 16, 0, U64_MAX_VAL },
	{ "0XFFFFFFFFFFFFFFFF", 0, 0, U64_MAX_VAL },
	{ "0x10000000000000000", 0, -ERANGE, 0 },
	{ "1777777777777777777777", 8, 0, U64_MAX_VAL },
	{ "2000000000000000000000", 8, -ERANGE, 0 },
	{ "0777", 0, 0, 0777 },
	{ "0", 0, 0, 0 },
	{ "00", 0, 0, 0 },
	{ "08", 0, -EINVAL, 0 },
	{ "0x1f", 0, 0, 0x1f },
	{ "0x", 0, -EINVAL, 0 },
	{ "0x", 16, -EINVAL, 0 },
	{ "0xg", 0, -EINVAL, 0 },
	{ "123", 0, 0, 123 },
	{ "1010", 2, 0, 10 },
	{ "102", 2, -EINVAL, 0 },
	{ "z", 16, -EINVAL, 0 },
	{ "10", 1, -EINVAL, 0 },
	{ "10", 17, -EINVAL, 0 },
	{ "10", 36, -EINVAL, 0 },
	{ "", 10, -EINVAL, 0 },
	{ "\n", 10, -EINVAL, 0 },
	{ "+", 10, -EINVAL, 0 },
	{ "++1", 10, -EINVAL, 0 },
	{ "-1", 10, -EINVAL, 0 },
	{ "-0", 10, -EINVAL, 0 },
	{ " 1", 10, -EINVAL, 0 },
	{ "1 ", 10, -EINVAL, 0 },
	{ "1\n\n", 10, -EINVAL, 0 },
	{ "1\r", 10, -EINVAL, 0 },
	{ "12a", 10, -EINVAL, 0 },
	{ "1K", 10, -EINVAL, 0 },
};

TEST(kstrtou64_table)
{
	for (size_t i = 0; i < sizeof(kstrtou64_cases) / sizeof(kstrtou64_cases[0]); i++) {
		const struct u64_case *c = &kstrtou64_cases[i];
		uint64_t v = SENTINEL;
		int rc = kstrtou64(c->s, c->base, &v);

		if (rc != c->rc || (rc == 0 && v != c->val) ||
		    (rc != 0 && v != SENTINEL)) {
			test_failed_checks++;
			printf("# kstrtou64(\"%s\", %u) = %d, %llu; want %d, %llu\n",
			       c->s, c->base, rc, (unsigned long long)v, c->rc,
			       c->val);
		}
	}
	CHECK_EQ(kstrtou64(NULL, 10, &(uint64_t){ 0 }), -EINVAL);
}

struct s64_case {
	const char *s;
	unsigned int base;
	int rc;
	long long val;
};

static const struct s64_case kstrtos64_cases[] = {
	{ "0", 10, 0, 0 },
	{ "-0", 10, 0, 0 },
	{ "+7", 10, 0, 7 },
	{ "-7", 10, 0, -7 },
	{ "-7\n", 10, 0, -7 },
	{ "9223372036854775807", 10, 0, INT64_MAX },
	{ "9223372036854775808", 10, -ERANGE, 0 },
	{ "-9223372036854775808", 10, 0, INT64_MIN },
	{ "-9223372036854775809", 10, -ERANGE, 0 },
	{ "-18446744073709551616", 10, -ERANGE, 0 },
	{ "-0x10", 0, 0, -16 },
	{ "-0x8000000000000000", 0, 0, INT64_MIN },
	{ "0x7fffffffffffffff", 0, 0, INT64_MAX },
	{ "-010", 0, 0, -8 },
	{ "--1", 10, -EINVAL, 0 },
	{ "-+1", 10, -EINVAL, 0 },
	{ "+-1", 10, -EINVAL, 0 },
	{ "-", 10, -EINVAL, 0 },
	{ "", 10, -EINVAL, 0 },
	{ "- 1", 10, -EINVAL, 0 },
};

TEST(kstrtos64_table)
{
	for (size_t i = 0; i < sizeof(kstrtos64_cases) / sizeof(kstrtos64_cases[0]); i++) {
		const struct s64_case *c = &kstrtos64_cases[i];
		int64_t v = (int64_t)SENTINEL;
		int rc = kstrtos64(c->s, c->base, &v);

		if (rc != c->rc || (rc == 0 && v != c->val) ||
		    (rc != 0 && v != (int64_t)SENTINEL)) {
			test_failed_checks++;
			printf("# kstrtos64(\"%s\", %u) = %d, %lld; want %d, %lld\n",
			       c->s, c->base, rc, (long long)v, c->rc, c->val);
		}
	}
}

TEST(kstrtouint_kstrtoint)
{
	unsigned int u = 5;
	int i = 5;

	CHECK_EQ(kstrtouint("4294967295", 10, &u), 0);
	CHECK_EQ(u, 4294967295U);
	u = 5;
	CHECK_EQ(kstrtouint("4294967296", 10, &u), -ERANGE);
	CHECK_EQ(u, 5);
	CHECK_EQ(kstrtouint("0xffffffff", 0, &u), 0);
	CHECK_EQ(u, 0xffffffffU);
	CHECK_EQ(kstrtouint("-1", 10, &u), -EINVAL);
	CHECK_EQ(kstrtouint("+12\n", 10, &u), 0);
	CHECK_EQ(u, 12);

	CHECK_EQ(kstrtoint("2147483647", 10, &i), 0);
	CHECK_EQ(i, 2147483647);
	CHECK_EQ(kstrtoint("-2147483648", 10, &i), 0);
	CHECK_EQ(i, -2147483647 - 1);
	i = 5;
	CHECK_EQ(kstrtoint("2147483648", 10, &i), -ERANGE);
	CHECK_EQ(kstrtoint("-2147483649", 10, &i), -ERANGE);
	CHECK_EQ(kstrtoint("99999999999999999999", 10, &i), -ERANGE);
	CHECK_EQ(i, 5);
	CHECK_EQ(kstrtoint("-0x10", 0, &i), 0);
	CHECK_EQ(i, -16);
	CHECK_EQ(kstrtoint("x", 0, &i), -EINVAL);
}

static const struct u64_case parse_num_cases[] = {
	{ "0", 0, 0, 0 },
	{ "7", 0, 0, 7 },
	{ "010", 0, 0, 10 },			/* no octal in the shell */
	{ "0x10", 0, 0, 16 },
	{ "0X10", 0, 0, 16 },
	{ "0xdeadBEEF", 0, 0, 0xdeadbeef },
	{ "18446744073709551615", 0, 0, U64_MAX_VAL },
	{ "0xffffffffffffffff", 0, 0, U64_MAX_VAL },
	{ "18446744073709551616", 0, -ERANGE, 0 },
	{ "0x10000000000000000", 0, -ERANGE, 0 },
	{ "1k", 0, 0, 1024 },
	{ "1K", 0, 0, 1024 },
	{ "4m", 0, 0, 4ULL << 20 },
	{ "4M", 0, 0, 4ULL << 20 },
	{ "2g", 0, 0, 2ULL << 30 },
	{ "2G", 0, 0, 2ULL << 30 },
	{ "3t", 0, 0, 3ULL << 40 },
	{ "3T", 0, 0, 3ULL << 40 },
	{ "0K", 0, 0, 0 },
	{ "0x10K", 0, 0, 16 << 10 },
	{ "0x1M", 0, 0, 1 << 20 },
	/* Largest values that survive each multiplier, and one past. */
	{ "18014398509481983K", 0, 0, U64_MAX_VAL >> 10 << 10 },
	{ "18014398509481984K", 0, -ERANGE, 0 },
	{ "17592186044415M", 0, 0, U64_MAX_VAL >> 20 << 20 },
	{ "17592186044416M", 0, -ERANGE, 0 },
	{ "17179869183G", 0, 0, U64_MAX_VAL >> 30 << 30 },
	{ "17179869184G", 0, -ERANGE, 0 },
	{ "16777215T", 0, 0, U64_MAX_VAL >> 40 << 40 },
	{ "16777216T", 0, -ERANGE, 0 },	/* exactly 2^64 */
	{ "0xffffffT", 0, 0, 0xffffffULL << 40 },
	{ "0x1000000T", 0, -ERANGE, 0 },
	{ "99999999999999999999K", 0, -ERANGE, 0 },
	/* Strict syntax. */
	{ "16E", 0, -EINVAL, 0 },		/* no exa (or peta) suffix */
	{ "1P", 0, -EINVAL, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "K", 0, -EINVAL, 0 },
	{ "0x", 0, -EINVAL, 0 },
	{ "0xK", 0, -EINVAL, 0 },
	{ "x10", 0, -EINVAL, 0 },
	{ "+1", 0, -EINVAL, 0 },
	{ "-1", 0, -EINVAL, 0 },
	{ " 1", 0, -EINVAL, 0 },
	{ "1 ", 0, -EINVAL, 0 },
	{ "1 K", 0, -EINVAL, 0 },
	{ "1\t", 0, -EINVAL, 0 },
	{ "1\n", 0, -EINVAL, 0 },
	{ "1KB", 0, -EINVAL, 0 },
	{ "1KiB", 0, -EINVAL, 0 },
	{ "1kk", 0, -EINVAL, 0 },
	{ "1KM", 0, -EINVAL, 0 },
	{ "1b", 0, -EINVAL, 0 },
	{ "12ab", 0, -EINVAL, 0 },
	{ "1.5K", 0, -EINVAL, 0 },
	{ "0b101", 0, -EINVAL, 0 },
	{ "0x0x1", 0, -EINVAL, 0 },
	{ "0xfz", 0, -EINVAL, 0 },
	{ "0xfg", 0, 0, 15ULL << 30 },		/* 'g' is the suffix, not a digit */
	{ "99999999999999999999x", 0, -EINVAL, 0 },	/* syntax first */
};

TEST(parse_num_table)
{
	for (size_t i = 0; i < sizeof(parse_num_cases) / sizeof(parse_num_cases[0]); i++) {
		const struct u64_case *c = &parse_num_cases[i];
		uint64_t v = SENTINEL;
		int rc = parse_num(c->s, &v);

		if (rc != c->rc || (rc == 0 && v != c->val) ||
		    (rc != 0 && v != SENTINEL)) {
			test_failed_checks++;
			printf("# parse_num(\"%s\") = %d, %llu; want %d, %llu\n",
			       c->s, rc, (unsigned long long)v, c->rc, c->val);
		}
	}
	CHECK_EQ(parse_num(NULL, &(uint64_t){ 0 }), -EINVAL);
	CHECK_EQ(parse_num("1", NULL), -EINVAL);
}

/* Every value round-trips through decimal and hex, with and without suffix. */
TEST(parse_num_random_roundtrip)
{
	uint64_t seed = 0x1234abcd5678ef01ULL;

	for (int i = 0; i < 20000; i++) {
		uint64_t v = test_rand(&seed) >> (test_rand(&seed) % 64), got;
		char buf[64];

		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		CHECK(parse_num(buf, &got) == 0 && got == v);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
		CHECK(parse_num(buf, &got) == 0 && got == v);
		snprintf(buf, sizeof(buf), "%" PRIu64 "K", v);
		if (v <= U64_MAX_VAL >> 10)
			CHECK(parse_num(buf, &got) == 0 && got == v << 10);
		else
			CHECK_EQ(parse_num(buf, &got), -ERANGE);
		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		CHECK(kstrtou64(buf, 0, &got) == 0 && got == v);
	}
}

struct split_case {
	const char *line;
	int rc;
	const char *argv[6];
};

static const struct split_case split_cases[] = {
	{ "", 0, { NULL } },
	{ "   \t  ", 0, { NULL } },
	{ "a", 1, { "a" } },
	{ "  a  ", 1, { "a" } },
	{ "echo hello world", 3, { "echo", "hello", "world" } },
	{ "a\tb \t c", 3, { "a", "b", "c" } },
	{ "a \"b c\" d", 3, { "a", "b c", "d" } },
	{ "a 'b c' d", 3, { "a", "b c", "d" } },
	{ "\"\"", 1, { "" } },
	{ "'' x", 2, { "", "x" } },
	{ "a\"b c\"d", 1, { "ab cd" } },
	{ "a'b'\"c\"d", 1, { "abcd" } },
	{ "'a \"b\" c'", 1, { "a \"b\" c" } },
	{ "\"a 'b' c\"", 1, { "a 'b' c" } },
	{ "a\\ b", 1, { "a b" } },
	{ "\\\"x\\\"", 1, { "\"x\"" } },
	{ "\"a\\\"b\"", 1, { "a\"b" } },
	{ "\"a\\\\b\"", 1, { "a\\b" } },
	{ "'a\\b'", 1, { "a\\b" } },
	{ "\\'", 1, { "'" } },
	{ "a\\\\", 1, { "a\\" } },
	{ "\\n", 1, { "n" } },
	{ "x \"\" y", 3, { "x", "", "y" } },
	{ "one two three four five", 5, { "one", "two", "three", "four", "five" } },
	{ "\"unterminated", -EINVAL, { NULL } },
	{ "'unterminated", -EINVAL, { NULL } },
	{ "a \"b", -EINVAL, { NULL } },
	{ "\"a'", -EINVAL, { NULL } },
	{ "trailing\\", -EINVAL, { NULL } },
	{ "\"inside\\", -EINVAL, { NULL } },
	{ "1 2 3 4 5 6", -E2BIG, { NULL } },
};

TEST(split_args_table)
{
	for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];
		char buf[128];
		char *argv[6] = { 0 };
		int rc;

		snprintf(buf, sizeof(buf), "%s", c->line);
		rc = split_args(buf, argv, 5);
		if (rc != c->rc) {
			test_failed_checks++;
			printf("# split_args(\"%s\") = %d, want %d\n", c->line, rc,
			       c->rc);
			continue;
		}
		for (int j = 0; j < rc; j++)
			CHECK_STR(argv[j], c->argv[j]);
		if (rc >= 0 && rc < 5)
			CHECK(argv[rc] == NULL);
	}
}

TEST(split_args_limits)
{
	char line[] = "a b c";
	char *argv[4] = { 0 };

	/* Exactly max_args words fit; argv[argc] is left alone then. */
	argv[3] = (char *)"keep";
	CHECK_EQ(split_args(line, argv, 3), 3);
	CHECK_STR(argv[2], "c");
	CHECK_STR(argv[3], "keep");

	char line2[] = "a b c";
	CHECK_EQ(split_args(line2, argv, 2), -E2BIG);

	char line3[] = "   ";
	CHECK_EQ(split_args(line3, NULL, 0), 0);
	char line4[] = "x";
	CHECK_EQ(split_args(line4, argv, 0), -E2BIG);
	CHECK_EQ(split_args(NULL, argv, 4), -EINVAL);

	/* Words point into the line, in order, and the line is not overrun. */
	char line5[] = "\"\" '' \"\"";
	CHECK_EQ(split_args(line5, argv, 4), 3);
	CHECK(argv[0] >= line5 && argv[2] < line5 + sizeof(line5));
	CHECK(argv[0] < argv[1] && argv[1] < argv[2]);
	CHECK_STR(argv[2], "");
}

/* Random lines of words, quotes and escapes: never write past the line. */
TEST(split_args_random)
{
	static const char alphabet[] = "ab \t\"'\\";
	uint64_t seed = 42;

	for (int i = 0; i < 20000; i++) {
		size_t len = test_rand(&seed) % 40;
		char *buf = malloc(len + 1);
		char *argv[8];
		int rc;

		for (size_t j = 0; j < len; j++)
			buf[j] = alphabet[test_rand(&seed) % (sizeof(alphabet) - 1)];
		buf[len] = '\0';
		rc = split_args(buf, argv, 8);
		CHECK(rc == -EINVAL || rc == -E2BIG || rc >= 0);
		for (int j = 0; j < rc; j++) {
			CHECK(argv[j] >= buf && argv[j] + strlen(argv[j]) < buf + len + 1);
			if (j)
				CHECK(argv[j] > argv[j - 1]);
		}
		free(buf);
	}
}
