/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <arbor/types.h>
#include <asm/pgtable-hwdef.h>

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
 * The mapping is Device-nGnRE, never executable. Return: the virtual
 * address matching @pa, or NULL.
 */
void *ioremap(phys_addr_t pa, u64 size);

/**
 * kernel_map_pages - map physical pages at a kernel VA with the given attributes
 *
 * Return: 0 or a negative errno from map_range().
 */
int kernel_map_pages(u64 va, phys_addr_t pa, u64 size, u64 prot, unsigned int flags);

/* Statistics for bootinfo and the tests. */
unsigned long early_pgtables_used(void);

#endif
