/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes, the table
 * 2 KiB aligned. Groups of four (synchronous, IRQ, FIQ, SError) for:
 *   current EL with SP_EL0, current EL with SP_ELx (EL1h, the kernel),
 *   lower EL AArch64 (EL0 user space), lower EL AArch32 (unsupported).
 * Every entry saves a struct pt_regs and calls C.
 */
#include <asm/asm.h>
#include <asm/ptrace.h>

	.macro	kernel_entry, el
	sub	sp, sp, #S_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if	\el == 0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #S_FRAME_SIZE
	.endif
	stp	x30, x21, [sp, #S_LR]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #S_PC]
	mrs	x24, esr_el1
	mrs	x25, far_el1
	stp	x24, x25, [sp, #S_ESR]
	stp	x29, x22, [sp, #S_STACKFRAME]
	add	x29, sp, #S_STACKFRAME
	.endm

	.macro	kernel_exit, el
	ldp	x22, x23, [sp, #S_PC]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	.if	\el == 0
	ldr	x21, [sp, #S_SP]
	msr	sp_el0, x21
	.endif
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #S_LR]
	add	sp, sp, #S_FRAME_SIZE
	eret
	.endm

	/* One vector slot: branch to its handler stub. */
	.macro	ventry, label
	.balign	0x80
	b	\label
	.endm

	.text
	.balign	2048
ENTRY(vectors)
	ventry	el1t_sync
	ventry	el1t_irq
	ventry	el1t_fiq
	ventry	el1t_error
	ventry	el1h_sync
	ventry	el1h_irq
	ventry	el1h_fiq
	ventry	el1h_error
	ventry	el0_sync
	ventry	el0_irq
	ventry	el0_fiq
	ventry	el0_error
	ventry	el0_32_sync
	ventry	el0_32_irq
	ventry	el0_32_fiq
	ventry	el0_32_error
END(vectors)

	/* Handlers that never return: report and die (arch/arm64/kernel/traps.c). */
	.macro	bad_vector, name, el, reason
\name:
	kernel_entry \el
	mov	x0, sp
	mov	x1, #\reason
	bl	bad_mode
	b	.
	.endm

	bad_vector el1t_sync, 1, 0
	bad_vector el1t_irq, 1, 1
	bad_vector el1t_fiq, 1, 2
	bad_vector el1t_error, 1, 3
	bad_vector el1h_fiq, 1, 6
	bad_vector el1h_error, 1, 7
	bad_vector el0_sync, 0, 8
	bad_vector el0_irq, 0, 9
	bad_vector el0_fiq, 0, 10
	bad_vector el0_error, 0, 11
	bad_vector el0_32_sync, 0, 12
	bad_vector el0_32_irq, 0, 13
	bad_vector el0_32_fiq, 0, 14
	bad_vector el0_32_error, 0, 15

el1h_sync:
	kernel_entry 1
	mov	x0, sp
	bl	do_el1_sync
	kernel_exit 1

el1h_irq:
	kernel_entry 1
	mov	x0, sp
	bl	handle_arch_irq
	kernel_exit 1
