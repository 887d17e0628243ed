/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_KTEST_H
#define ARBOR_KTEST_H

/*
 * In-kernel tests, reported in KTAP (the format of Linux's KUnit). A suite is
 * registered from the subsystem's own file:
 *
 *	static void test_foo(struct ktest *t)
 *	{
 *		KTEST_EXPECT_EQ(t, foo(1), 2);
 *	}
 *	static const struct ktest_case foo_cases[] = {
 *		KTEST_CASE(test_foo),
 *		{}
 *	};
 *	KTEST_SUITE(foo, foo_cases);
 *
 * Run from the shell with "ktest [suite...]" or at boot with
 * "ktest=all|suite,suite" on the command line (then the machine exits with
 * status 0 when everything passed, 1 otherwise).
 */
#include <arbor/compiler.h>
#include <arbor/types.h>

struct ktest {
	const char *name;
	int failures;
	bool skipped;
	const char *skip_reason;
};

struct ktest_case {
	const char *name;
	void (*fn)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;	/* terminated by an empty entry */
};

#define KTEST_CASE(fn)	{ #fn, fn }

#define KTEST_SUITE(ident, case_array)					\
	static const struct ktest_suite __ktest_suite_##ident		\
	__used __section("ktest_suites") __aligned(8) = { #ident, case_array }

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);

#define KTEST_EXPECT_TRUE(t, cond)					\
	do {								\
		if (!(cond))						\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s to be true", #cond);	\
	} while (0)

#define KTEST_EXPECT_FALSE(t, cond)	KTEST_EXPECT_TRUE(t, !(cond))

#define KTEST_EXPECT_EQ(t, a, b)					\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (__a != __b)						\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s == %s, but %s == %#llx, %s == %#llx", \
				   #a, #b, #a, __a, #b, __b);		\
	} while (0)

#define KTEST_EXPECT_NE(t, a, b)					\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (__a == __b)						\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s != %s, both %#llx", #a, #b, __a); \
	} while (0)

/* ASSERT variants end the test case at the first failure. */
#define KTEST_ASSERT_TRUE(t, cond)					\
	do {								\
		if (!(cond)) {						\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Asserted %s to be true", #cond);	\
			return;						\
		}							\
	} while (0)

static inline void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

/**
 * ktest_run - run the suites whose names are listed (comma or space
 * separated; "all" or NULL for every suite)
 * Return: number of failed test cases, or -ENOENT if a name matched nothing.
 */
int ktest_run(const char *names);

/** ktest_boot_run - run "ktest=" from the command line, then exit the machine */
void ktest_boot_run(const char *names) __noreturn;

#endif
