// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page-table pages after boot: where map_range() gets new ones,
 * and how they go away again when a vmalloc, vmap or ioremap area is
 * unmapped.
 *
 * Table pages come from, in turn:
 *   1. the pool in the image (early_pgtables[], .pgdir): the boot tables,
 *      the console's ioremap and the first tables of the linear map;
 *   2. memblock, once paging_init() has mapped all memory (nothing but a
 *      late linear-map table normally needs it);
 *   3. the page allocator, from vmalloc_init() on: alloc_page(), marked
 *      PG_table and counted in NR_PAGETABLE (Linux: pgd_pgtable_alloc()
 *      -> pagetable_alloc() + the "ctor" that accounts it).
 * Only tables of the third kind are ever freed: the others are PG_reserved
 * (inside the image or a memblock reservation) and stay for good.
 *
 * Unmapping (unmap_kernel_range) clears the leaf descriptors of a range,
 * frees every table that became empty on the way back up (Linux does this
 * on arm64 only for memory hot-remove: unmap_hotplug_range() +
 * free_empty_tables(); Arbor does it for every vfree, so that a
 * vmalloc/vfree pair gives back exactly what it took), then invalidates
 * the TLB for the range.
 *
 * Locking: one CPU, so masking IRQs keeps an interrupt handler that maps
 * (an atomic ioremap, say) out of a half-changed table; long walks open the
 * mask after every L3 table. As in Linux, unmapping is not done from
 * interrupt handlers (vfree, vunmap and iounmap are process context).
 *
 * Also compiled into the host unit test (tests/host/test_vmalloc.c), where
 * the TLB operations are empty and memory is a malloc'd buffer.
 */
#include <arbor/errno.h>
#include <arbor/irqflags.h>
#include <arbor/list.h>
#include <arbor/mm.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <asm/map_range.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/tlbflush.h>

extern u64 early_pgtables[][PTRS_PER_TABLE];
extern phys_addr_t early_pool_next;

static struct map_ctx kernel_ctx;
static unsigned long nr_pgtables_freed;

/* The context continues the pool where early_map_kernel() left it. */
static struct map_ctx *kctx(void)
{
	if (!kernel_ctx.pool_end) {
		kernel_ctx.pool_next = early_pool_next;
		kernel_ctx.pool_end = __pa(early_pgtables) +
			sizeof(u64) * PTRS_PER_TABLE * CONFIG_NR_EARLY_PGTABLES;
		kernel_ctx.va_offset = kimage_voffset;
	}
	return &kernel_ctx;
}

/* A table's contents through the mapping map_range() itself uses. */
static u64 *table_va(phys_addr_t pa)
{
	return (u64 *)(pa + kctx()->va_offset);
}

/** early_pgtables_used - pages of the image's table pool handed out */
unsigned long early_pgtables_used(void)
{
	return (kctx()->pool_next - __pa(early_pgtables)) / PAGE_SIZE;
}

/** kernel_pgtables_freed - table pages unmap_kernel_range() gave back */
unsigned long kernel_pgtables_freed(void)
{
	return nr_pgtables_freed;
}

/*
 * Linux: pgd_pgtable_alloc(). Called by map_range() with IRQs masked, and
 * map_range() zeroes the page itself.
 */
static phys_addr_t pgd_pgtable_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page)
		return 0;
	SetPageTable(page);
	mod_vm_stat(NR_PAGETABLE, 1);
	return page_to_phys(page);
}

static void pgd_pgtable_free(struct page *page)
{
	unsigned long flags = local_irq_save();

	ClearPageTable(page);
	mod_vm_stat(NR_PAGETABLE, -1);
	nr_pgtables_freed++;
	local_irq_restore(flags);
	__free_page(page);
}

/**
 * kernel_pgtable_linear_ready - paging_init() has mapped all memory
 * @alloc:	where table pages come from once the pool is used up
 *		(memblock); returns a physical address or 0
 *
 * From now on every table is reached through the linear map.
 */
void kernel_pgtable_linear_ready(phys_addr_t (*alloc)(void))
{
	struct map_ctx *ctx = kctx();

	ctx->va_offset = PAGE_OFFSET - memstart_addr;
	ctx->alloc = alloc;
}

/**
 * kernel_pgtable_use_page_alloc - take new kernel table pages from the
 * page allocator (called by vmalloc_init(), after mem_init())
 *
 * The rest of the image's pool is closed: a table from it could never be
 * freed, so using it now would only hide a page from the accounting.
 */
void kernel_pgtable_use_page_alloc(void)
{
	struct map_ctx *ctx = kctx();
	unsigned long flags = local_irq_save();

	ctx->pool_end = ctx->pool_next;
	ctx->alloc = pgd_pgtable_alloc;
	local_irq_restore(flags);
}

