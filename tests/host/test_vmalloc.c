// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for mm/vmalloc.c (the area allocator, vmalloc/vfree, vmap) and
 * arch/arm64/mm/pgtable.c + map_range.c (building and tearing down the
 * real translation tables).
 *
 * mm/vmalloc.c is included here, so the tests can see its trees and run
 * its own consistency check (vmap_area_check). Physical memory is a
 * malloc'd 64 MiB "bank" at 0x40000000 that __va() reaches through
 * memstart_addr; the page allocator is a simple stack of free frames with
 * failure injection, so that every error path of vmalloc can be made to
 * run. The vmalloc addresses cannot be dereferenced on the host, so every
 * check goes through the tables: kernel_va_to_phys() and __va().
 *
 * A reference model (the live areas with their sizes) is checked against
 * randomized sequences of hundreds of thousands of operations: areas never
 * overlap (guard pages included), every page is mapped to a page of its
 * own holding what was written through it, guard pages are unmapped, and
 * when everything is freed the trees are one free block again, every page
 * and every page-table page is back, and no table of the page allocator's
 * is left in swapper_pg_dir.
 */
#include "test.h"

#include <stdlib.h>

#include "host_printk.h"

#include "../../mm/vmalloc.c"

u64 memstart_addr, kimage_voffset;
bool linear_map_ready;
volatile unsigned long jiffies;
long vm_stat[NR_VM_STAT_ITEMS];
unsigned long totalram_pages, physpages;
struct mem_section mem_section[NR_MEM_SECTIONS];

u64 swapper_pg_dir[PTRS_PER_TABLE] __attribute__((aligned(4096)));
u64 early_pgtables[CONFIG_NR_EARLY_PGTABLES][PTRS_PER_TABLE] __attribute__((aligned(4096)));
phys_addr_t early_pool_next;

#define RAM_PA		0x40000000ULL
#define RAM_PAGES	16384UL			/* 64 MiB */
#define RAM_PFN		(RAM_PA >> PAGE_SHIFT)
#define NR_BOOT_TABLES	16			/* "memblock" pages for the boot tables */
#define UART_PA		0x09000000ULL

static u8 *ram;
static struct page *pages;
static unsigned long free_stack[RAM_PAGES], nr_free;
static unsigned long boot_tables_used;
static long fail_countdown = -1;	/* alloc_pages fails when it reaches 0 */
static u64 fail_rate;			/* or at random, one in @fail_rate */
static u64 fail_seed = 1;
static unsigned long nr_warnings;
static unsigned long nr_held;		/* pages the tests hold themselves */

void __warn(const char *file, int line, const char *cond)
{
	nr_warnings++;
	printf("# WARNING: %s at %s:%d\n", cond, file, line);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	abort();
}

void shell_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

u64 bench_insns_per_iter(void (*body)(void *arg), void *arg, unsigned long iters)
{
	return 0;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (order || !nr_free)
		return NULL;
	if (fail_countdown >= 0 && fail_countdown-- == 0)
		return NULL;
	if (fail_rate && test_rand(&fail_seed) % fail_rate == 0)
		return NULL;
	page = &pages[free_stack[--nr_free]];
	if (page->_refcount || (page->flags & PAGE_FLAGS_MASK))
		printf("# allocating a page in use: pfn %#lx\n", page_to_pfn(page));
	page->_refcount = 1;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE);
	else
		memset(page_address(page), 0x5a, PAGE_SIZE);	/* no help from zeroes */
	vm_stat[NR_FREE_PAGES]--;
	return page;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long idx = page - pages;

	CHECK_EQ(order, 0);
	CHECK(idx < RAM_PAGES);
	CHECK_EQ(page->_refcount, 1);
	CHECK_EQ(page->flags & PAGE_FLAGS_MASK, 0);	/* PG_vmalloc, PG_table cleared */
	page->_refcount = 0;
	free_stack[nr_free++] = idx;
	vm_stat[NR_FREE_PAGES]++;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

unsigned long nr_free_pages(void)
{
	return nr_free;
}

/* The boot tables' allocator: reserved pages at the start of "RAM". */
static phys_addr_t fake_memblock_alloc(void)
{
	if (boot_tables_used == NR_BOOT_TABLES)
		return 0;
	return RAM_PA + (boot_tables_used++ << PAGE_SHIFT);
}

