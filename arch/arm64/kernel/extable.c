// SPDX-License-Identifier: GPL-2.0
/*
 * Exception fixups: a faulting instruction listed in __ex_table resumes at
 * its fixup address. Entries are pairs of 32-bit offsets relative to the
 * entry itself, so the table carries no absolute addresses.
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

const struct exception_table_entry *search_exception_tables(u64 addr)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (ex_insn(e) == addr)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->pc);

	if (!e)
		return false;
	regs->pc = ex_fixup(e);
	return true;
}
