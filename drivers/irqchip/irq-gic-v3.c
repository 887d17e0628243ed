// SPDX-License-Identifier: GPL-2.0
/*
 * Arm Generic Interrupt Controller v3 (QEMU virt,gic-version=3): the
 * distributor for shared interrupts, this CPU's redistributor for its SGIs
 * and PPIs, and the CPU interface through the ICC_* system registers.
 * Affinity routing is on; every interrupt is non-secure Group 1, taken as
 * IRQ at EL1. No LPIs/ITS.
 *
 * The kernel is non-secure. With two security states (GICD_CTLR.DS = 0)
 * the non-secure GICD_CTLR view has EnableGrp1 [0], EnableGrp1A [1] and
 * ARE_NS [4]; with one (DS = 1, QEMU without secure=on) the same bits are
 * EnableGrp0, EnableGrp1 and ARE. Writing bits 0, 1 and 4 suits both.
 */
#define pr_fmt(fmt) "GICv3: " fmt

#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/irq.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <asm/io.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>

#include "irq-gic-common.h"

/*
 * Distributor (GICD), offsets from its base (IHI 0069 12.9):
 *   0x0000 CTLR        EnableGrp1 [0], EnableGrp1A [1], ARE [4],
 *                      DS [6] (one security state), RWP [31] (a write to
 *                      CTLR or ICENABLER is still taking effect)
 *   0x0004 TYPER       ITLinesNumber [4:0]: 32 * (N + 1) INTIDs
 *   0x0008 IIDR
 *   0x0080 IGROUPRn    1 bit per INTID: 1 = Group 1 (non-secure)
 *   0x0100 ISENABLERn  0x0180 ICENABLERn   write 1 to enable / disable
 *   0x0200 ISPENDRn    0x0280 ICPENDRn     write 1 to set / clear pending
 *   0x0380 ICACTIVERn  write 1 to deactivate
 *   0x0400 IPRIORITYRn 8 bits per INTID, lower is more urgent
 *   0x0C00 ICFGRn      2 bits per INTID: bit 1 of the pair = edge
 *   0x6000 IROUTERn    64 bits per SPI: Aff3 [39:32], IRM [31] (0: the
 *                      PE named by) Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]
 *   0xFFE8 PIDR2       ArchRev [7:4]: 3 = GICv3, 4 = GICv4
 * The SGI_base frame of a redistributor repeats IGROUPR0 .. ICFGR1 at the
 * same offsets for INTIDs 0..31 of its CPU.
 */
#define GICD_CTLR		0x0000
#define  GICD_CTLR_ENABLE_G1	BIT(0)
#define  GICD_CTLR_ENABLE_G1A	BIT(1)
#define  GICD_CTLR_ARE		BIT(4)
#define  GICD_CTLR_DS		BIT(6)
#define  GICD_CTLR_RWP		BIT(31)
#define GICD_TYPER		0x0004
#define  GICD_TYPER_ITLINES(t)	((t) & 0x1f)
#define GICD_IIDR		0x0008
#define GICD_IGROUPR		0x0080
#define GICD_IROUTER		0x6000
#define GICD_PIDR2		0xffe8
#define  GIC_PIDR2_ARCH(v)	(((v) >> 4) & 0xf)
#define GICD_SIZE		0x10000

/*
 * Redistributor RD_base frame (IHI 0069 12.10), followed by its SGI_base
 * frame at +64 KiB (and on GICv4 two VLPI frames, so a 256 KiB stride):
 *   0x0000 CTLR   RWP [3]: a write to its ICENABLER0 is still taking effect
 *   0x0008 TYPER  64 bits: Affinity [63:32] = Aff3.Aff2.Aff1.Aff0,
 *                 Processor_Number [23:8], Last [4] (the last one in its
 *                 region), VLPIS [1] (GICv4 frames present)
 *   0x0014 WAKER  ChildrenAsleep [2] (read only), ProcessorSleep [1]:
 *                 clear ProcessorSleep, then wait for ChildrenAsleep = 0
 *                 before the CPU interface may be used
 *   0xFFE8 PIDR2  as GICD_PIDR2
 */
