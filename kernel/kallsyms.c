// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol lookup over the table scripts/kallsyms.py generates at link time
 * (see the Makefile's three-pass link).
 */
#include <arbor/kallsyms.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <asm/memory.h>

extern const u64 kallsyms_num;
extern const u32 kallsyms_offsets[];
extern const u32 kallsyms_sizes[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num;
	u64 off;

	if (addr < KIMAGE_VADDR || addr >= (unsigned long)_etext || !kallsyms_num)
		return NULL;
	off = addr - KIMAGE_VADDR;
	/* Last symbol starting at or below addr. */
	while (hi - lo > 1) {
		unsigned long mid = (lo + hi) / 2;

		if (kallsyms_offsets[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_offsets[lo] > off)
		return NULL;
	if (size)
		*size = kallsyms_sizes[lo];
	if (offset)
		*offset = off - kallsyms_offsets[lo];
	return &kallsyms_names[kallsyms_name_offsets[lo]];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < kallsyms_num; i++)
		if (!strcmp(&kallsyms_names[kallsyms_name_offsets[i]], name))
			return KIMAGE_VADDR + kallsyms_offsets[i];
	return 0;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr, &symsize, &offset);

	if (!name)
		return snprintf(buf, size, "0x%016lx", addr);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset, symsize);
}
