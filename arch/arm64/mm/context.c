// SPDX-License-Identifier: GPL-2.0
/*
 * ASIDs, switching TTBR0_EL1 between address spaces, and TLB maintenance
 * of user mappings by ASID. Linux: arch/arm64/mm/context.c and
 * asm/tlbflush.h, for one CPU.
 *
 *   switch_mm(prev, next)
 *     check_and_switch_context(next)
 *       ASID still of this generation -> keep it
 *       else new_context(): the same number again if free in the new
 *            generation, else the next free one; none left -> roll over:
 *            generation + 1, bitmap cleared, local TLB flushed
 *     cpu_switch_mm(): TTBR0_EL1 = ASID << 48 | pgd PA; ISB
 *
 * Because every generation change flushes the whole TLB, entries tagged
 * with an old generation's ASID can never be hit again. destroy_context()
 * gives an ASID back early, so it first removes its entries (TLBI ASIDE1).
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <asm/mmu.h>
#include <asm/mmu_context.h>
#include <asm/sysreg.h>
#include <asm/tlb.h>
#include <asm/tlbflush.h>

#define MAX_ASID_BITS		16
#define ASID_WORDS		((1UL << MAX_ASID_BITS) / 64)

struct mm_struct *active_mm;
unsigned int asid_bits;

static u64 asid_map[ASID_WORDS];
static unsigned long nr_asids;		/* usable numbers: 1 .. nr_asids - 1 */
static unsigned long asid_hint = 1;	/* where the next search starts */
static u64 generation;			/* counts from 1; context_id 0 is "none" */
static bool asid_ready;

static unsigned long ctx_asid(u64 id)	{ return id & ((1UL << MAX_ASID_BITS) - 1); }
static u64 ctx_gen(u64 id)		{ return id >> MAX_ASID_BITS; }

static bool asid_test(unsigned long a)	{ return asid_map[a / 64] & BIT(a % 64); }
static void asid_set(unsigned long a)	{ asid_map[a / 64] |= BIT(a % 64); }
static void asid_clear(unsigned long a)	{ asid_map[a / 64] &= ~BIT(a % 64); }

/* ID_AA64MMFR0_EL1.ASIDBits [7:4]: 0b0010 means 16 bits, 0b0000 8 bits. */
static void asid_init(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);

	asid_bits = ((mmfr0 >> 4) & 0xf) == 2 ? 16 : 8;
	nr_asids = 1UL << asid_bits;
	generation = 1;
	asid_ready = true;
}

static void ensure_asid_init(void)
{
	if (!asid_ready)
		asid_init();
}

static void flush_context(void)
{
	memset(asid_map, 0, sizeof(asid_map));
	asid_set(0);
	generation++;
	asid_hint = 1;
	count_vm_event(ASID_ROLLOVER);
	count_vm_event(NR_TLB_LOCAL_FLUSH_ALL);
	local_flush_tlb_all();
}

static unsigned long find_free_asid(void)
{
	for (unsigned long i = 0; i < nr_asids - 1; i++) {
		unsigned long a = asid_hint + i;

		if (a >= nr_asids)
			a -= nr_asids - 1;
		if (!asid_test(a))
			return a;
	}
	return 0;
}

/* Linux: new_context(). */
static u64 new_context(struct mm_struct *mm)
{
	unsigned long asid = ctx_asid(mm->context_id);

	/* Keep the old number if nobody took it in this generation. */
	if (asid && asid < nr_asids && !asid_test(asid))
		goto got;
	asid = find_free_asid();
	if (!asid) {
		flush_context();
		asid = find_free_asid();
	}
got:
	asid_set(asid);
	asid_hint = asid + 1 < nr_asids ? asid + 1 : 1;
	return generation << MAX_ASID_BITS | asid;
}

/**
 * mm_asid - the ASID of @mm in the current generation
 * @mm:		an address space, or NULL
 *
 * Return: the ASID, or 0 when @mm has none now (then the TLB holds nothing of it).
 */
unsigned long mm_asid(const struct mm_struct *mm)
{
	if (!mm || !mm->context_id || ctx_gen(mm->context_id) != generation)
		return 0;
	return ctx_asid(mm->context_id);
}

/** asid_generation - the current ASID generation */
u64 asid_generation(void)
{
	ensure_asid_init();
	return generation;
}

/**
 * asid_set_limit - use only @nr ASIDs (1 reserved), to test roll-over
 * @nr:		2 .. the hardware's number, or 0 for the hardware's number
 *
 * Starts a new generation, so no ASID handed out before is above the limit.
 */
void asid_set_limit(unsigned long nr)
{
	ensure_asid_init();
	if (!nr || nr > (1UL << asid_bits))
		nr = 1UL << asid_bits;
	if (nr < 2)
		nr = 2;
	nr_asids = nr;
	flush_context();
	/* The live address space must keep a valid ASID of this generation. */
	if (active_mm)
		switch_mm(NULL, active_mm);
}

