// SPDX-License-Identifier: GPL-2.0
/*
 * ARM PrimeCell PL031 real-time clock (Linux: drivers/rtc/rtc-pl031.c),
 * found through the DT ("arm,pl031": QEMU virt at 0x09010000). Read once
 * at boot to set the wall clock; file times then are real dates.
 *
 * Registers (PL031 TRM): RTCDR 0x000 data (seconds, read-only counter),
 * RTCMR 0x004 match, RTCLR 0x008 load, RTCCR 0x00c control (bit 0: start).
 */
#define pr_fmt(fmt) "rtc-pl031: " fmt

#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/time.h>
#include <arbor/time64.h>
#include <arbor/vmalloc.h>
#include <asm/io.h>
#include <asm/mmu.h>

#define RTCDR		0x000
#define RTCCR		0x00c
#define RTCCR_START	(1u << 0)

static int pl031_init(void)
{
	const struct fdt *fdt = &boot_fdt;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031");
	u64 pa, size;
	void __iomem *base;
	u32 now;

	if (node < 0 || !fdt_node_is_enabled(fdt, node))
		return 0;
	if (fdt_get_reg(fdt, node, 0, &pa, &size) || size < 0x10) {
		pr_warn("bad reg in the device tree\n");
		return 0;
	}
	base = ioremap(pa, 0x1000);
	if (!base)
		return 0;
	/* A stopped RTC counts from its load value once started; QEMU's runs. */
	if (!(readl(base + RTCCR) & RTCCR_START))
		writel(RTCCR_START, base + RTCCR);
	now = readl(base + RTCDR);
	iounmap(base);
	timekeeping_set_real(now);
	pr_info("%#llx: wall clock set to %u s since the epoch\n", (unsigned long long)pa, now);
	return 0;
}
core_initcall(pl031_init);
