/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

/*
 * User page tables (TTBR0_EL1): the entry types, the attribute sets
 * vm_get_page_prot() hands out, and the pte accessors mm/memory.c uses.
 * Linux's names (arch/arm64/include/asm/pgtable.h); Arbor's own bodies.
 *
 * A user translation is four levels, one 4 KiB table each:
 *
 *   pgd (L0, 512 GiB/entry) -> pud (L1, 1 GiB) -> pmd (L2, 2 MiB) -> pte (L3, 4 KiB)
 *
 * Table descriptors ([1:0] = 11, [47:12] next table) carry no attributes
 * here: every restriction is in the leaf.
 *
 * Leaf (page) descriptor of a user page, hardware bits (pgtable-hwdef.h):
 *   [1:0]  11 valid page           [4:2] AttrIndx 0 (Normal WB)
 *   [6]    AP[1] = 1: EL0 may access ([7] AP[2] = 1: read-only at EL0 and EL1)
 *   [9:8]  11 inner shareable      [10] AF: 0 faults on first access
 *   [11]   nG = 1: TLB entries tagged with the ASID
 *   [51]   DBM: with hardware dirty tracking, a write clears AP[2]
 *   [53]   PXN = 1: never executed by the kernel   [54] UXN: EL0 execute-never
 * Software bits (ignored by the MMU, [58:55]):
 *   [55]   PTE_DIRTY       written since it was mapped clean
 *   [56]   PTE_SPECIAL     no struct page to account (the zero page)
 *   [58]   PTE_PROT_NONE   present but inaccessible: [0] is clear so any
 *                          access faults, yet the entry still owns its page
 *
 * Writable and dirty, as in Linux: PTE_WRITE is the DBM bit. A writable
 * clean page has PTE_WRITE and AP[2] (read-only) set, so the first write
 * faults (or, with FEAT_HAFDBS, the MMU clears AP[2] itself); the fault
 * marks it dirty, which clears AP[2]. pte_dirty() therefore reads both
 * the software bit and "writable and not read-only" (hardware dirty).
 */
#include <arbor/compiler.h>
#include <arbor/mm.h>
#include <arbor/types.h>
#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>

typedef u64 pte_t;
typedef u64 pmd_t;
typedef u64 pud_t;
typedef u64 pgd_t;

#define PTRS_PER_PTE		PTRS_PER_TABLE
#define PTRS_PER_PMD		PTRS_PER_TABLE
#define PTRS_PER_PUD		PTRS_PER_TABLE
#define PTRS_PER_PGD		PTRS_PER_TABLE
#define PGDIR_MASK		(~(PGDIR_SIZE - 1))
#define PUD_MASK		(~(PUD_SIZE - 1))
#define PMD_MASK		(~(PMD_SIZE - 1))

#define PTE_WRITE		PTE_DBM			/* [51] */
#define PTE_DIRTY		(_UL(1) << 55)		/* software */
#define PTE_SPECIAL		(_UL(1) << 56)		/* software */
#define PTE_PROT_NONE		(_UL(1) << 58)		/* software, [0] clear */

/* Table descriptor: [1:0] = 11, [47:12] the next table, no attributes. */
#define PMD_TYPE_TABLE		PTE_TYPE_TABLE

/*
 * Every user page: valid page [1:0]=11, Normal WB [4:2]=0, inner
 * shareable [9:8]=11, accessed [10]=1, ASID-tagged [11]=1, never
 * kernel-executable [53]=1.
 */
#define _PAGE_USER_BASE		(PTE_TYPE_PAGE | PTE_ATTRINDX(MT_NORMAL) | PTE_SHARED | \
				 PTE_AF | PTE_NG | PTE_PXN)

/* PROT_NONE: [0] clear (faults), PTE_PROT_NONE set (still present). */
#define PAGE_NONE	((_PAGE_USER_BASE & ~PTE_VALID) | PTE_PROT_NONE | PTE_RDONLY | PTE_UXN)
/* EL0 read-only ([7:6] = 11), not executable ([54] = 1). */
#define PAGE_READONLY		(_PAGE_USER_BASE | PTE_USER | PTE_RDONLY | PTE_UXN)
/* EL0 read-only, executable. */
#define PAGE_READONLY_EXEC	(_PAGE_USER_BASE | PTE_USER | PTE_RDONLY)
/* EL0 writable once dirty: PTE_WRITE ([51]), clean so still AP[2] = 1. */
#define PAGE_SHARED		(_PAGE_USER_BASE | PTE_USER | PTE_RDONLY | PTE_WRITE | PTE_UXN)
#define PAGE_SHARED_EXEC	(_PAGE_USER_BASE | PTE_USER | PTE_RDONLY | PTE_WRITE)

