/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_H
#define ARBOR_MM_H

/*
 * The page allocator's interface (mm/page_alloc.c), Linux's names.
 */
#include <arbor/gfp.h>
#include <arbor/mm_types.h>
#include <arbor/mmzone.h>
#include <arbor/page-flags.h>
#include <arbor/vmstat.h>
#include <asm/memory.h>

/**
 * alloc_pages - allocate 2^@order physically contiguous pages
 * @gfp:	GFP_KERNEL, GFP_ATOMIC, ... with __GFP_ZERO, __GFP_NOWARN, __GFP_COMP
 * @order:	0..MAX_ORDER
 *
 * Return: the first page, with a reference count of 1, or NULL (with a
 * rate-limited warning unless __GFP_NOWARN). Never panics.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/** __free_pages - drop a reference; the block goes back when it was the last */
void __free_pages(struct page *page, unsigned int order);

/**
 * split_page - turn a plain block of 2^@order pages into 2^@order order-0
 * pages with a reference each, so that they can be freed one by one
 */
void split_page(struct page *page, unsigned int order);

/** __get_free_pages - alloc_pages() returning the linear-map address, or 0 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
/** free_pages - __free_pages() by linear-map address; 0 is ignored */
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define __free_page(page)	__free_pages(page, 0)
#define free_page(addr)		free_pages(addr, 0)

static inline void *page_address(const struct page *page)
{
	return __va((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/** virt_to_page - the struct page of a linear-map address */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa_linear(addr) >> PAGE_SHIFT);
}

static inline struct page *compound_head(struct page *page)
{
	return PageTail(page) ? (struct page *)page->private : page;
}

/*
 * The order of a compound page is kept in its first tail page's @index
 * (the head's own fields belong to the owner, e.g. slab). Linux keeps it in
 * the first tail page too.
 */
static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? (unsigned int)page[1].index : 0;
}

/** page_private / set_page_private - the owner's word (the order while free) */
static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long v)
{
	page->private = v;
}

/** buddy_order - order of a free block; only meaningful while PageBuddy */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

/* References belong to the compound page as a whole, as in Linux. */
static inline int page_count(const struct page *page)
{
	return compound_head((struct page *)page)->_refcount;
}

static inline void get_page(struct page *page)
{
	compound_head(page)->_refcount++;
}

/** page_mapcount - page-table mappings of this page (0 when unmapped) */
static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

/** put_page - drop a reference to a page, or to the compound page it is part of */
void put_page(struct page *page);

/**
 * mem_init - build the struct page arrays and hand every free memblock
 * range to the buddy allocator (Linux's sparse_init + memblock_free_all)
 */
void mem_init(void);

/**
 * memblock_free_all - release every free memblock range to the buddy
 * allocator (called by mem_init; memblock refuses to allocate afterwards)
 *
 * Return: pages released.
 */
unsigned long memblock_free_all(void);

/** nr_free_pages - pages in the page allocator right now (pcp lists included) */
unsigned long nr_free_pages(void);

/**
 * drain_local_pages - give every page on the per-CPU list back to the
 * buddy free lists (so that they can merge, e.g. before comparing them)
 */
void drain_local_pages(void);

/**
 * is_free_buddy_page - whether @page is free: on the pcp list, or the head
 * or a part of a free buddy block
 */
bool is_free_buddy_page(const struct page *page);

/**
 * dump_page - print a struct page (pfn, flags by name, counts, owner words)
 * @page:	the page
 * @reason:	why, or NULL
 */
void dump_page(const struct page *page, const char *reason);

/**
 * format_page_flags - write "reserved|head" style names of @flags' PG_ bits
 * @flags:	a page->flags value (the section bits are ignored)
 * @buf:	output
 * @size:	its size
 *
 * Return: @buf.
 */
char *format_page_flags(unsigned long flags, char *buf, size_t size);

/**
 * check_free_lists - validate every free list, the pcp list and the counts
 *
 * Checks each free block's flags, order, alignment and pfn_valid, that no
 * page inside it is on another list (no overlap), that no free buddy of the
 * same order was left unmerged, that nr_free and pcp.count match the lists,
 * that no PageBuddy/PagePcp page exists off the lists, and that the pages
 * sum to NR_FREE_PAGES. Problems are printed (the first few of each kind).
 * Only with CONFIG_DEBUG_PAGEALLOC_CHECKS; else it returns 0.
 *
 * Return: the number of problems found (0: consistent).
 */
int check_free_lists(void);

/**
 * zone_watermark_ok - whether @z can give 2^@order pages and stay above the
 * @mark watermark, with __GFP_HIGH callers allowed half-way below it
 */
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, gfp_t gfp);

