// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous exceptions taken from EL1, and the Oops report for the ones
 * that cannot be handled.
 *
 *   do_el1_sync()          by exception class (ESR_EL1.EC):
 *     DABT/IABT            do_mem_abort() -> __do_kernel_fault(): an
 *                          accessor listed in __ex_table, or exec_probe()'s
 *                          own instruction abort, resumes; anything else
 *                          is an Oops
 *     Unknown              a semihosting HLT without a debugger is skipped;
 *                          any other undefined instruction is an Oops
 *     everything else      Oops
 *   die()                  the report: "Internal error: ...", registers,
 *                          call trace, code; then panic()
 *
 * Also the "crash" shell command (CONFIG_DEBUG_CRASH_CMD), which triggers
 * each kind of Oops on purpose so the report can be seen and tested.
 */
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/irq.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <arbor/version.h>
#include <asm/fault.h>
#include <asm/fault_probe.h>
#include <asm/memory.h>
#include <asm/ptdump.h>
#include <asm/ptrace.h>
#include <asm/stacktrace.h>
#include <asm/sysreg.h>
#include <asm/traps.h>

static void (*root_irq_handler)(struct pt_regs *regs);

/**
 * set_handle_irq - install the interrupt controller's top-level handler
 * @handler:	called from the IRQ vector with the interrupted registers
 */
void set_handle_irq(void (*handler)(struct pt_regs *regs))
{
	root_irq_handler = handler;
}

/**
 * handle_arch_irq - the IRQ vector's C entry (entry.S)
 * @regs:	the interrupted registers
 */
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

/**
 * bad_mode - a vector that should never be taken (entry.S)
 * @regs:	the saved registers
 * @reason:	the vector's number, 0..15 in table order
 */
void bad_mode(struct pt_regs *regs, int reason)
{
	pr_emerg("Bad mode in %s handler detected\n",
		 reason >= 0 && reason < 16 ? vector_names[reason] : "unknown");
	die("Oops - bad mode", regs);
}

/* ------------------------------------------------------------------ */
/* ESR decoding                                                         */

static const char *const ec_names[64] = {
	[ESR_ELx_EC_UNKNOWN]	= "Unknown/Uncategorized",
	[ESR_ELx_EC_WFx]	= "WFI/WFE",
	[0x03]			= "CP15 MCR/MRC",
	[0x04]			= "CP15 MCRR/MRRC",
	[0x05]			= "CP14 MCR/MRC",
	[0x06]			= "CP14 LDC/STC",
	[ESR_ELx_EC_FP_ASIMD]	= "FP/ASIMD access",
	[0x0c]			= "CP14 MRRC",
	[0x0d]			= "BTI",
	[ESR_ELx_EC_ILL]	= "Illegal execution state",
	[0x11]			= "SVC (AArch32)",
	[ESR_ELx_EC_SVC64]	= "SVC (AArch64)",
	[ESR_ELx_EC_HVC64]	= "HVC (AArch64)",
	[ESR_ELx_EC_SMC64]	= "SMC (AArch64)",
	[ESR_ELx_EC_SYS64]	= "MSR/MRS (AArch64)",
	[0x19]			= "SVE access",
	[0x1c]			= "PAC authentication failure",
	[ESR_ELx_EC_IABT_LOW]	= "IABT (lower EL)",
	[ESR_ELx_EC_IABT_CUR]	= "IABT (current EL)",
	[ESR_ELx_EC_PC_ALIGN]	= "PC Alignment",
	[ESR_ELx_EC_DABT_LOW]	= "DABT (lower EL)",
	[ESR_ELx_EC_DABT_CUR]	= "DABT (current EL)",
	[ESR_ELx_EC_SP_ALIGN]	= "SP Alignment",
	[0x28]			= "FP exception (AArch32)",
	[0x2c]			= "FP exception (AArch64)",
	[ESR_ELx_EC_SERROR]	= "SError",
	[0x30]			= "Breakpoint (lower EL)",
	[ESR_ELx_EC_BREAKPT_CUR] = "Breakpoint (current EL)",
	[0x32]			= "Software Step (lower EL)",
	[ESR_ELx_EC_SOFTSTP_CUR] = "Software Step (current EL)",
	[0x34]			= "Watchpoint (lower EL)",
	[ESR_ELx_EC_WATCHPT_CUR] = "Watchpoint (current EL)",
	[0x38]			= "BKPT (AArch32)",
	[ESR_ELx_EC_BRK64]	= "BRK (AArch64)",
};

