/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <arbor/const.h>

/*
 * SCTLR_EL1 (Arm ARM D17.2). Bits that are RES1 in ARMv8.0 and are given a
 * meaning by later extensions are set on purpose: 11 EOS, 20 TSCXT, 22 EIS,
 * 23 SPAN (do not set PSTATE.PAN on exception entry), 28 nTLSMD, 29 LSMAOE.
 *   M  (0)  MMU on           C (2) data cache      SA (3) SP alignment check
 *   SA0 (4) EL0 SP check     I (12) instruction cache
 *   nTWI (16), nTWE (18)     EL0 WFI/WFE do not trap
 */
#define SCTLR_M			(_UL(1) << 0)
#define SCTLR_C			(_UL(1) << 2)
#define SCTLR_SA		(_UL(1) << 3)
#define SCTLR_SA0		(_UL(1) << 4)
#define SCTLR_I			(_UL(1) << 12)
#define SCTLR_nTWI		(_UL(1) << 16)
#define SCTLR_nTWE		(_UL(1) << 18)
#define SCTLR_EL1_RES1		((_UL(1) << 11) | (_UL(1) << 20) | (_UL(1) << 22) | \
				 (_UL(1) << 23) | (_UL(1) << 28) | (_UL(1) << 29))
#define SCTLR_EL1_MMU_OFF	(SCTLR_EL1_RES1)
#define SCTLR_EL1_MMU_ON	(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | \
				 SCTLR_SA0 | SCTLR_I | SCTLR_nTWI | SCTLR_nTWE)

/* SCTLR_EL2: RES1 bits in the non-VHE layout; MMU and caches off. */
#define SCTLR_EL2_RES1		((_UL(1) << 4) | (_UL(1) << 5) | (_UL(1) << 11) | (_UL(1) << 16) | \
				 (_UL(1) << 18) | (_UL(1) << 22) | (_UL(1) << 23) | (_UL(1) << 28) | \
				 (_UL(1) << 29))

/* HCR_EL2.RW (31): EL1 is AArch64. Nothing else is trapped to EL2. */
#define HCR_RW			(_UL(1) << 31)

/* CNTHCTL_EL2: EL1PCTEN (0), EL1PCEN (1): EL1 may use the physical counter/timer. */
#define CNTHCTL_EL1PCTEN	(_UL(1) << 0)
#define CNTHCTL_EL1PCEN		(_UL(1) << 1)

/* CPTR_EL2 RES1 bits (non-VHE), TFP (10) clear: FP/SIMD not trapped to EL2. */
#define CPTR_EL2_RES1		_UL(0x33ff)

/* ICC_SRE_ELx: SRE (0) system-register interface, Enable (3) lower ELs may use it. */
#define ICC_SRE_SRE		(_UL(1) << 0)
#define ICC_SRE_EN		(_UL(1) << 3)

/*
 * SCR_EL3: NS (0) lower ELs non-secure, bits 4/5 RES1, SMD (7) SMC undefined
 * at EL1, HCE (8) HVC enabled, RW (10) EL2 is AArch64.
 */
#define SCR_EL3_VALUE		((_UL(1) << 0) | (_UL(1) << 4) | (_UL(1) << 5) | (_UL(1) << 7) | \
				 (_UL(1) << 8) | (_UL(1) << 10))

/* SPSR for the eret into the next EL: D, A, I, F masked, handler stack. */
#define PSR_MODE_EL1h		0x5
#define PSR_MODE_EL2h		0x9
#define PSR_DAIF_MASK		(_UL(0xf) << 6)
#define SPSR_EL1h_MASKED	(PSR_DAIF_MASK | PSR_MODE_EL1h)
#define SPSR_EL2h_MASKED	(PSR_DAIF_MASK | PSR_MODE_EL2h)

#ifndef __ASSEMBLY__
#include <arbor/types.h>

#define read_sysreg(r) ({						\
	u64 __v;							\
	__asm__ __volatile__("mrs %0, " #r : "=r"(__v));		\
	__v;								\
})

#define write_sysreg(v, r)						\
	__asm__ __volatile__("msr " #r ", %x0" : : "rZ"((u64)(v)))

/* Registers gas only knows by encoding. */
#define read_sysreg_s(enc) ({						\
	u64 __v;							\
	__asm__ __volatile__("mrs %0, " enc : "=r"(__v));		\
	__v;								\
})
#define write_sysreg_s(v, enc)						\
	__asm__ __volatile__("msr " enc ", %x0" : : "rZ"((u64)(v)))

#define isb()		__asm__ __volatile__("isb" ::: "memory")
#define dsb(opt)	__asm__ __volatile__("dsb " #opt ::: "memory")
#define dmb(opt)	__asm__ __volatile__("dmb " #opt ::: "memory")
#define wfi()		__asm__ __volatile__("wfi" ::: "memory")
#define wfe()		__asm__ __volatile__("wfe" ::: "memory")

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = read_sysreg(daif);

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	write_sysreg(flags, daif);
}
#endif

#endif