static const void *const early_caller = (const void *)0x1234;

/* Boot as the kernel does: early ioremap of the "UART", then vmalloc_init. */
static void setup(void)
{
	static bool done;
	struct vm_struct *vm;

	if (done)
		return;
	done = true;
	printk_quiet = true;
	ram = aligned_alloc(PAGE_SIZE, RAM_PAGES * PAGE_SIZE);
	pages = calloc(RAM_PAGES, sizeof(*pages));
	memstart_addr = RAM_PA + PAGE_OFFSET - (u64)(uintptr_t)ram;
	mem_section[RAM_PA >> (SECTION_SIZE_BITS)].map_base =
		(uintptr_t)pages - RAM_PFN * sizeof(struct page);
	for (unsigned long i = 0; i < RAM_PAGES; i++) {
		pages[i].flags = (RAM_PA >> SECTION_SIZE_BITS) << SECTIONS_PGSHIFT;
		if (i < NR_BOOT_TABLES)
			SetPageReserved(&pages[i]);
		else
			free_stack[nr_free++] = RAM_PAGES - 1 - i + NR_BOOT_TABLES;
	}
	vm_stat[NR_FREE_PAGES] = nr_free;
	totalram_pages = RAM_PAGES;
	/* No pool in the image here: boot tables come from "memblock". */
	early_pool_next = __pa(early_pgtables) + sizeof(early_pgtables);
	kernel_pgtable_linear_ready(fake_memblock_alloc);
	linear_map_ready = true;

	vm = get_vm_area_caller(0x1000, VM_IOREMAP, early_caller);
	CHECK(vm && vm->addr == (void *)VMALLOC_START && vm->size == 2 * PAGE_SIZE);
	vm->phys_addr = UART_PA;
	CHECK_EQ(kernel_map_pages(VMALLOC_START, UART_PA, PAGE_SIZE, PROT_DEVICE, 0), 0);
	vm = get_vm_area_caller(0x3000, VM_IOREMAP, early_caller);
	CHECK(vm && vm->addr == (void *)(VMALLOC_START + 2 * PAGE_SIZE));
	CHECK_EQ(kernel_map_pages(VMALLOC_START + 2 * PAGE_SIZE, 0x08000000, 3 * PAGE_SIZE,
				  PROT_DEVICE, 0), 0);
	CHECK_EQ(boot_tables_used, 3);	/* L1, L2, L3 under swapper_pg_dir */

	vmalloc_init();
	CHECK_EQ(nr_vmap_areas, 2);
	CHECK_EQ(nr_free_vmap_areas, 1);
	CHECK(vmap_area_check() == NULL);
}

/* Where @va is mapped, or ~0 when it is not. */
static phys_addr_t xlate(unsigned long va)
{
	phys_addr_t pa;

	return kernel_va_to_phys(va, &pa) ? ~0ULL : pa;
}

static u64 *via_linear(unsigned long va)
{
	phys_addr_t pa = xlate(va);

	return pa == ~0ULL ? NULL : __va(pa);
}

/* Table pages of the page allocator's reachable from swapper_pg_dir. */
static unsigned long count_tables(const u64 *table, int level)
{
	unsigned long n = 0;

	if (level == 3)
		return 0;
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		u64 d = table[i];
		phys_addr_t pa = d & PTE_ADDR_MASK;

		if ((d & PTE_TYPE_MASK) != PTE_TYPE_TABLE)
			continue;
		if (!PageReserved(pfn_to_page(pa >> PAGE_SHIFT))) {
			CHECK(PageTable(pfn_to_page(pa >> PAGE_SHIFT)));
			n++;
		}
		n += count_tables(__va(pa), level + 1);
	}
	return n;
}

struct state {
	unsigned long free;
	long pagetables, vmalloc;
	unsigned long busy, free_blocks, pool;
};

static void snapshot(struct state *s)
{
	s->free = nr_free_pages();
	s->pagetables = vm_stat[NR_PAGETABLE];
	s->vmalloc = vm_stat[NR_VMALLOC];
	s->busy = nr_vmap_areas;
	s->free_blocks = nr_free_vmap_areas;
	s->pool = vmap_pool_pages();
}