/**
 * kernel_map_pages - map physical pages at a kernel VA with the given attributes
 * @va:		first VA (page aligned)
 * @pa:		first physical address (page aligned)
 * @size:	bytes (page aligned)
 * @prot:	PROT_* attributes
 * @flags:	MAP_BLOCKS to allow block descriptors
 *
 * Only fills invalid entries (see map_range()). Tables it allocated stay
 * when it fails half-way; unmap_kernel_range() over the same range frees
 * them again.
 *
 * Return: 0 or a negative errno from map_range().
 */
int kernel_map_pages(u64 va, phys_addr_t pa, u64 size, u64 prot, unsigned int flags)
{
	unsigned long irqflags = local_irq_save();
	int ret = map_range(kctx(), __pa(swapper_pg_dir), va, pa, size, prot, flags);

	local_irq_restore(irqflags);
	emit_pte_barriers();
	return ret;
}

/* The L3 table that maps @va, or NULL. */
static u64 *kernel_pte_table(u64 va)
{
	u64 *table = swapper_pg_dir;

	for (int level = 0; level < 3; level++) {
		u64 desc = READ_ONCE(table[(va >> ARM64_HW_LEVEL_SHIFT(level)) & (PTRS_PER_TABLE - 1)]);

		if ((desc & PTE_TYPE_MASK) != PTE_TYPE_TABLE)
			return NULL;
		table = table_va(desc & PTE_ADDR_MASK);
	}
	return table;
}

/**
 * kernel_map_pages_array - map scattered pages at consecutive kernel VAs
 * @va:		first VA (page aligned)
 * @pages:	the pages, one per 4 KiB of VA
 * @nr:		how many
 * @prot:	PROT_* attributes
 * @mapped:	set to how many pages (from the first) are mapped on return
 *
 * For each L3 table the range touches, map_range() maps the first page
 * (building any missing tables); the rest of that table's entries are then
 * written in a loop, as Linux's vmap_pte_range() does, instead of one
 * walk from the top per page.
 *
 * Return: 0 or a negative errno (-ENOMEM: no table page; -EEXIST: an
 * entry in the way), with *@mapped telling how far it got.
 */
int kernel_map_pages_array(u64 va, struct page **pages, unsigned long nr, u64 prot,
			   unsigned long *mapped)
{
	unsigned long i = 0, irqflags = local_irq_save();
	int ret = 0;

	while (i < nr) {
		u64 a = va + i * PAGE_SIZE;
		unsigned int idx = (a >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1);
		unsigned long n = min(nr - i, (unsigned long)(PTRS_PER_TABLE - idx));
		u64 *pte;

		ret = map_range(kctx(), __pa(swapper_pg_dir), a, page_to_phys(pages[i]),
				PAGE_SIZE, prot, 0);
		if (ret)
			break;
		pte = kernel_pte_table(a);
		for (unsigned long j = 1; j < n; j++) {
			if (READ_ONCE(pte[idx + j]) & PTE_VALID) {
				ret = -EEXIST;
				i += j;
				goto out;
			}
			WRITE_ONCE(pte[idx + j], (page_to_phys(pages[i + j]) & PTE_ADDR_MASK) |
				   prot | PTE_TYPE_PAGE);
		}
		i += n;
		/* Let interrupts in between two tables' worth of entries. */
		local_irq_restore(irqflags);
		irqflags = local_irq_save();
	}
out:
	local_irq_restore(irqflags);
	emit_pte_barriers();
	*mapped = i;
	return ret;
}

/**
 * struct unmap_state - one unmap_kernel_range() walk
 * @pages:	where the struct pages of cleared RAM pages go (or NULL)
 * @tables:	table pages unhooked, freed after the TLB flush
 * @nr_ptes:	leaf descriptors cleared
 * @irqflags:	what local_irq_save() returned
 */
struct unmap_state {
	struct list_head *pages;
	struct list_head tables;
	unsigned long nr_ptes;
	unsigned long irqflags;
};

