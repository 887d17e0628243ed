// SPDX-License-Identifier: GPL-2.0
/*
 * The Arm generic timer: the virtual counter is the clock (ktime_get_ns(),
 * udelay()), and the EL1 virtual timer raises the periodic tick at HZ that
 * advances jiffies. The virtual view works whether the kernel was entered
 * at EL1 or dropped from EL2 (head.S zeroes CNTVOFF_EL2 there), and never
 * traps to a hypervisor.
 *
 * Tick k is due when the counter reaches tick_cval(k), computed from the
 * counter value at start and never from the previous deadline, so a tick
 * rate that does not divide the counter frequency does not drift, and ticks
 * missed while interrupts were masked are caught up at the next one.
 */
#define pr_fmt(fmt) "arch_timer: " fmt

#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/irq.h>
#include <arbor/ktest.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/time.h>
#include <asm/sysreg.h>

/*
 * EL1 virtual timer (Arm ARM D11.2, D19.12):
 *   CNTFRQ_EL0     counter frequency in Hz, as the firmware programmed it
 *   CNTVCT_EL0     64-bit virtual count = physical count - CNTVOFF_EL2
 *   CNTV_CVAL_EL0  64-bit compare value: the timer condition is met while
 *                  CNTVCT_EL0 >= CNTV_CVAL_EL0
 *   CNTV_CTL_EL0   ENABLE [0], IMASK [1] (1: no interrupt),
 *                  ISTATUS [2] (read only: condition met). The interrupt
 *                  is level: it stays asserted until CVAL moves ahead.
 */
#define ARCH_TIMER_CTRL_ENABLE		BIT(0)
#define ARCH_TIMER_CTRL_IT_MASK		BIT(1)
#define ARCH_TIMER_CTRL_IT_STAT		BIT(2)

/*
 * "interrupts" of the arm,armv8-timer (and armv7-timer) binding: secure
 * phys, phys, virt, hyp. Their interrupt parent decides what the entries
 * mean: GIC PPIs on virt and the Pi 4 (<1 11 flags>: INTID 27), lines of
 * the BCM2836 ARM local controller on the Pi 3 (<3 flags>: CNTVIRQ), so
 * the number always comes from irq_of_get(), never from a GIC assumption.
 */
#define ARCH_TIMER_VIRT_IDX		2
/* SBSA's virtual timer INTID: a GIC root's guess when the DT has no /timer. */
#define ARCH_TIMER_DEFAULT_VIRT_INTID	27

volatile unsigned long jiffies;

static u32 arch_timer_rate;		/* counter Hz: DT clock-frequency or CNTFRQ_EL0 */
static unsigned int arch_timer_intid;	/* interrupt number; 0 while there is no tick */
static u64 tick_cnt0;			/* counter value of tick 0 */
static u64 tick_next;			/* index of the tick CVAL is set for */

/**
 * arch_timer_read_counter - the virtual counter, CNTVCT_EL0
 *
 * The ISB keeps the read from being done early, ahead of the code before
 * it, which would let two reads around an event come out of order.
 */