/* Every page is free, a page table, vmalloc's, a pool page or a boot table. */
static void check_accounting(void)
{
	CHECK_EQ(nr_free_pages() + vm_stat[NR_PAGETABLE] + vm_stat[NR_VMALLOC] +
		 vmap_pool_pages() + NR_BOOT_TABLES + nr_held, RAM_PAGES);
	CHECK_EQ(count_tables(swapper_pg_dir, 0), vm_stat[NR_PAGETABLE]);
	CHECK(vmap_area_check() == NULL);
}

static void check_same(const struct state *a, const struct state *b)
{
	CHECK_EQ(a->free, b->free);
	CHECK_EQ(a->pool, b->pool);
	CHECK_EQ(a->pagetables, b->pagetables);
	CHECK_EQ(a->vmalloc, b->vmalloc);
	CHECK_EQ(a->busy, b->busy);
	CHECK_EQ(a->free_blocks, b->free_blocks);
}

/* After everything was freed: one free block, no table of ours, every page back. */
static void check_pristine(void)
{
	CHECK_EQ(nr_vmap_areas, 2);
	CHECK_EQ(nr_free_vmap_areas, 1);
	CHECK_EQ(vm_stat[NR_PAGETABLE], 0);
	CHECK_EQ(vm_stat[NR_VMALLOC], 0);
	CHECK_EQ(count_tables(swapper_pg_dir, 0), 0);
	CHECK_EQ(nr_free_pages() + vmap_pool_pages(), RAM_PAGES - NR_BOOT_TABLES);
	/* Three records are left (two early areas, one free block): one page. */
	CHECK_EQ(vmap_area_pool.pages, 1);
	CHECK_EQ(vm_struct_pool.pages, 0);
	CHECK_EQ(vm_stat[NR_FREE_PAGES], (long)nr_free_pages());
	CHECK_EQ(nr_warnings, 0);
	check_accounting();
	/* The early mappings are untouched. */
	CHECK_EQ(xlate(VMALLOC_START), UART_PA);
	CHECK_EQ(xlate(VMALLOC_START + 4 * PAGE_SIZE + 0x10), 0x08002010);
}

/* ------------------------------------------------------------------ */

struct area {
	unsigned long addr, size, nr;
	u64 tag;
};

#define MAX_LIVE	160
static struct area live[MAX_LIVE];
static unsigned int nr_live;

static unsigned long rand_size(u64 *seed)
{
	u64 r = test_rand(seed) % 100;

	if (r < 70)
		return 1 + test_rand(seed) % (16 * 1024);
	if (r < 95)
		return 1 + test_rand(seed) % (256 * 1024);
	return 1 + test_rand(seed) % (3 * 1024 * 1024);
}

static void area_fill(const struct area *a)
{
	for (unsigned long i = 0; i < a->nr; i++) {
		u64 *p = via_linear(a->addr + i * PAGE_SIZE);

		if (!p) {
			CHECK(p != NULL);
			return;
		}
		p[0] = a->tag ^ i;
		p[511] = ~(a->tag ^ i);
	}
}