static bool table_is_empty(const u64 *table)
{
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

/* The struct page of a table the page allocator gave us, else NULL. */
static struct page *freeable_table(phys_addr_t pa)
{
	unsigned long pfn = pa >> PAGE_SHIFT;
	struct page *page;

	if (!pfn_valid(pfn))
		return NULL;
	page = pfn_to_page(pfn);
	if (!PageTable(page) || PageReserved(page))
		return NULL;
	return page;
}

/*
 * @ptep points at a table descriptor for the table at @pa, which covers
 * @va. When that table holds nothing any more and is ours to free, unhook
 * it. The walk caches may still hold the old descriptor, so they are
 * invalidated for @va before the page can be reused.
 */
static void free_table_if_empty(struct unmap_state *st, u64 *ptep, phys_addr_t pa, u64 va)
{
	struct page *page = freeable_table(pa);

	if (!page || !table_is_empty(table_va(pa)))
		return;
	WRITE_ONCE(*ptep, 0);
	__flush_tlb_kernel_pgtable(va);
	list_add_tail(&page->lru, &st->tables);
}

static void unmap_level(struct unmap_state *st, u64 *table, int level, u64 va, u64 last)
{
	unsigned int shift = ARM64_HW_LEVEL_SHIFT(level);
	u64 span = 1UL << shift;

	for (;;) {
		u64 *ptep = &table[(va >> shift) & (PTRS_PER_TABLE - 1)];
		u64 entry_last = va | (span - 1);
		u64 chunk_last = entry_last < last ? entry_last : last;
		u64 desc = READ_ONCE(*ptep);

		if (!(desc & PTE_VALID)) {
			/* a hole: nothing to do */
		} else if (level == 3 || (desc & PTE_TYPE_MASK) == PTE_TYPE_BLOCK) {
			bool whole = level == 3 || ((va & (span - 1)) == 0 && chunk_last == entry_last);

			if (!WARN_ON(!whole)) {
				phys_addr_t pa = desc & PTE_ADDR_MASK;

				WRITE_ONCE(*ptep, 0);
				st->nr_ptes++;
				if (st->pages && level == 3 && pfn_valid(pa >> PAGE_SHIFT))
					list_add_tail(&pfn_to_page(pa >> PAGE_SHIFT)->lru, st->pages);
			}
		} else {
			phys_addr_t next = desc & PTE_ADDR_MASK;

			unmap_level(st, table_va(next), level + 1, va, chunk_last);
			free_table_if_empty(st, ptep, next, va);
			if (level == 2) {
				/*
				 * Let interrupts in after each L3 table. The
				 * range is its caller's alone, and nothing is
				 * freed before the TLB flush at the end.
				 */
				local_irq_restore(st->irqflags);
				st->irqflags = local_irq_save();
			}
		}
		if (chunk_last == last)
			return;
		va = chunk_last + 1;
	}
}

/**
 * unmap_kernel_range - remove the mappings of [va, va + size) from swapper_pg_dir
 * @va:		first VA (page aligned)
 * @size:	bytes (page aligned)
 * @pages:	if not NULL, the struct page of every RAM page that was mapped
 *		in the range is appended to it (by page->lru), for the caller
 *		to free: vfree() does, vunmap() and iounmap() pass NULL
 *
 * Clears the leaf descriptors, frees every page-table page that became
 * empty and came from the page allocator (never the boot tables), and
 * invalidates the TLB for the range before returning, so the pages on
 * @pages can be freed at once. Block mappings must be removed whole.
 *
 * Return: the number of leaf descriptors cleared.
 */
unsigned long unmap_kernel_range(u64 va, u64 size, struct list_head *pages)
{
	struct unmap_state st = { .pages = pages };
	struct page *page, *tmp;

	if (!size)
		return 0;
	INIT_LIST_HEAD(&st.tables);
	st.irqflags = local_irq_save();
	unmap_level(&st, swapper_pg_dir, 0, va, va + (size - 1));
	if (st.nr_ptes)
		flush_tlb_kernel_range(va, va + size);
	local_irq_restore(st.irqflags);

	list_for_each_entry_safe(page, tmp, &st.tables, lru) {
		list_del(&page->lru);
		pgd_pgtable_free(page);
	}
	return st.nr_ptes;
}

/**
 * kernel_va_to_phys - translate a kernel VA through swapper_pg_dir
 * @va:		the address
 * @pa:		set to the physical address it maps to
 *
 * Like the table walk of Linux's vmalloc_to_page(), by software, for any
 * address of the kernel half.
 *
 * Return: 0, or -ENOENT when @va is not mapped.
 */
int kernel_va_to_phys(u64 va, phys_addr_t *pa)
{
	unsigned long flags = local_irq_save();
	u64 *table = swapper_pg_dir;
	int ret = -ENOENT;

	for (int level = 0; level <= 3; level++) {
		unsigned int shift = ARM64_HW_LEVEL_SHIFT(level);
		u64 desc = READ_ONCE(table[(va >> shift) & (PTRS_PER_TABLE - 1)]);
		u64 type = desc & PTE_TYPE_MASK;

		if (!(desc & PTE_VALID))
			break;
		if (level == 3 || type == PTE_TYPE_BLOCK) {
			u64 span = 1UL << shift;

			/* 0b01 at L0 or L3 is reserved: as invalid as 0b00 */
			if ((level == 3 && type != PTE_TYPE_PAGE) || level == 0)
				break;
			*pa = (desc & PTE_ADDR_MASK & ~(span - 1)) | (va & (span - 1));
			ret = 0;
			break;
		}
		table = table_va(desc & PTE_ADDR_MASK);
	}
	local_irq_restore(flags);
	return ret;
}
