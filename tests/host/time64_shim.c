// SPDX-License-Identifier: GPL-2.0
/* Arbor's struct tm and the C library's share a name: this unit sees only Arbor's. */
#include <arbor/time64.h>

#include "time64_shim.h"

void arbor_time64_to_tm(int64_t t, int f[7], long *year)
{
	struct tm tm;

	time64_to_tm(t, &tm);
	f[0] = tm.tm_sec;
	f[1] = tm.tm_min;
	f[2] = tm.tm_hour;
	f[3] = tm.tm_mday;
	f[4] = tm.tm_mon;
	f[5] = tm.tm_wday;
	f[6] = tm.tm_yday;
	*year = tm.tm_year;
}