#define GICR_CTLR		0x0000
#define  GICR_CTLR_RWP		BIT(3)
#define GICR_TYPER		0x0008
#define  GICR_TYPER_AFF(t)	((u32)((t) >> 32))
#define  GICR_TYPER_CPU(t)	(((t) >> 8) & 0xffff)
#define  GICR_TYPER_LAST	BIT(4)
#define  GICR_TYPER_VLPIS	BIT(1)
#define GICR_WAKER		0x0014
#define  GICR_WAKER_CHILDREN_ASLEEP	BIT(2)
#define  GICR_WAKER_PROCESSOR_SLEEP	BIT(1)
#define GICR_PIDR2		0xffe8
#define GICR_SGI_OFFSET		0x10000
#define GICR_FRAMES_SIZE	0x20000		/* RD_base + SGI_base */
#define GICR_STRIDE_V3		0x20000
#define GICR_STRIDE_V4		0x40000

/*
 * CPU interface system registers (IHI 0069 12.2):
 *   ICC_SRE_EL1     SRE [0]: use the system registers (not MMIO);
 *                   DFB [1], DIB [2]: FIQ/IRQ bypass disabled
 *   ICC_PMR_EL1     priority mask [7:0]
 *   ICC_BPR1_EL1    binary point for Group 1
 *   ICC_CTLR_EL1    EOImode [1] = 0: EOIR1 drops priority and deactivates
 *   ICC_IGRPEN1_EL1 Enable [0]: signal Group 1 interrupts
 *   ICC_IAR1_EL1    acknowledge: INTID [23:0]
 *   ICC_EOIR1_EL1   end of interrupt: write the INTID
 */
#define ICC_SRE_EL1_SRE		BIT(0)
#define ICC_SRE_EL1_DFB		BIT(1)
#define ICC_SRE_EL1_DIB		BIT(2)
#define ICC_CTLR_EL1_EOIMODE	BIT(1)
#define ICC_IGRPEN1_EN		BIT(0)
#define ICC_IAR1_INTID(v)	((v) & 0xffffff)

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]. */
#define MPIDR_AFF_MASK		0xff00ffffffUL
#define MPIDR_AFF3(m)		(((m) >> 32) & 0xff)

#define GIC_DEF_PRIORITY	0xa0
#define GIC_DEF_PMR		0xf0

/* Register-write-pending and wake-up waits: the GIC takes microseconds. */
#define GIC_POLL_US		1000000

static void __iomem *gicd;
static void __iomem *gicr_rd;		/* this CPU's RD_base */
static void __iomem *gicr_sgi;		/* this CPU's SGI_base */
static u64 gic_this_cpu_route;		/* GICD_IROUTER value for this CPU */
static u32 gic_pmr;
static bool gic_rwp_timed_out;

/* Busy-wait on the counter; the tick is not running this early. */
static bool gic_poll(void __iomem *reg, u32 mask, u32 want)
{
	u64 freq = read_sysreg(cntfrq_el0);
	u64 start = read_sysreg(cntvct_el0);
	u64 limit = freq ? freq * GIC_POLL_US / 1000000 : 1000000;

	while ((readl(reg) & mask) != want) {
		isb();
		if (read_sysreg(cntvct_el0) - start > limit)
			return false;
	}
	return true;
}

static void gicd_wait_rwp(void)
{
	if (!gic_poll(gicd + GICD_CTLR, GICD_CTLR_RWP, 0) && !gic_rwp_timed_out) {
		gic_rwp_timed_out = true;
		pr_err("distributor register write did not complete\n");
	}
}

static void gicr_wait_rwp(void)
{
	if (!gic_poll(gicr_rd + GICR_CTLR, GICR_CTLR_RWP, 0) && !gic_rwp_timed_out) {
		gic_rwp_timed_out = true;
		pr_err("redistributor register write did not complete\n");
	}
}

/* INTIDs 0..31 live in this CPU's redistributor, the rest in the distributor. */
static inline void __iomem *gic_base(unsigned int intid)
{
	return intid < GIC_SPI_BASE ? gicr_sgi : gicd;
}


