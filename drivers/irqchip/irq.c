// SPDX-License-Identifier: GPL-2.0
/*
 * The generic interrupt layer: one descriptor per GIC INTID, the Device Tree
 * specifier translation, request_irq()/free_irq(), per-interrupt counts and
 * the "interrupts" command. The interrupt controller driver registers a
 * struct irq_chip and calls generic_handle_irq() for every acknowledged
 * INTID; everything controller-specific stays in that driver.
 *
 * There is one CPU, so "locking" is masking interrupts on it.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/irq.h>
#include <arbor/ktest.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/sysreg.h>

#define pr_fmt(fmt) "irq: " fmt

/**
 * struct irq_desc - the state of one INTID
 * @handler: NULL while nobody has requested it
 * @dev: the cookie passed back to @handler and checked by free_irq()
 * @name: the requester's name, for "interrupts"
 * @type: IRQ_TYPE_* to program when it is requested (from the DT)
 * @count: how many times it was acknowledged
 * @warned: "no handler" was already reported
 */
struct irq_desc {
	irq_handler_t handler;
	void *dev;
	const char *name;
	unsigned int type;
	u64 count;
	bool warned;
};

static struct irq_desc irq_desc[GIC_MAX_IRQS];
static const struct irq_chip *irq_chip;
static const struct fdt *irq_chip_fdt;
static int irq_chip_node = -1;
static u64 irq_spurious;

/* The GICs this kernel drives; the first enabled match in this order wins. */
static const struct {
	const char *compatible;
	int (*init)(const struct fdt *fdt, int node);
} irqchip_of_match[] = {
	{ "arm,gic-v3", gic_v3_of_init },
	{ "arm,gic-400", gic_of_init },
	{ "arm,cortex-a15-gic", gic_of_init },
	{ "arm,cortex-a7-gic", gic_of_init },
};

/**
 * irq_set_chip - register the root interrupt controller
 * @chip: its operations; must stay valid forever
 * @fdt: the tree it was found in
 * @node: its node, the interrupt parent irq_of_get() accepts
 *
 * Return: 0, -EINVAL for a bad @chip, -EBUSY when one is registered.
 */
int irq_set_chip(const struct irq_chip *chip, const struct fdt *fdt, int node)
{
	if (!chip || !chip->nr_irqs || chip->nr_irqs > GIC_MAX_IRQS)
		return -EINVAL;
	if (irq_chip)
		return -EBUSY;
	irq_chip = chip;
	irq_chip_fdt = fdt;
	irq_chip_node = node;
	return 0;
}

/**
 * irq_get_chip - the registered interrupt controller, or NULL
 */
const struct irq_chip *irq_get_chip(void)
{
	return irq_chip;
}

/* An interrupt nobody asked for: mask it so it cannot storm. */
static void handle_bad_irq(unsigned int intid, struct irq_desc *desc)
{
	if (irq_chip)
		irq_chip->irq_mask(intid);
	if (!desc->warned) {
		desc->warned = true;
		pr_warn("no handler for INTID %u, masked it\n", intid);
	}
}

/**
 * generic_handle_irq - run the handler of an acknowledged interrupt
 * @intid: the INTID the controller returned
 *
 * Called by the controller driver between acknowledge and end of interrupt,
 * with interrupts masked on the CPU.
 *
 * Return: 0, or -EINVAL when @intid names no interrupt.
 */
int generic_handle_irq(unsigned int intid)
{
	struct irq_desc *desc;

	if (intid >= GIC_MAX_IRQS)
		return -EINVAL;
	desc = &irq_desc[intid];
	desc->count++;
	if (desc->handler)
		desc->handler(intid, desc->dev);
	else
		handle_bad_irq(intid, desc);
	return 0;
}

/**
 * handle_spurious_irq - count an acknowledge that returned no interrupt
 *
 * INTID 1023 means the interrupt was withdrawn (or taken by a higher
 * priority group) between the signal and the acknowledge; there is nothing
 * to end.
 */
void handle_spurious_irq(void)
{
	irq_spurious++;
}

/**
 * irq_spurious_count - acknowledges that returned INTID 1023 so far
 */
u64 irq_spurious_count(void)
{
	return irq_spurious;
}

/**
 * kstat_irqs - how many times @intid was taken
 * @intid: the INTID
 *
 * Return: the count, 0 for an INTID that does not exist.
 */
u64 kstat_irqs(unsigned int intid)
{
	return intid < GIC_MAX_IRQS ? READ_ONCE(irq_desc[intid].count) : 0;
}

