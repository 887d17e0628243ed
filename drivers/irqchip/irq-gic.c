// SPDX-License-Identifier: GPL-2.0
/*
 * Arm Generic Interrupt Controller v2 (GIC-400, Cortex-A15/A7 GIC): QEMU
 * virt's default and the Raspberry Pi 4's controller. One CPU is driven;
 * every shared interrupt is routed to it.
 *
 * The kernel runs non-secure. On a GIC with the Security Extensions (the
 * Pi 4) the firmware has put the interrupts in Group 1 and this code sees
 * the non-secure register view, where bit 0 of both CTLRs enables Group 1.
 * On one without them (QEMU, which also resets interrupts to the group a
 * directly booted kernel needs) bit 0 enables Group 0, which is signalled
 * as IRQ because GICC_CTLR.FIQEn is 0. Either way: write bit 0.
 */
#define pr_fmt(fmt) "GICv2: " fmt

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
 * Distributor (GICD), offsets from its base (IHI 0048B 4.1.2):
 *   0x000 CTLR        bit 0: forward interrupts to the CPU interfaces
 *   0x004 TYPER       ITLinesNumber [4:0]: 32 * (N + 1) INTIDs
 *                     CPUNumber [7:5]: CPUs - 1; SecurityExtn [10]
 *   0x008 IIDR        implementer / revision
 *   0x100 ISENABLERn  1 bit per INTID: write 1 to enable, read the state
 *   0x180 ICENABLERn  1 bit per INTID: write 1 to disable
 *   0x200 ISPENDRn    1 bit per INTID: write 1 to make pending
 *   0x280 ICPENDRn    1 bit per INTID: write 1 to clear pending
 *   0x380 ICACTIVERn  1 bit per INTID: write 1 to deactivate
 *   0x400 IPRIORITYRn 8 bits per INTID, lower is more urgent
 *   0x800 ITARGETSRn  8 bits per INTID: CPU interface mask. INTIDs 0..31
 *                     are read-only and read back as the reader's own bit
 *   0xC00 ICFGRn      2 bits per INTID: bit 1 of the pair = edge (0 level)
 */
#define GICD_CTLR		0x000
#define  GICD_CTLR_ENABLE	BIT(0)
#define GICD_TYPER		0x004
#define  GICD_TYPER_ITLINES(t)	((t) & 0x1f)
#define  GICD_TYPER_CPUS(t)	((((t) >> 5) & 0x7) + 1)
#define  GICD_TYPER_SECEXT	BIT(10)
#define GICD_IIDR		0x008
#define GICD_ITARGETSR		0x800
#define GICD_SIZE		0x1000

/*
 * CPU interface (GICC), offsets from its base (IHI 0048B 4.1.3):
 *   0x00 CTLR  bit 0: signal interrupts to the CPU; EOImode [9] = 0, so
 *              a write to EOIR both drops the priority and deactivates
 *   0x04 PMR   priority mask: only priorities below it are signalled
 *   0x08 BPR   binary point (preemption grouping)
 *   0x0C IAR   acknowledge: INTID [9:0], source CPU of an SGI [12:10]
 *   0x10 EOIR  end of interrupt: write back the IAR value
 *   0xFC IIDR  implementer / architecture version [19:16]
 */
#define GICC_CTLR		0x00
#define  GICC_CTLR_ENABLE	BIT(0)
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define  GICC_IAR_INTID(v)	((v) & 0x3ff)
#define GICC_EOIR		0x10
#define GICC_IIDR		0xfc
#define GICC_SIZE		0x1000	/* GICC_DIR in the second page is unused */

/*
 * Linux's values: non-secure writes of a priority are seen shifted right one
 * bit with bit 7 set by a GIC with the Security Extensions, so 0xa0 and 0xf0
 * still order correctly (0xd0 < 0xf8) in the secure view.
 */
#define GIC_DEF_PRIORITY	0xa0
#define GIC_DEF_PMR		0xf0