/**
 * esr_get_class_string - the exception class of an ESR value, by name
 * @esr:	an ESR_ELx value
 *
 * Return: a name such as "DABT (current EL)", or "UNRECOGNIZED EC" for an
 * unallocated class.
 */
const char *esr_get_class_string(u64 esr)
{
	const char *s = ec_names[ESR_ELx_EC(esr)];

	return s ? s : "UNRECOGNIZED EC";
}

/**
 * esr_fsc_string - a data or instruction fault status code (DFSC/IFSC), by name
 * @fsc:	ESR_ELx.ISS[5:0] of an abort
 * @level:	set to the translation level the code names, or -1 when the
 *		code has none (may be NULL)
 *
 * FSC encodings (Arm ARM D17.2.37, 4 KiB granule):
 *   0000ll address size fault, level ll      0001ll translation fault
 *   0010ll access flag fault (ll = 1..3)      0011ll permission fault (1..3)
 *   010000 synchronous external abort         0101ll SEA on a table walk
 *   011000 parity/ECC error                   0111ll parity/ECC on a walk
 *   100001 alignment fault                    110000 TLB conflict abort
 *   110001 unsupported atomic update          110100 lockdown, 110101 exclusive
 *
 * Return: a lower-case description, "unknown fault" for other codes.
 */
const char *esr_fsc_string(unsigned int fsc, int *level)
{
	int lvl = fsc & 3;
	const char *s;

	switch (fsc & 0x3c) {
	case 0x00:
		s = "address size fault";
		break;
	case 0x04:
		s = "translation fault";
		break;
	case 0x08:
		s = "access flag fault";
		break;
	case 0x0c:
		s = "permission fault";
		break;
	case 0x14:
		s = "synchronous external abort on translation table walk";
		break;
	case 0x1c:
		s = "synchronous parity or ECC error on translation table walk";
		break;
	default:
		lvl = -1;
		switch (fsc) {
		case 0x10:
			s = "synchronous external abort";
			break;
		case 0x18:
			s = "synchronous parity or ECC error";
			break;
		case 0x21:
			s = "alignment fault";
			break;
		case 0x30:
			s = "TLB conflict abort";
			break;
		case 0x31:
			s = "unsupported atomic hardware update fault";
			break;
		case 0x34:
			s = "implementation defined fault (lockdown)";
			break;
		case 0x35:
			s = "implementation defined fault (unsupported exclusive)";
			break;
		default:
			s = "unknown fault";
			break;
		}
	}
	if (level)
		*level = lvl;
	return s;
}

static bool esr_is_data_abort(u64 esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	return ec == ESR_ELx_EC_DABT_CUR || ec == ESR_ELx_EC_DABT_LOW;
}

static bool esr_is_abort(u64 esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	return esr_is_data_abort(esr) || ec == ESR_ELx_EC_IABT_CUR ||
	       ec == ESR_ELx_EC_IABT_LOW;
}

/* FSC classes (the codes with a level in bits [1:0]). */
#define FSC_CLASS(fsc)		((fsc) & 0x3c)
#define FSC_ADDR_SIZE		0x00
#define FSC_TRANSLATION		0x04
#define FSC_ACCESS_FLAG		0x08
#define FSC_PERMISSION		0x0c
#define FSC_ALIGNMENT		0x21

static bool esr_is_permission_fault(u64 esr)
{
	return FSC_CLASS(ESR_ELx_FSC(esr)) == FSC_PERMISSION;
}

/*
 * An exception-table fixup answers "this address may be bad": MMU faults
 * and misalignment. External aborts and parity errors are hardware
 * failures and stay fatal even inside an accessor.
 */
static bool esr_fault_is_fixable(u64 esr)
{
	unsigned int fsc = ESR_ELx_FSC(esr);

	switch (FSC_CLASS(fsc)) {
	case FSC_ADDR_SIZE:
	case FSC_TRANSLATION:
	case FSC_ACCESS_FLAG:
	case FSC_PERMISSION:
		return true;
	default:
		return fsc == FSC_ALIGNMENT;
	}
}

/*
 *   ESR = 0x0000000096000045
 *   EC = 0x25: DABT (current EL), IL = 32 bits
 *   SET = 0, FnV = 0, EA = 0, S1PTW = 0
 *   DFSC = 0x05: level 1 translation fault
 * Data abort info:
 *   ISV = 0, ISS = 0x00000045
 *   CM = 0, WnR = 1 (write)
 */