static void gic_wait_rwp(unsigned int intid)
{
	if (intid < GIC_SPI_BASE)
		gicr_wait_rwp();
	else
		gicd_wait_rwp();
}

static void gic_mask_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gic_base(intid), GICD_ICENABLER, intid));
	/* Disabled means disabled when this returns. */
	gic_wait_rwp(intid);
}

static void gic_unmask_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gic_base(intid), GICD_ISENABLER, intid));
}

static bool gic_irq_is_enabled(unsigned int intid)
{
	return readl(gic_bit_reg(gic_base(intid), GICD_ISENABLER, intid)) & BIT(intid % 32);
}

static void gic_retrigger_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gic_base(intid), GICD_ISPENDR, intid));
}

static struct irq_chip gic_v3_chip;

static int gic_set_type(unsigned int intid, unsigned int type)
{
	return gic_configure_irq(gic_base(intid), intid, type, &gic_v3_chip);
}

static void gic_route_to_this_cpu(unsigned int intid)
{
	/* SGIs and PPIs belong to their CPU: only SPIs have a target. */
	if (intid >= GIC_SPI_BASE)
		writeq(gic_this_cpu_route, gicd + GICD_IROUTER + intid * 8);
}

static u8 gic_set_priority_mask(u8 pmr)
{
	u8 old = read_sysreg(icc_pmr_el1) & 0xff;

	write_sysreg(pmr, icc_pmr_el1);
	/* The new mask must be in effect before the caller goes on. */
	isb();
	dsb(sy);
	return old;
}

static const char *gic_check_state(void)
{
	u32 ctlr = readl(gicd + GICD_CTLR);

	if (!(ctlr & GICD_CTLR_ARE))
		return "affinity routing disabled (GICD_CTLR.ARE)";
	if (!(ctlr & GICD_CTLR_ENABLE_G1A))
		return "Group 1 disabled in the distributor (GICD_CTLR)";
	if (readl(gicr_rd + GICR_WAKER) &
	    (GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP))
		return "redistributor asleep (GICR_WAKER)";
	if (!(read_sysreg(icc_sre_el1) & ICC_SRE_EL1_SRE))
		return "system register interface off (ICC_SRE_EL1)";
	if (!(read_sysreg(icc_igrpen1_el1) & ICC_IGRPEN1_EN))
		return "Group 1 disabled in the CPU interface (ICC_IGRPEN1_EL1)";
	if ((read_sysreg(icc_pmr_el1) & 0xff) != gic_pmr || !gic_pmr)
		return "priority mask changed (ICC_PMR_EL1)";
	return NULL;
}

static void gic_v3_handle_irq(struct pt_regs *regs)
{
	bool first = true;

	for (;;) {
		unsigned int intid = ICC_IAR1_INTID(read_sysreg(icc_iar1_el1));

		/*
		 * As Linux does: the acknowledge completes before the handler
		 * touches the device that raised it.
		 */
		dsb(sy);
		if (intid >= GIC_MAX_IRQS) {
			/* 1020..1023: nothing (left) to take; LPIs are never enabled. */
			if (first)
				handle_spurious_irq();
			return;
		}
		first = false;
		generic_handle_irq(intid);
		/* Device writes of the handler land before the end of interrupt. */
		dsb(sy);
		write_sysreg(intid, icc_eoir1_el1);
		isb();
	}
}

static struct irq_chip gic_v3_chip = {
	.name = "GICv3",
	.first_hwirq = GIC_PPI_BASE,	/* SGIs are for IPIs */
	.irq_mask = gic_mask_irq,
	.irq_unmask = gic_unmask_irq,
	.irq_set_type = gic_set_type,
	.irq_route_to_this_cpu = gic_route_to_this_cpu,
	.irq_retrigger = gic_retrigger_irq,
	.irq_is_enabled = gic_irq_is_enabled,
	.set_priority_mask = gic_set_priority_mask,
	.check_state = gic_check_state,
};

/*
 * Walk the redistributor regions (reg 1 .. #redistributor-regions) for the
 * one whose GICR_TYPER affinity is this CPU's MPIDR. Frames are mapped one
 * at a time: QEMU's region is 15 MiB, and the boot CPU is usually first.
 */