u64 arch_timer_read_counter(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/**
 * arch_timer_get_rate - the counter frequency in Hz
 *
 * Before the timer is set up this is CNTFRQ_EL0; after, the Device Tree's
 * clock-frequency when it gives one. Never 0 when the firmware did its job.
 */
u32 arch_timer_get_rate(void)
{
	if (!arch_timer_rate)
		arch_timer_rate = (u32)read_sysreg(cntfrq_el0);
	return arch_timer_rate;
}

/**
 * arch_timer_cyc_to_ns - counter cycles to nanoseconds, without overflow
 * @cyc: cycles
 *
 * Return: the nanoseconds, rounded down; 0 when the rate is unknown.
 */
u64 arch_timer_cyc_to_ns(u64 cyc)
{
	u64 rate = arch_timer_get_rate();

	if (!rate)
		return 0;
	/* Whole seconds and the remainder apart: rem * 1e9 < 2^32 * 2^30. */
	return cyc / rate * NSEC_PER_SEC + cyc % rate * NSEC_PER_SEC / rate;
}

/**
 * ktime_get_ns - monotonic time in nanoseconds
 *
 * Counted from when the counter started (machine reset: QEMU's start; on
 * a Raspberry Pi that includes the firmware's boot time), the same origin
 * as the printk timestamps.
 */
u64 ktime_get_ns(void)
{
	return arch_timer_cyc_to_ns(arch_timer_read_counter());
}

/**
 * arch_timer_tick_running - whether the periodic tick advances jiffies
 */
bool arch_timer_tick_running(void)
{
	return arch_timer_intid != 0;
}

/**
 * udelay - busy-wait at least @us microseconds
 * @us: microseconds
 *
 * Counts on the counter, so it is exact to a counter period and does not
 * need interrupts.
 */
void udelay(unsigned long us)
{
	u64 rate = arch_timer_get_rate();
	u64 start = arch_timer_read_counter();
	u64 cycles;

	if (!rate)
		rate = 1000000000;	/* unknown: assume the fastest, wait longer */
	/* Split like arch_timer_cyc_to_ns(), rounding up. */
	cycles = us / USEC_PER_SEC * rate +
		 DIV_ROUND_UP(us % USEC_PER_SEC * rate, USEC_PER_SEC);
	while (arch_timer_read_counter() - start < cycles)
		;
}

/**
 * mdelay - busy-wait at least @ms milliseconds
 * @ms: milliseconds
 */
void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(USEC_PER_MSEC);
}

/* Counter value at which tick @k is due: ceil(k * rate / HZ) after tick 0. */
static u64 tick_cval(u64 k)
{
	u64 rate = arch_timer_rate;

	return tick_cnt0 + k / HZ * rate + DIV_ROUND_UP(k % HZ * rate, HZ);
}

/* The last tick due at counter value @now: floor((now - cnt0) * HZ / rate). */
static u64 ticks_at(u64 now)
{
	u64 rate = arch_timer_rate, el = now - tick_cnt0;

	return el / rate * HZ + el % rate * HZ / rate;
}

static void arch_timer_handler(unsigned int intid, void *dev)
{
	u64 k = ticks_at(arch_timer_read_counter());

	/* k can jump by more than one when interrupts were masked for long. */
	jiffies = (unsigned long)k;
	tick_next = k + 1;
	/* Moving CVAL past the counter deasserts the level interrupt. */
	write_sysreg(tick_cval(tick_next), cntv_cval_el0);
	isb();
}

static int arch_timer_find_node(const struct fdt *fdt)
{
	static const char *const compat[] = { "arm,armv8-timer", "arm,armv7-timer" };

	for (size_t i = 0; i < ARRAY_SIZE(compat); i++) {
		int node = -1;

		while ((node = fdt_node_offset_by_compatible(fdt, node, compat[i])) >= 0)
			if (fdt_node_is_enabled(fdt, node))
				return node;
	}
	return -ENODEV;
}