static void __iomem *gicd;
static void __iomem *gicc;
static u8 gic_cpu_mask;		/* this CPU's bit in ITARGETSR */
static u32 gic_pmr;		/* PMR as read back after init */


static void gic_mask_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gicd, GICD_ICENABLER, intid));
}

static void gic_unmask_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gicd, GICD_ISENABLER, intid));
}

static bool gic_irq_is_enabled(unsigned int intid)
{
	return readl(gic_bit_reg(gicd, GICD_ISENABLER, intid)) & BIT(intid % 32);
}

static void gic_retrigger_irq(unsigned int intid)
{
	writel(BIT(intid % 32), gic_bit_reg(gicd, GICD_ISPENDR, intid));
}

/* Bytes in a word: read-modify-write, which the GIC allows for these. */
static void gicd_write_byte(u32 off, unsigned int intid, u8 val)
{
	void __iomem *reg = gicd + off + (intid & ~3U);
	unsigned int shift = (intid % 4) * 8;
	u32 v = readl(reg);

	v &= ~(0xffU << shift);
	v |= (u32)val << shift;
	writel(v, reg);
}

static struct irq_chip gic_chip;

static int gic_set_type(unsigned int intid, unsigned int type)
{
	return gic_configure_irq(gicd, intid, type, &gic_chip);
}

static void gic_route_to_this_cpu(unsigned int intid)
{
	/* SGIs and PPIs belong to their CPU: only SPIs have a target. */
	if (intid >= GIC_SPI_BASE)
		gicd_write_byte(GICD_ITARGETSR, intid, gic_cpu_mask);
}

static u8 gic_set_priority_mask(u8 pmr)
{
	u8 old = readl(gicc + GICC_PMR) & 0xff;

	writel(pmr, gicc + GICC_PMR);
	/* Read back so the new mask is in effect before the caller goes on. */
	(void)readl(gicc + GICC_PMR);
	return old;
}

static const char *gic_check_state(void)
{
	if (!(readl(gicd + GICD_CTLR) & GICD_CTLR_ENABLE))
		return "distributor disabled (GICD_CTLR)";
	if (!(readl(gicc + GICC_CTLR) & GICC_CTLR_ENABLE))
		return "CPU interface disabled (GICC_CTLR)";
	if ((readl(gicc + GICC_PMR) & 0xff) != gic_pmr || !gic_pmr)
		return "priority mask changed (GICC_PMR)";
	if (!gic_cpu_mask)
		return "no CPU target mask";
	return NULL;
}

static void gic_handle_irq(struct pt_regs *regs)
{
	bool first = true;

	for (;;) {
		/*
		 * readl/writel order the acknowledge before the handler's
		 * device accesses, and those before the end of interrupt.
		 */
		u32 iar = readl(gicc + GICC_IAR);
		unsigned int intid = GICC_IAR_INTID(iar);

		if (intid >= GIC_MAX_IRQS) {
			/* 1023: nothing (left) to take. Only a first one is spurious. */
			if (first)
				handle_spurious_irq();
			return;
		}
		first = false;
		generic_handle_irq(intid);
		writel(iar, gicc + GICC_EOIR);
	}
}

static struct irq_chip gic_chip = {
	.name = "GICv2",
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

/* The banked ITARGETSR0..7 read back as this CPU's own target bit. */
static u8 gic_get_cpumask(void)
{
	u32 mask = 0;

	for (unsigned int i = 0; i < 32; i += 4) {
		u32 v = readl(gicd + GICD_ITARGETSR + i);

		mask |= v | v >> 8 | v >> 16 | v >> 24;
	}
	/* A uniprocessor GIC reads these as zero; its only CPU is bit 0. */
	return mask & 0xff ? mask & 0xff : 0x01;
}

static void gic_dist_init(unsigned int nr_irqs)
{
	u32 targets = gic_cpu_mask * 0x01010101U;
	unsigned int i;

	writel(0, gicd + GICD_CTLR);
	/* Shared interrupts: disabled, inactive, level, mid priority, ours. */
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 32) {
		writel(~0U, gic_bit_reg(gicd, GICD_ICENABLER, i));
		writel(~0U, gic_bit_reg(gicd, GICD_ICPENDR, i));
		writel(~0U, gic_bit_reg(gicd, GICD_ICACTIVER, i));
	}
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 16)
		writel(0, gicd + GICD_ICFGR + i / 4);
	for (i = GIC_SPI_BASE; i < nr_irqs; i += 4) {
		writel(GIC_DEF_PRIORITY * 0x01010101U, gicd + GICD_IPRIORITYR + i);
		writel(targets, gicd + GICD_ITARGETSR + i);
	}
	writel(GICD_CTLR_ENABLE, gicd + GICD_CTLR);
}

