// SPDX-License-Identifier: GPL-2.0
/*
 * map_range(): fill in translation tables for a VA range. Also runs with the
 * MMU off from early_map_kernel(), so it must use no absolute addresses (the
 * build checks this file's relocations) and no jump tables.
 */
#include <arbor/errno.h>
#include <arbor/string.h>
#include <asm/map_range.h>
#include <asm/pgtable-hwdef.h>

static phys_addr_t table_alloc(struct map_ctx *ctx)
{
	phys_addr_t pa = 0;

	if (ctx->pool_next < ctx->pool_end) {
		pa = ctx->pool_next;
		ctx->pool_next += 1UL << 12;
	} else if (ctx->alloc) {
		pa = ctx->alloc();
	}
	if (!pa)
		return 0;
	memset((void *)(pa + ctx->va_offset), 0, 1UL << 12);
	ctx->nr_tables++;
	return pa;
}

static int map_level(struct map_ctx *ctx, phys_addr_t table_pa, int level,
		     u64 va, u64 last, phys_addr_t pa, u64 prot,
		     unsigned int flags)
{
	u64 *table = (u64 *)(table_pa + ctx->va_offset);
	unsigned int shift = ARM64_HW_LEVEL_SHIFT(level);
	u64 span = 1UL << shift;

	for (;;) {
		u64 *ptep = &table[(va >> shift) & (PTRS_PER_TABLE - 1)];
		/* Last VA this entry covers, clipped to the range (no overflow at 2^64). */
		u64 entry_last = va | (span - 1);
		u64 chunk_last = entry_last < last ? entry_last : last;
		u64 old = *ptep;
		int ret;

		if (level == 3) {
			u64 new = (pa & PTE_ADDR_MASK) | prot | PTE_TYPE_PAGE;

			if ((old & PTE_VALID) && old != new)
				return -EEXIST;
			*ptep = new;
		} else if (level >= 1 && (flags & MAP_BLOCKS) &&
			   (va & (span - 1)) == 0 && (pa & (span - 1)) == 0 &&
			   chunk_last == entry_last) {
			u64 new = (pa & PTE_ADDR_MASK) | prot | PTE_TYPE_BLOCK;

			if ((old & PTE_VALID) && old != new)
				return -EEXIST;
			*ptep = new;
		} else {
			phys_addr_t next;

			if (!(old & PTE_VALID)) {
				next = table_alloc(ctx);
				if (!next)
					return -ENOMEM;
				*ptep = next | PTE_TYPE_TABLE;
			} else if ((old & PTE_TYPE_MASK) != PTE_TYPE_TABLE) {
				/* A block is in the way: splitting it is the caller's job. */
				return -EEXIST;
			} else {
				next = old & PTE_ADDR_MASK;
			}
			ret = map_level(ctx, next, level + 1, va, chunk_last, pa,
					prot, flags);
			if (ret)
				return ret;
		}
		if (chunk_last == last)
			return 0;
		pa += chunk_last - va + 1;
		va = chunk_last + 1;
	}
}

/**
 * map_range - map [va, va + size) to [pa, pa + size) with attributes @prot
 * @ctx:	table allocation context
 * @pgd_pa:	physical address of the L0 table
 * @va:		first virtual address (page aligned)
 * @pa:		first physical address (page aligned)
 * @size:	bytes (page aligned, non-zero)
 * @prot:	descriptor attribute bits (PROT_*), without the type bits
 * @flags:	MAP_BLOCKS to allow block descriptors
 *
 * Only fills invalid entries (or rewrites identical ones): changing a live
 * mapping needs break-before-make, which is the caller's business.
 *
 * Return: 0, -ENOMEM when a table page could not be had, -EEXIST when a
 * different mapping is already there, -EINVAL for a bad range.
 */
int map_range(struct map_ctx *ctx, phys_addr_t pgd_pa, u64 va, phys_addr_t pa,
	      u64 size, u64 prot, unsigned int flags)
{
	if (!size || ((va | pa | size) & ((1UL << 12) - 1)) || va + (size - 1) < va)
		return -EINVAL;
	return map_level(ctx, pgd_pa, 0, va, va + (size - 1), pa, prot, flags);
}
