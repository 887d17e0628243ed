/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel entry: the arm64 Image header, the drop from EL3/EL2 to EL1, and the
 * switch to the MMU-on, high-VA world.
 *
 * Entry conditions (Linux's booting.rst, which QEMU, U-Boot and the Raspberry
 * Pi firmware follow): MMU off, D-cache off or cleaned, x0 = DTB physical
 * address, x1..x3 = 0, DAIF masked, at EL3, EL2 or EL1. The load address is
 * unknown, so everything until the MMU is on uses PC-relative addressing only.
 *
 * Register use across the boot path:
 *   x19  DTB physical address
 *   x20  exception level at entry
 *   x21  physical address of _text
 */
#include <asm/asm.h>
#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

	.section .head.text, "ax"
	.globl	_head
_head:
	/*
	 * The 64-byte Image header (Documentation/arch/arm64/booting.rst):
	 *   0x00 code0      branch to the entry code
	 *   0x04 code1      0
	 *   0x08 text_offset 0: the image may start at any 2 MiB boundary
	 *   0x10 image_size bytes from _text to _end, BSS and boot stack included
	 *   0x18 flags      bit 0 = 0 little-endian, bits 1-2 = 1 4 KiB pages,
	 *                   bit 3 = 1 may be placed anywhere in physical memory
	 *   0x20 res2..res4 0
	 *   0x38 magic      "ARM\x64"
	 *   0x3c res5       0 (no PE/COFF header)
	 */
	b	primary_entry
	.long	0
	.quad	0
	.quad	__image_size
	.quad	0xa
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"
	.long	0

	.section .idmap.text, "ax"
ENTRY(primary_entry)
	mov	x19, x0
	/* Only the boot CPU continues; any other waits here forever. */
	mrs	x0, mpidr_el1
	ldr	x1, =0xff00ffffff
	and	x0, x0, x1
	cbnz	x0, park_cpu

	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #3
	b.eq	el3_setup
	cmp	x20, #2
	b.eq	el2_setup
	b	el1_entry
END(primary_entry)

park_cpu:
	wfe
	b	park_cpu

/*
 * EL3: make everything below non-secure AArch64 and continue at EL2, where
 * the common EL2 setup runs.
 */
el3_setup:
	ldr	x0, =SCR_EL3_VALUE
	msr	scr_el3, x0
	msr	cptr_el3, xzr
	/* GICv3: let EL2/EL1 use the system-register interface. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mrs	x0, S3_6_C12_C12_5		/* ICC_SRE_EL3 */
	orr	x0, x0, #ICC_SRE_SRE
	orr	x0, x0, #ICC_SRE_EN
	msr	S3_6_C12_C12_5, x0
	isb
1:	/* Without EL2 (ID_AA64PFR0_EL1.EL2 == 0) go straight to EL1. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #8, #4
	cbz	x0, 2f
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	mov	x0, #SPSR_EL2h_MASKED
	msr	spsr_el3, x0
	adr	x0, el2_setup
	msr	elr_el3, x0
	eret
2:	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1h_MASKED
	msr	spsr_el3, x0
	adr	x0, el1_entry
	msr	elr_el3, x0
	eret

/*
 * EL2: nothing is virtualised. EL1 is AArch64 and traps nothing to EL2, may
 * use the physical counter and timer, sees the real MIDR/MPIDR, and with a
 * GICv3 may use ICC_* system registers.
 */
el2_setup:
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	ldr	x0, =HCR_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	ldr	x0, =CPTR_EL2_RES1
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mrs	x0, S3_4_C12_C9_5		/* ICC_SRE_EL2 */
	orr	x0, x0, #ICC_SRE_SRE
	orr	x0, x0, #ICC_SRE_EN
	msr	S3_4_C12_C9_5, x0
	isb
1:	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1h_MASKED
	msr	spsr_el2, x0
	adr	x0, el1_entry
	msr	elr_el2, x0
	eret

el1_entry:
	/* MMU and caches off at EL1, whatever the loader left. */
	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	isb
	/* The boot stack is used at its physical address until the MMU is on. */
	adr_l	x0, init_stack_top
	mov	sp, x0
	adr_l	x21, _text

	/* Build the idmap, the kernel image map and the FDT window. */
	mov	x0, x19
	bl	early_map_kernel

	/*
	 * The tables were written with the MMU off, straight to memory: drop
	 * any stale cache lines for them so the walker and later cacheable
	 * accesses see what was written.
	 */
	adr_l	x0, __pgdir_start
	adr_l	x1, __pgdir_end
	bl	dcache_inval_poc

	bl	__enable_mmu
	ldr	x8, =__primary_switched
	br	x8

/*
 * Turn the MMU on with the idmap in TTBR0 and the kernel tables in TTBR1.
 * Runs from the idmap, so the instruction after the SCTLR write is fetched
 * from the same address with the MMU on.
 */
ENTRY(__enable_mmu)
	ldr	x0, =MAIR_EL1_VALUE
	msr	mair_el1, x0
	/* TCR: fixed fields, IPS from PARange, 16-bit ASIDs when available. */
	ldr	x0, =TCR_EL1_BASE
	mrs	x1, id_aa64mmfr0_el1
	ubfx	x2, x1, #0, #3			/* PARange -> IPS */
	bfi	x0, x2, #TCR_IPS_SHIFT, #3
	ubfx	x2, x1, #4, #4			/* ASIDBits: 2 means 16 bits */
	cmp	x2, #2
	b.ne	1f
	orr	x0, x0, #TCR_AS
1:	msr	tcr_el1, x0
	adr_l	x0, idmap_pg_dir
	msr	ttbr0_el1, x0
	adr_l	x0, swapper_pg_dir
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
END(__enable_mmu)

/* dcache_inval_poc(start, end): invalidate data cache lines to the PoC. */
ENTRY(dcache_inval_poc)
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret
END(dcache_inval_poc)

	.ltorg

	.text
/* Now running at the kernel's link address with the MMU on. */
__primary_switched:
	adr_l	x0, init_stack_top
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	adr_l	x0, vectors
	msr	vbar_el1, x0
	isb
	/* Clear the BSS (the early page tables sit after it). */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_stop
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	start_kernel
3:	wfi
	b	3b
