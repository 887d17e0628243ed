/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <arbor/types.h>
#include <asm/pgtable-hwdef.h>

struct list_head;
struct page;

extern u64 idmap_pg_dir[PTRS_PER_TABLE];
extern u64 swapper_pg_dir[PTRS_PER_TABLE];
extern u64 reserved_pg_dir[PTRS_PER_TABLE];

void early_map_kernel(phys_addr_t dtb_pa);
void dcache_inval_poc(u64 start, u64 end);

/**
 * paging_init - build the linear map of all memory in swapper_pg_dir, then
 * drop the boot identity map.
 */
void paging_init(void);

/**
 * ioremap - map device registers into the kernel's vmalloc range
 * @pa:		physical address of the registers
 * @size:	bytes
 *
 * The mapping is Device-nGnRE, never executable, in a VM_IOREMAP area of
 * its own (with a guard page after it) that vmallocinfo lists. Works from
 * the very first steps of setup_arch() on, before any allocator exists.
 * Normal RAM is refused: a Device alias of cacheable memory is a
 * mismatched-attribute mapping (Arm ARM B2.8).
 *
 * Return: the virtual address matching @pa, or NULL.
 */
void *ioremap(phys_addr_t pa, u64 size);

/**
 * ioremap_prot - ioremap() with other attributes (PROT_DEVICE, PROT_KERNEL_RW ...)
 */
void *ioremap_prot(phys_addr_t pa, u64 size, u64 prot);

/**
 * iounmap - undo ioremap()
 * @addr:	what ioremap() returned
 *
 * NULL is ignored; an address that is not (in the first page of) an
 * ioremap area is reported with the caller, and ignored.
 */
void iounmap(const volatile void *addr);

/*
 * The kernel's page tables (swapper_pg_dir) after boot, in
 * arch/arm64/mm/pgtable.c; documented at their definitions.
 */
int kernel_map_pages(u64 va, phys_addr_t pa, u64 size, u64 prot, unsigned int flags);
int kernel_map_pages_array(u64 va, struct page **pages, unsigned long nr, u64 prot,
			   unsigned long *mapped);
unsigned long unmap_kernel_range(u64 va, u64 size, struct list_head *pages);
int kernel_va_to_phys(u64 va, phys_addr_t *pa);
void kernel_pgtable_linear_ready(phys_addr_t (*alloc)(void));
void kernel_pgtable_use_page_alloc(void);

/* Statistics for bootinfo and the tests. */
unsigned long early_pgtables_used(void);
unsigned long kernel_pgtables_freed(void);

#endif
