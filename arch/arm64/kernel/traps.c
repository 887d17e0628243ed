// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous exceptions taken from EL1, and the report for the ones that
 * cannot be handled.
 */
#include <arbor/irq.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/stacktrace.h>
#include <asm/traps.h>

static void (*root_irq_handler)(struct pt_regs *regs);

void set_handle_irq(void (*handler)(struct pt_regs *regs))
{
	root_irq_handler = handler;
}

void handle_arch_irq(struct pt_regs *regs)
{
	if (root_irq_handler)
		root_irq_handler(regs);
}

static const char *const vector_names[] = {
	"EL1t Sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h Sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0 Sync", "EL0 IRQ", "EL0 FIQ", "EL0 SError",
	"EL0_32 Sync", "EL0_32 IRQ", "EL0_32 FIQ", "EL0_32 SError",
};

void bad_mode(struct pt_regs *regs, int reason)
{
	pr_emerg("Bad mode in %s handler detected\n",
		 reason >= 0 && reason < 16 ? vector_names[reason] : "unknown");
	die("Oops - bad mode", regs);
}

#define HLT_SEMIHOST	0xd45e0000U	/* hlt #0xf000 */

void do_el1_sync(struct pt_regs *regs)
{
	unsigned int ec = ESR_ELx_EC(regs->esr);

	/* A semihosting call without -semihosting: skip it, report failure. */
	if (ec == ESR_ELx_EC_UNKNOWN && *(const u32 *)regs->pc == HLT_SEMIHOST) {
		regs->regs[0] = (u64)-1;
		regs->pc += 4;
		return;
	}
	if (fixup_exception(regs))
		return;
	die("Oops", regs);
}

static const char *const ec_names[64] = {
	[ESR_ELx_EC_UNKNOWN] = "Unknown/Uncategorized",
	[ESR_ELx_EC_WFx] = "WFI/WFE",
	[ESR_ELx_EC_FP_ASIMD] = "FP/ASIMD access",
	[ESR_ELx_EC_ILL] = "Illegal execution state",
	[ESR_ELx_EC_SVC64] = "SVC (AArch64)",
	[ESR_ELx_EC_HVC64] = "HVC (AArch64)",
	[ESR_ELx_EC_SMC64] = "SMC (AArch64)",
	[ESR_ELx_EC_SYS64] = "MSR/MRS (AArch64)",
	[ESR_ELx_EC_IABT_LOW] = "IABT (lower EL)",
	[ESR_ELx_EC_IABT_CUR] = "IABT (current EL)",
	[ESR_ELx_EC_PC_ALIGN] = "PC Alignment",
	[ESR_ELx_EC_DABT_LOW] = "DABT (lower EL)",
	[ESR_ELx_EC_DABT_CUR] = "DABT (current EL)",
	[ESR_ELx_EC_SP_ALIGN] = "SP Alignment",
	[ESR_ELx_EC_SERROR] = "SError",
	[ESR_ELx_EC_BREAKPT_CUR] = "Breakpoint (current EL)",
	[ESR_ELx_EC_SOFTSTP_CUR] = "Software Step (current EL)",
	[ESR_ELx_EC_WATCHPT_CUR] = "Watchpoint (current EL)",
	[ESR_ELx_EC_BRK64] = "BRK (AArch64)",
};

/**
 * esr_get_class_string - the exception class of an ESR value, by name
 */
const char *esr_get_class_string(u64 esr)
{
	const char *s = ec_names[ESR_ELx_EC(esr)];

	return s ? s : "UNRECOGNIZED EC";
}

/* Fault status codes (DFSC/IFSC), Arm ARM D17.2.37. */
static const char *fsc_string(unsigned int fsc)
{
	switch (fsc) {
	case 0x00: case 0x01: case 0x02: case 0x03:
		return "address size fault";
	case 0x04: case 0x05: case 0x06: case 0x07:
		return "translation fault";
	case 0x09: case 0x0a: case 0x0b:
		return "access flag fault";
	case 0x0d: case 0x0e: case 0x0f:
		return "permission fault";
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	default:
		return "unknown fault";
	}
}

static void show_esr(u64 esr, u64 far)
{
	unsigned int ec = ESR_ELx_EC(esr);

	pr_emerg("ESR = 0x%016llx: EC = 0x%02x (%s), IL = %u bits\n",
		 (unsigned long long)esr, ec, esr_get_class_string(esr),
		 (esr & ESR_ELx_IL) ? 32 : 16);
	if (ec == ESR_ELx_EC_DABT_CUR || ec == ESR_ELx_EC_DABT_LOW ||
	    ec == ESR_ELx_EC_IABT_CUR || ec == ESR_ELx_EC_IABT_LOW) {
		unsigned int fsc = ESR_ELx_FSC(esr);

		pr_emerg("  %cFSC = 0x%02x: level %u %s\n",
			 ec == ESR_ELx_EC_DABT_CUR || ec == ESR_ELx_EC_DABT_LOW ? 'D' : 'I',
			 fsc, fsc & 3, fsc_string(fsc));
		if (ec == ESR_ELx_EC_DABT_CUR || ec == ESR_ELx_EC_DABT_LOW)
			pr_emerg("  WnR = %u (%s), S1PTW = %u, CM = %u\n",
				 !!(esr & ESR_ELx_WNR), esr & ESR_ELx_WNR ? "write" : "read",
				 !!(esr & ESR_ELx_S1PTW), !!(esr & ESR_ELx_CM));
		pr_emerg("FAR = 0x%016llx%s\n", (unsigned long long)far,
			 esr & ESR_ELx_FnV ? " (not valid)" : "");
	}
}

/**
 * show_regs - print every general register, pc, lr, sp and pstate
 */
void show_regs(struct pt_regs *regs)
{
	pr_emerg("pc : %pS\n", (void *)regs->pc);
	pr_emerg("lr : %pS\n", (void *)regs->regs[30]);
	pr_emerg("sp : %016llx pstate : %08llx\n", (unsigned long long)regs->sp,
		 (unsigned long long)regs->pstate);
	for (int i = 29; i >= 0; i -= 2) {
		if (i == 29) {
			pr_emerg("x29: %016llx\n", (unsigned long long)regs->regs[29]);
			i = 30;
			continue;
		}
		pr_emerg("x%-2d: %016llx x%-2d: %016llx\n", i, (unsigned long long)regs->regs[i],
			 i - 1, (unsigned long long)regs->regs[i - 1]);
	}
}

void die(const char *msg, struct pt_regs *regs)
{
	local_irq_disable();
	pr_emerg("Internal error: %s: %016llx\n", msg, (unsigned long long)regs->esr);
	show_esr(regs->esr, regs->far);
	show_regs(regs);
	dump_backtrace(regs->regs[29], regs->pc);
	panic("Fatal exception");
}
