/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_FAULT_PROBE_H
#define ASM_FAULT_PROBE_H

/*
 * Probing accessors: touch memory that may be unmapped or protected and get
 * -EFAULT instead of an Oops. Loads and stores are single instructions listed
 * in __ex_table (_ASM_EXTABLE), so a data abort on them resumes at a fixup
 * that sets the error. Instruction fetches cannot be listed that way (the
 * faulting address is the target, not an instruction of ours), so
 * exec_probe() registers its target before branching and do_el1_sync()
 * recognises the resulting instruction abort.
 *
 * These are what the user-memory accessors (copy_from_user and friends)
 * will be built on.
 */
#include <arbor/types.h>

struct pt_regs;

/* Each is documented at its definition in arch/arm64/mm/fault_probe.c. */
int probe_kernel_read(void *dst, const void *src, size_t size);
int probe_kernel_write(void *dst, const void *src, size_t size);
int exec_probe(const void *addr);
bool exec_probe_fixup(struct pt_regs *regs);

#endif
