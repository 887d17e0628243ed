/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <arbor/const.h>

/*
 * Virtual memory layout: 48-bit VAs, 4 KiB pages, 4 levels (L0-L3).
 *
 *   0x0000_0000_0000_0000 .. 0x0000_ffff_ffff_ffff  user space (TTBR0)
 *   0xffff_0000_0000_0000 .. 0xffff_7fff_ffff_ffff  linear map of RAM (PAGE_OFFSET)
 *   0xffff_8000_0000_0000 .. +64 MiB                 kernel image (KIMAGE_VADDR)
 *   0xffff_8000_0400_0000 .. +4 MiB                  FDT window (FIXADDR_FDT)
 *   0xffff_8000_1000_0000 .. 0xffff_8008_0000_0000  vmalloc / ioremap
 *
 * The image is linked at KIMAGE_VADDR and may be loaded at any 4 KiB
 * aligned physical address; kimage_voffset records the difference.
 */
#define VA_BITS			48
#define PAGE_SHIFT		12
#define PAGE_SIZE		(_UL(1) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		_UL(0xffff000000000000)
#define LINEAR_MAP_SIZE		(_UL(1) << (VA_BITS - 1))
#define KIMAGE_VADDR		_UL(0xffff800000000000)
#define KIMAGE_MAX_SIZE		_UL(0x04000000)
#define FIXADDR_FDT		_UL(0xffff800004000000)
#define FIXADDR_FDT_SIZE	_UL(0x00400000)
#define MAX_FDT_SIZE		_UL(0x00200000)
#define VMALLOC_START		_UL(0xffff800010000000)
#define VMALLOC_END		_UL(0xffff800800000000)

#define TASK_SIZE		(_UL(1) << VA_BITS)

#ifndef __ASSEMBLY__
#include <arbor/types.h>

extern u64 kimage_voffset;	/* VA - PA of the kernel image */
extern u64 memstart_addr;	/* PA that PAGE_OFFSET maps */
extern bool linear_map_ready;

#define __va(pa)	((void *)((u64)(pa) - memstart_addr + PAGE_OFFSET))
#define __pa_linear(va)	((phys_addr_t)((u64)(va) - PAGE_OFFSET + memstart_addr))
#define __pa_kimg(va)	((phys_addr_t)((u64)(va) - kimage_voffset))

/**
 * __pa - physical address of a kernel virtual address in the linear map or
 * the kernel image.
 */
static inline phys_addr_t __pa(const void *va)
{
	u64 v = (u64)va;

	if (v >= KIMAGE_VADDR)
		return __pa_kimg(v);
	return __pa_linear(v);
}

#define virt_to_phys(v)	__pa(v)
#define phys_to_virt(p)	__va(p)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

/* Linker symbols bounding the image's parts (see arbor.lds.S). */
extern char _text[], _stext[], _etext[], __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];
extern char __pgdir_start[], __pgdir_end[], init_stack_top[];
#endif

#endif
