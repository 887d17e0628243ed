/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny host test harness. Each test binary registers cases with TEST(),
 * checks with CHECK*(), and its main() is test_main(). Output is TAP
 * ("ok 3 - name"), and the binary exits non-zero when anything failed;
 * scripts/check counts the "ok"/"not ok" lines.
 */
#ifndef ARBOR_HOST_TEST_H
#define ARBOR_HOST_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_MAX 256
extern struct test_case test_cases[TEST_MAX];
extern int test_count;
extern int test_failed_checks;

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void reg_##name(void)	\
	{								\
		if (test_count < TEST_MAX)				\
			test_cases[test_count++] =			\
				(struct test_case){ #name, name };	\
	}								\
	static void name(void)

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			test_failed_checks++;				\
			printf("# %s:%d: CHECK(%s) failed\n", __FILE__,	\
			       __LINE__, #cond);			\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			test_failed_checks++;				\
			printf("# %s:%d: %s == %s failed: %lld (0x%llx) != %lld (0x%llx)\n", \
			       __FILE__, __LINE__, #a, #b, _a,		\
			       (unsigned long long)_a, _b,		\
			       (unsigned long long)_b);			\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b)) {			\
			test_failed_checks++;				\
			printf("# %s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
			       __FILE__, __LINE__, #a, #b,		\
			       _a ? _a : "(null)", _b ? _b : "(null)");	\
		}							\
	} while (0)

/* A deterministic PRNG (xorshift64*) so randomized tests repeat exactly. */
#include <arbor/prandom.h>

static inline uint64_t test_rand(uint64_t *state)
{
	return prandom_u64_state(state);
}

int test_main(int argc, char **argv);

#endif
