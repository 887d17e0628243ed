/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <arbor/types.h>

struct exception_table_entry {
	s32 insn;	/* faulting instruction, relative to this field */
	s32 fixup;	/* where to resume, relative to this field */
};

/*
 * _ASM_EXTABLE(insn_label, fixup_label) inside inline asm: record that a
 * fault at insn_label continues at fixup_label.
 */
#define _ASM_EXTABLE(insn, fixup)					\
	"	.pushsection	__ex_table, \"a\"\n"			\
	"	.balign		4\n"					\
	"	.long		(" #insn ") - .\n"			\
	"	.long		(" #fixup ") - .\n"			\
	"	.popsection\n"

const struct exception_table_entry *search_exception_tables(u64 addr);

#endif
