/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MMU_CONTEXT_H
#define ASM_MMU_CONTEXT_H

/*
 * Address-space identifiers and switching TTBR0_EL1 (arch/arm64/mm/context.c).
 *
 * mm->context_id = generation << asid_bits | asid. An ASID is only
 * meaningful in its own generation: when the ASID space is used up the
 * generation moves on, the whole TLB is flushed, and every address space
 * gets a new ASID the next time it is switched to (Linux's scheme, one CPU).
 * ASID 0 is never handed out: it tags nothing but the empty reserved table.
 *
 * TTBR0_EL1 (TCR_EL1.A1 = 0, so the ASID comes from TTBR0):
 *   [63:48] ASID   [47:1] BADDR (the L0 table, 4 KiB aligned)   [0] CnP
 */
#include <arbor/mm_types.h>
#include <arbor/types.h>

/** active_mm - the address space TTBR0_EL1 holds (NULL: the empty reserved table) */
extern struct mm_struct *active_mm;

void init_new_context(struct mm_struct *mm);
void destroy_context(struct mm_struct *mm);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

/** asid_bits - 8 or 16, from ID_AA64MMFR0_EL1.ASIDBits */
extern unsigned int asid_bits;

/** mm_asid - the ASID of @mm if it has one in the current generation, else 0 */
unsigned long mm_asid(const struct mm_struct *mm);

/** asid_generation - the current generation (for tests and vmstat) */
u64 asid_generation(void);

/**
 * asid_set_limit - pretend the CPU has only @nr ASIDs (tests of roll-over);
 * 0 restores the hardware's number. Forces a roll-over.
 */
void asid_set_limit(unsigned long nr);

#endif