/** page_alloc_reclaim - direct reclaim, set by mm/vmscan.c: pages freed */
extern unsigned long (*page_alloc_reclaim)(unsigned long nr_pages, gfp_t gfp);

/** bad_page_reports - bad frees and bad pages found, printed or rate-limited (tests) */
extern unsigned long bad_page_reports;

/* ---- VMA flags (Linux's values, include/linux/mm.h) ---- */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL	/* limits for mprotect() */
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_PFNMAP	0x00000400UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_SEQ_READ	0x00008000UL	/* MADV_SEQUENTIAL */
#define VM_RAND_READ	0x00010000UL	/* MADV_RANDOM */
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_LOCKONFAULT	0x00080000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_SYNC		0x00800000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL

#define VM_STACK		VM_GROWSDOWN
#define VM_ACCESS_FLAGS		(VM_READ | VM_WRITE | VM_EXEC)
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_DEFAULT_FLAGS	(VM_DATA_DEFAULT_FLAGS | VM_GROWSDOWN)
#define VM_LOCKED_MASK		(VM_LOCKED | VM_LOCKONFAULT)

#define TASK_UNMAPPED_BASE	(TASK_SIZE / 3)
#define STACK_TOP		TASK_SIZE
#define mmap_min_addr		4096UL
#define sysctl_max_map_count	65530

/** vm_get_page_prot - the PTE attribute bits for VM_READ/WRITE/EXEC/SHARED (arch) */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);
bool vma_wants_writenotify(const struct vm_area_struct *vma, vm_flags_t flags);
pgprot_t vma_page_prot(const struct vm_area_struct *vma, vm_flags_t flags);


/* ---- Address spaces and VMAs (VMA engineer: kernel/fork.c, mm/vma.c, mm/mmap.c, mm/mprotect.c) ---- */

#define PAGE_ALIGN(x)		ALIGN((unsigned long)(x), PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)
#define stack_guard_gap		(256UL << PAGE_SHIFT)	/* Linux's default: 256 pages */
#define MAX_ERRNO		4095
/* do_mmap()-style results: an address, or -errno cast to unsigned long */
#define IS_ERR_VALUE(x)		((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

/** current_mm - the address space the shell's user accesses go to */
extern struct mm_struct *current_mm;

/**
 * mm_alloc - a new, empty address space with its own L0 table and ASID context
 *
 * Return: the mm (mm_users 1) or NULL when memory ran out (nothing leaked).
 */
struct mm_struct *mm_alloc(void);

/** mmput - drop a user reference; the last one tears the address space down (exit_mmap) */
void mmput(struct mm_struct *mm);

/** mm_release_all - shutdown: unmap everything and close every descriptor of every mm */
void mm_release_all(void);

/** exit_mmap - unmap every VMA, free the page tables and the VMA tree of @mm */
void exit_mmap(struct mm_struct *mm);

/**
 * mm_find_by_id - the address space the shell calls @id, or NULL
 * @id:	the number "as list" shows
 */
struct mm_struct *mm_find_by_id(int id);

struct mm_struct *mm_for_each_next(struct mm_struct *prev);
int setup_stack_vma(struct mm_struct *mm);
struct mm_struct *mm_new_with_stack(void);

/** use_mm - make @mm the shell's current address space (switch_mm) */
void use_mm(struct mm_struct *mm);

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);

/** find_vma - the first VMA with vm_end > @addr (it may start above @addr), or NULL */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/** find_vma_prev - find_vma(), and the VMA before it in *@pprev (or NULL) */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/** vma_lookup - the VMA that contains @addr, or NULL */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
/** find_vma_intersection - the first VMA overlapping [@start, @end), or NULL */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);

/** nr_vm_areas - vm_area_structs allocated and not freed (for leak checks) */
extern unsigned long nr_vm_areas;
int vma_link(struct vm_area_struct *vma);
bool can_vma_merge_before(struct vm_area_struct *vma, vm_flags_t vm_flags, struct anon_vma *anon_vma,
			  struct file *file, unsigned long vm_pgoff);
bool can_vma_merge_after(struct vm_area_struct *vma, vm_flags_t vm_flags, struct anon_vma *anon_vma,
			 struct file *file, unsigned long vm_pgoff);
int split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below);
int vma_expand(struct vm_area_struct *vma, unsigned long start, unsigned long end,
	       unsigned long pgoff, struct vm_area_struct *next);
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *prev, struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					vm_flags_t newflags, int *err);
void vm_stat_account(struct mm_struct *mm, vm_flags_t flags, long npages);

