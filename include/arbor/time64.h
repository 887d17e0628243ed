/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_TIME64_H
#define ARBOR_TIME64_H

#include <arbor/types.h>

/* A broken-down UTC time (lib/time64.c); tm_year is the full year. */
struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_wday, tm_yday;
	long tm_year;
};

void time64_to_tm(s64 t, struct tm *tm);

/* Wall-clock time (kernel/timekeeping.c), set from an RTC at boot. */
void timekeeping_set_real(u64 sec);
bool timekeeping_real_valid(void);
u64 ktime_get_real_ns(void);

#endif
