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
