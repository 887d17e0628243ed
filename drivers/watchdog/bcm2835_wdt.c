// SPDX-License-Identifier: GPL-2.0
/*
 * The BCM2835/BCM2711 power-management block's watchdog, used for reboot
 * and power off where there is no PSCI (the Raspberry Pi's stock armstub
 * has none). Linux's drivers/watchdog/bcm2835_wdt.c:
 *   bcm2835_restart()   -> __bcm2835_restart()          (full reset, 10 ticks)
 *   bcm2835_power_off() -> RSTS partition 63, then __bcm2835_restart()
 * The firmware reads the partition number from PM_RSTS after the reset;
 * 63 means "halt": it stops instead of booting again (the Pi's "off").
 *
 * Registers (reg entry 0, "pm"; every write carries the 0x5a password):
 *   0x1c PM_RSTC  WRCFG(5:4): 2 = full reset when the watchdog expires
 *   0x20 PM_RSTS  the boot partition, bit i of it in bit 2*i (0,2,..,10)
 *   0x24 PM_WDOG  ticks (2^16 per second) until the reset
 */
#define pr_fmt(fmt) "bcm2835-wdt: " fmt

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/printk.h>
#include <arbor/reboot.h>
#include <arbor/setup.h>
#include <asm/io.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>

#define PM_RSTC			0x1c
#define PM_RSTS			0x20
#define PM_WDOG			0x24
#define PM_PASSWORD		0x5a000000
#define PM_WDOG_TIME_MASK	0x000fffff
#define PM_RSTC_WRCFG_CLR	0xffffffcf
#define PM_RSTC_WRCFG_FULL_RESET 0x00000020
#define PM_RSTS_PARTITION_MASK	0x00000555	/* bits 0, 2, 4, 6, 8, 10 */
#define PM_PARTITION_HALT	63
#define PM_RESET_TICKS		10		/* ~150 us */
#define PM_RESET_WAIT_US	1000000		/* give up after a second */

static const char *const bcm2835_wdt_compat[] = {
	"brcm,bcm2835-pm-wdt", "brcm,bcm2711-pm", "brcm,bcm2835-pm",
};

static void __iomem *pm_base;

/* The partition number spread over every other RSTS bit. */
static u32 pm_rsts_partition(u32 partition)
{
	u32 v = 0;

	for (int i = 0; i < 6; i++)
		if (partition & (1U << i))
			v |= 1U << (2 * i);
	return v;
}

/* Arm the watchdog for a full reset and wait for it. */
static void bcm2835_wdt_reset(void)
{
	u64 freq = read_sysreg(cntfrq_el0), start;
	u32 rstc;

	writel(PM_PASSWORD | (PM_RESET_TICKS & PM_WDOG_TIME_MASK), pm_base + PM_WDOG);
	rstc = readl(pm_base + PM_RSTC) & PM_RSTC_WRCFG_CLR;
	writel(PM_PASSWORD | rstc | PM_RSTC_WRCFG_FULL_RESET, pm_base + PM_RSTC);
	start = read_sysreg(cntvct_el0);
	while (read_sysreg(cntvct_el0) - start < freq * PM_RESET_WAIT_US / 1000000)
		;
}

static void bcm2835_wdt_restart(void)
{
	printk("reboot: no PSCI; restarting through the PM watchdog\n");
	/* Partition 0: the firmware boots as usual. */
	writel(PM_PASSWORD | (readl(pm_base + PM_RSTS) & ~PM_RSTS_PARTITION_MASK),
	       pm_base + PM_RSTS);
	bcm2835_wdt_reset();
}

static void bcm2835_wdt_power_off(void)
{
	u32 rsts;

	printk("poweroff: no PSCI; halting through the PM watchdog\n");
	rsts = readl(pm_base + PM_RSTS) & ~PM_RSTS_PARTITION_MASK;
	writel(PM_PASSWORD | rsts | pm_rsts_partition(PM_PARTITION_HALT), pm_base + PM_RSTS);
	bcm2835_wdt_reset();
}

static const struct sys_off_handler bcm2835_wdt_sys_off = {
	.name = "bcm2835 PM watchdog",
	.power_off = bcm2835_wdt_power_off,
	.restart = bcm2835_wdt_restart,
	.priority = SYS_OFF_PRIO_DEFAULT,
};

/* Registers only when nothing (PSCI) provides power off and restart. */
static int bcm2835_wdt_init(void)
{
	int node = -1;
	u64 pa, size;

	for (unsigned int i = 0; node < 0 && i < sizeof(bcm2835_wdt_compat) / sizeof(bcm2835_wdt_compat[0]); i++) {
		node = fdt_node_offset_by_compatible(&boot_fdt, -1, bcm2835_wdt_compat[i]);
		while (node >= 0 && !fdt_node_is_enabled(&boot_fdt, node))
			node = fdt_node_offset_by_compatible(&boot_fdt, node, bcm2835_wdt_compat[i]);
	}
	if (node < 0)
		return -ENODEV;
	if (sys_off_provider(false) && sys_off_provider(true))
		return 0;
	if (fdt_get_reg(&boot_fdt, node, 0, &pa, &size))
		return -ENXIO;
	pm_base = ioremap(pa, size ? size : 0x100);
	if (!pm_base)
		return -ENOMEM;
	pr_info("PM watchdog at %#llx: poweroff and reboot (no PSCI)\n", (unsigned long long)pa);
	return register_sys_off_handler(&bcm2835_wdt_sys_off);
}
device_initcall(bcm2835_wdt_init);
