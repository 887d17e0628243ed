// SPDX-License-Identifier: GPL-2.0
/*
 * Early device tree scan: feed RAM and firmware reservations to memblock.
 *
 * What the tree says, and only that: the caller reserves the kernel image
 * and the DTB itself, and decides what to do with the initrd range (U-Boot's
 * qfw boot path reports a bogus one even without an initrd).
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/memblock.h>
#include <arbor/of_fdt.h>
#include <arbor/printk.h>
#include <arbor/string.h>

/* RAM is handed to memblock in whole pages, as Linux does. */
#define EARLY_DT_PAGE_SIZE	0x1000ULL

static void early_dt_record(struct early_dt_range *arr, int *nr, u64 base,
			    u64 size, int node, u32 flags)
{
	if (*nr < EARLY_DT_MAX_RANGES) {
		arr[*nr].base = base;
		arr[*nr].size = size;
		arr[*nr].node = node;
		arr[*nr].flags = flags;
	}
	(*nr)++;
}

static void early_dt_error(struct early_dt_info *info, int err)
{
	info->nr_errors++;
	if (!info->err)
		info->err = err;
}

/* Add one /memory reg entry, trimmed inward to whole pages. */
static void early_dt_add_memory(struct early_dt_info *info, int node,
				u64 base, u64 size)
{
	u64 end, abase, aend;
	u32 flags = 0;
	int err;

	/* Firmware may leave entries empty (Pi 4: reg = <0 0 0>). */
	if (!size || base > PHYS_ADDR_MAX - (EARLY_DT_PAGE_SIZE - 1)) {
		info->nr_memory_skipped++;
		return;
	}
	end = size > PHYS_ADDR_MAX - base ? PHYS_ADDR_MAX : base + size;
	abase = ALIGN(base, EARLY_DT_PAGE_SIZE);
	aend = ALIGN_DOWN(end, EARLY_DT_PAGE_SIZE);
	if (abase >= aend) {
		info->nr_memory_skipped++;
		return;
	}
	err = memblock_add(abase, aend - abase);
	if (err) {
		early_dt_error(info, err);
		flags = EARLY_DT_FAILED;
	}
	early_dt_record(info->memory, &info->nr_memory, abase, aend - abase,
			node, flags);
}

/* Every enabled root child with device_type = "memory". */
static void early_dt_scan_memory(const struct fdt *fdt, struct early_dt_info *info)
{
	int node;

	fdt_for_each_subnode(node, fdt, fdt_root(fdt)) {
		const char *type = fdt_getprop_str(fdt, node, "device_type");
		int count;

		if (!type || strcmp(type, "memory"))
			continue;
		/* QEMU's secure=on secram is device_type memory, but disabled. */
		if (!fdt_node_is_enabled(fdt, node))
			continue;
		count = fdt_reg_count(fdt, node);
		if (count < 0) {
			early_dt_error(info, count);
			continue;
		}
		for (int i = 0; i < count; i++) {
			u64 base, size;
			int err = fdt_get_reg(fdt, node, i, &base, &size);

			if (err) {
				early_dt_error(info, err);
				continue;
			}
			early_dt_add_memory(info, node, base, size);
		}
	}
}

static void early_dt_scan_memreserve(const struct fdt *fdt,
				     struct early_dt_info *info)
{
	int n = fdt_num_mem_rsv(fdt);

	for (int i = 0; i < n; i++) {
		u64 base, size;
		u32 flags = 0;
		int err;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) || !size)
			continue;
		err = memblock_reserve(base, size);
		if (err) {
			early_dt_error(info, err);
			flags = EARLY_DT_FAILED;
		}
		early_dt_record(info->memreserve, &info->nr_memreserve, base,
				size, -1, flags);
	}
}

/* A reserved-memory child with "size" but no "reg": placed later. */
static void early_dt_note_dynamic(const struct fdt *fdt, int rmem, int node,
				  struct early_dt_info *info, u32 flags)
{
	int ns = fdt_size_cells(fdt, rmem), len;
	const void *p = fdt_getprop(fdt, node, "size", &len);

	if (!p)
		return;		/* neither reg nor size: nothing to do */
	if (ns < 1 || ns > 2 || len != ns * 4) {
		early_dt_error(info, -EBADMSG);
		return;
	}
	early_dt_record(info->reserved, &info->nr_reserved, 0,
			fdt_read_cells(p, ns), node, flags | EARLY_DT_DYNAMIC);
}

static void early_dt_scan_reserved_memory(const struct fdt *fdt,
					  struct early_dt_info *info)
{
	int rmem = fdt_path_offset(fdt, "/reserved-memory"), node;

	if (rmem < 0)
		return;
	fdt_for_each_subnode(node, fdt, rmem) {
		u32 flags = 0;
		int count;

		if (!fdt_node_is_enabled(fdt, node))
			continue;
		if (fdt_getprop_bool(fdt, node, "no-map"))
			flags |= EARLY_DT_NOMAP;
		if (fdt_getprop_bool(fdt, node, "reusable"))
			flags |= EARLY_DT_REUSABLE;
		count = fdt_reg_count(fdt, node);
		if (count == -ENOENT) {
			early_dt_note_dynamic(fdt, rmem, node, info, flags);
			continue;
		}
		if (count < 0) {
			early_dt_error(info, count);
			continue;
		}
		for (int i = 0; i < count; i++) {
			u32 f = flags;
			u64 base, size;
			int err = fdt_get_reg(fdt, node, i, &base, &size);

			if (err) {
				early_dt_error(info, err);
				continue;
			}
			if (!size)
				continue;
			/*
			 * no-map: the OS must not even map it (firmware may use
			 * it with other attributes), so it leaves "memory".
			 */
			if (flags & EARLY_DT_NOMAP)
				err = memblock_remove(base, size);
			else
				err = memblock_reserve(base, size);
			if (err) {
				early_dt_error(info, err);
				f |= EARLY_DT_FAILED;
			}
			early_dt_record(info->reserved, &info->nr_reserved, base,
					size, node, f);
		}
	}
}

