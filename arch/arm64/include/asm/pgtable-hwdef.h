/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PGTABLE_HWDEF_H
#define ASM_PGTABLE_HWDEF_H

#include <arbor/const.h>

/*
 * VMSAv8-64 stage 1 translation, 4 KiB granule, 48-bit VA (Arm ARM D8).
 *
 *   VA bits  47..39   38..30   29..21   20..12   11..0
 *            L0 idx   L1 idx   L2 idx   L3 idx   offset
 *   each level covers 512 GiB / 1 GiB / 2 MiB / 4 KiB per entry.
 *
 * Descriptor formats (64 bits):
 *
 *   bits 1:0   0b00/0b10 invalid, 0b01 block (L1, L2 only), 0b11 table (L0-L2)
 *              or page (L3)
 *
 *   table:  [47:12] next-level table PA
 *           [59] PXNTable  [60] UXNTable  [62:61] APTable  [63] NSTable
 *
 *   block/page, lower attributes:
 *           [4:2] AttrIndx (index into MAIR_EL1)
 *           [5]   NS
 *           [7:6] AP  AP[2]=read-only, AP[1]=EL0 accessible:
 *                     00 EL1 RW / EL0 none     01 EL1 RW / EL0 RW
 *                     10 EL1 RO / EL0 none     11 EL1 RO / EL0 RO
 *           [9:8] SH  00 non-shareable, 10 outer, 11 inner shareable
 *           [10]  AF  access flag (0 faults on first access unless HW AF)
 *           [11]  nG  not global: the TLB entry is tagged with the ASID
 *   output address [47:12] (page), [47:21] (L2 block), [47:30] (L1 block)
 *   upper attributes:
 *           [51]  DBM (hardware dirty state)   [52] Contiguous
 *           [53]  PXN privileged execute-never [54] UXN unprivileged execute-never
 *           [58:55] ignored by hardware: software bits
 */
#define PTRS_PER_TABLE		512
#define PGDIR_SHIFT		39	/* L0 */
#define PUD_SHIFT		30	/* L1 */
#define PMD_SHIFT		21	/* L2 */
#define PUD_SIZE		(_UL(1) << PUD_SHIFT)
#define PMD_SIZE		(_UL(1) << PMD_SHIFT)
#define PGDIR_SIZE		(_UL(1) << PGDIR_SHIFT)

/* Level shifts indexed by level number 0..3. */
#define ARM64_HW_LEVEL_SHIFT(l)	(12 + 9 * (3 - (l)))

#define PTE_VALID		(_UL(1) << 0)
#define PTE_TYPE_MASK		(_UL(3) << 0)
#define PTE_TYPE_BLOCK		(_UL(1) << 0)
#define PTE_TYPE_TABLE		(_UL(3) << 0)	/* L0-L2 */
#define PTE_TYPE_PAGE		(_UL(3) << 0)	/* L3 */
#define PTE_ATTRINDX(i)		(_AT(unsigned long, i) << 2)
#define PTE_ATTRINDX_MASK	(_UL(7) << 2)
#define PTE_NS			(_UL(1) << 5)
#define PTE_USER		(_UL(1) << 6)	/* AP[1] */
#define PTE_RDONLY		(_UL(1) << 7)	/* AP[2] */
#define PTE_SHARED		(_UL(3) << 8)	/* SH: inner shareable */
#define PTE_SH_MASK		(_UL(3) << 8)
#define PTE_AF			(_UL(1) << 10)
#define PTE_NG			(_UL(1) << 11)
#define PTE_DBM			(_UL(1) << 51)
#define PTE_CONT		(_UL(1) << 52)
#define PTE_PXN			(_UL(1) << 53)
#define PTE_UXN			(_UL(1) << 54)
#define PTE_ADDR_MASK		_UL(0x0000fffffffff000)

#define PMD_TABLE_PXN		(_UL(1) << 59)
#define PMD_TABLE_UXN		(_UL(1) << 60)

/*
 * MAIR_EL1 attribute slots (the AttrIndx values).
 *   0 Normal, inner/outer write-back read/write-allocate   0xff
 *   1 Normal, non-cacheable                                0x44
 *   2 Device-nGnRnE (strongly ordered)                     0x00
 *   3 Device-nGnRE  (posted writes; what MMIO uses)        0x04
 */
#define MT_NORMAL		0
#define MT_NORMAL_NC		1
#define MT_DEVICE_nGnRnE	2
#define MT_DEVICE_nGnRE		3
#define MAIR_ATTR(attr, idx)	(_AT(unsigned long, attr) << ((idx) * 8))
#define MAIR_EL1_VALUE		(MAIR_ATTR(0xff, MT_NORMAL) |		\
				 MAIR_ATTR(0x44, MT_NORMAL_NC) |	\
				 MAIR_ATTR(0x00, MT_DEVICE_nGnRnE) |	\
				 MAIR_ATTR(0x04, MT_DEVICE_nGnRE))

/*
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit halves), 4 KiB granules for both
 * (TG0 = 0b00, TG1 = 0b10), table walks inner/outer write-back
 * write-allocate and inner shareable. IPS is filled in from
 * ID_AA64MMFR0_EL1.PARange at boot; AS (16-bit ASIDs) when supported.
 */
#define TCR_T0SZ(n)		(_AT(unsigned long, 64 - (n)) << 0)
#define TCR_T1SZ(n)		(_AT(unsigned long, 64 - (n)) << 16)
#define TCR_IRGN0_WBWA		(_UL(1) << 8)
#define TCR_ORGN0_WBWA		(_UL(1) << 10)
#define TCR_SH0_INNER		(_UL(3) << 12)
#define TCR_TG0_4K		(_UL(0) << 14)
#define TCR_EPD0		(_UL(1) << 7)
#define TCR_A1			(_UL(1) << 22)
#define TCR_IRGN1_WBWA		(_UL(1) << 24)
#define TCR_ORGN1_WBWA		(_UL(1) << 26)
#define TCR_SH1_INNER		(_UL(3) << 28)
#define TCR_TG1_4K		(_UL(2) << 30)
#define TCR_IPS_SHIFT		32
#define TCR_AS			(_UL(1) << 36)
#define TCR_TBI0		(_UL(1) << 37)
#define TCR_EL1_BASE		(TCR_T0SZ(48) | TCR_T1SZ(48) |			\
				 TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | \
				 TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K)

/*
 * Kernel mapping protections. Every kernel mapping is global (nG = 0),
 * accessed (AF = 1) and never executable from EL0 (UXN = 1).
 *   PROT_KERNEL_TEXT   EL1 RO, executable             (AP 10, PXN 0)
 *   PROT_KERNEL_RO     EL1 RO, never executable       (AP 10, PXN 1)
 *   PROT_KERNEL_RW     EL1 RW, never executable       (AP 00, PXN 1)
 *   PROT_DEVICE        Device-nGnRE RW, never executable
 */
#define PROT_KERNEL_BASE	(PTE_AF | PTE_SHARED | PTE_UXN | PTE_ATTRINDX(MT_NORMAL))
#define PROT_KERNEL_TEXT	(PROT_KERNEL_BASE | PTE_RDONLY)
#define PROT_KERNEL_RO		(PROT_KERNEL_BASE | PTE_RDONLY | PTE_PXN)
#define PROT_KERNEL_RW		(PROT_KERNEL_BASE | PTE_PXN)
#define PROT_DEVICE		(PTE_AF | PTE_UXN | PTE_PXN | PTE_ATTRINDX(MT_DEVICE_nGnRE))

#endif