static int arch_timer_init(void)
{
	const struct fdt *fdt = &boot_fdt;
	unsigned int type = IRQ_TYPE_LEVEL_HIGH;
	u32 cntfrq = (u32)read_sysreg(cntfrq_el0), dt_freq = 0;
	int node, intid, ret;

	node = arch_timer_find_node(fdt);
	if (node >= 0 && !fdt_getprop_u32(fdt, node, "clock-frequency", &dt_freq) && dt_freq) {
		/* Firmware that leaves CNTFRQ_EL0 wrong says so in the DT. */
		if (dt_freq != cntfrq)
			pr_info("clock-frequency %u Hz overrides CNTFRQ_EL0 %u Hz\n",
				dt_freq, cntfrq);
		arch_timer_rate = dt_freq;
	} else {
		arch_timer_rate = cntfrq;
	}
	boot_info.timer_freq = arch_timer_rate;
	if (!arch_timer_rate) {
		pr_err("counter frequency unknown (CNTFRQ_EL0 is 0): no tick\n");
		return -ENODEV;
	}

	if (node >= 0) {
		intid = irq_of_get(fdt, node, ARCH_TIMER_VIRT_IDX, &type);
		if (intid <= 0) {
			/* 0 means "no tick" to uptime and bootinfo; CNTV is 27 or 3, never 0. */
			pr_warn("no usable virtual timer interrupt in the DT (%d): no tick\n",
				intid);
			return -ENODEV;
		}
	} else if (!boot_info.gic_version) {
		pr_warn("no /timer node and no GIC to guess the interrupt on: no tick\n");
		return -ENODEV;
	} else {
		pr_warn("no /timer node: assuming the virtual timer is INTID %u\n",
			ARCH_TIMER_DEFAULT_VIRT_INTID);
		intid = ARCH_TIMER_DEFAULT_VIRT_INTID;
		irq_set_irq_type(intid, type);
	}

	/* First deadline one tick away, then let the timer assert. */
	write_sysreg(ARCH_TIMER_CTRL_IT_MASK, cntv_ctl_el0);
	tick_cnt0 = arch_timer_read_counter();
	tick_next = 1;
	jiffies = 0;
	write_sysreg(tick_cval(tick_next), cntv_cval_el0);
	write_sysreg(ARCH_TIMER_CTRL_ENABLE, cntv_ctl_el0);
	isb();

	ret = request_irq(intid, arch_timer_handler, "arch_timer", NULL);
	if (ret) {
		write_sysreg(0, cntv_ctl_el0);
		isb();
		pr_warn("cannot request INTID %d (%d): no tick\n", intid, ret);
		return ret;
	}
	arch_timer_intid = intid;
	boot_info.timer_intid = intid;
	pr_info("virtual timer, counter %u Hz, INTID %d (%s), tick %d Hz\n",
		arch_timer_rate, intid, irq_get_chip()->name, HZ);
	return 0;
}
arch_initcall(arch_timer_init);

/* uptime: time since the counter started, ticks, rates. */
static int cmd_uptime(int argc, char **argv)
{
	u64 ns = ktime_get_ns();
	u64 s = ns / NSEC_PER_SEC;
	unsigned int ms = (unsigned int)(ns % NSEC_PER_SEC / NSEC_PER_MSEC);

	if (argc != 1)
		return -EINVAL;
	shell_printf("up %llu:%02u:%02u.%03u, ", (unsigned long long)(s / 3600),
		     (unsigned int)(s / 60 % 60), (unsigned int)(s % 60), ms);
	if (arch_timer_tick_running())
		shell_printf("%lu ticks at %d Hz, timer %u Hz (INTID %u)\n",
			     jiffies, HZ, arch_timer_get_rate(), arch_timer_intid);
	else
		shell_printf("no tick, timer %u Hz\n", arch_timer_get_rate());
	return 0;
}
SHELL_CMD(uptime, "uptime", "",
	  "time since the counter started, tick count and timer frequency",
	  cmd_uptime);

#ifdef CONFIG_KTEST
/* PSTATE.I, bit 7 of DAIF: set while IRQs are masked on this CPU. */
#define DAIF_I	BIT(7)

