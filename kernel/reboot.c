// SPDX-License-Identifier: GPL-2.0
/*
 * Power off and restart: the providers registry and the "poweroff" and
 * "reboot" shell commands. Mirrors Linux's kernel/reboot.c:
 *   kernel_power_off() -> machine_power_off() -> do_kernel_power_off()
 *   kernel_restart()   -> machine_restart()   -> do_kernel_restart()
 * where providers come from register_sys_off_handler() (PSCI from
 * arch/arm64/kernel/psci.c, the PM watchdog from drivers/watchdog/).
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/reboot.h>
#include <arbor/shell.h>
#include <asm/sysreg.h>

#define MAX_SYS_OFF_HANDLERS	4

/* Sorted by priority, best first; a handful of providers at most. */
static const struct sys_off_handler *sys_off_handlers[MAX_SYS_OFF_HANDLERS];
static int nr_sys_off_handlers;

/**
 * register_sys_off_handler - add a power-off / restart provider
 * @h: the provider; it must stay valid for the kernel's lifetime
 *
 * Return: 0, -EEXIST when @h is already registered, or -ENOSPC.
 */
int register_sys_off_handler(const struct sys_off_handler *h)
{
	int i;

	for (i = 0; i < nr_sys_off_handlers; i++)
		if (sys_off_handlers[i] == h)
			return -EEXIST;
	if (nr_sys_off_handlers == MAX_SYS_OFF_HANDLERS)
		return -ENOSPC;
	/* Insert after every entry of the same or higher priority. */
	for (i = nr_sys_off_handlers; i > 0 && sys_off_handlers[i - 1]->priority < h->priority; i--)
		sys_off_handlers[i] = sys_off_handlers[i - 1];
	sys_off_handlers[i] = h;
	nr_sys_off_handlers++;
	return 0;
}

/**
 * sys_off_provider - name of the best provider for power off or restart
 * @restart: true for restart, false for power off
 *
 * Return: the provider's name, or NULL when none is registered.
 */
const char *sys_off_provider(bool restart)
{
	for (int i = 0; i < nr_sys_off_handlers; i++)
		if (restart ? sys_off_handlers[i]->restart : sys_off_handlers[i]->power_off)
			return sys_off_handlers[i]->name;
	return NULL;
}

/**
 * machine_power_off - turn the machine off through the registered providers
 *
 * Tries each provider with a power_off method, best first. Returns only when
 * none is registered or all of them returned.
 */
void machine_power_off(void)
{
	for (int i = 0; i < nr_sys_off_handlers; i++)
		if (sys_off_handlers[i]->power_off)
			sys_off_handlers[i]->power_off();
}

/**
 * machine_restart - reset the machine through the registered providers
 *
 * Like machine_power_off(), with each provider's restart method.
 */
void machine_restart(void)
{
	for (int i = 0; i < nr_sys_off_handlers; i++)
		if (sys_off_handlers[i]->restart)
			sys_off_handlers[i]->restart();
}

/*
 * What init does before it powers off: end every process (here: empty
 * every address space and close its files, so unlinked files are freed
 * on disk rather than left behind), then every filesystem to disk.
 */
static void sync_before_off(void)
{
	mm_release_all();
	printk("Syncing filesystems ... ");
	ksys_sync();
	printk("done.\n");
}

static int cmd_poweroff(int argc, char **argv)
{
	if (argc > 1)
		return -EINVAL;
	sync_before_off();
	if (!sys_off_provider(false)) {
		printk("poweroff: no PSCI firmware in the device tree; halting instead\n");
		machine_exit(0);
	}
	printk("Power down\n");
	local_irq_disable();
	machine_power_off();
	printk("poweroff: %s power off returned\n", sys_off_provider(false));
	local_irq_enable();
	return -EIO;
}

static int cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return -EINVAL;
	sync_before_off();
	if (!sys_off_provider(true)) {
		printk("reboot: no PSCI firmware in the device tree\n");
		return -ENODEV;
	}
	printk("Restarting system\n");
	local_irq_disable();
	machine_restart();
	printk("reboot: %s restart returned\n", sys_off_provider(true));
	local_irq_enable();
	return -EIO;
}

SHELL_CMD(poweroff, "poweroff", "", "power the machine off (PSCI SYSTEM_OFF, or the PM watchdog)",
	  cmd_poweroff);
SHELL_CMD(reboot, "reboot", "", "restart the machine (PSCI SYSTEM_RESET, or the PM watchdog)",
	  cmd_reboot);