int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
unsigned long get_unmapped_area(struct file *file, unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags);
unsigned long mmap_region(struct file *file, unsigned long addr, unsigned long len,
			  vm_flags_t vm_flags, unsigned long pgoff);
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, vm_flags_t vm_flags,
		      unsigned long pgoff, unsigned long *populate);
long vm_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags);
long ksys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long fd, unsigned long pgoff);
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off);
int ksys_msync(unsigned long start, size_t len, int flags);
int do_mprotect_pkey(unsigned long start, size_t len, unsigned long prot, int pkey);
int do_brk_flags(struct mm_struct *mm, struct vm_area_struct *brkvma, unsigned long addr,
		 unsigned long len, vm_flags_t flags);
unsigned long sys_brk(unsigned long brk);

/* ASIDs and TTBR0 (arch/arm64/mm/context.c, asm/mmu_context.h). */
void init_new_context(struct mm_struct *mm);
void destroy_context(struct mm_struct *mm);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);


/*
 * ---- Page faults and user page tables (contract of issue 5) ----
 * Implemented by the ARCH+FAULT side: mm/memory.c, arch/arm64/mm/fault.c,
 * arch/arm64/mm/context.c (asm/mmu_context.h, asm/tlb.h, asm/pgtable.h).
 */

/* Why a fault happened (Linux's enum fault_flag values). */
#define FAULT_FLAG_WRITE	0x0001u	/* a write access */
#define FAULT_FLAG_MKWRITE	0x0002u
#define FAULT_FLAG_ALLOW_RETRY	0x0004u
#define FAULT_FLAG_RETRY_NOWAIT	0x0008u
#define FAULT_FLAG_KILLABLE	0x0010u
#define FAULT_FLAG_TRIED	0x0020u
#define FAULT_FLAG_USER		0x0040u	/* the access came from (or acts for) EL0 */
#define FAULT_FLAG_REMOTE	0x0080u
#define FAULT_FLAG_INSTRUCTION	0x0100u	/* an instruction fetch */

/* What handle_mm_fault() did (Linux's vm_fault_reason values). */
#define VM_FAULT_OOM		0x000001u
#define VM_FAULT_SIGBUS		0x000002u
#define VM_FAULT_MAJOR		0x000004u
#define VM_FAULT_HWPOISON	0x000010u
#define VM_FAULT_SIGSEGV	0x000040u
#define VM_FAULT_NOPAGE		0x000100u
#define VM_FAULT_LOCKED		0x000200u
#define VM_FAULT_RETRY		0x000400u
#define VM_FAULT_FALLBACK	0x000800u
#define VM_FAULT_DONE_COW	0x001000u
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | \
				 VM_FAULT_HWPOISON)

/* page->mapping of an anonymous page: the low bit set, as Linux's PAGE_MAPPING_ANON. */
#define PAGE_MAPPING_ANON	0x1UL
static inline bool PageAnon(const struct page *page)
{
	return ((unsigned long)page->mapping & PAGE_MAPPING_ANON) != 0;
}

/**
 * handle_mm_fault - resolve a fault at @address in @vma: allocate the
 * page tables down to the pte, then map the zero page (read of private
 * anonymous memory), a new zeroed page (do_anonymous_page), copy or reuse
 * a read-only page on write (do_wp_page), or set AF/dirty in software.
 * The caller has checked that @vma permits the access.
 * Return: 0 or VM_FAULT_* bits (VM_FAULT_OOM, VM_FAULT_SIGSEGV, ...).
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags);

/**
 * zap_page_range_single - unmap the pages of [start, start + size) in
 * @vma: clear the PTEs, drop the pages' mapcounts and references (a page
 * goes back to the allocator with its last one), flush the TLB. Page
 * tables stay (free_pgtables() frees them).
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long start,
			   unsigned long size);

/**
 * free_pgtables - free every page-table page under [floor, ceiling) that
 * maps nothing any more (and the tables above that become empty); the
 * pgd itself stays. floor/ceiling are the neighbouring VMAs' ends.
 */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling);

/**
 * change_protection - rewrite the present PTEs of [start, end) in @vma to
 * @newprot in place (pages, AF and dirtiness kept) and flush the TLB.
 * Return: the number of PTEs changed.
 */
unsigned long change_protection(struct vm_area_struct *vma, unsigned long start,
				unsigned long end, pgprot_t newprot);

/**
 * mm_populate - fault in every page of [start, start + len) in @mm's VMAs
 * (a write fault for private writable VMAs, else a read fault), as
 * MAP_POPULATE and MAP_LOCKED do. VM_IO/VM_PFNMAP and PROT_NONE VMAs and
 * holes are skipped.
 * Return: 0, or -ENOMEM when a page could not be allocated.
 */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len);

