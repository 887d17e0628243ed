/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <arbor/errno.h>
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


/*
 * One load or store that may fault. On a fault, @err becomes -EFAULT (and
 * a load's @val 0) and execution continues after the instruction:
 *
 *	1:	<insn>			<- __ex_table: { 1b, 3b }
 *	2:	...
 *	3:	mov	err, #-EFAULT	(in .fixup)
 *		mov	val, #0		(loads)
 *		b	2b
 *
 * @insn names the value as %1 (%w1/%x1) and the address as %2.
 */
#define __ex_load(insn, val, addr, err)					\
	__asm__ __volatile__(						\
	"1:	" insn "\n"						\
	"2:\n"								\
	"	.pushsection .fixup, \"ax\"\n"				\
	"	.balign	4\n"						\
	"3:	mov	%w0, %3\n"					\
	"	mov	%x1, #0\n"					\
	"	b	2b\n"						\
	"	.popsection\n"						\
	_ASM_EXTABLE(1b, 3b)						\
	: "+r"(err), "=&r"(val)						\
	: "r"(addr), "i"(-EFAULT)					\
	: "memory")

#define __ex_store(insn, val, addr, err)				\
	__asm__ __volatile__(						\
	"1:	" insn "\n"						\
	"2:\n"								\
	"	.pushsection .fixup, \"ax\"\n"				\
	"	.balign	4\n"						\
	"3:	mov	%w0, %3\n"					\
	"	b	2b\n"						\
	"	.popsection\n"						\
	_ASM_EXTABLE(1b, 3b)						\
	: "+r"(err)							\
	: "rZ"(val), "r"(addr), "i"(-EFAULT)				\
	: "memory")

#endif