static void test_timer_config(struct ktest *t)
{
	u64 ctl = read_sysreg(cntv_ctl_el0);
	const struct irq_chip *chip;
	unsigned int hwirq;
	int node;

	KTEST_ASSERT_TRUE(t, arch_timer_get_rate() != 0);
	KTEST_EXPECT_EQ(t, boot_info.timer_freq, arch_timer_get_rate());
	if (!arch_timer_tick_running()) {
		ktest_skip(t, "tick not running");
		return;
	}
	KTEST_EXPECT_TRUE(t, ctl & ARCH_TIMER_CTRL_ENABLE);
	KTEST_EXPECT_FALSE(t, ctl & ARCH_TIMER_CTRL_IT_MASK);
	/* The DT's virtual timer entry, through whatever controller it names. */
	node = arch_timer_find_node(&boot_fdt);
	if (node >= 0)
		KTEST_EXPECT_EQ(t, irq_of_get(&boot_fdt, node, ARCH_TIMER_VIRT_IDX, NULL),
				(int)arch_timer_intid);
	chip = irq_to_chip(arch_timer_intid, &hwirq);
	KTEST_ASSERT_TRUE(t, chip != NULL);
	KTEST_EXPECT_TRUE(t, chip->irq_is_enabled(hwirq));
	/* A GIC's timer is a PPI: per CPU, INTID 16..31. */
	if (boot_info.gic_version)
		KTEST_EXPECT_TRUE(t, arch_timer_intid >= GIC_PPI_BASE &&
				     arch_timer_intid < GIC_SPI_BASE);
	KTEST_EXPECT_EQ(t, boot_info.timer_intid, arch_timer_intid);
	/*
	 * The next deadline is at most one tick ahead. It may also be just
	 * behind (negative) when the host delayed QEMU and the tick is pending.
	 */
	KTEST_EXPECT_TRUE(t, (s64)(read_sysreg(cntv_cval_el0) - arch_timer_read_counter()) <=
			     (s64)(arch_timer_rate / HZ + 1));
}

static void test_timer_conversions(struct ktest *t)
{
	u64 rate = arch_timer_get_rate();

	KTEST_EXPECT_EQ(t, arch_timer_cyc_to_ns(0), 0);
	KTEST_EXPECT_EQ(t, arch_timer_cyc_to_ns(rate), NSEC_PER_SEC);
	if (!(rate & 1))
		KTEST_EXPECT_EQ(t, arch_timer_cyc_to_ns(rate / 2), NSEC_PER_SEC / 2);
	KTEST_EXPECT_EQ(t, arch_timer_cyc_to_ns(rate - 1),
			NSEC_PER_SEC - DIV_ROUND_UP(NSEC_PER_SEC, rate));
	/* Ten years of counter: no overflow in the multiply. */
	KTEST_EXPECT_EQ(t, arch_timer_cyc_to_ns(rate * 315360000ULL), 315360000ULL * NSEC_PER_SEC);
	KTEST_EXPECT_EQ(t, msecs_to_jiffies(1000), HZ);
	KTEST_EXPECT_EQ(t, jiffies_to_msecs(HZ), 1000);
	KTEST_EXPECT_TRUE(t, time_after(5UL, 4UL));
	KTEST_EXPECT_TRUE(t, time_after(1UL, ~0UL));	/* across the wrap */
	KTEST_EXPECT_TRUE(t, time_before_eq(4UL, 4UL));
}

/* tick_cval() and ticks_at() are inverse: tick k is due exactly at its CVAL. */
static void test_timer_tick_math(struct ktest *t)
{
	static const u64 ks[] = { 1, 2, HZ - 1, HZ, HZ + 1, 12345, 360000ULL * HZ + 7 };

	if (!arch_timer_tick_running()) {
		ktest_skip(t, "tick not running");
		return;
	}
	KTEST_EXPECT_EQ(t, tick_cval(HZ) - tick_cval(0), arch_timer_rate);
	for (size_t i = 0; i < ARRAY_SIZE(ks); i++) {
		KTEST_EXPECT_EQ(t, ticks_at(tick_cval(ks[i])), ks[i]);
		KTEST_EXPECT_EQ(t, ticks_at(tick_cval(ks[i]) - 1), ks[i] - 1);
	}
}

/*
 * jiffies advance at HZ as measured against the counter. A loaded host can
 * delay QEMU's timer interrupt by many milliseconds, so the test waits for the
 * ticks to land (bounded) instead of assuming they are on time, and then
 * checks they never run ahead of the counter.
 */