static void gic_cpu_init(void)
{
	/* The banked SGI/PPI registers: PPIs off until requested, SGIs on. */
	writel(0xffff0000U, gicd + GICD_ICENABLER);
	writel(0x0000ffffU, gicd + GICD_ISENABLER);
	writel(~0U, gicd + GICD_ICACTIVER);
	for (unsigned int i = 0; i < GIC_SPI_BASE; i += 4)
		writel(GIC_DEF_PRIORITY * 0x01010101U, gicd + GICD_IPRIORITYR + i);

	writel(GIC_DEF_PMR, gicc + GICC_PMR);
	writel(0, gicc + GICC_BPR);
	writel(GICC_CTLR_ENABLE, gicc + GICC_CTLR);
	/* Fewer priority bits may be implemented: remember what stuck. */
	gic_pmr = readl(gicc + GICC_PMR) & 0xff;
}

/**
 * gic_of_init - start a GICv2 described by a Device Tree node
 * @fdt: the tree
 * @node: the "arm,gic-400" (or Cortex-A15/A7 GIC) node; reg 0 is the
 *	distributor, reg 1 the CPU interface (CPU physical addresses after
 *	"ranges": 0xff841000/0xff842000 on a Raspberry Pi 4)
 *
 * Programs both, registers the chip with the generic layer and installs
 * the root interrupt handler.
 *
 * Return: 0, -ENODEV when the node is unusable, -ENOMEM when the registers
 * cannot be mapped, -EBUSY when a controller is already registered.
 */
int gic_of_init(const struct fdt *fdt, int node)
{
	u64 dist_pa, cpu_pa, size;
	unsigned int nr_irqs;
	u32 typer;
	int ret;

	if (fdt_get_reg(fdt, node, 0, &dist_pa, &size) ||
	    fdt_get_reg(fdt, node, 1, &cpu_pa, &size))
		return -ENODEV;
	gicd = ioremap(dist_pa, GICD_SIZE);
	gicc = ioremap(cpu_pa, GICC_SIZE);
	if (!gicd || !gicc)
		return -ENOMEM;

	typer = readl(gicd + GICD_TYPER);
	nr_irqs = min(32 * (GICD_TYPER_ITLINES(typer) + 1), (unsigned int)GIC_MAX_IRQS);
	gic_cpu_mask = gic_get_cpumask();
	gic_dist_init(nr_irqs);
	gic_cpu_init();

	gic_chip.nr_irqs = nr_irqs;
	ret = irq_set_chip(&gic_chip, fdt, node);
	if (ret)
		return ret;
	set_handle_irq(gic_handle_irq);

	boot_info.gic_version = 2;
	boot_info.gicd_base = dist_pa;
	boot_info.gicc_base = cpu_pa;
	pr_info("%u interrupts, %u CPU interface(s)%s, GICD %#llx, GICC %#llx, IIDR %#x\n",
		nr_irqs, GICD_TYPER_CPUS(typer),
		typer & GICD_TYPER_SECEXT ? ", security extensions" : "",
		(unsigned long long)dist_pa, (unsigned long long)cpu_pa,
		readl(gicc + GICC_IIDR));
	return 0;
}