/* Each page mapped to a vmalloc page of its own that still holds its tag; guard unmapped. */
static bool area_intact(const struct area *a)
{
	for (unsigned long i = 0; i < a->nr; i++) {
		u64 *p = via_linear(a->addr + i * PAGE_SIZE + 8 * (i & 511));

		if (!p)
			return false;
		p = (u64 *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
		if (p[0] != (a->tag ^ i) || p[511] != ~(a->tag ^ i))
			return false;
		if (!PageVmalloc(virt_to_page(p)) || vmalloc_to_page((void *)(a->addr + i * PAGE_SIZE)) !=
		    virt_to_page(p))
			return false;
	}
	return xlate(a->addr + a->nr * PAGE_SIZE) == ~0ULL;
}

static int cmp_area(const void *x, const void *y)
{
	const struct area *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* No overlap, guard pages included, and the trees agree with the model. */
static void check_live_layout(void)
{
	struct area sorted[MAX_LIVE];

	memcpy(sorted, live, nr_live * sizeof(*sorted));
	qsort(sorted, nr_live, sizeof(*sorted), cmp_area);
	for (unsigned int i = 0; i + 1 < nr_live; i++)
		CHECK(sorted[i].addr + (sorted[i].nr + 1) * PAGE_SIZE <= sorted[i + 1].addr);
	CHECK_EQ(nr_vmap_areas, nr_live + 2);
	check_accounting();
}

static void live_free(unsigned int i)
{
	CHECK(area_intact(&live[i]));
	vfree((void *)live[i].addr);
	CHECK_EQ(xlate(live[i].addr), ~0ULL);
	live[i] = live[--nr_live];
}

/* Return: false when vmalloc failed (allowed only under failure injection). */
static bool live_alloc(u64 *seed, bool may_fail)
{
	struct area *a = &live[nr_live];
	struct state before, after;
	struct vm_struct *vm;

	a->size = rand_size(seed);
	a->nr = PFN_UP(a->size);
	a->tag = test_rand(seed);
	snapshot(&before);
	a->addr = (unsigned long)vmalloc(a->size);
	if (!a->addr) {
		snapshot(&after);
		check_same(&before, &after);
		CHECK(may_fail);
		return false;
	}
	CHECK(IS_ALIGNED(a->addr, PAGE_SIZE) && is_vmalloc_addr((void *)a->addr));
	vm = find_vm_area((void *)(a->addr + a->size - 1));
	CHECK(vm && vm->addr == (void *)a->addr && vm->nr_pages == a->nr &&
	      vm->flags == VM_ALLOC && vm->size == (a->nr + 1) * PAGE_SIZE);
	CHECK_EQ(vm_stat[NR_VMALLOC], before.vmalloc + (long)a->nr);
	area_fill(a);
	nr_live++;
	return true;
}

static void random_vmalloc_run(u64 seed, unsigned long ops, u64 rate)
{
	struct state start, end;
	unsigned long failures = 0;

	setup();
	snapshot(&start);
	fail_rate = rate;
	for (unsigned long k = 0; k < ops; k++) {
		bool grow = nr_live == 0 || (nr_live < MAX_LIVE && test_rand(&seed) % 100 < 55);

		if (grow)
			failures += !live_alloc(&seed, rate != 0);
		else
			live_free(test_rand(&seed) % nr_live);
		if (k % 4096 == 0)
			check_live_layout();
	}
	fail_rate = 0;
	check_live_layout();
	while (nr_live)
		live_free(test_rand(&seed) % nr_live);
	snapshot(&end);
	check_same(&start, &end);
	check_pristine();
	if (rate)
		CHECK(failures > 0);
	printf("# %lu operations, %lu failed allocations, record pool %lu -> %lu pages\n",
	       ops, failures, start.pool, end.pool);
}

TEST(vmalloc_random_against_model)
{
	random_vmalloc_run(0x1234567, 200000, 0);
}

/* A page allocation fails now and then: vmalloc returns NULL and leaks nothing. */
TEST(vmalloc_random_with_failures)
{
	random_vmalloc_run(0x7654321, 100000, 40);
}

/*
 * Fail the n-th page allocation of one vmalloc, for every n it makes:
 * records, data pages and table pages (the area crosses two L3 tables and
 * starts a fresh L2 table).
 */
TEST(vmalloc_every_failure_point)
{
	unsigned long size = 2 * 1024 * 1024 + 5 * PAGE_SIZE, calls;
	struct vm_struct *spacer;
	struct state before, after;
	void *p;

	setup();
	/* Push the area up to a fresh 1 GiB region, whose tables are all ours. */
	spacer = get_vm_area(PUD_SIZE - 8 * PAGE_SIZE, VM_MAP);
	CHECK(spacer != NULL);
	snapshot(&before);
	p = vmalloc(size);
	CHECK(p != NULL);
	calls = before.free - nr_free_pages();
	CHECK(calls >= PFN_UP(size) + 3);	/* data + L2 + two L3 */
	vfree(p);
	for (long n = 0; n <= (long)calls; n++) {
		fail_countdown = n;
		p = vmalloc(size);
		fail_countdown = -1;
		if (n < (long)calls) {
			CHECK(p == NULL);
		} else {
			CHECK(p != NULL);
			vfree(p);
		}
		snapshot(&after);
		check_same(&before, &after);
		check_accounting();
	}
	free_vm_area(spacer);
	check_pristine();
}

/*
 * The area allocator alone, a million times: get_vm_area() must return
 * exactly the lowest gap that fits (first fit), or NULL when none does, as
 * a sorted list of busy ranges computes it.
 */
#define MAX_VA_LIVE	48

static struct model_va {
	unsigned long start, end;
	struct vm_struct *vm;
} model_va[MAX_VA_LIVE + 2];
static unsigned int nr_model_va;

static int cmp_model_va(const void *x, const void *y)
{
	const struct model_va *a = x, *b = y;

	return a->start < b->start ? -1 : a->start > b->start;
}

static unsigned long model_first_fit(unsigned long size)
{
	unsigned long prev_end = VMALLOC_START;

	for (unsigned int i = 0; i <= nr_model_va; i++) {
		unsigned long next = i < nr_model_va ? model_va[i].start : VMALLOC_END;

		if (next - prev_end >= size)
			return prev_end;
		if (i < nr_model_va)
			prev_end = model_va[i].end;
	}
	return 0;
}

TEST(area_allocator_first_fit_model)
{
	u64 seed = 0xabcdef;
	unsigned long nulls = 0, flags;
	struct vmap_area *va;

	setup();
	/* The early areas are in the model too. */
	nr_model_va = 0;
	flags = vmap_lock();
	for (unsigned long a = 0; (va = find_vmap_area_from(a)); a = va->va_end)
		model_va[nr_model_va++] = (struct model_va){ va->va_start, va->va_end, NULL };
	vmap_unlock(flags);
	CHECK_EQ(nr_model_va, 2);

	for (unsigned long k = 0; k < 1000000; k++) {
		bool grow = nr_model_va == 2 ||
			    (nr_model_va < MAX_VA_LIVE + 2 && test_rand(&seed) % 2);

		if (grow) {
			unsigned int shift = 12 + test_rand(&seed) % 23;	/* 4 KiB .. 16 GiB */
			unsigned long size = 1 + test_rand(&seed) % (1UL << shift);
			unsigned long need = PAGE_ALIGN(size) + PAGE_SIZE;
			unsigned long expect = model_first_fit(need);
			struct vm_struct *vm;

			vm = __get_vm_area_node(size, VM_MAP, GFP_KERNEL | __GFP_NOWARN, NULL);
			CHECK_EQ(vm ? (unsigned long)vm->addr : 0, expect);
			if (!vm) {
				nulls++;
				continue;
			}
			CHECK_EQ(vm->size, need);
			model_va[nr_model_va++] = (struct model_va){ expect, expect + need, vm };
			qsort(model_va, nr_model_va, sizeof(model_va[0]), cmp_model_va);
		} else {
			unsigned int i = 2 + test_rand(&seed) % (nr_model_va - 2);

			/* The two early areas sort first: they are lowest. */
			free_vm_area(model_va[i].vm);
			model_va[i] = model_va[--nr_model_va];
			qsort(model_va, nr_model_va, sizeof(model_va[0]), cmp_model_va);
		}
		if (k % 8192 == 0)
			CHECK(vmap_area_check() == NULL);
		if (test_failed_checks > 20)
			break;
	}
	CHECK(nulls > 0);	/* the range did fill up at times */
	while (nr_model_va > 2)
		free_vm_area(model_va[--nr_model_va].vm);
	check_pristine();
	printf("# 1000000 operations, %lu found no room\n", nulls);
}

/* Fill the whole range; vmalloc then fails without leaking; all comes back. */
TEST(vmalloc_va_exhaustion)
{
	static struct vm_struct *vms[256];
	struct state full, after;
	unsigned int n = 0;

	setup();
	for (unsigned long size = 1UL << 35; size >= 2 * PAGE_SIZE; size >>= 1) {
		struct vm_struct *vm;

		while (n < 256 && (vm = __get_vm_area_node(size - PAGE_SIZE, VM_MAP,
							  GFP_KERNEL | __GFP_NOWARN, NULL)))
			vms[n++] = vm;
	}
	CHECK(n < 256);
	CHECK(find_vmap_lowest_match(2 * PAGE_SIZE) == NULL);
	snapshot(&full);
	CHECK(vmalloc(1) == NULL);
	{
		struct page *one = &pages[100];

		CHECK(vmap(&one, 1, 0, PROT_KERNEL_RW) == NULL);
	}
	snapshot(&after);
	check_same(&full, &after);
	check_accounting();
	for (unsigned int i = 0; i < n; i += 2)
		free_vm_area(vms[i]);
	CHECK(vmap_area_check() == NULL);
	for (unsigned int i = 1; i < n; i += 2)
		free_vm_area(vms[i]);
	check_pristine();
}

/* vmap of scattered and contiguous pages, across L3 tables; vunmap leaves them alone. */
TEST(vmap_random_arrays)
{
	u64 seed = 42;
	static struct page *arr[1500];

	setup();
	for (int round = 0; round < 200; round++) {
		unsigned int count = 1 + test_rand(&seed) % 1500;
		struct state before, after;
		u8 *v;

		snapshot(&before);
		for (unsigned int i = 0; i < count; i++) {
			/* Runs of physically consecutive pages now and then. */
			if (i && test_rand(&seed) % 3 == 0 && arr[i - 1] + 1 < pages + RAM_PAGES &&
			    !arr[i - 1][1]._refcount && !PageReserved(&arr[i - 1][1]))
				arr[i] = arr[i - 1] + 1;
			else
				arr[i] = &pages[NR_BOOT_TABLES + test_rand(&seed) % (RAM_PAGES - NR_BOOT_TABLES)];
		}
		v = vmap(arr, count, VM_MAP, PROT_KERNEL_RW);
		CHECK(v != NULL);
		if (!v)
			break;
		for (unsigned int i = 0; i < count; i++)
			CHECK_EQ(xlate((unsigned long)v + i * PAGE_SIZE + 0x44), page_to_phys(arr[i]) + 0x44);
		CHECK_EQ(xlate((unsigned long)v + count * PAGE_SIZE), ~0ULL);
		CHECK_EQ(find_vm_area(v)->flags, VM_MAP);
		vunmap(v);
		CHECK_EQ(xlate((unsigned long)v), ~0ULL);
		snapshot(&after);
		check_same(&before, &after);
	}
	check_pristine();
}

/* Wrong frees are reported and change nothing. */
TEST(vfree_bad_pointers)
{
	char log[4096];
	struct state before, after;
	u8 *p;

	setup();
	p = vmalloc(3 * PAGE_SIZE);
	CHECK(p != NULL);
	snapshot(&before);
	printk_capture_start(log, sizeof(log));
	vfree(NULL);
	vunmap(NULL);
	CHECK_STR(log, "");
	vfree(page_address(&pages[200]));
	CHECK(strstr(log, "Trying to vfree() bad address") != NULL);
	vfree(p + PAGE_SIZE);
	CHECK(strstr(log, "Trying to vfree() nonexistent vm area") != NULL);
	vfree(p + 8);
	vunmap(p);
	CHECK(strstr(log, "Trying to vunmap() a vmalloc area") != NULL);
	vfree((void *)VMALLOC_START);
	CHECK(strstr(log, "Trying to vfree() an ioremap area") != NULL);
	printk_capture_stop();
	snapshot(&after);
	check_same(&before, &after);
	CHECK_EQ(xlate((unsigned long)p + 2 * PAGE_SIZE) != ~0ULL, 1);
	vfree(p);
	printk_capture_start(log, sizeof(log));
	vfree(p);
	printk_capture_stop();
	CHECK(strstr(log, "Trying to vfree() nonexistent vm area") != NULL);
	check_pristine();
}

/* The vmallocinfo lines, as /proc/vmallocinfo prints them. */
TEST(vmallocinfo_format)
{
	char log[4096], want[160];
	char *argv[] = { "vmallocinfo", NULL };
	u8 *p;

	setup();
	p = vmalloc(2 * PAGE_SIZE + 3);
	printk_capture_start(log, sizeof(log));
	CHECK_EQ(cmd_vmallocinfo(1, argv), 0);
	printk_capture_stop();
	/* (the host's printf has no %pS: the caller is a bare pointer) */
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 ",
		 VMALLOC_START, VMALLOC_START + 2 * PAGE_SIZE);
	CHECK(strncmp(log, want, strlen(want)) == 0);
	CHECK(strstr(log, " phys=0x9000000 ioremap\n") != NULL);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   16384 ",
		 (unsigned long)p, (unsigned long)p + 4 * PAGE_SIZE);
	CHECK(strstr(log, want) != NULL);
	CHECK(strstr(log, " pages=3 vmalloc\n") != NULL);
	vfree(p);
	check_pristine();
}
