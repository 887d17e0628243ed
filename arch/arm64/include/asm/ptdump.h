/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PTDUMP_H
#define ASM_PTDUMP_H

/*
 * Reading the live translation tables: one VA at a time (pt_walk(), the
 * "pagewalk" command, show_pte() in the Oops report) or all of them
 * (ptdump_walk_pgd(), the "kmaps" command). Tables are read with
 * probe_kernel_read() (through the image mapping for the boot tables, the
 * linear map for the others), so a corrupt table pointer gives an error
 * rather than a second fault.
 */
#include <arbor/compiler.h>
#include <arbor/types.h>
#include <asm/pgtable-hwdef.h>

/*
 * Table descriptor attributes (Arm ARM D8.3.2), restricting everything the
 * table maps: PXNTable [59], UXNTable [60], APTable [62:61] (bit 61: no EL0
 * access, bit 62: read-only), NSTable [63].
 */
#define PTE_TABLE_PXN		PMD_TABLE_PXN
#define PTE_TABLE_UXN		PMD_TABLE_UXN
#define PTE_TABLE_AP_NO_EL0	(1UL << 61)
#define PTE_TABLE_AP_RDONLY	(1UL << 62)
#define PTE_TABLE_NS		(1UL << 63)
#define PTE_TABLE_ATTR_MASK	(PTE_TABLE_PXN | PTE_TABLE_UXN | PTE_TABLE_AP_NO_EL0 | \
				 PTE_TABLE_AP_RDONLY | PTE_TABLE_NS)

/*
 * The attribute bits of a block or page descriptor: lower attributes
 * [11:2] and upper attributes [54:51] plus the software bits [58:55]. What
 * is left is the type [1:0] and the output address [47:12].
 */
#define PTE_ATTR_MASK		(GENMASK(11, 2) | GENMASK(58, 51))

/* Descriptor kinds, as pt_desc_type() classifies an entry at a level. */
enum pt_desc_kind {
	PT_INVALID,
	PT_TABLE,
	PT_BLOCK,
	PT_PAGE,
};

/**
 * struct pt_walk_step - one level of a walk
 * @table:	physical address of the table read at this level
 * @index:	the entry's index in it
 * @desc:	the raw descriptor
 * @kind:	what @desc is at this level
 */
struct pt_walk_step {
	phys_addr_t table;
	unsigned int index;
	u64 desc;
	enum pt_desc_kind kind;
};

/**
 * struct pt_walk - the translation of one VA
 * @va:		the address walked
 * @pgd:	physical address of the L0 table
 * @nr_steps:	entries used in @step (levels read)
 * @step:	the levels, L0 first
 * @leaf_level:	level of the block or page descriptor, -1 when not mapped
 * @table_attrs: PTE_TABLE_* restrictions of the tables on the way down
 * @pa:		physical address @va translates to (when mapped)
 * @size:	bytes the leaf maps (4K, 2M or 1G; when mapped)
 * @err:	0, or -EFAULT when a table could not be read
 */
struct pt_walk {
	u64 va;
	phys_addr_t pgd;
	int nr_steps;
	struct pt_walk_step step[4];
	int leaf_level;
	u64 table_attrs;
	phys_addr_t pa;
	u64 size;
	int err;
};

/* Documented at their definitions in arch/arm64/mm/ptdump.c. */
enum pt_desc_kind pt_desc_type(u64 desc, int level);
const char *pt_desc_kind_name(enum pt_desc_kind kind);
int pt_walk(phys_addr_t pgd_pa, u64 va, struct pt_walk *w);
int pt_walk_live(u64 va, struct pt_walk *w);
const char *pgd_name(phys_addr_t pgd_pa);
phys_addr_t kernel_pgd_pa(void);
void show_pte(u64 addr);

/* Bytes one entry maps at @level: 512G, 1G, 2M, 4K. */
static inline u64 pt_level_size(int level)
{
	return 1UL << ARM64_HW_LEVEL_SHIFT(level);
}

/* Table descriptor: next-level table address, bits [47:12]. */
static inline phys_addr_t pt_table_addr(u64 desc)
{
	return desc & PTE_ADDR_MASK;
}

/*
 * Block or page descriptor: output address, bits [47:12] of a page,
 * [47:21] of an L2 block, [47:30] of an L1 block.
 */
static inline phys_addr_t pt_output_addr(u64 desc, int level)
{
	return desc & PTE_ADDR_MASK & ~(pt_level_size(level) - 1);
}

/**
 * struct ptdump_state - a walk over every entry of a table tree
 * @note_page:	called in address order, once per block or page descriptor
 *		(@level 1-3, @desc the descriptor) and once per invalid
 *		entry (@desc 0), with the PTE_TABLE_* restrictions inherited
 *		from the tables above it; finally once with @level -1 at the
 *		end address (0 when the walk ran to the top of the space)
 * @arg:	for the callback's use
 */
struct ptdump_state {
	void (*note_page)(struct ptdump_state *st, u64 addr, int level, u64 desc,
			  u64 table_attrs);
	void *arg;
};

int ptdump_walk_pgd(struct ptdump_state *st, phys_addr_t pgd_pa, u64 va_base);

#endif