static bool irq_parent_is_gic(const struct fdt *fdt, int parent)
{
	if (fdt == irq_chip_fdt)
		return parent == irq_chip_node;
	/* Another tree (a test's): any node this layer knows how to drive. */
	for (size_t i = 0; i < ARRAY_SIZE(irqchip_of_match); i++)
		if (!fdt_node_check_compatible(fdt, parent, irqchip_of_match[i].compatible))
			return true;
	return false;
}

/**
 * irq_of_get - the INTID of a node's interrupt, from the Device Tree
 * @fdt: the tree
 * @node: the device's node
 * @idx: which entry of its "interrupts" (or "interrupts-extended")
 * @trigger: optional; where to store the IRQ_TYPE_* of the specifier
 *
 * Translates a GIC specifier <type number flags>: type 0 (SPI) gives INTID
 * 32 + number, type 1 (PPI) 16 + number. Only flags bits 3:0 are the
 * trigger; GICv2 bindings put a CPU mask in bits 15:8, dropped here. As
 * Linux's irq_of_parse_and_map() does, the trigger is remembered and
 * programmed by request_irq().
 *
 * Return: the INTID, -ENOENT when there is no entry @idx, -ENXIO when the
 * interrupt's parent is not a GIC (or not the registered one), -EINVAL for
 * a specifier this layer cannot express, or another error of
 * fdt_get_interrupt().
 */
int irq_of_get(const struct fdt *fdt, int node, int idx, unsigned int *trigger)
{
	u32 cells[FDT_MAX_IRQ_CELLS];
	unsigned int type, intid;
	int n, parent = -1;

	if (!fdt)
		return -EINVAL;
	n = fdt_get_interrupt(fdt, node, idx, cells, ARRAY_SIZE(cells), &parent);
	if (n < 0)
		return n;
	if (!irq_parent_is_gic(fdt, parent))
		return -ENXIO;
	/* A 4th cell (GICv3 PPI partition phandle) does not change the INTID. */
	if (n < 3)
		return -EINVAL;

	switch (cells[0]) {
	case GIC_SPI:
		if (cells[1] >= GIC_MAX_IRQS - GIC_SPI_BASE)
			return -EINVAL;
		intid = GIC_SPI_BASE + cells[1];
		break;
	case GIC_PPI:
		if (cells[1] >= GIC_NR_PPIS)
			return -EINVAL;
		intid = GIC_PPI_BASE + cells[1];
		break;
	default:
		/* 2/3 are the GICv3.1 extended ranges, which nothing here uses. */
		return -EINVAL;
	}
	if (irq_chip && fdt == irq_chip_fdt && intid >= irq_chip->nr_irqs)
		return -EINVAL;

	type = cells[2] & IRQ_TYPE_SENSE_MASK;
	if (type && fdt == irq_chip_fdt)
		irq_desc[intid].type = type;
	if (trigger)
		*trigger = type;
	return (int)intid;
}

/**
 * irq_set_irq_type - choose edge or level for an interrupt
 * @intid: the INTID
 * @type: IRQ_TYPE_*; IRQ_TYPE_NONE leaves the controller's setting alone
 *
 * Remembered for request_irq(), and programmed now when a controller is
 * registered.
 *
 * Return: 0, or -EINVAL for a bad @intid or a @type the GIC cannot do
 * (SPIs are only level-high or rising-edge).
 */
int irq_set_irq_type(unsigned int intid, unsigned int type)
{
	unsigned long flags;
	int ret = 0;

	if (intid >= GIC_MAX_IRQS || (type & ~IRQ_TYPE_SENSE_MASK) ||
	    (irq_chip && intid >= irq_chip->nr_irqs))
		return -EINVAL;
	flags = local_irq_save();
	if (irq_chip && type != IRQ_TYPE_NONE)
		ret = irq_chip->irq_set_type(intid, type);
	if (!ret)
		irq_desc[intid].type = type;
	local_irq_restore(flags);
	return ret;
}

/**
 * request_irq - install a handler and enable the interrupt
 * @intid: the INTID, a PPI or an SPI (SGIs are reserved for IPIs)
 * @handler: called with @intid and @dev, interrupts masked, before the
 *	end of interrupt; it must quiet a level-triggered source
 * @name: shown by "interrupts"
 * @dev: cookie for @handler and for free_irq()
 *
 * Programs the trigger remembered from the Device Tree (irq_of_get()) or
 * irq_set_irq_type(), routes an SPI to this CPU, then unmasks it. The
 * priority was set for every interrupt when the controller started.
 *
 * Return: 0, -ENODEV without an interrupt controller, -EINVAL for a bad
 * argument, -EBUSY when @intid already has a handler.
 */
