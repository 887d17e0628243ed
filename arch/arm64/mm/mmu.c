// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables after the MMU is on: the linear map of memory
 * and ioremap (built on get_vm_area(), so every device mapping is a
 * VM_IOREMAP area that vmallocinfo lists and iounmap() gives back). The
 * table-page allocator and unmapping are in pgtable.c.
 *
 * Mirrors Linux's arch/arm64/mm/mmu.c: paging_init() -> map_mem() ->
 * __map_memblock(); ioremap() -> ioremap_prot() -> __ioremap_caller().
 */
#include <arbor/memblock.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <arbor/vmalloc.h>
#include <asm/map_range.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>

u64 kimage_voffset;
u64 memstart_addr;
bool linear_map_ready;

static phys_addr_t pgtable_alloc_memblock(void)
{
	return memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
}

/* Linux: __ioremap_caller() -> ioremap_page_range(). */
static void *__ioremap_caller(phys_addr_t pa, u64 size, u64 prot, const void *caller)
{
	phys_addr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	struct vm_struct *area;
	u64 len;

	if (!size || pa + size < pa || pa + size > PTE_ADDR_MASK + PAGE_SIZE)
		return NULL;
	len = ALIGN(pa + size, PAGE_SIZE) - base;
	if (memblock_is_memory(base) || memblock_is_memory(base + len - 1)) {
		pr_err("ioremap: %#llx-%#llx is RAM, refused (caller %pS)\n",
		       (unsigned long long)pa, (unsigned long long)(pa + size - 1), caller);
		return NULL;
	}
	area = get_vm_area_caller(len, VM_IOREMAP, caller);
	if (!area)
		return NULL;
	area->phys_addr = base;
	if (kernel_map_pages((u64)area->addr, base, len, prot, 0)) {
		free_vm_area(area);
		return NULL;
	}
	return (char *)area->addr + (pa - base);
}

void *ioremap_prot(phys_addr_t pa, u64 size, u64 prot)
{
	return __ioremap_caller(pa, size, prot, __builtin_return_address(0));
}

void *ioremap(phys_addr_t pa, u64 size)
{
	return __ioremap_caller(pa, size, PROT_DEVICE, __builtin_return_address(0));
}

void iounmap(const volatile void *addr)
{
	const void *base = (const void *)ALIGN_DOWN((u64)addr, PAGE_SIZE);
	struct vm_struct *area;

	if (!addr)
		return;
	area = find_vm_area(base);
	if (!area || !(area->flags & VM_IOREMAP) || area->addr != base) {
		pr_err("Trying to iounmap() bad address (%p), ignored; caller %pS\n",
		       (const void *)addr, __builtin_return_address(0));
		return;
	}
	free_vm_area(area);
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
	kernel_pgtable_linear_ready(pgtable_alloc_memblock);
	linear_map_ready = true;

	/* The idmap was only for turning the MMU on. */
	write_sysreg(__pa(reserved_pg_dir), ttbr0_el1);
	isb();
	local_flush_tlb_all();
}