static void show_esr(u64 esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	pr_emerg("%s info:\n", esr_is_abort(esr) ? "Mem abort" : "Exception");
	pr_emerg("  ESR = 0x%016llx\n", (unsigned long long)esr);
	pr_emerg("  EC = 0x%02x: %s, IL = %u bits\n", ec, esr_get_class_string(esr),
		 (esr & ESR_ELx_IL) ? 32 : 16);
	if (!esr_is_abort(esr)) {
		pr_emerg("  ISS = 0x%07llx\n", (unsigned long long)ESR_ELx_ISS(esr));
		return;
	}

	{
		unsigned int fsc = ESR_ELx_FSC(esr);
		int level;
		const char *what = esr_fsc_string(fsc, &level);
		char lvl[12] = "";

		if (level >= 0)
			snprintf(lvl, sizeof(lvl), "level %d ", level);
		pr_emerg("  SET = %llu, FnV = %d, EA = %d, S1PTW = %d\n",
			 (unsigned long long)ESR_ELx_SET(esr), !!(esr & ESR_ELx_FnV),
			 !!(esr & ESR_ELx_EA), !!(esr & ESR_ELx_S1PTW));
		pr_emerg("  %cFSC = 0x%02x: %s%s\n", esr_is_data_abort(esr) ? 'D' : 'I',
			 fsc, lvl, what);
	}
	if (esr_is_data_abort(esr)) {
		pr_emerg("Data abort info:\n");
		pr_emerg("  ISV = %d, ISS = 0x%08llx\n", !!(esr & ESR_ELx_ISV),
			 (unsigned long long)ESR_ELx_ISS(esr));
		pr_emerg("  CM = %d, WnR = %d (%s)\n", !!(esr & ESR_ELx_CM),
			 !!(esr & ESR_ELx_WNR),
			 (esr & ESR_ELx_CM) ? "cache maintenance" :
			 (esr & ESR_ELx_WNR) ? "write" : "read");
	}
}

/* ------------------------------------------------------------------ */
/* The Oops report                                                      */

/*
 * PSTATE as saved in SPSR_EL1: N Z C V [31:28], PAN [22], D A I F [9:6],
 * M [3:0] (0b0101 EL1h, 0b0100 EL1t, 0b0000 EL0t). Upper-case letters are
 * flags set / exceptions masked, as Linux prints them.
 */
static void show_pstate(u64 pstate)
{
	static const char *const modes[16] = {
		[0x0] = "EL0t", [0x4] = "EL1t", [0x5] = "EL1h",
		[0x8] = "EL2t", [0x9] = "EL2h",
	};
	const char *mode = modes[pstate & 0xf];

	pr_emerg("pstate: %08llx (%c%c%c%c %c%c%c%c %cPAN %s)\n", (unsigned long long)pstate,
		 pstate & BIT(31) ? 'N' : 'n', pstate & BIT(30) ? 'Z' : 'z',
		 pstate & BIT(29) ? 'C' : 'c', pstate & BIT(28) ? 'V' : 'v',
		 pstate & BIT(9) ? 'D' : 'd', pstate & BIT(8) ? 'A' : 'a',
		 pstate & BIT(7) ? 'I' : 'i', pstate & BIT(6) ? 'F' : 'f',
		 pstate & BIT(22) ? '+' : '-', mode ? mode : "mode?");
}

/**
 * show_regs - print pstate, pc, lr, sp and x29..x0 of an exception
 * @regs:	the saved registers
 */
void show_regs(struct pt_regs *regs)
{
	show_pstate(regs->pstate);
	pr_emerg("pc : %pS\n", (void *)regs->pc);
	pr_emerg("lr : %pS\n", (void *)regs->regs[30]);
	pr_emerg("sp : %016llx\n", (unsigned long long)regs->sp);
	/* Three to a line, from x29 down, like Linux. */
	for (int i = 29; i >= 0; i -= 3) {
		char line[96];
		int n = 0;

		for (int j = i; j > i - 3 && j >= 0; j--)
			n += scnprintf(line + n, sizeof(line) - n, "%sx%-2d: %016llx",
				       j == i ? "" : " ", j, (unsigned long long)regs->regs[j]);
		pr_emerg("%s\n", line);
	}
}

/*
 * "Code: 4 instructions before pc, then the one at pc in parentheses".
 * Read with probe_kernel_read(): the pc may be the bad address itself.
 */
