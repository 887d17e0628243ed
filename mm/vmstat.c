// SPDX-License-Identifier: GPL-2.0
/*
 * Memory accounting and the "meminfo" command (Linux's mm/vmstat.c
 * counters and fs/proc/meminfo.c's layout).
 *
 * The counters are updated by their owners with interrupts masked: the
 * page allocator (NR_FREE_PAGES), slab (NR_SLAB_*_B, in bytes), vmalloc
 * (NR_VMALLOC) and the page-table code (NR_PAGETABLE).
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

long vm_stat[NR_VM_STAT_ITEMS];
unsigned long totalram_pages;
unsigned long physpages;

/**
 * si_mem_available - Linux's MemAvailable estimate, in pages
 *
 * Free pages minus the reserve the allocator keeps (the high watermark),
 * plus the page cache and reclaimable slab, less what of those is likely
 * in use (half, at most the low watermark), as Linux's si_mem_available().
 */
unsigned long si_mem_available(void)
{
	const struct zone *zone = &NODE_DATA(0)->node_zones[ZONE_NORMAL];
	unsigned long wmark_low = low_wmark_pages(zone);
	long available, pagecache, reclaimable;

	available = global_vm_stat(NR_FREE_PAGES) - (long)high_wmark_pages(zone);
	/* Only the file LRU can be reclaimed: shmem and ramfs pages cannot. */
	pagecache = global_vm_stat(NR_INACTIVE_FILE) + global_vm_stat(NR_ACTIVE_FILE);
	pagecache -= min((unsigned long)pagecache / 2, wmark_low);
	available += pagecache;
	reclaimable = global_vm_stat(NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT;
	reclaimable -= min((unsigned long)reclaimable / 2, wmark_low);
	available += reclaimable;
	return available < 0 ? 0 : (unsigned long)available;
}

/*
 * Linux's show_val_kb(): "%-16s%8lu kB", the number ending in column 24;
 * the one longer name ("HardwareCorrupted:") keeps that column too.
 */
static void show_kb(const char *name, unsigned long kb)
{
	int width = 24 - (int)strlen(name);

	printk("%s%*lu kB\n", name, width > 1 ? width : 1, kb);
}

static void show_val_kb(const char *name, unsigned long pages)
{
	show_kb(name, pages << (PAGE_SHIFT - 10));
}

static int cmd_meminfo(int argc, char **argv)
{
	unsigned long sreclaimable, sunreclaim, inactive_file, active_file, inactive_anon;
	unsigned long unevictable;

	if (argc > 1)
		return -EINVAL;
	sreclaimable = (unsigned long)global_vm_stat(NR_SLAB_RECLAIMABLE_B) >> 10;
	sunreclaim = (unsigned long)global_vm_stat(NR_SLAB_UNRECLAIMABLE_B) >> 10;

	/* Linux's field order; what Arbor does not have yet is 0. */
	show_val_kb("MemTotal:", totalram_pages);
	show_val_kb("MemFree:", global_vm_stat(NR_FREE_PAGES));
	show_val_kb("MemAvailable:", si_mem_available());
	/*
	 * The buffer cache (fs/buffer.c) is kmalloc memory, not block-device
	 * page cache, so Buffers is 0 and Cached is all of NR_FILE_PAGES:
	 * Linux's file pages minus swap cache (none) minus Buffers. Shmem
	 * pages are file pages too, so Shmem is part of Cached, as in Linux.
	 */
	show_val_kb("Buffers:", 0);
	show_val_kb("Cached:", global_vm_stat(NR_FILE_PAGES));
	show_val_kb("SwapCached:", 0);
	/*
	 * The file LRU is mm/vmscan.c's two lists. Anonymous and shmem pages
	 * are on no list here (no swap to reclaim them to): they are shown as
	 * Inactive(anon), where Linux puts new anonymous and shmem pages;
	 * ramfs pages are Unevictable, as in Linux.
	 */
	inactive_file = (unsigned long)global_vm_stat(NR_INACTIVE_FILE);
	active_file = (unsigned long)global_vm_stat(NR_ACTIVE_FILE);
	inactive_anon = (unsigned long)(global_vm_stat(NR_ANON_PAGES) + global_vm_stat(NR_SHMEM));
	unevictable = (unsigned long)(global_vm_stat(NR_FILE_PAGES) - global_vm_stat(NR_SHMEM)) -
		      inactive_file - active_file;
	show_val_kb("Active:", active_file);
	show_val_kb("Inactive:", inactive_anon + inactive_file);
	show_val_kb("Active(anon):", 0);
	show_val_kb("Inactive(anon):", inactive_anon);
	show_val_kb("Active(file):", active_file);
	show_val_kb("Inactive(file):", inactive_file);
	show_val_kb("Unevictable:", unevictable);
	show_val_kb("Mlocked:", 0);
	show_val_kb("SwapTotal:", 0);
	show_val_kb("SwapFree:", 0);
	/* Dirty and Writeback: file pages with PG_dirty / PG_writeback. */
	show_val_kb("Dirty:", global_vm_stat(NR_FILE_DIRTY));
	show_val_kb("Writeback:", global_vm_stat(NR_WRITEBACK));
	show_val_kb("AnonPages:", global_vm_stat(NR_ANON_PAGES));
	/* Mapped: file and shmem pages with at least one PTE. */
	show_val_kb("Mapped:", global_vm_stat(NR_FILE_MAPPED));
	show_val_kb("Shmem:", global_vm_stat(NR_SHMEM));
	show_kb("KReclaimable:", sreclaimable);
	show_kb("Slab:", sreclaimable + sunreclaim);
	show_kb("SReclaimable:", sreclaimable);
	show_kb("SUnreclaim:", sunreclaim);
	show_kb("KernelStack:", global_vm_stat(NR_KERNEL_STACK_KB));
	show_val_kb("PageTables:", global_vm_stat(NR_PAGETABLE));
	show_val_kb("SecPageTables:", 0);
	show_val_kb("NFS_Unstable:", 0);
	show_val_kb("Bounce:", 0);
	show_val_kb("WritebackTmp:", 0);
	/* overcommit_ratio 50, no swap */
	show_val_kb("CommitLimit:", totalram_pages / 2);
	show_val_kb("Committed_AS:", 0);
	show_kb("VmallocTotal:", (VMALLOC_END - VMALLOC_START) >> 10);
	show_val_kb("VmallocUsed:", global_vm_stat(NR_VMALLOC));
	show_val_kb("VmallocChunk:", 0);
	show_val_kb("Percpu:", 0);
	show_val_kb("HardwareCorrupted:", 0);
	show_val_kb("AnonHugePages:", 0);
	show_val_kb("ShmemHugePages:", 0);
	show_val_kb("ShmemPmdMapped:", 0);
	show_val_kb("FileHugePages:", 0);
	show_val_kb("FilePmdMapped:", 0);
	return 0;
}
SHELL_CMD(meminfo, "meminfo", "", "memory usage in kB, like /proc/meminfo", cmd_meminfo);

/* ---- vmstat: Linux's /proc/vmstat, "name value" per line ---- */

unsigned long vm_events[NR_VM_EVENT_ITEMS];

static const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[PGFAULT]		= "pgfault",
	[PGFAULT_SIGSEGV]	= "pgfault_sigsegv",
	[PGFAULT_ACCESS_FLAG]	= "pgfault_access_flag",
	[PGFAULT_DIRTY]		= "pgfault_dirty",
	[ZERO_PAGE_MAP]		= "zero_page_map",
	[ANON_FAULT_ALLOC]	= "anon_fault_alloc",
	[COW_COPY]		= "cow_copy",
	[COW_REUSE]		= "cow_reuse",
	[NR_TLB_LOCAL_FLUSH_ALL] = "nr_tlb_local_flush_all",
	[NR_TLB_LOCAL_FLUSH_ONE] = "nr_tlb_local_flush_one",
	[ASID_ROLLOVER]		= "asid_rollover",
	[PGTABLE_ALLOC]		= "pgtable_alloc",
	[PGTABLE_FREE]		= "pgtable_free",
	[PGMAJFAULT]		= "pgmajfault",
	[PGPGIN]		= "pgpgin",
	[PGPGOUT]		= "pgpgout",
	[PGFAULTAROUND]		= "pgfaultaround",
	[PGREADAHEAD]		= "pgreadahead",
	[PGSCAN_DIRECT]		= "pgscan_direct",
	[PGSTEAL_DIRECT]	= "pgsteal_direct",
	[PGACTIVATE]		= "pgactivate",
	[PGDIRTY_THROTTLE]	= "pgdirty_throttle",
};

