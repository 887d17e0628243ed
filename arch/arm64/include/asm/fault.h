/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

#include <arbor/types.h>

struct pt_regs;

/* arch/arm64/mm/fault.c; documented there. */
bool do_page_fault(u64 far, u64 esr, struct pt_regs *regs);

/* CPU features found at boot: PSTATE.PAN set, hardware AF / dirty updates on. */
extern bool cpu_has_pan, cpu_has_hw_af, cpu_has_hw_dbm;

#endif
