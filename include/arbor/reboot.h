/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_REBOOT_H
#define ARBOR_REBOOT_H

#include <arbor/compiler.h>

/* Firmware-provided power control (PSCI); return only when unavailable. */
void machine_power_off(void);
void machine_restart(void);

#endif
