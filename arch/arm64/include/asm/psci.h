/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <arbor/fdt.h>

enum psci_conduit {
	PSCI_CONDUIT_NONE,
	PSCI_CONDUIT_HVC,
	PSCI_CONDUIT_SMC,
};

extern enum psci_conduit psci_conduit;
extern u32 psci_version;

/** psci_dt_init - find /psci and its conduit; Return: 0 or -1 when absent */
int psci_dt_init(const struct fdt *fdt);

#endif
