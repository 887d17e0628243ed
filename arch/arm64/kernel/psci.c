// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI (Arm DEN 0022) for power off and reset. The conduit, HVC or SMC, is
 * the /psci node's "method"; it is never guessed from the exception level.
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
	return 0;
}

void machine_power_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

void machine_restart(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
}

#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/panic.h>
#include <arbor/shell.h>
#include <asm/semihost.h>
#include <asm/sysreg.h>

/* What init does before it powers off: every filesystem to disk. */
static void sync_before_off(void)
{
	printk("Syncing filesystems ... ");
	ksys_sync();
	printk("done.\n");
}

static int cmd_poweroff(int argc, char **argv)
{
	if (argc > 1)
		return -EINVAL;
	sync_before_off();
	if (psci_conduit == PSCI_CONDUIT_NONE) {
		printk("poweroff: no PSCI firmware in the device tree; halting instead\n");
		machine_exit(0);
	}
	printk("Power down\n");
	local_irq_disable();
	machine_power_off();
	printk("poweroff: PSCI SYSTEM_OFF returned\n");
	return -EIO;
}

static int cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return -EINVAL;
	sync_before_off();
	if (psci_conduit == PSCI_CONDUIT_NONE) {
		printk("reboot: no PSCI firmware in the device tree\n");
		return -ENODEV;
	}
	printk("Restarting system\n");
	local_irq_disable();
	machine_restart();
	printk("reboot: PSCI SYSTEM_RESET returned\n");
	return -EIO;
}

SHELL_CMD(poweroff, "poweroff", "", "power the machine off (PSCI SYSTEM_OFF)", cmd_poweroff);
SHELL_CMD(reboot, "reboot", "", "restart the machine (PSCI SYSTEM_RESET)", cmd_reboot);
