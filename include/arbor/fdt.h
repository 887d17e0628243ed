/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader for flattened device trees (DTB format version 17, and 16).
 *
 * fdt_init() validates the whole blob once; after that the accessors can
 * trust its structure. They still bounds-check every read, so a bogus node
 * offset handed in by a caller yields an error, never a stray access.
 *
 * Nodes and properties are named by int offsets into the structure block;
 * a negative value is a -errno. All multi-byte values in the blob are
 * big-endian and only 4-byte aligned, so they are read a byte at a time
 * (the kernel runs with -mstrict-align while the MMU is off).
 */
#ifndef ARBOR_FDT_H
#define ARBOR_FDT_H

#include <arbor/types.h>

#define FDT_MAGIC		0xd00dfeed
#define FDT_LAST_VERSION	17	/* newest format we understand */
#define FDT_FIRST_VERSION	16	/* oldest format we accept */

/* Structure block tokens. */
#define FDT_BEGIN_NODE		0x1
#define FDT_END_NODE		0x2
#define FDT_PROP		0x3
#define FDT_NOP			0x4
#define FDT_END			0x9

#define FDT_MAX_DEPTH		64	/* deeper trees are rejected */
#define FDT_MAX_NCELLS		4	/* #address-cells / #size-cells limit */
#define FDT_MAX_IRQ_CELLS	16	/* #interrupt-cells limit */

/**
 * struct fdt - a validated device tree blob
 * @blob: start of the blob (the header); it must stay mapped while used
 * @totalsize: header: size of the whole blob
 * @off_dt_struct: header: offset of the structure block
 * @off_dt_strings: header: offset of the strings block
 * @off_mem_rsvmap: header: offset of the memory reservation block
 * @version: header: format version
 * @last_comp_version: header: oldest version this blob is compatible with
 * @boot_cpuid_phys: header: physical ID of the boot CPU
 * @size_dt_strings: header: size of the strings block
 * @size_dt_struct: size of the structure block up to and including the
 *	FDT_END token (a version 16 header has no such field: the scan finds it)
 * @num_mem_rsv: number of /memreserve/ entries (the terminator excluded)
 * @num_nodes: number of nodes, root included
 * @max_depth: deepest nesting level (root = 1)
 * @errmsg: why fdt_init() failed, e.g. "bad magic 0x12345678"
 */
struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 off_dt_struct;
	u32 off_dt_strings;
	u32 off_mem_rsvmap;
	u32 version;
	u32 last_comp_version;
	u32 boot_cpuid_phys;
	u32 size_dt_strings;
	u32 size_dt_struct;
	int num_mem_rsv;
	int num_nodes;
	int max_depth;
	char errmsg[96];
};

/* Big-endian loads that never do a wide (possibly unaligned) access. */
static inline u32 fdt32_ld(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u64 fdt64_ld(const void *p)
{
	const u8 *b = p;

	return (u64)fdt32_ld(b) << 32 | fdt32_ld(b + 4);
}

/**
 * fdt_read_cells - read a number stored in @n big-endian 32-bit cells
 * @p: first cell
 * @n: number of cells; only the low 64 bits are kept when @n > 2
 */
static inline u64 fdt_read_cells(const void *p, int n)
{
	const u8 *b = p;
	u64 v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(b + 4 * i);
	return v;
}

int fdt_init(struct fdt *fdt, const void *blob, size_t avail);
const char *fdt_strerror(int err);

static inline u32 fdt_totalsize(const struct fdt *fdt)
{
	return fdt->totalsize;
}

/* Memory reservation block (/memreserve/). */
int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int idx, u64 *address, u64 *size);

/* Low-level structure walk. */
int fdt_next_tag(const struct fdt *fdt, int offset, int *next);

/* Nodes. */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_parent(const struct fdt *fdt, int node);
int fdt_node_depth(const struct fdt *fdt, int node);
const char *fdt_get_name(const struct fdt *fdt, int node, int *lenp);
int fdt_get_path(const struct fdt *fdt, int node, char *buf, int buflen);
int fdt_subnode_offset(const struct fdt *fdt, int parent, const char *name);
int fdt_subnode_offset_namelen(const struct fdt *fdt, int parent,
			       const char *name, int namelen);
int fdt_path_offset(const struct fdt *fdt, const char *path);
int fdt_path_offset_namelen(const struct fdt *fdt, const char *path, int len);
const char *fdt_get_alias(const struct fdt *fdt, const char *name);
const char *fdt_get_alias_namelen(const struct fdt *fdt, const char *name,
				  int namelen);

#define fdt_for_each_subnode(child, fdt, parent)			\
	for ((child) = fdt_first_child((fdt), (parent)); (child) >= 0;	\
	     (child) = fdt_next_sibling((fdt), (child)))

/* Properties. */
int fdt_first_property(const struct fdt *fdt, int node);
int fdt_next_property(const struct fdt *fdt, int prop);
const void *fdt_getprop_by_offset(const struct fdt *fdt, int prop,
				  const char **namep, int *lenp);
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp);
const void *fdt_getprop_namelen(const struct fdt *fdt, int node,
				const char *name, int namelen, int *lenp);
const char *fdt_getprop_str(const struct fdt *fdt, int node, const char *name);
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    u32 *val);
int fdt_getprop_u64(const struct fdt *fdt, int node, const char *name,
		    u64 *val);
bool fdt_getprop_bool(const struct fdt *fdt, int node, const char *name);

#define fdt_for_each_property(prop, fdt, node)				\
	for ((prop) = fdt_first_property((fdt), (node)); (prop) >= 0;	\
	     (prop) = fdt_next_property((fdt), (prop)))

/* String lists ("a\0b\0c\0", as in compatible). */
bool fdt_stringlist_contains(const char *strlist, int listlen,
			     const char *str);
int fdt_stringlist_count(const struct fdt *fdt, int node, const char *name);
int fdt_stringlist_search(const struct fdt *fdt, int node, const char *name,
			  const char *str);
const char *fdt_stringlist_get(const struct fdt *fdt, int node,
			       const char *name, int idx, int *lenp);

/* Matching. */
int fdt_node_check_compatible(const struct fdt *fdt, int node,
			      const char *compat);
int fdt_node_offset_by_compatible(const struct fdt *fdt, int startoffset,
				  const char *compat);
bool fdt_node_is_enabled(const struct fdt *fdt, int node);
u32 fdt_get_phandle(const struct fdt *fdt, int node);
int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle);

/* Addresses. */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);
int fdt_reg_count(const struct fdt *fdt, int node);
int fdt_get_reg(const struct fdt *fdt, int node, int idx, u64 *cpu_addr,
		u64 *size);
int fdt_translate_address(const struct fdt *fdt, int bus, const void *addr,
			  int na, u64 *cpu_addr);

/* Interrupts. */
int fdt_interrupt_parent(const struct fdt *fdt, int node);
int fdt_interrupt_cells(const struct fdt *fdt, int controller);
int fdt_get_interrupt(const struct fdt *fdt, int node, int idx, u32 *cells,
		      int maxcells, int *parent);

/* /chosen. */
int fdt_chosen(const struct fdt *fdt);
const char *fdt_chosen_bootargs(const struct fdt *fdt);
int fdt_chosen_stdout(const struct fdt *fdt, const char **options);
int fdt_chosen_initrd(const struct fdt *fdt, u64 *start, u64 *end);

#endif
