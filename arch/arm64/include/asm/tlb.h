/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TLB_H
#define ASM_TLB_H

/*
 * TLB maintenance of user address spaces, by ASID (arch/arm64/mm/context.c).
 *
 * The operand of TLBI ASIDE1IS is ASID << 48; of TLBI VALE1IS / VAE1IS it
 * is ASID << 48 | VA[55:12]. VALE1 removes the leaf entry only; VAE1 also
 * removes walk-cache entries for the tables on the way, which is what a
 * freed page-table page needs. An address space without an ASID of the
 * current generation has nothing in the TLB and is skipped.
 */
#include <arbor/mm_types.h>

void flush_tlb_mm(struct mm_struct *mm);
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
void __flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end);
void flush_tlb_pgtable(struct mm_struct *mm, unsigned long addr);

#endif
