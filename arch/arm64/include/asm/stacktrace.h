/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_STACKTRACE_H
#define ASM_STACKTRACE_H

#include <arbor/types.h>

struct pt_regs;

/**
 * dump_backtrace - print the call chain from frame record @fp, starting at @pc
 */
void dump_backtrace(u64 fp, u64 pc);

/**
 * walk_stackframe - call @fn for each return address from frame record @fp
 * Return: number of frames visited.
 */
int walk_stackframe(u64 fp, bool (*fn)(void *arg, u64 pc), void *arg);

/* Documented at their definitions in arch/arm64/kernel/stacktrace.c. */
void dump_backtrace_regs(const struct pt_regs *regs);
unsigned int stack_trace_save(u64 *store, unsigned int size, unsigned int skipnr);

#endif