static int gic_find_redist(const struct fdt *fdt, int node, u64 mpidr,
			   phys_addr_t *found_pa)
{
	u32 aff = (u32)(MPIDR_AFF3(mpidr) << 24 | (mpidr & 0xffffff));
	u32 nr_regions = 1;
	u64 stride = 0;

	fdt_getprop_u32(fdt, node, "#redistributor-regions", &nr_regions);
	fdt_getprop_u64(fdt, node, "redistributor-stride", &stride);

	for (u32 r = 0; r < nr_regions; r++) {
		u64 base, size;

		if (fdt_get_reg(fdt, node, 1 + r, &base, &size))
			return -ENODEV;
		for (u64 off = 0; off + GICR_FRAMES_SIZE <= size;) {
			void __iomem *rd = ioremap(base + off, GICR_FRAMES_SIZE);
			u32 arch;
			u64 typer;

			if (!rd)
				return -ENOMEM;
			arch = GIC_PIDR2_ARCH(readl(rd + GICR_PIDR2));
			if (arch != 3 && arch != 4) {
				pr_warn("no redistributor at %#llx (PIDR2 arch %u)\n",
					(unsigned long long)(base + off), arch);
				break;
			}
			typer = readq(rd + GICR_TYPER);
			if (GICR_TYPER_AFF(typer) == aff) {
				gicr_rd = rd;
				gicr_sgi = rd + GICR_SGI_OFFSET;
				*found_pa = base + off;
				return 0;
			}
			if (typer & GICR_TYPER_LAST)
				break;
			off += stride ? stride :
			       (typer & GICR_TYPER_VLPIS) ? GICR_STRIDE_V4 : GICR_STRIDE_V3;
		}
	}
	return -ENODEV;
}

static int gic_redist_wake(void)
{
	u32 waker = readl(gicr_rd + GICR_WAKER);

	writel(waker & ~GICR_WAKER_PROCESSOR_SLEEP, gicr_rd + GICR_WAKER);
	if (!gic_poll(gicr_rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, 0)) {
		pr_err("redistributor did not wake up (GICR_WAKER %#x)\n",
		       readl(gicr_rd + GICR_WAKER));
		return -ETIMEDOUT;
	}
	return 0;
}

static void gic_dist_init(unsigned int nr_irqs)
{
	unsigned int i;

	writel(0, gicd + GICD_CTLR);
	gicd_wait_rwp();
	/* Shared interrupts: Group 1, disabled, inactive, level, mid priority. */
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 32) {
		writel(~0U, gicd + GICD_IGROUPR + i / 8);
		writel(~0U, gicd + GICD_ICENABLER + i / 8);
		writel(~0U, gicd + GICD_ICPENDR + i / 8);
		writel(~0U, gicd + GICD_ICACTIVER + i / 8);
	}
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 16)
		writel(0, gicd + GICD_ICFGR + i / 4);
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 4)
		writel(GIC_DEF_PRIORITY * 0x01010101U, gicd + GICD_IPRIORITYR + i);
	gicd_wait_rwp();

	/* Affinity routing first, then the groups, as the spec orders it. */
	writel(GICD_CTLR_ARE, gicd + GICD_CTLR);
	gicd_wait_rwp();
	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1,
	       gicd + GICD_CTLR);
	gicd_wait_rwp();

	for (i = GIC_SPI_BASE; i < nr_irqs; i++)
		writeq(gic_this_cpu_route, gicd + GICD_IROUTER + i * 8);
}

static void gic_redist_init(void)
{
	/* This CPU's SGIs and PPIs: Group 1, PPIs off until requested. */
	writel(~0U, gicr_sgi + GICD_IGROUPR);
	writel(0xffff0000U, gicr_sgi + GICD_ICENABLER);
	writel(0x0000ffffU, gicr_sgi + GICD_ISENABLER);
	writel(~0U, gicr_sgi + GICD_ICACTIVER);
	for (unsigned int i = 0; i < GIC_SPI_BASE; i += 4)
		writel(GIC_DEF_PRIORITY * 0x01010101U, gicr_sgi + GICD_IPRIORITYR + i);
	gicr_wait_rwp();
}

