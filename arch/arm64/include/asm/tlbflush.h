/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TLBFLUSH_H
#define ASM_TLBFLUSH_H

#include <asm/sysreg.h>

/* Invalidate every EL1&0 TLB entry on this CPU (Arm ARM D8.13: TLBI VMALLE1). */
static inline void local_flush_tlb_all(void)
{
	dsb(nshst);
	__asm__ __volatile__("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}

/* Invalidate one kernel VA on all CPUs in the inner-shareable domain (TLBI VAALE1IS). */
static inline void flush_tlb_kernel_page(unsigned long va)
{
	dsb(ishst);
	__asm__ __volatile__("tlbi vaale1is, %0" : : "r"(va >> 12) : "memory");
	dsb(ish);
	isb();
}

#endif
