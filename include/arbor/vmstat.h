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
	NR_INACTIVE_FILE,		/* the file LRU lists (mm/vmscan.c) */
	NR_ACTIVE_FILE,
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

/*
 * Event counters (Linux's vm_event_item, /proc/vmstat), counted by the
 * address-space code: the fault path (mm/memory.c, arch/arm64/mm/fault.c)
 * and user TLB maintenance (arch/arm64/mm/context.c). "vmstat" prints
 * them. Arbor-only names are marked so in mm/vmstat.c.
 */
enum vm_event_item {
	PGFAULT,		/* faults handled on user addresses */
	PGFAULT_SIGSEGV,	/* of which ended in SIGSEGV (arbor) */
	PGFAULT_ACCESS_FLAG,	/* AF faults fixed by setting AF in software (arbor) */
	PGFAULT_DIRTY,		/* write faults that only marked a writable page dirty (arbor) */
	ZERO_PAGE_MAP,		/* read faults that mapped the shared zero page (arbor) */
	ANON_FAULT_ALLOC,	/* zeroed pages allocated by do_anonymous_page (arbor) */
	COW_COPY,		/* do_wp_page copied the page (arbor) */
	COW_REUSE,		/* do_wp_page reused the only mapping (arbor) */
	NR_TLB_LOCAL_FLUSH_ALL,	/* TLBI VMALLE1 / ASIDE1: everything of an ASID or all */
	NR_TLB_LOCAL_FLUSH_ONE,	/* TLBI VALE1 / VAE1: one page */
	ASID_ROLLOVER,		/* ASID generations started (arbor) */
	PGTABLE_ALLOC,		/* user page-table pages allocated (arbor) */
	PGTABLE_FREE,		/* and freed (arbor) */
	PGMAJFAULT,		/* faults that had to read the page from its file */
	PGPGIN,			/* pages read from block devices (Linux: KiB) */
	PGPGOUT,		/* pages written to block devices (Linux: KiB) */
	PGFAULTAROUND,		/* PTEs mapped by fault-around (arbor) */
	PGREADAHEAD,		/* pages read ahead of a request (arbor) */
	PGSCAN_DIRECT,		/* pages looked at by reclaim */
	PGSTEAL_DIRECT,		/* pages reclaimed */
	PGACTIVATE,		/* pages moved to the active list */
	PGDIRTY_THROTTLE,	/* writers made to write back by balance_dirty_pages (arbor) */
	NR_VM_EVENT_ITEMS
};

extern unsigned long vm_events[NR_VM_EVENT_ITEMS];

static inline void count_vm_event(enum vm_event_item item)
{
	vm_events[item]++;
}

static inline void count_vm_events(enum vm_event_item item, unsigned long n)
{
	vm_events[item] += n;
}

#endif
