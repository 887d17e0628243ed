// SPDX-License-Identifier: GPL-2.0
/*
 * vm_get_page_prot(): the leaf attributes for a VMA's VM_READ / VM_WRITE /
 * VM_EXEC / VM_SHARED (Linux: arch/arm64/mm/mmap.c, protection_map[]).
 *
 * Private writable mappings start read-only: the first write faults and
 * do_wp_page() copies or reuses the page (copy-on-write). Shared writable
 * ones carry PTE_WRITE but start clean (AP[2] set): the first write marks
 * them dirty. Execute-only is mapped readable, as Linux does on CPUs
 * without FEAT_EPAN. See asm/pgtable.h for the bits.
 */
#include <arbor/mm.h>
#include <asm/pgtable.h>

static const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_READONLY,
	[VM_WRITE | VM_READ]				= PAGE_READONLY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};

/**
 * vm_get_page_prot - the PTE attribute bits for a VMA's flags
 * @vm_flags:	VM_READ, VM_WRITE, VM_EXEC, VM_SHARED (others ignored)
 *
 * Return: the bits to combine with a page's address (pfn_pte()).
 */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	return protection_map[vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)];
}