/*
 * The attribute bits pte_modify() replaces; the output address, AF and
 * the dirty/special software bits stay with the page.
 */
#define PTE_PROT_CHANGE_MASK	(PTE_VALID | PTE_PROT_NONE | PTE_USER | PTE_RDONLY | \
				 PTE_WRITE | PTE_PXN | PTE_UXN | PTE_ATTRINDX_MASK | \
				 PTE_SH_MASK | PTE_NG)

/* ---- entries ---- */

static inline bool pte_none(pte_t pte)		{ return pte == 0; }
/* Present: mapped, or PROT_NONE (which owns its page but faults). */
static inline bool pte_present(pte_t pte)	{ return pte & (PTE_VALID | PTE_PROT_NONE); }
static inline bool pte_valid(pte_t pte)		{ return pte & PTE_VALID; }
static inline bool pte_protnone(pte_t pte)
{
	return (pte & (PTE_VALID | PTE_PROT_NONE)) == PTE_PROT_NONE;
}
static inline bool pte_write(pte_t pte)		{ return pte & PTE_WRITE; }
static inline bool pte_rdonly(pte_t pte)	{ return pte & PTE_RDONLY; }
static inline bool pte_young(pte_t pte)		{ return pte & PTE_AF; }
static inline bool pte_special(pte_t pte)	{ return pte & PTE_SPECIAL; }
static inline bool pte_user_exec(pte_t pte)	{ return !(pte & PTE_UXN); }
/* Hardware dirty: writable and AP[2] already cleared. */
static inline bool pte_hw_dirty(pte_t pte)
{
	return (pte & PTE_WRITE) && !(pte & PTE_RDONLY);
}
static inline bool pte_dirty(pte_t pte)
{
	return (pte & PTE_DIRTY) || pte_hw_dirty(pte);
}
static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return ((u64)pfn << PAGE_SHIFT) | prot;
}

/* Writable: PTE_WRITE, and AP[2] cleared as well when already dirty. */
static inline pte_t pte_mkwrite(pte_t pte)
{
	pte |= PTE_WRITE;
	if (pte & PTE_DIRTY)
		pte &= ~PTE_RDONLY;
	return pte;
}

/* Read-only: fold hardware dirtiness into PTE_DIRTY first, then AP[2]. */
static inline pte_t pte_wrprotect(pte_t pte)
{
	if (pte_hw_dirty(pte))
		pte |= PTE_DIRTY;
	pte &= ~PTE_WRITE;
	return pte | PTE_RDONLY;
}

/* Dirty: the software bit, and AP[2] cleared when it may be written. */
static inline pte_t pte_mkdirty(pte_t pte)
{
	pte |= PTE_DIRTY;
	if (pte & PTE_WRITE)
		pte &= ~PTE_RDONLY;
	return pte;
}

static inline pte_t pte_mkclean(pte_t pte)
{
	pte &= ~PTE_DIRTY;
	if (pte & PTE_WRITE)
		pte |= PTE_RDONLY;
	return pte;
}

static inline pte_t pte_mkyoung(pte_t pte)	{ return pte | PTE_AF; }
static inline pte_t pte_mkold(pte_t pte)	{ return pte & ~PTE_AF; }
static inline pte_t pte_mkspecial(pte_t pte)	{ return pte | PTE_SPECIAL; }

/** pte_modify - @pte with @newprot's permissions, keeping page, AF and dirtiness */
static inline pte_t pte_modify(pte_t pte, pgprot_t newprot)
{
	if (pte_hw_dirty(pte))
		pte |= PTE_DIRTY;
	pte = (pte & ~PTE_PROT_CHANGE_MASK) | (newprot & PTE_PROT_CHANGE_MASK);
	/* A dirty page that stays writable needs no write fault. */
	if ((pte & PTE_DIRTY) && (pte & PTE_WRITE))
		pte &= ~PTE_RDONLY;
	return pte;
}

