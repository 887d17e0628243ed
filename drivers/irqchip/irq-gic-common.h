/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DRIVERS_IRQ_GIC_COMMON_H
#define DRIVERS_IRQ_GIC_COMMON_H

/*
 * What GICv2 and GICv3 share: the distributor's per-INTID register banks sit
 * at the same offsets in both (IHI 0048B 4.1.2, IHI 0069 12.9), and a GICv3
 * redistributor's SGI_base frame repeats them for INTIDs 0..31.
 *   0x100 ISENABLERn  0x180 ICENABLERn   1 bit per INTID, write 1 to enable / disable
 *   0x200 ISPENDRn    0x280 ICPENDRn     1 bit per INTID, write 1 to set / clear pending
 *   0x380 ICACTIVERn                     1 bit per INTID, write 1 to deactivate
 *   0x400 IPRIORITYRn                    8 bits per INTID, lower is more urgent
 *   0xC00 ICFGRn                         2 bits per INTID: bit 1 of the pair = edge
 */
#include <arbor/irq.h>
#include <arbor/types.h>
#include <asm/io.h>

#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define  GICD_ICFGR_EDGE	0x2

/* One bit per INTID: the word register holding @intid's bit in bank @off. */
static inline void __iomem *gic_bit_reg(void __iomem *base, u32 off, unsigned int intid)
{
	return base + off + (intid / 32) * 4;
}

/**
 * gic_configure_irq - set an interrupt's trigger in the ICFGR bank at @base
 * @base:	the frame holding @intid (distributor or redistributor SGI frame)
 * @intid:	the interrupt
 * @type:	IRQ_TYPE_LEVEL_HIGH / IRQ_TYPE_EDGE_RISING (PPIs: also level-low)
 * @chip:	the controller, to mask the interrupt while it is reconfigured
 *
 * Return: 0, or -EINVAL for a trigger the GIC cannot do for this INTID.
 */
int gic_configure_irq(void __iomem *base, unsigned int intid, unsigned int type,
		      const struct irq_chip *chip);

#endif
