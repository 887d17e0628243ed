/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_TIME_H
#define ARBOR_TIME_H

/*
 * Time keeping on the Arm generic timer (drivers/clocksource/arm_arch_timer.c):
 * the virtual counter is the clock, the EL1 virtual timer the periodic tick.
 */
#include <arbor/types.h>

#define HZ		CONFIG_HZ

#define MSEC_PER_SEC	1000UL
#define USEC_PER_MSEC	1000UL
#define USEC_PER_SEC	1000000UL
#define NSEC_PER_USEC	1000UL
#define NSEC_PER_MSEC	1000000UL
#define NSEC_PER_SEC	1000000000UL

/* Ticks since the timer started; written only by the tick interrupt. */
extern volatile unsigned long jiffies;

/* Comparisons that survive jiffies wrapping, as Linux's. */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + MSEC_PER_SEC - 1) / MSEC_PER_SEC;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * MSEC_PER_SEC / HZ);
}

u64 ktime_get_ns(void);


u64 arch_timer_read_counter(void);
u32 arch_timer_get_rate(void);
u64 arch_timer_cyc_to_ns(u64 cyc);
bool arch_timer_tick_running(void);

void udelay(unsigned long us);
void mdelay(unsigned long ms);

#endif
