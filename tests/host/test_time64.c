// SPDX-License-Identifier: GPL-2.0
/* time64_to_tm against the host C library's gmtime_r, fixed seed. */
#define _GNU_SOURCE
#include <time.h>

#include "test.h"
#include "time64_shim.h"

static int matches(int64_t t)
{
	struct tm ref;
	time_t tt = (time_t)t;
	long year;
	int f[7];

	arbor_time64_to_tm(t, f, &year);
	if (!gmtime_r(&tt, &ref))
		return 1;
	return f[0] == ref.tm_sec && f[1] == ref.tm_min && f[2] == ref.tm_hour &&
	       f[3] == ref.tm_mday && f[4] == ref.tm_mon && year == ref.tm_year + 1900L &&
	       f[5] == ref.tm_wday && f[6] == ref.tm_yday;
}

TEST(known_dates)
{
	long year;
	int f[7];

	arbor_time64_to_tm(0, f, &year);
	CHECK(year == 1970 && f[4] == 0 && f[3] == 1 && f[5] == 4);	/* a Thursday */
	arbor_time64_to_tm(951782400, f, &year);		/* 2000-02-29, a leap day */
	CHECK(year == 2000 && f[4] == 1 && f[3] == 29);
	arbor_time64_to_tm(4107542399LL, f, &year);		/* 2100-02-28 23:59:59 */
	CHECK(year == 2100 && f[4] == 1 && f[3] == 28 && f[0] == 59);
	arbor_time64_to_tm(-1, f, &year);			/* 1969-12-31 23:59:59 */
	CHECK(year == 1969 && f[4] == 11 && f[3] == 31 && f[2] == 23);
}

TEST(random_against_gmtime)
{
	uint64_t seed = 0x7431;
	int bad = 0;

	for (int i = 0; i < 2000000 && bad < 5; i++) {
		/* Years -10000..10000 around the epoch, and near day boundaries. */
		int64_t t = (int64_t)(test_rand(&seed) % 631152000000ULL) - 315576000000LL;

		if (i & 1)
			t -= t % 86400;
		if (!matches(t)) {
			printf("# mismatch at %lld\n", (long long)t);
			bad++;
		}
	}
	CHECK(bad == 0);
}
