/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_KALLSYMS_H
#define ARBOR_KALLSYMS_H

#include <arbor/types.h>

/**
 * kallsyms_lookup - find the function containing @addr
 * @addr:	a kernel text address
 * @size:	set to the symbol's size (may be NULL)
 * @offset:	set to @addr minus the symbol's start (may be NULL)
 *
 * Return: the symbol's name, or NULL when @addr is outside the kernel.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset);

/** kallsyms_lookup_name - address of a symbol by name, or 0 */
unsigned long kallsyms_lookup_name(const char *name);

/** sprint_symbol - format @addr as "name+0xoff/0xsize" (or hex when unknown) */
int sprint_symbol(char *buf, size_t size, unsigned long addr);

#endif