static void show_code(u64 pc)
{
	char line[80];
	int n;

	n = scnprintf(line, sizeof(line), "Code:");
	for (int i = -4; i <= 0; i++) {
		u32 insn;

		if (probe_kernel_read(&insn, (const void *)(pc + 4 * i), sizeof(insn))) {
			if (i == 0) {
				pr_emerg("Code: Unable to access instruction at 0x%016llx\n",
					 (unsigned long long)pc);
				return;
			}
			n += scnprintf(line + n, sizeof(line) - n, " ????????");
			continue;
		}
		n += scnprintf(line + n, sizeof(line) - n, i ? " %08x" : " (%08x)", insn);
	}
	pr_emerg("%s\n", line);
}

static int die_counter;

/**
 * die - print the report of an unhandled exception and panic
 * @msg:	what happened, e.g. "Oops" or "Oops - Undefined instruction"
 * @regs:	the registers saved at the exception
 *
 * Prints "Internal error: <msg>: <ESR> [#n]", the machine, the registers,
 * the call trace of the interrupted code and the instructions around the
 * pc, then panics (under QEMU with semihosting: exit status 1). A fault
 * while reporting stops at once rather than reporting forever.
 */
void die(const char *msg, struct pt_regs *regs)
{
	const char *model = NULL;

	local_irq_disable();
	if (die_counter++) {
		pr_emerg("Internal error: %s: %016llx [#%d] while handling an earlier Oops\n",
			 msg, (unsigned long long)regs->esr, die_counter);
		pr_emerg("pc : %pS, far : %016llx\n", (void *)regs->pc,
			 (unsigned long long)regs->far);
		machine_exit(1);
	}

	pr_emerg("Internal error: %s: %016llx [#%d]\n", msg,
		 (unsigned long long)regs->esr, die_counter);
	pr_emerg("CPU: %llu EL1 Arbor %s (%s)\n",
		 (unsigned long long)(read_sysreg(mpidr_el1) & 0xff), arbor_version,
		 arbor_git_rev);
	if (boot_fdt.blob)
		model = fdt_getprop_str(&boot_fdt, fdt_root(&boot_fdt), "model");
	if (model)
		pr_emerg("Hardware name: %s (DT)\n", model);
	show_regs(regs);
	dump_backtrace_regs(regs);
	show_code(regs->pc);
	pr_emerg("---[ end trace %016llx ]---\n", (unsigned long long)regs->esr);
	panic("%s: Fatal exception", msg);
}

/* ------------------------------------------------------------------ */
/* Aborts                                                               */

/*
 * A fault the kernel does not expect: say what kind of access it was,
 * decode ESR, show the tables behind FAR, and die. Linux's wording, so
 * the first line is familiar.
 */
static void __noreturn __do_kernel_fault(u64 far, u64 esr, struct pt_regs *regs)
{
	const char *what;

	if (esr_is_permission_fault(esr)) {
		if (esr_is_data_abort(esr) && (esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM))
			what = "write to read-only memory";
		else if (!esr_is_data_abort(esr))
			what = "execute from non-executable memory";
		else
			what = "read from unreadable memory";
	} else if (ESR_ELx_FSC(esr) == FSC_ALIGNMENT) {
		what = "unaligned access";
	} else if (!esr_fault_is_fixable(esr)) {
		what = esr_fsc_string(ESR_ELx_FSC(esr), NULL);
	} else if (far < PAGE_SIZE) {
		what = "NULL pointer dereference";
	} else {
		what = "paging request";
	}
	pr_emerg("Unable to handle kernel %s at virtual address %016llx\n", what,
		 (unsigned long long)far);
	show_esr(esr);
	if (!(esr & ESR_ELx_FnV)) {
		pr_emerg("FAR = 0x%016llx\n", (unsigned long long)far);
		show_pte(far);
	} else {
		pr_emerg("FAR = 0x%016llx (not valid)\n", (unsigned long long)far);
	}
	die("Oops", regs);
}

/*
 * Data and instruction aborts from EL1. A user accessor's fault on a user
 * address may be resolved by do_page_fault() (demand paging). Otherwise an
 * abort is either expected, because the faulting access is one of the
 * probing accessors (a data abort at an instruction listed in __ex_table,
 * or exec_probe()'s instruction abort), or fatal. Only MMU faults are
 * fixed up; nothing that is not in the table is.
 */
static void do_mem_abort(u64 far, u64 esr, struct pt_regs *regs)
{
	if (esr_fault_is_fixable(esr)) {
		/* A user accessor (LDTR/STTR): page the user address in, retry. */
		if (do_page_fault(far, esr, regs))
			return;
		if (esr_is_data_abort(esr) && fixup_exception(regs))
			return;
		if (!esr_is_data_abort(esr) && exec_probe_fixup(regs))
			return;
	}
	__do_kernel_fault(far, esr, regs);
}