int request_irq(unsigned int intid, irq_handler_t handler, const char *name,
		void *dev)
{
	struct irq_desc *desc;
	unsigned long flags;
	int ret = 0;

	if (!irq_chip)
		return -ENODEV;
	if (!handler || intid < GIC_PPI_BASE || intid >= irq_chip->nr_irqs)
		return -EINVAL;
	desc = &irq_desc[intid];

	flags = local_irq_save();
	if (desc->handler) {
		ret = -EBUSY;
		goto out;
	}
	/* GICs want the trigger changed only while the interrupt is disabled. */
	irq_chip->irq_mask(intid);
	if (desc->type != IRQ_TYPE_NONE) {
		ret = irq_chip->irq_set_type(intid, desc->type);
		if (ret)
			goto out;
	}
	if (intid >= GIC_SPI_BASE)
		irq_chip->irq_route_to_this_cpu(intid);
	desc->handler = handler;
	desc->dev = dev;
	desc->name = name ? name : "?";
	desc->warned = false;
	irq_chip->irq_unmask(intid);
out:
	local_irq_restore(flags);
	return ret;
}

/**
 * free_irq - disable an interrupt and remove its handler
 * @intid: the INTID given to request_irq()
 * @dev: the cookie given to request_irq(); it must match
 *
 * Its count is kept, so "interrupts" still shows it as taken.
 *
 * Return: the name given to request_irq(), or NULL (with a warning) when
 * @intid has no handler or was requested with another @dev.
 */
const void *free_irq(unsigned int intid, void *dev)
{
	struct irq_desc *desc;
	const char *name;
	unsigned long flags;

	if (!irq_chip || intid >= irq_chip->nr_irqs) {
		pr_warn("free_irq: INTID %u does not exist\n", intid);
		return NULL;
	}
	desc = &irq_desc[intid];
	flags = local_irq_save();
	if (!desc->handler || desc->dev != dev) {
		local_irq_restore(flags);
		pr_warn("free_irq: INTID %u is not requested with that dev\n", intid);
		return NULL;
	}
	irq_chip->irq_mask(intid);
	name = desc->name;
	desc->handler = NULL;
	desc->dev = NULL;
	desc->name = NULL;
	local_irq_restore(flags);
	return name;
}

/* Probe the first enabled interrupt controller this kernel can drive. */
static int irqchip_init(void)
{
	const struct fdt *fdt = &boot_fdt;

	for (size_t i = 0; i < ARRAY_SIZE(irqchip_of_match); i++) {
		int node = -1;

		while ((node = fdt_node_offset_by_compatible(fdt, node,
				irqchip_of_match[i].compatible)) >= 0) {
			int ret;

			if (!fdt_node_is_enabled(fdt, node) ||
			    !fdt_getprop_bool(fdt, node, "interrupt-controller"))
				continue;
			ret = irqchip_of_match[i].init(fdt, node);
			if (!ret)
				return 0;
			pr_err("%s: %s (%d)\n", irqchip_of_match[i].compatible,
			       errname(ret) ? errname(ret) : "?", ret);
		}
	}
	pr_warn("no supported interrupt controller in the device tree: no interrupts\n");
	return -ENODEV;
}
core_initcall(irqchip_init);

static const char *irq_type_name(unsigned int type)
{
	if (type & IRQ_TYPE_LEVEL_MASK)
		return "level";
	if (type & IRQ_TYPE_EDGE_BOTH)
		return "edge";
	return "-";
}

/* interrupts: like /proc/interrupts, for the interrupts in use. */
static int cmd_interrupts(int argc, char **argv)
{
	const char *chip = irq_chip ? irq_chip->name : "none";

	if (argc != 1)
		return -EINVAL;
	shell_printf("INTID        CPU0  controller  trigger  name\n");
	for (unsigned int i = 0; i < GIC_MAX_IRQS; i++) {
		struct irq_desc *desc = &irq_desc[i];
		u64 count = READ_ONCE(desc->count);
		const char *name = desc->handler ? desc->name : "(no handler)";

		if (!desc->handler && !count)
			continue;
		shell_printf("%5u %11llu  %-10s  %-7s  %s\n", i,
			     (unsigned long long)count, chip,
			     irq_type_name(desc->type), name);
	}
	shell_printf("spurious: %llu\n", (unsigned long long)irq_spurious);
	return 0;
}
SHELL_CMD(interrupts, "interrupts", "",
	  "list the interrupts in use: INTID, count, controller, trigger, name",
	  cmd_interrupts);
