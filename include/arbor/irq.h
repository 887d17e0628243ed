/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_IRQ_H
#define ARBOR_IRQ_H

#include <arbor/types.h>

struct pt_regs;

/* The root interrupt handler (the GIC driver's), called from the IRQ vector. */
void set_handle_irq(void (*handler)(struct pt_regs *regs));
void handle_arch_irq(struct pt_regs *regs);

/*
 * Interrupt numbers ("INTID" in the interrupts command, Linux's virq): the
 * root controller's hardware numbers are used as they are, and a chained
 * (second-level) controller gets the next free block of 32-aligned numbers
 * (irq_add_chained_chip()). On a GIC they are the GIC INTIDs:
 *   0..15 SGI (software generated)   16..31 PPI n = 16 + n (per CPU)
 *   32..1019 SPI n = 32 + n (shared)  1020..1023 special (1023 = spurious)
 */
#define GIC_SGI_BASE		0
#define GIC_PPI_BASE		16
#define GIC_SPI_BASE		32
#define GIC_NR_SGIS		16
#define GIC_NR_PPIS		16
#define GIC_MAX_IRQS		1020	/* INTIDs 0..1019 name interrupts */
#define GIC_INTID_SPURIOUS	1023
/* Size of the interrupt number space, every controller included. */
#define NR_IRQS			GIC_MAX_IRQS

/* Interrupt specifier type cell of the GIC binding (arm,gic.yaml). */
#define GIC_SPI			0
#define GIC_PPI			1

/* Trigger types: Linux's IRQ_TYPE_* (dt-bindings/interrupt-controller/irq.h). */
#define IRQ_TYPE_NONE		0x0
#define IRQ_TYPE_EDGE_RISING	0x1
#define IRQ_TYPE_EDGE_FALLING	0x2
#define IRQ_TYPE_EDGE_BOTH	(IRQ_TYPE_EDGE_RISING | IRQ_TYPE_EDGE_FALLING)
#define IRQ_TYPE_LEVEL_HIGH	0x4
#define IRQ_TYPE_LEVEL_LOW	0x8
#define IRQ_TYPE_LEVEL_MASK	(IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW)
#define IRQ_TYPE_SENSE_MASK	0xf

struct fdt;

typedef void (*irq_handler_t)(unsigned int intid, void *dev);

/**
 * struct irq_chip - what the generic layer needs from an interrupt controller
 * @name: shown by "interrupts" ("GICv2", "GICv3", "bcm2836-l1", "armctrl")
 * @nr_irqs: hardware numbers 0..@nr_irqs-1 exist (at most NR_IRQS)
 * @first_hwirq: the lowest one request_irq() accepts (a GIC's SGIs are
 *	kept for IPIs: 16)
 * @irq_mask: stop forwarding @intid to the CPU
 * @irq_unmask: forward @intid to the CPU
 * @irq_set_type: program edge or level (IRQ_TYPE_*); 0 or -EINVAL
 * @irq_route_to_this_cpu: optional; make the calling CPU the target of a
 *	shared interrupt (the driver ignores per-CPU ones)
 * @irq_retrigger: optional; make @intid pending from software (tests)
 * @irq_is_enabled: the controller's enable bit for @intid
 * @set_priority_mask: optional; set the CPU interface's priority mask,
 *	return the old one
 * @check_state: optional; NULL when the controller is set up as the driver
 *	left it, else what is wrong (for the tests)
 *
 * Every @intid a callback gets is the controller's own hardware number
 * (its "hwirq"), not the global interrupt number.
 */
struct irq_chip {
	const char *name;
	unsigned int nr_irqs;
	unsigned int first_hwirq;
	void (*irq_mask)(unsigned int intid);
	void (*irq_unmask)(unsigned int intid);
	int (*irq_set_type)(unsigned int intid, unsigned int type);
	void (*irq_route_to_this_cpu)(unsigned int intid);
	void (*irq_retrigger)(unsigned int intid);
	bool (*irq_is_enabled)(unsigned int intid);
	u8 (*set_priority_mask)(u8 pmr);
	const char *(*check_state)(void);
};

/*
 * Device Tree specifier translation of one controller binding: @cells
 * (@n of them) to the controller's hardware number and IRQ_TYPE_* trigger.
 * Return 0 or -EINVAL.
 */
typedef int (*irq_xlate_t)(const u32 *cells, int n, unsigned int *hwirq,
			   unsigned int *type);

/* Generic layer (drivers/irqchip/irq.c). */
int irq_set_chip(const struct irq_chip *chip, const struct fdt *fdt, int node);
int irq_add_chained_chip(const struct irq_chip *chip, const struct fdt *fdt, int node,
			 unsigned int *base);
const struct irq_chip *irq_get_chip(void);
const struct irq_chip *irq_to_chip(unsigned int irq, unsigned int *hwirq);
void irq_show_controllers(void);
int generic_handle_irq(unsigned int intid);
void handle_spurious_irq(void);
int irq_of_get(const struct fdt *fdt, int node, int idx, unsigned int *trigger);
int irq_set_irq_type(unsigned int intid, unsigned int type);
int request_irq(unsigned int intid, irq_handler_t handler, const char *name,
		void *dev);
const void *free_irq(unsigned int intid, void *dev);
u64 kstat_irqs(unsigned int intid);
u64 irq_spurious_count(void);

/* Controller drivers, probed by irqchip_init() at core_initcall. */
int gic_of_init(const struct fdt *fdt, int node);
int gic_v3_of_init(const struct fdt *fdt, int node);
int bcm2836_l1_intc_of_init(const struct fdt *fdt, int node);
int bcm2835_armctrl_of_init(const struct fdt *fdt, int node);

/* Their specifier translations, for trees no driver was started from. */
int gic_irq_xlate(const u32 *cells, int n, unsigned int *hwirq, unsigned int *type);
int bcm2836_l1_irq_xlate(const u32 *cells, int n, unsigned int *hwirq, unsigned int *type);
int bcm2835_armctrl_irq_xlate(const u32 *cells, int n, unsigned int *hwirq,
			      unsigned int *type);

#endif
