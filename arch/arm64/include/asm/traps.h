/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <arbor/compiler.h>
#include <arbor/types.h>

struct pt_regs;

/*
 * ESR_ELx (Arm ARM D17.2.37): EC [31:26] exception class, IL [25]
 * instruction length, ISS [24:0] class-specific syndrome.
 */
#define ESR_ELx_EC_SHIFT	26
#define ESR_ELx_EC(esr)		(((esr) >> ESR_ELx_EC_SHIFT) & 0x3f)
#define ESR_ELx_IL		(1UL << 25)
#define ESR_ELx_ISS(esr)	((esr) & 0x1ffffff)

#define ESR_ELx_EC_UNKNOWN	0x00
#define ESR_ELx_EC_WFx		0x01
#define ESR_ELx_EC_FP_ASIMD	0x07
#define ESR_ELx_EC_ILL		0x0e
#define ESR_ELx_EC_SVC64	0x15
#define ESR_ELx_EC_HVC64	0x16
#define ESR_ELx_EC_SMC64	0x17
#define ESR_ELx_EC_SYS64	0x18
#define ESR_ELx_EC_IABT_LOW	0x20
#define ESR_ELx_EC_IABT_CUR	0x21
#define ESR_ELx_EC_PC_ALIGN	0x22
#define ESR_ELx_EC_DABT_LOW	0x24
#define ESR_ELx_EC_DABT_CUR	0x25
#define ESR_ELx_EC_SP_ALIGN	0x26
#define ESR_ELx_EC_SERROR	0x2f
#define ESR_ELx_EC_BREAKPT_CUR	0x31
#define ESR_ELx_EC_SOFTSTP_CUR	0x33
#define ESR_ELx_EC_WATCHPT_CUR	0x35
#define ESR_ELx_EC_BRK64	0x3c

/*
 * Data/instruction abort ISS: DFSC/IFSC [5:0], WnR [6], S1PTW [7], CM [8],
 * EA [9], FnV [10], SET [12:11], ISV [24] (instruction syndrome valid).
 */
#define ESR_ELx_FSC(esr)	((esr) & 0x3f)
#define ESR_ELx_WNR		(1UL << 6)
#define ESR_ELx_S1PTW		(1UL << 7)
#define ESR_ELx_CM		(1UL << 8)
#define ESR_ELx_EA		(1UL << 9)
#define ESR_ELx_FnV		(1UL << 10)
#define ESR_ELx_SET(esr)	(((esr) >> 11) & 3)
#define ESR_ELx_ISV		(1UL << 24)

void bad_mode(struct pt_regs *regs, int reason);
void do_el1_sync(struct pt_regs *regs);

/** die - print the full report for an unhandled exception and stop */
void die(const char *msg, struct pt_regs *regs) __noreturn;

/** fixup_exception - resume at the extable fixup for regs->pc, if it has one */
bool fixup_exception(struct pt_regs *regs);

const char *esr_get_class_string(u64 esr);
const char *esr_fsc_string(unsigned int fsc, int *level);
void show_regs(struct pt_regs *regs);

#endif
