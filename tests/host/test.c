// SPDX-License-Identifier: GPL-2.0
#include "test.h"

struct test_case test_cases[TEST_MAX];
int test_count;
int test_failed_checks;

/* Run every registered case, or only those named on the command line. */
int test_main(int argc, char **argv)
{
	int failed = 0, run = 0;

	printf("TAP version 13\n");
	for (int i = 0; i < test_count; i++) {
		int want = argc < 2;

		for (int j = 1; j < argc; j++)
			if (!strcmp(argv[j], test_cases[i].name))
				want = 1;
		if (!want)
			continue;
		int before = test_failed_checks;

		test_cases[i].fn();
		run++;
		if (test_failed_checks != before) {
			failed++;
			printf("not ok %d - %s\n", run, test_cases[i].name);
		} else {
			printf("ok %d - %s\n", run, test_cases[i].name);
		}
		fflush(stdout);
	}
	printf("1..%d\n", run);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	return test_main(argc, argv);
}
