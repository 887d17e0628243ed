/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_VMSTAT_H
#define ARBOR_VMSTAT_H

/*
 * Memory accounting that meminfo prints and later issues extend. Counts are
 * in pages unless the name ends in _B (bytes). One CPU: plain longs,
 * updated with interrupts masked by the callers' own locking.
 */
enum vm_stat_item {
	NR_FREE_PAGES,			/* in the buddy allocator and per-CPU lists */
	NR_SLAB_RECLAIMABLE_B,
	NR_SLAB_UNRECLAIMABLE_B,
	NR_PAGETABLE,			/* page-table pages allocated after boot */
	NR_VMALLOC,			/* pages backing vmalloc areas */
	NR_KERNEL_STACK_KB,
	NR_ANON_PAGES,
	NR_FILE_PAGES,
	NR_FILE_MAPPED,
	NR_SHMEM,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_VM_STAT_ITEMS
};

extern long vm_stat[NR_VM_STAT_ITEMS];

static inline void mod_vm_stat(enum vm_stat_item item, long delta)
{
	vm_stat[item] += delta;
}

static inline long global_vm_stat(enum vm_stat_item item)
{
	return vm_stat[item];
}

/* Pages the page allocator manages (MemTotal), and all RAM the DT reported. */
extern unsigned long totalram_pages;
extern unsigned long physpages;

/**
 * si_mem_available - Linux's MemAvailable estimate, in pages: free pages
 * above the high watermark plus the page cache and reclaimable slab that
 * could be given up without trouble
 */
unsigned long si_mem_available(void);

#endif
