/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Early boot scan of the device tree: RAM and reservations into memblock,
 * plus a summary of /chosen for the boot log and `bootinfo`.
 */
#ifndef ARBOR_OF_FDT_H
#define ARBOR_OF_FDT_H

#include <arbor/fdt.h>
#include <arbor/types.h>

/* How many ranges of each kind the summary lists; the counts go on. */
#define EARLY_DT_MAX_RANGES	16

/* early_dt_range.flags */
#define EARLY_DT_NOMAP		0x1	/* reserved-memory "no-map": removed from memory */
#define EARLY_DT_REUSABLE	0x2	/* reserved-memory "reusable" (e.g. CMA) */
#define EARLY_DT_DYNAMIC	0x4	/* size but no reg: placed later, not reserved here */
#define EARLY_DT_FAILED		0x8	/* memblock refused it (see early_dt_info.err) */

/**
 * struct early_dt_range - one range found by early_init_dt_scan()
 * @base: physical start (0 for a dynamic reservation)
 * @size: bytes
 * @node: node it came from, or -1 for a /memreserve/ entry
 * @flags: EARLY_DT_*
 */
struct early_dt_range {
	u64 base;
	u64 size;
	int node;
	u32 flags;
};

/**
 * struct early_dt_info - what early_init_dt_scan() found
 * @fdt: the tree scanned (node offsets below refer to it)
 * @model: root "model" string, or NULL
 * @nr_memory: RAM ranges added to memblock (page-aligned)
 * @nr_memory_skipped: /memory reg entries ignored (zero size, or less than
 *	a page once aligned)
 * @memory: the first EARLY_DT_MAX_RANGES of them
 * @nr_memreserve: /memreserve/ entries reserved
 * @memreserve: the first EARLY_DT_MAX_RANGES of them
 * @nr_reserved: /reserved-memory ranges with a reg (reserved, or removed
 *	from memory when no-map) plus dynamic ones (size only, not reserved)
 * @reserved: the first EARLY_DT_MAX_RANGES of them
 * @nr_errors: nodes or entries that could not be used
 * @err: first error (a memblock -ENOMEM, or a malformed node), 0 if none
 * @has_initrd: whether /chosen gives a valid initrd range
 * @initrd_start: its start
 * @initrd_end: its end (exclusive)
 * @bootargs: /chosen/bootargs, or NULL
 * @stdout_path: /chosen/stdout-path as written, or NULL
 * @stdout_node: the console node it names, or a negative errno
 * @stdout_options: the text after ':' ("115200n8"), or NULL
 */
struct early_dt_info {
	const struct fdt *fdt;
	const char *model;
	int nr_memory;
	int nr_memory_skipped;
	struct early_dt_range memory[EARLY_DT_MAX_RANGES];
	int nr_memreserve;
	struct early_dt_range memreserve[EARLY_DT_MAX_RANGES];
	int nr_reserved;
	struct early_dt_range reserved[EARLY_DT_MAX_RANGES];
	int nr_errors;
	int err;
	bool has_initrd;
	u64 initrd_start;
	u64 initrd_end;
	const char *bootargs;
	const char *stdout_path;
	int stdout_node;
	const char *stdout_options;
};

int early_init_dt_scan(const struct fdt *fdt, struct early_dt_info *info);
void early_dt_print_info(const struct early_dt_info *info);

#endif