/**
 * init_new_context - a new address space starts with no ASID
 * @mm:		the address space
 */
void init_new_context(struct mm_struct *mm)
{
	ensure_asid_init();
	mm->context_id = 0;
}

/**
 * destroy_context - give back @mm's ASID
 * @mm:		an address space that is not active any more
 *
 * Its TLB entries are removed first, since the number may be handed out
 * again within this generation.
 */
void destroy_context(struct mm_struct *mm)
{
	unsigned long asid = mm_asid(mm);

	if (mm == active_mm)
		switch_mm(mm, NULL);
	if (asid) {
		flush_tlb_mm(mm);
		asid_clear(asid);
	}
	mm->context_id = 0;
}

/* Linux: cpu_switch_mm(). TTBR0 = ASID [63:48] | table PA [47:1]. */
static void cpu_switch_mm(phys_addr_t pgd_pa, unsigned long asid)
{
	write_sysreg((u64)asid << 48 | pgd_pa, ttbr0_el1);
	isb();
}

/**
 * switch_mm - make @next the address space TTBR0_EL1 translates
 * @prev:	the address space being left (may be NULL; unused but for symmetry)
 * @next:	the new one, or NULL for none (the empty reserved table, ASID 0)
 *
 * Allocates @next an ASID of the current generation if it has none.
 * Nothing is flushed: entries of other ASIDs do not match.
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	unsigned long flags;

	(void)prev;
	ensure_asid_init();
	flags = local_irq_save();
	if (!next) {
		cpu_switch_mm(__pa(reserved_pg_dir), 0);
	} else {
		if (!mm_asid(next))
			next->context_id = new_context(next);
		cpu_switch_mm(__pa(next->pgd), ctx_asid(next->context_id));
	}
	active_mm = next;
	local_irq_restore(flags);
}

/* ------------------------------------------------------------------ */
/* TLB maintenance by ASID                                              */

#define __tlbi_user(op, arg) __asm__ __volatile__("tlbi " #op ", %0" : : "r"(arg) : "memory")
#define TLBI_ASID(asid)		((u64)(asid) << 48)

/**
 * flush_tlb_mm - remove every TLB entry of @mm (TLBI ASIDE1IS)
 * @mm:		the address space; nothing happens if it has no current ASID
 */
void flush_tlb_mm(struct mm_struct *mm)
{
	unsigned long asid = mm_asid(mm);

	if (!asid)
		return;
	count_vm_event(NR_TLB_LOCAL_FLUSH_ALL);
	dsb(ishst);
	__tlbi_user(aside1is, TLBI_ASID(asid));
	dsb(ish);
	isb();
}

/**
 * __flush_tlb_range - remove the leaf entries of [start, end) in @mm
 * @mm:		the address space
 * @start:	first address (page aligned)
 * @end:	end (exclusive)
 *
 * One TLBI VALE1IS per page, or one TLBI ASIDE1IS above MAX_TLBI_OPS pages.
 */
void __flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long asid = mm_asid(mm);

	if (!asid || start >= end)
		return;
	if ((end - start) >> PAGE_SHIFT > MAX_TLBI_OPS) {
		flush_tlb_mm(mm);
		return;
	}
	count_vm_events(NR_TLB_LOCAL_FLUSH_ONE, (end - start) >> PAGE_SHIFT);
	dsb(ishst);
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		__tlbi_user(vale1is, TLBI_ASID(asid) | TLBI_VADDR(va));
	dsb(ish);
	isb();
}

/** flush_tlb_range - __flush_tlb_range() on @vma's address space */
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	__flush_tlb_range(vma->vm_mm, start, end);
}

/** flush_tlb_page - remove the leaf entry of one page of @vma (TLBI VALE1IS) */
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	addr &= PAGE_MASK;
	__flush_tlb_range(vma->vm_mm, addr, addr + PAGE_SIZE);
}

/**
 * flush_tlb_pgtable - a table descriptor covering @addr was cleared
 * @mm:		the address space
 * @addr:	an address the freed table translated
 *
 * TLBI VAE1IS (all levels) drops the walk-cache entries pointing at the
 * old table, before the table page can be reused.
 */
void flush_tlb_pgtable(struct mm_struct *mm, unsigned long addr)
{
	unsigned long asid = mm_asid(mm);

	if (!asid)
		return;
	count_vm_event(NR_TLB_LOCAL_FLUSH_ONE);
	dsb(ishst);
	__tlbi_user(vae1is, TLBI_ASID(asid) | TLBI_VADDR(addr));
	dsb(ish);
	isb();
}
