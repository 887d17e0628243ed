// SPDX-License-Identifier: GPL-2.0
/*
 * Wall-clock time (Linux's CLOCK_REALTIME, kernel/time/timekeeping.c,
 * small): the monotonic clock (ktime_get_ns, the arch counter) plus the
 * offset an RTC gave at boot. Without an RTC (a Raspberry Pi) the wall
 * clock starts at the epoch, as Linux's does without one.
 */
#include <arbor/errno.h>
#include <arbor/shell.h>
#include <arbor/time.h>
#include <arbor/time64.h>

static s64 real_offset_ns;
static bool real_set;

/**
 * timekeeping_set_real - the wall clock reads @sec (seconds since the epoch) now
 * @sec:	from an RTC
 */
void timekeeping_set_real(u64 sec)
{
	real_offset_ns = (s64)(sec * NSEC_PER_SEC) - (s64)ktime_get_ns();
	real_set = true;
}

/** timekeeping_real_valid - whether an RTC set the wall clock */
bool timekeeping_real_valid(void)
{
	return real_set;
}

/** ktime_get_real_ns - nanoseconds since the epoch (since boot when no RTC set it) */
u64 ktime_get_real_ns(void)
{
	return (u64)((s64)ktime_get_ns() + real_offset_ns);
}

static int cmd_date(int argc, char **argv)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (argc > 1)
		return -EINVAL;
	time64_to_tm((s64)(ktime_get_real_ns() / NSEC_PER_SEC), &tm);
	/* date(1) with TZ=UTC: "Sun Nov 22 01:05:12 UTC 2026". */
	shell_printf("%s %s %2d %02d:%02d:%02d UTC %ld%s\n", days[tm.tm_wday], months[tm.tm_mon],
		     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year,
		     real_set ? "" : " (no real-time clock: counted from boot)");
	return 0;
}
SHELL_CMD(date, "date", "", "the wall-clock time (UTC), from the RTC read at boot", cmd_date);