static inline pte_t mk_pte(const struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

/* ---- table descriptors ---- */

static inline bool pmd_none(pmd_t pmd)	{ return pmd == 0; }
static inline bool pmd_table(pmd_t pmd)
{
	return (pmd & PTE_TYPE_MASK) == PMD_TYPE_TABLE;
}
/* Kernel (linear map) address of the table an entry points to. */
static inline u64 *pmd_table_vaddr(u64 desc)
{
	return (u64 *)__va(desc & PTE_ADDR_MASK);
}

static inline unsigned long pgd_index(unsigned long addr)
{
	return (addr >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1);
}
static inline unsigned long pud_index(unsigned long addr)
{
	return (addr >> PUD_SHIFT) & (PTRS_PER_PUD - 1);
}
static inline unsigned long pmd_index(unsigned long addr)
{
	return (addr >> PMD_SHIFT) & (PTRS_PER_PMD - 1);
}
static inline unsigned long pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

static inline pgd_t *pgd_offset(struct mm_struct *mm, unsigned long addr)
{
	return (pgd_t *)mm->pgd + pgd_index(addr);
}
static inline pud_t *pud_offset(pgd_t *pgd, unsigned long addr)
{
	return (pud_t *)pmd_table_vaddr(READ_ONCE(*pgd)) + pud_index(addr);
}
static inline pmd_t *pmd_offset(pud_t *pud, unsigned long addr)
{
	return (pmd_t *)pmd_table_vaddr(READ_ONCE(*pud)) + pmd_index(addr);
}
static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long addr)
{
	return (pte_t *)pmd_table_vaddr(READ_ONCE(*pmd)) + pte_index(addr);
}

/* The end of the entry covering @addr at a level, clamped to @end. */
#define pXd_addr_end(addr, end, size) ({				\
	unsigned long __b = ((addr) + (size)) & ~((size) - 1);		\
	(__b - 1 < (end) - 1) ? __b : (end);				\
})
#define pgd_addr_end(a, e)	pXd_addr_end(a, e, PGDIR_SIZE)
#define pud_addr_end(a, e)	pXd_addr_end(a, e, PUD_SIZE)
#define pmd_addr_end(a, e)	pXd_addr_end(a, e, PMD_SIZE)

/* ---- updating entries ---- */

static inline pte_t ptep_get(pte_t *ptep)
{
	return READ_ONCE(*ptep);
}

/*
 * Installing or changing a leaf. The DSB makes the store visible to the
 * table walker before anything that depends on it (the retried access);
 * a valid-to-valid change must only be a permission or AF/dirty change
 * (Arm ARM D8.16: no break-before-make needed for those), an output
 * address change goes through ptep_get_and_clear() + TLB flush first.
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
#ifndef HOST_TEST
	__asm__ __volatile__("dsb ishst\n\tisb" ::: "memory");
#endif
}

static inline void set_pte_at(struct mm_struct *mm, unsigned long addr, pte_t *ptep,
			      pte_t pte)
{
	(void)mm;
	(void)addr;
	set_pte(ptep, pte);
}

/** ptep_get_and_clear - invalidate a leaf (the "break"); the caller flushes the TLB */
static inline pte_t ptep_get_and_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	pte_t old = READ_ONCE(*ptep);

	(void)mm;
	(void)addr;
	WRITE_ONCE(*ptep, 0);
	return old;
}

static inline void pte_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	(void)ptep_get_and_clear(mm, addr, ptep);
}

/** ptep_set_wrprotect - make a leaf read-only in place (keeps hardware dirtiness) */
static inline void ptep_set_wrprotect(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	set_pte_at(mm, addr, ptep, pte_wrprotect(ptep_get(ptep)));
}

/* ---- the zero page ---- */

extern u8 empty_zero_page[PAGE_SIZE];
#define ZERO_PAGE_PFN()		(__pa(empty_zero_page) >> PAGE_SHIFT)
static inline bool is_zero_pfn(unsigned long pfn)
{
	return pfn == ZERO_PAGE_PFN();
}

/* ---- page tables of an address space (mm/memory.c) ---- */

pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr);
pte_t *pte_lookup(struct mm_struct *mm, unsigned long addr);

#endif
