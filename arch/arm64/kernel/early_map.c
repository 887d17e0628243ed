// SPDX-License-Identifier: GPL-2.0
/*
 * The first page tables, built with the MMU off from head.S. Everything here
 * runs at the physical load address: symbol addresses taken in this file are
 * PC-relative (adrp/add), so they are physical; link-time virtual addresses
 * are only used as the constants of the memory map. The build checks this
 * object for absolute relocations.
 */
#include <arbor/compiler.h>
#include <arbor/string.h>
#include <asm/map_range.h>
#include <asm/memory.h>
#include <asm/mmu.h>

/* All live in .pgdir, which lies outside the BSS that head.S clears later. */
u64 idmap_pg_dir[PTRS_PER_TABLE] __section(".pgdir") __aligned(4096);
u64 swapper_pg_dir[PTRS_PER_TABLE] __section(".pgdir") __aligned(4096);
u64 reserved_pg_dir[PTRS_PER_TABLE] __section(".pgdir") __aligned(4096);
u64 early_pgtables[CONFIG_NR_EARLY_PGTABLES][PTRS_PER_TABLE] __section(".pgdir") __aligned(4096);

/* Where the pool stood when the MMU came on; paging_init() continues from it. */
phys_addr_t early_pool_next __section(".pgdir");

#define FDT_MAGIC	0xd00dfeed

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

/**
 * early_map_kernel - create the tables the kernel needs to turn the MMU on
 * @dtb_pa: the DTB's physical address from the loader (x0), possibly 0
 *
 * idmap_pg_dir (TTBR0): the image's physical range mapped to itself with
 * 2 MiB blocks, only so that the instructions around the SCTLR_EL1 write keep
 * being fetched when the MMU turns on.
 * swapper_pg_dir (TTBR1): the image at KIMAGE_VADDR with 4 KiB pages (text
 * RX, rodata R, data/bss RW, the last two execute-never), and a 4 MiB window
 * onto the DTB at FIXADDR_FDT.
 */
void early_map_kernel(phys_addr_t dtb_pa)
{
	struct map_ctx ctx;
	phys_addr_t text = (phys_addr_t)_text;
	phys_addr_t etext = (phys_addr_t)_etext;
	phys_addr_t rodata_end = (phys_addr_t)__end_rodata;
	phys_addr_t end = (phys_addr_t)_end;
	phys_addr_t id_start = ALIGN_DOWN(text, PMD_SIZE);
	phys_addr_t id_end = ALIGN(end, PMD_SIZE);

	memset(__pgdir_start, 0, __pgdir_end - __pgdir_start);
	memset(&ctx, 0, sizeof(ctx));
	ctx.pool_next = (phys_addr_t)early_pgtables;
	ctx.pool_end = ctx.pool_next + sizeof(early_pgtables);

	/* Failures here cannot be reported; the tables are sized to fit. */
	map_range(&ctx, (phys_addr_t)idmap_pg_dir, id_start, id_start,
		  id_end - id_start, PROT_KERNEL_TEXT, MAP_BLOCKS);

	map_range(&ctx, (phys_addr_t)swapper_pg_dir, KIMAGE_VADDR, text,
		  etext - text, PROT_KERNEL_TEXT, 0);
	map_range(&ctx, (phys_addr_t)swapper_pg_dir, KIMAGE_VADDR + (etext - text),
		  etext, rodata_end - etext, PROT_KERNEL_RO, 0);
	map_range(&ctx, (phys_addr_t)swapper_pg_dir, KIMAGE_VADDR + (rodata_end - text),
		  rodata_end, end - rodata_end, PROT_KERNEL_RW, 0);

	if (dtb_pa && !(dtb_pa & 7) && be32((void *)dtb_pa) == FDT_MAGIC)
		map_range(&ctx, (phys_addr_t)swapper_pg_dir, FIXADDR_FDT,
			  ALIGN_DOWN(dtb_pa, PMD_SIZE), FIXADDR_FDT_SIZE,
			  PROT_KERNEL_RO, MAP_BLOCKS);

	early_pool_next = ctx.pool_next;
}
