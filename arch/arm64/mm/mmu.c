// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables after the MMU is on: the linear map of memory,
 * ioremap, and the table-page allocator that serves both.
 *
 * Mirrors Linux's arch/arm64/mm/mmu.c: paging_init() -> map_mem() ->
 * __map_memblock(); ioremap() -> ioremap_prot().
 */
#include <arbor/memblock.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <asm/map_range.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>

u64 kimage_voffset;
u64 memstart_addr;
bool linear_map_ready;

extern u64 early_pgtables[][PTRS_PER_TABLE];
extern phys_addr_t early_pool_next;

static struct map_ctx kernel_ctx;
static u64 ioremap_next = VMALLOC_START;

static phys_addr_t pgtable_alloc_memblock(void)
{
	return memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
}

/* The context starts where early_map_kernel() left the pool. */
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

unsigned long early_pgtables_used(void)
{
	struct map_ctx *ctx = kctx();

	return CONFIG_NR_EARLY_PGTABLES -
		(ctx->pool_end - ctx->pool_next) / PAGE_SIZE;
}

int kernel_map_pages(u64 va, phys_addr_t pa, u64 size, u64 prot, unsigned int flags)
{
	int ret = map_range(kctx(), __pa(swapper_pg_dir), va, pa, size, prot, flags);

	/* New entries replace invalid ones: no TLB maintenance, only ordering. */
	dsb(ishst);
	isb();
	return ret;
}

void *ioremap(phys_addr_t pa, u64 size)
{
	phys_addr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	u64 len = ALIGN(pa + size, PAGE_SIZE) - base;
	u64 va = ioremap_next;

	if (!size || len > VMALLOC_END - ioremap_next)
		return NULL;
	if (kernel_map_pages(va, base, len, PROT_DEVICE, 0))
		return NULL;
	ioremap_next += len + PAGE_SIZE;	/* one guard page between areas */
	return (void *)(va + (pa - base));
}

static void map_linear(phys_addr_t start, phys_addr_t end, u64 prot, unsigned int flags)
{
	int ret;

	if (start >= end)
		return;
	ret = kernel_map_pages((u64)__va(start), start, end - start, prot, flags);
	if (ret)
		panic("linear map of %#llx-%#llx failed: %d",
		      (unsigned long long)start, (unsigned long long)end, ret);
}

void paging_init(void)
{
	phys_addr_t kstart = __pa(_text), kro_end = __pa(__end_rodata);
	phys_addr_t start, end;
	u64 i;

	/*
	 * All of memory, read-write and execute-never, with the largest
	 * blocks alignment allows. The kernel's text and rodata alias is
	 * read-only here too, so no writable mapping of kernel code exists.
	 */
	for_each_mem_range(i, &start, &end) {
		phys_addr_t a = start, b = end;

		if (end <= kstart || start >= kro_end) {
			map_linear(a, b, PROT_KERNEL_RW, MAP_BLOCKS);
			continue;
		}
		map_linear(a, kstart, PROT_KERNEL_RW, MAP_BLOCKS);
		map_linear(max(a, kstart), min(b, kro_end), PROT_KERNEL_RO, 0);
		map_linear(kro_end, b, PROT_KERNEL_RW, MAP_BLOCKS);
	}

	/* From now on every table page is reached through the linear map. */
	kernel_ctx.va_offset = PAGE_OFFSET - memstart_addr;
	kernel_ctx.alloc = pgtable_alloc_memblock;
	linear_map_ready = true;

	/* The idmap was only for turning the MMU on. */
	write_sysreg(__pa(reserved_pg_dir), ttbr0_el1);
	isb();
	local_flush_tlb_all();
}
