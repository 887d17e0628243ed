/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_TYPES_H
#define ARBOR_MM_TYPES_H

#include <arbor/list.h>
#include <arbor/types.h>

struct address_space;
struct kmem_cache;
struct files_struct;

/**
 * struct page - one per physical page frame (Linux's struct page, smaller)
 * @flags:	PG_* bits (include/arbor/page-flags.h) in the low bits, the
 *		memory section number in the top bits (page_to_pfn needs it)
 * @lru:	list linkage: buddy free list, per-CPU list, later LRU lists
 * @mapping:	page cache / anon owner (later issues)
 * @index:	offset within @mapping, in pages
 * @private:	buddy order while the page is free (PageBuddy); owner data else
 * @slab_cache, @freelist, @slab_list, @inuse, @objects: the slab's view of
 *		the first page of a slab (PageSlab)
 * @_refcount:	references; 0 while free
 * @_mapcount:	page-table mappings minus one (-1: not mapped)
 *
 * Kept at most 64 bytes: one per 4 KiB frame is 1.6% of RAM at 64 bytes.
 */
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			struct address_space *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct {
			struct list_head slab_list;
			struct kmem_cache *slab_cache;
			void *freelist;
			unsigned int inuse;
			unsigned int objects;
		};
	};
	int _refcount;
	int _mapcount;
};


/* ---- Address spaces (issue 5): Linux's mm_struct and vm_area_struct ---- */

#include <arbor/maple_tree.h>

typedef unsigned long vm_flags_t;
typedef u64 pgprot_t;		/* the arm64 descriptor attribute bits */

struct vm_area_struct;
struct vm_fault;
struct file;

/**
 * struct vm_operations_struct - what a mapping's owner does on events
 * @open:	a VMA was duplicated (split, fork)
 * @close:	a VMA is going away
 * @fault:	no page at vmf->address: find or make one (vmf->page)
 * @map_pages:	map pages that are already cached around a fault
 * @page_mkwrite: a read-only page is about to become writable
 * @name:	a name for maps ("[vvar]"-style), or NULL
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	unsigned int (*fault)(struct vm_fault *vmf);
	unsigned int (*map_pages)(struct vm_fault *vmf, unsigned long start_pgoff,
				  unsigned long end_pgoff);
	unsigned int (*page_mkwrite)(struct vm_fault *vmf);
	const char *(*name)(struct vm_area_struct *vma);
};

/**
 * struct vm_area_struct - one mapping: [vm_start, vm_end) with one set of
 * flags and one backing. Stored in the owner's mm_mt as [vm_start, vm_end - 1].
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;		/* exclusive */
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	vm_flags_t vm_flags;
	unsigned long vm_pgoff;		/* offset in the file (or of vm_start >> PAGE_SHIFT for anon) */
	struct file *vm_file;
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;
	struct list_head anon_vma_chain;	/* anon linkage (rmap, later) */
	struct list_head shared;	/* on vm_file's mapping->i_mmap (file rmap) */
	struct anon_vma *anon_vma;	/* include/arbor/rmap.h; NULL until faulted */
};

/* mm_struct RSS counters, as Linux's. */
enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

/**
 * struct mm_struct - an address space
 * @mm_mt:	the VMA tree (a maple tree with gap tracking)
 * @pgd:	the L0 translation table (kernel virtual address)
 * @context_id:	ASID and its generation (arch/arm64/mm/context.c)
 * @mmap_base:	where top-down searches for free space start
 * @task_size:	the end of user space (TASK_SIZE)
 * @start_brk, @brk: the heap
 * @start_stack: the stack's top
 * @map_count:	number of VMAs
 * @total_vm, @locked_vm, @data_vm, @exec_vm, @stack_vm: pages mapped, by kind
 * @rss_stat:	resident pages by kind
 * @pgtables_bytes: bytes of page-table pages below @pgd
 * @mmap_lock:	serialises changes (one CPU: a depth count that catches misuse)
 * @mm_users, @mm_count: references
 * @def_flags:	VM_* flags every new VMA gets (VM_LOCKED after mlockall)
 * @id:		the shell's name for it ("as list")
 * @list:	all address spaces
 */
struct mm_struct {
	struct maple_tree mm_mt;
	u64 *pgd;
	u64 context_id;
	unsigned long mmap_base;
	unsigned long task_size;
	unsigned long start_brk, brk;
	unsigned long start_stack;
	int map_count;
	unsigned long total_vm, locked_vm, data_vm, exec_vm, stack_vm;
	long rss_stat[NR_MM_COUNTERS];
	unsigned long pgtables_bytes;
	int mmap_lock;
	int mm_users, mm_count;
	vm_flags_t def_flags;
	int id;
	struct list_head list;
	struct files_struct *files;	/* descriptor table (fs/file.c); Linux keeps it per task */
};

#endif
