// SPDX-License-Identifier: GPL-2.0
/* Code GICv2 and GICv3 share (see irq-gic-common.h). */
#include <arbor/compiler.h>
#include <arbor/errno.h>

#include "irq-gic-common.h"

int gic_configure_irq(void __iomem *base, unsigned int intid, unsigned int type,
		      const struct irq_chip *chip)
{
	void __iomem *reg = base + GICD_ICFGR + (intid / 16) * 4;
	unsigned int shift = (intid % 16) * 2;
	bool enabled;
	u32 v;

	/* SGIs are always edge; SPIs can only be level-high or rising-edge. */
	if (intid < GIC_PPI_BASE)
		return type == IRQ_TYPE_EDGE_RISING ? 0 : -EINVAL;
	if (intid >= GIC_SPI_BASE && type != IRQ_TYPE_LEVEL_HIGH &&
	    type != IRQ_TYPE_EDGE_RISING)
		return -EINVAL;

	/* The configuration must not change while the interrupt is enabled. */
	enabled = chip->irq_is_enabled(intid);
	if (enabled)
		chip->irq_mask(intid);
	v = readl(reg);
	if (type & IRQ_TYPE_EDGE_BOTH)
		v |= GICD_ICFGR_EDGE << shift;
	else
		v &= ~(GICD_ICFGR_EDGE << shift);
	/* PPI configuration may be read-only (implementation defined): fine. */
	writel(v, reg);
	if (enabled)
		chip->irq_unmask(intid);
	return 0;
}

/**
 * gic_irq_xlate - translate a GIC Device Tree specifier <type number flags>
 * @cells: the specifier
 * @n: how many cells it has (3, or 4 with a GICv3 PPI partition phandle,
 *	which does not change the INTID)
 * @hwirq: where to store the INTID: type 0 (SPI) gives 32 + number, type 1
 *	(PPI) 16 + number
 * @type: where to store the trigger: flags bits 3:0 (GICv2 bindings put a
 *	CPU mask in bits 15:8, dropped here)
 *
 * Return: 0, or -EINVAL for a specifier this kernel cannot express (the
 * GICv3.1 extended ranges, types 2 and 3, among them).
 */
int gic_irq_xlate(const u32 *cells, int n, unsigned int *hwirq, unsigned int *type)
{
	if (n < 3)
		return -EINVAL;
	switch (cells[0]) {
	case GIC_SPI:
		if (cells[1] >= GIC_MAX_IRQS - GIC_SPI_BASE)
			return -EINVAL;
		*hwirq = GIC_SPI_BASE + cells[1];
		break;
	case GIC_PPI:
		if (cells[1] >= GIC_NR_PPIS)
			return -EINVAL;
		*hwirq = GIC_PPI_BASE + cells[1];
		break;
	default:
		return -EINVAL;
	}
	*type = cells[2] & IRQ_TYPE_SENSE_MASK;
	return 0;
}
