/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SETUP_H
#define ARBOR_SETUP_H

#include <arbor/fdt.h>
#include <arbor/types.h>

#define COMMAND_LINE_SIZE	1024

/* What boot found out, for the "bootinfo" command and the tests. */
struct boot_info {
	unsigned int entry_el;		/* exception level the loader entered at */
	phys_addr_t dtb_pa;		/* x0 at entry */
	u32 dtb_size;
	phys_addr_t kimage_pa;		/* where the image was loaded */
	u64 initrd_start, initrd_end;	/* 0 when none */
	u64 prompt_cntvct;		/* counter value when the first prompt was printed */
	const char *uart_compat;
	phys_addr_t uart_base;
	u32 uart_clock;			/* Hz, 0 when unknown */
	u32 uart_baud;
	unsigned int gic_version;	/* 2 or 3; 0 when no GIC was found */
	phys_addr_t gicd_base;		/* distributor */
	phys_addr_t gicc_base;		/* GICv2 CPU interface; 0 on GICv3 */
	phys_addr_t gicr_base;		/* this CPU's GICv3 redistributor; 0 on GICv2 */
	u32 timer_freq;			/* generic timer counter Hz */
	unsigned int timer_intid;	/* the tick's INTID (virtual timer PPI), 0 when none */
};

extern struct boot_info boot_info;
extern struct fdt boot_fdt;	/* the validated device tree, valid from setup_arch() on */
extern char boot_command_line[COMMAND_LINE_SIZE];

/**
 * cmdline_get - the value of "key=value" on the kernel command line
 * @key:	the key
 * @buf:	where to copy the value
 * @size:	size of @buf
 *
 * Return: true when @key is present (a bare "key" yields an empty value).
 */
bool cmdline_get(const char *key, char *buf, size_t size);

void setup_arch(phys_addr_t dtb_pa, unsigned int entry_el, phys_addr_t kimage_pa);
void start_kernel(phys_addr_t dtb_pa, u64 entry_el, phys_addr_t kimage_pa);

#endif
