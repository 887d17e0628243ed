// SPDX-License-Identifier: GPL-2.0
/*
 * Seconds since the epoch to a calendar date (Linux's time64_to_tm), for
 * "date" and "stat". Proleptic Gregorian calendar, UTC.
 */
#include <arbor/time64.h>

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/**
 * time64_to_tm - break @t (seconds since 1970-01-01 00:00:00 UTC) down
 * @t:		the time (may be negative)
 * @tm:		the result: tm_year is the full year, tm_mon 0..11, tm_mday
 *		1..31, tm_wday 0 (Sunday)..6, tm_yday 0..365
 */
void time64_to_tm(s64 t, struct tm *tm)
{
	static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	s64 days = t / 86400, rem = t % 86400;
	long year = 1970;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem % 3600 / 60);
	tm->tm_sec = (int)(rem % 60);
	/* 1970-01-01 was a Thursday. */
	tm->tm_wday = (int)(((days % 7) + 11) % 7);
	/* Whole 400-year cycles (146097 days) first, then year by year. */
	year += (long)(days / 146097) * 400;
	days %= 146097;
	if (days < 0) {
		days += 146097;
		year -= 400;
	}
	for (;;) {
		int ylen = is_leap(year) ? 366 : 365;

		if (days < ylen)
			break;
		days -= ylen;
		year++;
	}
	tm->tm_year = year;
	tm->tm_yday = (int)days;
	for (tm->tm_mon = 0; tm->tm_mon < 12; tm->tm_mon++) {
		int mlen = mdays[tm->tm_mon] + (tm->tm_mon == 1 && is_leap(year));

		if (days < mlen)
			break;
		days -= mlen;
	}
	tm->tm_mday = (int)days + 1;
}
