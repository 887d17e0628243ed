/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PTDUMP_H
#define ASM_PTDUMP_H

/*
 * Reading the live translation tables: one VA at a time (pt_walk(), the
 * "pagewalk" command, show_pte() in the Oops report) or all of them
 * (ptdump_walk_pgd(), the "kmaps" command). Tables are read through the
 * linear map with probe_kernel_read(), so a corrupt table pointer gives
 * an error rather than a second fault.
 */
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

/**
 * pt_desc_type - classify a descriptor found at a given level
 * @desc:	the descriptor
 * @level:	0..3
 *
 * Bits [1:0]: x0 invalid; 01 block at L1/L2 (invalid at L0 and L3);
 * 11 table at L0-L2, page at L3.
 *
 * Return: the kind of entry.
 */
enum pt_desc_kind pt_desc_type(u64 desc, int level);

/** pt_desc_kind_name - "table", "block", "page" or "invalid" */
const char *pt_desc_kind_name(enum pt_desc_kind kind);

/**
 * pt_walk - translate @va with the tables rooted at @pgd_pa, recording each level
 * @pgd_pa:	physical address of an L0 table
 * @va:		the virtual address
 * @w:		filled in
 *
 * Stops at the first block, page or invalid entry, or at a table that
 * cannot be read.
 *
 * Return: 0 when @va is mapped, -ENOENT when it is not, -EFAULT when a
 * table could not be read (also in @w->err).
 */
int pt_walk(phys_addr_t pgd_pa, u64 va, struct pt_walk *w);

/**
 * pt_walk_live - pt_walk() with the root table TTBR0_EL1 or TTBR1_EL1
 * holds for @va (bit 55 selects)
 * @va:		the virtual address
 * @w:		filled in
 *
 * Return: as pt_walk().
 */
int pt_walk_live(u64 va, struct pt_walk *w);

/**
 * pgd_name - the kernel's name for an L0 table ("swapper_pg_dir",
 * "reserved_pg_dir", "idmap_pg_dir"), or NULL
 * @pgd_pa:	the table's physical address
 */
const char *pgd_name(phys_addr_t pgd_pa);

/**
 * show_pte - print the descriptors that translate @addr, for an Oops report
 * @addr:	the faulting virtual address
 */
void show_pte(u64 addr);

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

/**
 * ptdump_walk_pgd - call @st->note_page for every entry of a table tree
 * @st:		the walk's callback
 * @pgd_pa:	physical address of the L0 table
 * @va_base:	the VA of L0 entry 0: 0 for TTBR0, 0xffff000000000000 for TTBR1
 *
 * Return: 0, or -EFAULT when some table could not be read (its range is
 * reported as invalid).
 */
int ptdump_walk_pgd(struct ptdump_state *st, phys_addr_t pgd_pa, u64 va_base);

/** kernel_pgd_pa - physical address of swapper_pg_dir */
phys_addr_t kernel_pgd_pa(void);

#endif