static int gic_cpu_sysreg_init(void)
{
	/* EL2/EL3 must have set ICC_SRE_EL2/EL3.Enable, else SRE stays 0. */
	write_sysreg(read_sysreg(icc_sre_el1) | ICC_SRE_EL1_SRE | ICC_SRE_EL1_DFB |
		     ICC_SRE_EL1_DIB, icc_sre_el1);
	isb();
	if (!(read_sysreg(icc_sre_el1) & ICC_SRE_EL1_SRE)) {
		pr_err("cannot enable the ICC_* system registers (ICC_SRE_EL1.SRE stuck at 0)\n");
		return -ENODEV;
	}

	write_sysreg(GIC_DEF_PMR, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(read_sysreg(icc_ctlr_el1) & ~ICC_CTLR_EL1_EOIMODE, icc_ctlr_el1);
	write_sysreg(ICC_IGRPEN1_EN, icc_igrpen1_el1);
	isb();
	gic_pmr = read_sysreg(icc_pmr_el1) & 0xff;
	return 0;
}

/**
 * gic_v3_of_init - start a GICv3 described by a Device Tree node
 * @fdt: the tree
 * @node: the "arm,gic-v3" node; reg 0 is the distributor, reg 1.. the
 *	redistributor regions (#redistributor-regions, default 1)
 *
 * Finds this CPU's redistributor by affinity and wakes it, programs the
 * distributor and the CPU interface, registers the chip with the generic
 * layer and installs the root interrupt handler.
 *
 * Return: 0, -ENODEV when the node, the redistributor or the system
 * register interface is unusable, -ENOMEM when the registers cannot be
 * mapped, -ETIMEDOUT when the redistributor stays asleep, -EBUSY when a
 * controller is already registered.
 */
int gic_v3_of_init(const struct fdt *fdt, int node)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u64 dist_pa, size;
	phys_addr_t rd_pa = 0;
	unsigned int nr_irqs;
	u32 typer, arch;
	int ret;

	if (fdt_get_reg(fdt, node, 0, &dist_pa, &size))
		return -ENODEV;
	gicd = ioremap(dist_pa, GICD_SIZE);
	if (!gicd)
		return -ENOMEM;
	arch = GIC_PIDR2_ARCH(readl(gicd + GICD_PIDR2));
	if (arch != 3 && arch != 4) {
		pr_err("no GICv3 distributor at %#llx (PIDR2 arch %u)\n",
		       (unsigned long long)dist_pa, arch);
		return -ENODEV;
	}
	ret = gic_find_redist(fdt, node, mpidr, &rd_pa);
	if (ret) {
		pr_err("no redistributor for MPIDR %#llx\n", (unsigned long long)mpidr);
		return ret;
	}
	ret = gic_redist_wake();
	if (ret)
		return ret;

	gic_this_cpu_route = mpidr & MPIDR_AFF_MASK;
	typer = readl(gicd + GICD_TYPER);
	nr_irqs = min(32 * (GICD_TYPER_ITLINES(typer) + 1), (unsigned int)GIC_MAX_IRQS);
	gic_dist_init(nr_irqs);
	gic_redist_init();
	ret = gic_cpu_sysreg_init();
	if (ret)
		return ret;

	gic_v3_chip.nr_irqs = nr_irqs;
	ret = irq_set_chip(&gic_v3_chip, fdt, node);
	if (ret)
		return ret;
	set_handle_irq(gic_v3_handle_irq);

	boot_info.gic_version = 3;
	boot_info.gicd_base = dist_pa;
	boot_info.gicr_base = rd_pa;
	pr_info("%u interrupts, %s%s, GICD %#llx, GICR %#llx (CPU %u)\n",
		nr_irqs,
		readl(gicd + GICD_CTLR) & GICD_CTLR_DS ? "one security state" : "two security states",
		arch == 4 ? ", GICv4" : "", (unsigned long long)dist_pa,
		(unsigned long long)rd_pa,
		(unsigned int)GICR_TYPER_CPU(readq(gicr_rd + GICR_TYPER)));
	return 0;
}