#define HLT_SEMIHOST	0xd45e0000U	/* hlt #0xf000 */

/**
 * do_el1_sync - a synchronous exception taken from EL1 (entry.S)
 * @regs:	the saved registers; changes to them take effect on return
 *
 * Returns only for an exception that was fixed up; everything else dies.
 */
void do_el1_sync(struct pt_regs *regs)
{
	u64 esr = regs->esr;

	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_DABT_CUR:
	case ESR_ELx_EC_IABT_CUR:
		do_mem_abort(regs->far, esr, regs);
		return;
	case ESR_ELx_EC_UNKNOWN:
		/*
		 * A semihosting call without -semihosting: skip it, report
		 * failure. The instruction was fetched, so reading it is safe.
		 */
		if (*(const u32 *)regs->pc == HLT_SEMIHOST) {
			regs->regs[0] = (u64)-1;
			regs->pc += 4;
			return;
		}
		pr_emerg("Undefined instruction at %pS\n", (void *)regs->pc);
		show_esr(esr);
		die("Oops - Undefined instruction", regs);
	case ESR_ELx_EC_PC_ALIGN:
		pr_emerg("Unable to handle kernel misaligned pc %016llx\n",
			 (unsigned long long)regs->pc);
		show_esr(esr);
		die("Oops - PC alignment exception", regs);
	case ESR_ELx_EC_SP_ALIGN:
		pr_emerg("Unable to handle kernel misaligned sp %016llx\n",
			 (unsigned long long)regs->sp);
		show_esr(esr);
		die("Oops - SP alignment exception", regs);
	case ESR_ELx_EC_BRK64:
		show_esr(esr);
		die("Oops - BRK", regs);
	default:
		pr_emerg("Unhandled synchronous exception from EL1: %s\n",
			 esr_get_class_string(esr));
		show_esr(esr);
		die("Oops - Unhandled exception", regs);
	}
}

/* ------------------------------------------------------------------ */
/* crash: deliberate Oopses (like Linux's sysrq-c and lkdtm)            */

#ifdef CONFIG_DEBUG_CRASH_CMD

/* "ret" (RET x30): what crash exec tries to run from .data. */
#define AARCH64_INSN_RET	0xd65f03c0U

static u32 crash_data_insns[4] __aligned(16) = {
	AARCH64_INSN_RET, AARCH64_INSN_RET, AARCH64_INSN_RET, AARCH64_INSN_RET,
};

/* A store through NULL: a level 0 translation fault in TTBR0's empty table. */
static noinline void crash_null_deref(void)
{
	int *volatile p = NULL;

	*p = 0x41;
}

/* A store to the kernel's own text: a permission fault (text is EL1 RO). */
static noinline void crash_write_text(void)
{
	u32 *volatile p = (u32 *)(void *)crash_write_text;

	*p = AARCH64_INSN_RET;
}

/* A call into .data: an instruction abort (data is PXN). */
static noinline void crash_exec_data(void)
{
	void (*volatile fn)(void) = (void (*)(void))(void *)crash_data_insns;

	fn();
	barrier();	/* no tail call: keep this function in the call trace */
}

/* UDF #0: permanently undefined, EC 0 (Unknown). */
static noinline void crash_undef_insn(void)
{
	__asm__ __volatile__("udf	#0" ::: "memory");
}

static noinline void crash_panic(void)
{
	panic("crash command: deliberate panic");
}

static const struct {
	const char *name;
	void (*fn)(void);
} crash_kinds[] = {
	{ "null",	crash_null_deref },
	{ "text",	crash_write_text },
	{ "exec",	crash_exec_data },
	{ "undef",	crash_undef_insn },
	{ "panic",	crash_panic },
};

static int cmd_crash(int argc, char **argv)
{
	if (argc != 2)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(crash_kinds); i++) {
		if (strcmp(argv[1], crash_kinds[i].name))
			continue;
		pr_emerg("crash: triggering '%s'\n", crash_kinds[i].name);
		crash_kinds[i].fn();
		/* Not reached: every kind ends in panic(). */
		shell_printf("crash: '%s' did not crash\n", crash_kinds[i].name);
		return 1;
	}
	shell_printf("crash: unknown kind '%s'\n", argv[1]);
	return -EINVAL;
}
SHELL_CMD(crash, "crash", "null|text|exec|undef|panic",
	  "crash the kernel on purpose to show the Oops report (like sysrq-c)",
	  cmd_crash);

#endif /* CONFIG_DEBUG_CRASH_CMD */
