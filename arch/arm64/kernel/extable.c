// SPDX-License-Identifier: GPL-2.0
/*
 * Exception fixups: a faulting instruction listed in __ex_table resumes at
 * its fixup address. Entries are pairs of 32-bit offsets, each relative to
 * its own field, so the table carries no absolute addresses:
 *
 *	entry + 0:  s32 insn	faulting instruction = &insn + insn
 *	entry + 4:  s32 fixup	where to resume      = &fixup + fixup
 *
 * Entries are made by _ASM_EXTABLE() (asm/extable.h) next to the accessor
 * that may fault (probe_kernel_read() and friends). The table is small, so
 * it is searched linearly.
 */
#include <asm/extable.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static u64 ex_insn(const struct exception_table_entry *e)
{
	return (u64)&e->insn + e->insn;
}

static u64 ex_fixup(const struct exception_table_entry *e)
{
	return (u64)&e->fixup + e->fixup;
}

/**
 * search_exception_tables - find the fixup entry of an instruction
 * @addr:	the address of the instruction that faulted
 *
 * Return: the entry, or NULL when @addr is not an instruction allowed to
 * fault.
 */
const struct exception_table_entry *search_exception_tables(u64 addr)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (ex_insn(e) == addr)
			return e;
	return NULL;
}

/**
 * fixup_exception - resume a faulting accessor at its fixup
 * @regs:	the registers of a data abort taken from EL1
 *
 * The caller decides which faults may be fixed up at all (do_el1_sync()
 * only passes MMU faults of data accesses).
 *
 * Return: true when regs->pc is in __ex_table; regs->pc is then the fixup.
 * False otherwise, with @regs untouched.
 */
bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->pc);

	if (!e)
		return false;
	regs->pc = ex_fixup(e);
	return true;
}