static void early_dt_scan_chosen(const struct fdt *fdt, struct early_dt_info *info)
{
	int chosen = fdt_chosen(fdt);

	info->bootargs = fdt_chosen_bootargs(fdt);
	info->stdout_node = fdt_chosen_stdout(fdt, &info->stdout_options);
	info->stdout_path = fdt_getprop_str(fdt, chosen, "stdout-path");
	if (!info->stdout_path)
		info->stdout_path = fdt_getprop_str(fdt, chosen, "linux,stdout-path");
	if (!fdt_chosen_initrd(fdt, &info->initrd_start, &info->initrd_end) &&
	    info->initrd_end > info->initrd_start)
		info->has_initrd = true;
}

/**
 * early_init_dt_scan - register RAM and firmware reservations with memblock
 * @fdt: validated tree
 * @info: optional; filled with a summary of what was found
 *
 * Adds the reg ranges of every enabled /memory node (device_type
 * "memory"; zero-sized entries skipped; trimmed to whole pages), reserves
 * every /memreserve/ entry and every enabled /reserved-memory child with a
 * reg (no-map ones are removed from memory instead), and notes the initrd,
 * bootargs and console from /chosen. Reservations of size-only
 * (dynamic) reserved-memory nodes are noted, not made.
 *
 * Scanning goes on past errors, so one bad node costs only itself.
 *
 * Return: 0; the first error (e.g. -ENOMEM from memblock, -EBADMSG for a
 * malformed node) when there was one; else -ENOENT when no RAM was found.
 */
int early_init_dt_scan(const struct fdt *fdt, struct early_dt_info *info)
{
	struct early_dt_info local;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	info->fdt = fdt;
	info->stdout_node = -ENOENT;

	info->model = fdt_getprop_str(fdt, fdt_root(fdt), "model");
	/* Memory first: no-map reservations are cut out of it. */
	early_dt_scan_memory(fdt, info);
	early_dt_scan_memreserve(fdt, info);
	early_dt_scan_reserved_memory(fdt, info);
	early_dt_scan_chosen(fdt, info);

	if (info->err)
		return info->err;
	return info->nr_memory ? 0 : -ENOENT;
}

static void early_dt_print_ranges(const char *what, const struct early_dt_info *info,
				  const struct early_dt_range *arr, int nr)
{
	for (int i = 0; i < nr && i < EARLY_DT_MAX_RANGES; i++) {
		const struct early_dt_range *r = &arr[i];
		const char *name = r->node >= 0 ? fdt_get_name(info->fdt, r->node, NULL) : NULL;

		if (r->flags & EARLY_DT_DYNAMIC)
			pr_info("DT: %s %s: dynamic, size %#llx (not reserved yet)%s\n",
				what, name ? name : "?", (unsigned long long)r->size,
				r->flags & EARLY_DT_REUSABLE ? " reusable" : "");
		else
			pr_info("DT: %s [0x%016llx-0x%016llx] %s%s%s%s\n", what,
				(unsigned long long)r->base,
				(unsigned long long)(r->base + r->size - 1),
				name ? name : "",
				r->flags & EARLY_DT_NOMAP ? " no-map" : "",
				r->flags & EARLY_DT_REUSABLE ? " reusable" : "",
				r->flags & EARLY_DT_FAILED ? " FAILED" : "");
	}
	if (nr > EARLY_DT_MAX_RANGES)
		pr_info("DT: %s: %d more not listed\n", what, nr - EARLY_DT_MAX_RANGES);
}

/**
 * early_dt_print_info - print an early_init_dt_scan() summary with printk
 * @info: the summary
 */
void early_dt_print_info(const struct early_dt_info *info)
{
	char path[128];

	pr_info("DT: model \"%s\"\n", info->model ? info->model : "(none)");
	early_dt_print_ranges("memory", info, info->memory, info->nr_memory);
	if (info->nr_memory_skipped)
		pr_info("DT: memory: %d empty or sub-page entries skipped\n",
			info->nr_memory_skipped);
	early_dt_print_ranges("memreserve", info, info->memreserve,
			      info->nr_memreserve);
	early_dt_print_ranges("reserved-memory", info, info->reserved,
			      info->nr_reserved);
	if (info->has_initrd)
		pr_info("DT: initrd [%#llx-%#llx)\n",
			(unsigned long long)info->initrd_start,
			(unsigned long long)info->initrd_end);
	if (info->bootargs)
		pr_info("DT: bootargs \"%s\"\n", info->bootargs);
	if (info->stdout_node >= 0 &&
	    !fdt_get_path(info->fdt, info->stdout_node, path, sizeof(path)))
		pr_info("DT: stdout %s%s%s\n", path,
			info->stdout_options ? " options " : "",
			info->stdout_options ? info->stdout_options : "");
	else if (info->stdout_path)
		pr_info("DT: stdout-path \"%s\" names no node\n", info->stdout_path);
	if (info->nr_errors)
		pr_err("DT: %d entries unusable, first error %d\n",
		       info->nr_errors, info->err);
}
