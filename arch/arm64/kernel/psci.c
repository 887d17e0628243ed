// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI (Arm DEN 0022) for power off and reset. The conduit, HVC or SMC, is
 * the /psci node's "method"; it is never guessed from the exception level.
 * psci_dt_init() registers PSCI as the power-off and restart provider
 * (kernel/reboot.c); without a /psci node a board driver may register
 * instead (the Raspberry Pi's PM watchdog, drivers/watchdog/bcm2835_wdt.c).
 */
#include <arbor/fdt.h>
#include <arbor/printk.h>
#include <arbor/reboot.h>
#include <arbor/string.h>
#include <asm/psci.h>

#define PSCI_0_2_FN_PSCI_VERSION	0x84000000U
#define PSCI_0_2_FN_SYSTEM_OFF		0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET	0x84000009U

enum psci_conduit psci_conduit = PSCI_CONDUIT_NONE;
u32 psci_version;

static unsigned long psci_call(u32 fn, unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long x0 __asm__("x0") = fn;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;

	if (psci_conduit == PSCI_CONDUIT_HVC)
		__asm__ __volatile__("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	else if (psci_conduit == PSCI_CONDUIT_SMC)
		__asm__ __volatile__("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	else
		return (unsigned long)-1;
	return x0;
}

static void psci_sys_poweroff(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

static void psci_sys_reset(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
}

/* Firmware priority: PSCI wins over any board driver, as in Linux. */
static const struct sys_off_handler psci_sys_off = {
	.name = "PSCI",
	.power_off = psci_sys_poweroff,
	.restart = psci_sys_reset,
	.priority = SYS_OFF_PRIO_FIRMWARE,
};

int psci_dt_init(const struct fdt *fdt)
{
	const char *method;
	int node;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_path_offset(fdt, "/psci");
	if (node < 0 || !fdt_node_is_enabled(fdt, node))
		return -1;
	method = fdt_getprop_str(fdt, node, "method");
	if (method && !strcmp(method, "hvc"))
		psci_conduit = PSCI_CONDUIT_HVC;
	else if (method && !strcmp(method, "smc"))
		psci_conduit = PSCI_CONDUIT_SMC;
	else
		return -1;
	psci_version = (u32)psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
	pr_info("psci: PSCI v%u.%u via %s\n", psci_version >> 16, psci_version & 0xffff, method);
	register_sys_off_handler(&psci_sys_off);
	return 0;
}
