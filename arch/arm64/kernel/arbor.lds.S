/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel image layout. The image is linked at KIMAGE_VADDR; the loader may
 * place it at any 4 KiB-aligned physical address. Text, read-only data and
 * read-write data each start on a page boundary so that they can be mapped
 * with different permissions (W^X).
 */
#include <asm/memory.h>

OUTPUT_ARCH(aarch64)
ENTRY(_text)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* RW */
}

SECTIONS
{
	. = KIMAGE_VADDR;
	_text = .;
	.head.text : { KEEP(*(.head.text)) } :text
	.text : {
		_stext = .;
		*(.idmap.text)
		*(.text .text.*)
		*(.fixup)
	} :text
	. = ALIGN(PAGE_SIZE);
	_etext = .;

	__start_rodata = .;
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__start_shell_cmds = .;
		KEEP(*(shell_cmds))
		__stop_shell_cmds = .;
		. = ALIGN(8);
		__start_ktest_suites = .;
		KEEP(*(ktest_suites))
		__stop_ktest_suites = .;
		. = ALIGN(8);
		__start_kbenches = .;
		KEEP(*(kbenches))
		__stop_kbenches = .;
		. = ALIGN(8);
		__start_sysctls = .;
		KEEP(*(sysctls))
		__stop_sysctls = .;
		. = ALIGN(8);
		__start_initcalls = .;
		KEEP(*(initcalls))
		__stop_initcalls = .;
		. = ALIGN(8);
		__start___ex_table = .;
		KEEP(*(__ex_table))
		__stop___ex_table = .;
	} :rodata
	. = ALIGN(PAGE_SIZE);
	__end_rodata = .;

	.data : {
		_sdata = .;
		*(.data .data.*)
	} :data
	_edata = .;

	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_stop = .;
		/*
		 * Early page tables are written with the MMU off, before the
		 * BSS is cleared: keep them out of the range that is cleared.
		 */
		. = ALIGN(PAGE_SIZE);
		__pgdir_start = .;
		*(.pgdir)
		__pgdir_end = .;
		. = ALIGN(16);
		init_stack = .;
		. += 16384;
		init_stack_top = .;
	} :data
	. = ALIGN(PAGE_SIZE);
	_end = .;

	__image_size = _end - _text;
	ASSERT(__image_size <= KIMAGE_MAX_SIZE, "kernel image too large")

	.comment 0 : { *(.comment) }
	/DISCARD/ : {
		*(.note .note.*)
		*(.eh_frame .eh_frame_hdr)
		*(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
	}
}
