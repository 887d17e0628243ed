/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_REBOOT_H
#define ARBOR_REBOOT_H

#include <arbor/compiler.h>

/*
 * Power off and restart go through registered providers, like Linux's
 * register_sys_off_handler(): PSCI registers itself when the DT has a
 * /psci node, and a board driver (the Raspberry Pi PM watchdog) registers
 * when nothing better did. Higher priority is tried first.
 */
#define SYS_OFF_PRIO_PLATFORM	(-256)
#define SYS_OFF_PRIO_DEFAULT	0
#define SYS_OFF_PRIO_FIRMWARE	224

/**
 * struct sys_off_handler - one power-off / restart provider
 * @name: shown in messages, e.g. "PSCI" or "bcm2835-wdt"
 * @power_off: turns the machine off; returns only on failure (may be NULL)
 * @restart: resets the machine; returns only on failure (may be NULL)
 * @priority: SYS_OFF_PRIO_*; the highest registered one is tried first
 */
struct sys_off_handler {
	const char *name;
	void (*power_off)(void);
	void (*restart)(void);
	int priority;
};

int register_sys_off_handler(const struct sys_off_handler *h);
const char *sys_off_provider(bool restart);

/* Run the registered providers, best first; return only when none worked. */
void machine_power_off(void);
void machine_restart(void);

#endif
