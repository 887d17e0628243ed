/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TLBFLUSH_H
#define ASM_TLBFLUSH_H

/*
 * TLB maintenance for kernel mappings (Arm ARM D8.13, "TLB maintenance
 * instructions", and D8.14 for the barriers).
 *
 * The sequence for removing a translation is always:
 *	write the descriptor (invalid)
 *	DSB ISHST	the write is visible to every table walker first
 *	TLBI ...	then the cached copies are discarded
 *	DSB ISH		wait until the invalidation has completed everywhere
 *	ISB		and no later instruction was fetched with the old one
 *
 * Adding a translation where there was none needs no TLBI (invalid
 * descriptors are never cached), only the DSB ISHST + ISB of
 * emit_pte_barriers().
 *
 * The address operand of the TLBI VA* forms is VA[55:12] in bits [43:0];
 * bits [47:44] are the TTL level hint on CPUs with FEAT_TTL, so they must
 * be zero (no hint) rather than the sign bits of a kernel address.
 *
 * Host unit tests (HOST_TEST) have no TLB: the operations compile to nothing.
 */
#include <arbor/compiler.h>

#define TLBI_VADDR(va)		(((unsigned long)(va) >> 12) & GENMASK(43, 0))

/* Above this many pages one TLBI VMALLE1IS is cheaper than a loop (Linux: MAX_DVM_OPS). */
#define MAX_TLBI_OPS		512UL

#ifdef HOST_TEST
static inline void local_flush_tlb_all(void) { }
static inline void flush_tlb_all(void) { }
static inline void flush_tlb_kernel_page(unsigned long va) { (void)va; }
static inline void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
}
static inline void __flush_tlb_kernel_pgtable(unsigned long va) { (void)va; }
static inline void emit_pte_barriers(void) { }
#else
#include <asm/sysreg.h>

#define __tlbi(op, arg)	__asm__ __volatile__("tlbi " #op ", %0" : : "r"(arg) : "memory")

/* Invalidate every EL1&0 TLB entry on this CPU (TLBI VMALLE1). */
static inline void local_flush_tlb_all(void)
{
	dsb(nshst);
	__asm__ __volatile__("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}

/* Invalidate every EL1&0 TLB entry in the inner-shareable domain (TLBI VMALLE1IS). */
static inline void flush_tlb_all(void)
{
	dsb(ishst);
	__asm__ __volatile__("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}

/* Invalidate the last-level entry of one kernel VA, any ASID (TLBI VAALE1IS). */
static inline void flush_tlb_kernel_page(unsigned long va)
{
	dsb(ishst);
	__tlbi(vaale1is, TLBI_VADDR(va));
	dsb(ish);
	isb();
}

/**
 * flush_tlb_kernel_range - drop the cached leaf translations of [start, end)
 * @start:	first kernel VA (page aligned)
 * @end:	end (exclusive)
 *
 * After the descriptors were cleared. One TLBI VAALE1IS per page (leaf
 * entries only: the tables above stay), or TLBI VMALLE1IS for large ranges.
 */
static inline void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if ((end - start) >> 12 > MAX_TLBI_OPS) {
		flush_tlb_all();
		return;
	}
	dsb(ishst);
	for (unsigned long va = start; va < end; va += 1UL << 12)
		__tlbi(vaale1is, TLBI_VADDR(va));
	dsb(ish);
	isb();
}

/*
 * A table descriptor covering @va was cleared and its table is about to be
 * freed: TLBI VAAE1IS (not the "last level only" form) also removes the
 * walk-cache entries that still point at the old table.
 */
static inline void __flush_tlb_kernel_pgtable(unsigned long va)
{
	dsb(ishst);
	__tlbi(vaae1is, TLBI_VADDR(va));
	dsb(ish);
	isb();
}

/* New descriptors replaced invalid ones: make them visible to the walker. */
static inline void emit_pte_barriers(void)
{
	dsb(ishst);
	isb();
}
#endif

#endif