static void test_timer_jiffies_rate(struct ktest *t)
{
	u64 rate = arch_timer_get_rate(), window = rate / 5;	/* 200 ms */
	unsigned long j0, j1, want = HZ / 5, allowed;
	u64 c0, elapsed;

	if (!arch_timer_tick_running() || (read_sysreg(daif) & DAIF_I)) {
		ktest_skip(t, "tick not running or interrupts masked");
		return;
	}
	/*
	 * Start just after a tick was handled: jiffies then match the counter.
	 * Read at a random moment they can lag behind it (a late interrupt),
	 * and the catch-up inside the window would look like ticks too many.
	 */
	j0 = jiffies;
	c0 = arch_timer_read_counter();
	while (jiffies == j0 && arch_timer_read_counter() - c0 < 50 * window)
		;
	j0 = jiffies;
	c0 = arch_timer_read_counter();
	while (arch_timer_read_counter() - c0 < window)
		;
	/* Let the ticks due by the end of the window land: up to 10 s late. */
	while (jiffies - j0 + 1 < want && arch_timer_read_counter() - c0 < 50 * window)
		;
	j1 = jiffies;
	elapsed = arch_timer_read_counter() - c0;
	/* Ticks fall where tick_cval() puts them: never more than the counter allows. */
	allowed = (unsigned long)(elapsed * HZ / rate) + 2;
	if (j1 - j0 + 1 < want || j1 - j0 > allowed)
		ktest_fail(t, __FILE__, __LINE__, "%lu ticks in %llu counter cycles at HZ=%d",
			   j1 - j0, (unsigned long long)elapsed, HZ);
}

static void test_ktime_monotonic(struct ktest *t)
{
	u64 prev = ktime_get_ns(), now, start = prev;

	for (int i = 0; i < 20000; i++) {
		now = ktime_get_ns();
		if (now < prev) {
			ktest_fail(t, __FILE__, __LINE__, "ktime went back: %llu after %llu",
				   (unsigned long long)now, (unsigned long long)prev);
			return;
		}
		prev = now;
	}
	udelay(1000);
	KTEST_EXPECT_TRUE(t, ktime_get_ns() - start >= NSEC_PER_MSEC);
	/* The same clock as the counter: within a microsecond of it. */
	now = ktime_get_ns();
	prev = arch_timer_cyc_to_ns(arch_timer_read_counter());
	KTEST_EXPECT_TRUE(t, prev >= now && prev - now < 1000 * NSEC_PER_USEC);
}

/* udelay()/mdelay() wait at least as long as asked, and not far more. */
static void test_udelay_accuracy(struct ktest *t)
{
	static const unsigned long us[] = { 1, 10, 100, 1000, 5000 };
	u64 rate = arch_timer_get_rate();

	for (size_t i = 0; i < ARRAY_SIZE(us); i++) {
		u64 want = DIV_ROUND_UP(us[i] * rate, USEC_PER_SEC);
		u64 c0 = arch_timer_read_counter(), got;

		udelay(us[i]);
		got = arch_timer_read_counter() - c0;
		KTEST_EXPECT_TRUE(t, got >= want);
		/* Only gross errors: a loaded host may stall the emulator (+500 ms). */
		KTEST_EXPECT_TRUE(t, got <= 2 * want + rate / 2);
	}
	{
		u64 c0 = arch_timer_read_counter(), got;

		mdelay(3);
		got = arch_timer_read_counter() - c0;
		KTEST_EXPECT_TRUE(t, got >= 3 * rate / MSEC_PER_SEC);
		KTEST_EXPECT_TRUE(t, got <= 6 * rate / MSEC_PER_SEC + rate / 2);
	}
}

static const struct ktest_case timer_cases[] = {
	KTEST_CASE(test_timer_config),
	KTEST_CASE(test_timer_conversions),
	KTEST_CASE(test_timer_tick_math),
	KTEST_CASE(test_timer_jiffies_rate),
	KTEST_CASE(test_ktime_monotonic),
	KTEST_CASE(test_udelay_accuracy),
	{}
};
KTEST_SUITE(timer, timer_cases);
#endif