/*
 * The counters first (Linux's nr_* gauges, in pages), then the events.
 * Names not in Linux's /proc/vmstat are Arbor's (see vmstat.h).
 */
static int cmd_vmstat(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return -EINVAL;
	printk("nr_free_pages %ld\n", global_vm_stat(NR_FREE_PAGES));
	printk("nr_anon_pages %ld\n", global_vm_stat(NR_ANON_PAGES));
	printk("nr_page_table_pages %ld\n", global_vm_stat(NR_PAGETABLE));
	printk("nr_inactive_file %ld\n", global_vm_stat(NR_INACTIVE_FILE));
	printk("nr_active_file %ld\n", global_vm_stat(NR_ACTIVE_FILE));
	printk("nr_file_pages %ld\n", global_vm_stat(NR_FILE_PAGES));
	printk("nr_mapped %ld\n", global_vm_stat(NR_FILE_MAPPED));
	printk("nr_dirty %ld\n", global_vm_stat(NR_FILE_DIRTY));
	printk("nr_writeback %ld\n", global_vm_stat(NR_WRITEBACK));
	printk("nr_shmem %ld\n", global_vm_stat(NR_SHMEM));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		printk("%s %lu\n", vm_event_names[i], vm_events[i]);
	return 0;
}
SHELL_CMD(vmstat, "vmstat", "", "page-fault, COW, TLB and page-table counters, like /proc/vmstat",
	  cmd_vmstat);