/**
 * free_pgd_range - free_pgtables() for the range just unmapped: only the
 * table entries covering [addr, end) are looked at, within [floor, ceiling)
 */
void free_pgd_range(struct mm_struct *mm, unsigned long addr, unsigned long end,
		    unsigned long floor, unsigned long ceiling);

/** pgd_alloc - give @mm an empty L0 table (mm->pgd). Return: 0 or -ENOMEM */
int pgd_alloc(struct mm_struct *mm);
/** pgd_free - free @mm's L0 table and any page-table page still below it */
void pgd_free(struct mm_struct *mm);


/**
 * struct vm_fault - one fault being handled (Linux's struct vm_fault)
 * @vma:	the VMA the address is in
 * @address:	the faulting address, page aligned
 * @real_address: the faulting address as reported
 * @flags:	FAULT_FLAG_*
 * @pgoff:	the page's offset in the mapping (linear_page_index)
 * @orig_pte:	the PTE found when the fault started
 * @pte:	where it lives (the kernel address of the L3 entry)
 * @page:	the page a ->fault handler found, with a reference
 */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	unsigned long real_address;
	unsigned int flags;
	unsigned long pgoff;
	u64 orig_pte;
	u64 *pte;
	struct page *page;
};


/* ---- file and shmem faults (issue 6) ---- */

/** do_set_pte - map a page-cache page at @addr (same page table as vmf->address) */
void do_set_pte(struct vm_fault *vmf, struct page *page, unsigned long addr);
/** page_remove_rmap - one PTE mapping @page in @vma went (anon or file) */
void page_remove_rmap(struct page *page, struct vm_area_struct *vma);
/** fault_around_bytes - the fault-around window (0 or PAGE_SIZE: off) */
extern unsigned long fault_around_bytes;

/* ---- fork, mremap and stack growth (issue 5 part 2, FORK engineer) ---- */

/**
 * dup_mm - fork(): a new address space that is a copy of @oldmm
 * @oldmm:	the parent (any mm, not necessarily current_mm)
 *
 * Every VMA but VM_DONTCOPY ones is duplicated; private writable pages are
 * shared copy-on-write (read-only on both sides), shared ones stay shared.
 * The child gets a new id in "as list".
 * Return: the child (mm_users 1) or ERR_PTR(-ENOMEM), nothing leaked.
 */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
/** dup_mmap - copy @oldmm's VMAs and page tables into the empty @mm. Return: 0 or -ENOMEM */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
/** copy_page_range - fork's PTE copy of @src_vma into @dst_vma (mm/memory.c). Return: 0 or -ENOMEM */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
/** move_page_tables - move PTEs without copying data (mm/memory.c). Return: bytes moved */
unsigned long move_page_tables(struct vm_area_struct *vma, unsigned long old_addr,
			       struct vm_area_struct *new_vma, unsigned long new_addr,
			       unsigned long len);
/**
 * do_mremap - Linux's mremap() on current_mm (mm/mremap.c)
 * Return: the new address, or -EINVAL/-EFAULT/-ENOMEM/-EAGAIN as unsigned long.
 */
unsigned long do_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
			unsigned long flags, unsigned long new_addr);
/** expand_stack - grow a VM_GROWSDOWN @vma down to @address (mm/mmap.c). Return: 0 or -errno */
int expand_stack(struct vm_area_struct *vma, unsigned long address);
/* RLIMIT_STACK's default soft limit (8 MiB): how far a stack may grow. */
#define STACK_RLIMIT		(8UL << 20)


/* ---- madvise, mincore, mlock, smaps (MADV engineer: mm/madvise.c, mincore.c, mlock.c, task_mmu.c) ---- */
void show_map(struct mm_struct *mm, struct vm_area_struct *vma);
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in, int behavior);
int do_mincore_vec(struct mm_struct *mm, unsigned long start, size_t len, unsigned char *vec);
int do_mlock(struct mm_struct *mm, unsigned long start, size_t len, vm_flags_t flags);
int do_munlock(struct mm_struct *mm, unsigned long start, size_t len);

/**
 * struct mem_size_stats - what smaps adds up for one VMA (Linux's, in bytes;
 * the pss fields are scaled by PSS_SHIFT)
 */
#define PSS_SHIFT	12
struct mem_size_stats {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous, lazyfree;
	u64 pss, pss_dirty, pss_locked;
};
/** smap_gather_stats - walk @vma's page tables and fill @mss (zeroed first) */
void smap_gather_stats(struct vm_area_struct *vma, struct mem_size_stats *mss);

#endif
