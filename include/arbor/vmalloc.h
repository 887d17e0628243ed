/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_VMALLOC_H
#define ARBOR_VMALLOC_H

/*
 * Virtually contiguous kernel memory (mm/vmalloc.c), Linux's interface.
 *
 * [VMALLOC_START, VMALLOC_END) of the TTBR1 half is cut into areas, each
 * followed by one unmapped guard page, so running off the end of one
 * faults instead of landing in the next:
 *
 *	vmalloc(size)		order-0 pages (PG_vmalloc, NR_VMALLOC), RW, NX
 *	vmap(pages, n, ...)	the caller's pages at consecutive addresses
 *	ioremap(pa, size)	device registers (arch/arm64/mm/mmu.c)
 *	get_vm_area(size, ...)	only the address range; the caller maps it
 *
 * The shell's "vmallocinfo" lists the areas like /proc/vmallocinfo.
 */
#include <arbor/gfp.h>
#include <arbor/types.h>
#include <asm/memory.h>

struct page;

/* vm_struct.flags, Linux's values */
#define VM_IOREMAP	0x00000001UL	/* ioremap() and friends */
#define VM_ALLOC	0x00000002UL	/* vmalloc() */
#define VM_MAP		0x00000004UL	/* vmap()ed pages */
#define VM_EARLY	0x00000100UL	/* registered before vmalloc_init(); the struct is static */

/**
 * struct vm_struct - one area of the vmalloc range, as its user sees it
 * @addr:	first address
 * @size:	bytes, including the guard page that follows (as in Linux)
 * @flags:	VM_*
 * @nr_pages:	pages vmalloc() put behind it
 * @phys_addr:	for ioremap: the physical address mapped at @addr
 * @caller:	who asked for it (printed with %pS by vmallocinfo)
 */
struct vm_struct {
	void *addr;
	unsigned long size;
	unsigned long flags;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
};

/** is_vmalloc_addr - whether @x lies in the vmalloc/ioremap range */
static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/** get_vm_area_size - the usable bytes of an area (without its guard page) */
static inline unsigned long get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

/* Documented at their definitions in mm/vmalloc.c. */
void vmalloc_init(void);
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags, u64 prot);
void vunmap(const void *addr);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller);
struct vm_struct *find_vm_area(const void *addr);
struct vm_struct *remove_vm_area(const void *addr);
void free_vm_area(struct vm_struct *area);

unsigned long vmalloc_nr_pages(void);

/* VmallocTotal in meminfo, bytes */
#define VMALLOC_TOTAL	(VMALLOC_END - VMALLOC_START)

#endif
