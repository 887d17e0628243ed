// SPDX-License-Identifier: GPL-2.0
/*
 * The generic interrupt layer: one descriptor per interrupt number, the
 * Device Tree specifier translation, request_irq()/free_irq(), per-interrupt
 * counts and the "interrupts" command. Each interrupt controller driver
 * registers a struct irq_chip and calls generic_handle_irq() for every
 * interrupt it takes; everything controller-specific stays in that driver.
 *
 * Controllers are Linux's irq domains cut down to a fixed block of numbers
 * each: the root controller (the one the CPU's IRQ line comes from: a GIC,
 * or the BCM2836 ARM local controller on a Raspberry Pi 3) keeps its
 * hardware numbers, and a chained controller (the BCM2835 "armctrl",
 * cascaded on the local controller's GPU interrupt) gets the next 32-aligned
 * block, so the numbers of different controllers never collide.
 *
 * There is one CPU, so "locking" is masking interrupts on it.
 */
#define pr_fmt(fmt) "irq: " fmt

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

/**
 * struct irq_desc - the state of one interrupt number
 * @handler: NULL while nobody has requested it
 * @dev: the cookie passed back to @handler and checked by free_irq()
 * @name: the requester's name, for "interrupts"
 * @type: IRQ_TYPE_* to program when it is requested (from the DT)
 * @count: how many times it was taken
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

/**
 * struct irq_domain - one registered controller and its block of numbers
 * @chip: its operations
 * @fdt: the tree it was found in
 * @node: its node, the interrupt parent irq_of_get() matches
 * @base: the interrupt number of its hardware number 0
 * @xlate: its Device Tree specifier translation
 */
struct irq_domain {
	const struct irq_chip *chip;
	const struct fdt *fdt;
	int node;
	unsigned int base;
	irq_xlate_t xlate;
};

/* The root controller and at most a few chained ones. */
#define IRQ_MAX_DOMAINS		4

static struct irq_desc irq_desc[NR_IRQS];
static struct irq_domain irq_domains[IRQ_MAX_DOMAINS];
static unsigned int nr_irq_domains;	/* [0] is the root once this is > 0 */
static u64 irq_spurious;

/* The controllers this kernel drives, with their specifier translation. */
struct irqchip_match {
	const char *compatible;
	int (*init)(const struct fdt *fdt, int node);
	irq_xlate_t xlate;
};

/* Root controllers: the first enabled match in this order wins. */
static const struct irqchip_match irqchip_of_match[] = {
	{ "arm,gic-v3", gic_v3_of_init, gic_irq_xlate },
	{ "arm,gic-400", gic_of_init, gic_irq_xlate },
	{ "arm,cortex-a15-gic", gic_of_init, gic_irq_xlate },
	{ "arm,cortex-a7-gic", gic_of_init, gic_irq_xlate },
	{ "brcm,bcm2836-l1-intc", bcm2836_l1_intc_of_init, bcm2836_l1_irq_xlate },
};

/* Chained controllers, started once their parent is registered. */
static const struct irqchip_match irqchip_chained_of_match[] = {
	{ "brcm,bcm2836-armctrl-ic", bcm2835_armctrl_of_init, bcm2835_armctrl_irq_xlate },
};

/* The translation this layer knows for @node's compatible, or NULL. */
static irq_xlate_t irq_xlate_of(const struct fdt *fdt, int node)
{
	for (size_t i = 0; i < ARRAY_SIZE(irqchip_of_match); i++)
		if (!fdt_node_check_compatible(fdt, node, irqchip_of_match[i].compatible))
			return irqchip_of_match[i].xlate;
	for (size_t i = 0; i < ARRAY_SIZE(irqchip_chained_of_match); i++)
		if (!fdt_node_check_compatible(fdt, node,
					       irqchip_chained_of_match[i].compatible))
			return irqchip_chained_of_match[i].xlate;
	return NULL;
}

static int irq_add_domain(const struct irq_chip *chip, const struct fdt *fdt, int node,
			  unsigned int base)
{
	struct irq_domain *d;

	if (!chip || !chip->nr_irqs || chip->nr_irqs > NR_IRQS - base ||
	    !chip->irq_mask || !chip->irq_unmask || !chip->irq_is_enabled)
		return -EINVAL;
	if (nr_irq_domains == IRQ_MAX_DOMAINS)
		return -ENOSPC;
	d = &irq_domains[nr_irq_domains];
	d->chip = chip;
	d->fdt = fdt;
	d->node = node;
	d->base = base;
	d->xlate = irq_xlate_of(fdt, node);
	if (!d->xlate)
		return -EINVAL;
	nr_irq_domains++;
	return 0;
}

/**
 * irq_set_chip - register the root interrupt controller
 * @chip: its operations; must stay valid forever
 * @fdt: the tree it was found in
 * @node: its node, the interrupt parent irq_of_get() accepts; its
 *	compatible chooses the specifier translation
 *
 * The root controller's interrupt numbers are its hardware numbers.
 *
 * Return: 0, -EINVAL for a bad @chip or a node of no known binding,
 * -EBUSY when one is registered.
 */
int irq_set_chip(const struct irq_chip *chip, const struct fdt *fdt, int node)
{
	if (nr_irq_domains)
		return -EBUSY;
	return irq_add_domain(chip, fdt, node, 0);
}

/**
 * irq_add_chained_chip - register a controller cascaded on another one
 * @chip: its operations; must stay valid forever
 * @fdt: the tree it was found in
 * @node: its node (the interrupt parent of its devices)
 * @base: where to store the interrupt number of its hardware number 0
 *
 * The chip gets the first 32-aligned block of interrupt numbers after the
 * controllers registered so far. The driver then requests its own parent
 * interrupt with a handler that calls generic_handle_irq(@base + hwirq),
 * as Linux's chained handlers do.
 *
 * Return: 0, -ENODEV without a root controller, -EINVAL for a bad @chip,
 * -ENOSPC when the numbers or the domain slots are used up.
 */
int irq_add_chained_chip(const struct irq_chip *chip, const struct fdt *fdt, int node,
			 unsigned int *base)
{
	const struct irq_domain *last;
	unsigned int b;
	int ret;

	if (!nr_irq_domains)
		return -ENODEV;
	if (!chip || !base)
		return -EINVAL;
	last = &irq_domains[nr_irq_domains - 1];
	b = ALIGN(last->base + last->chip->nr_irqs, 32);
	if (b >= NR_IRQS)
		return -ENOSPC;
	ret = irq_add_domain(chip, fdt, node, b);
	if (ret)
		return ret;
	*base = b;
	return 0;
}

/**
 * irq_get_chip - the root interrupt controller, or NULL
 */
const struct irq_chip *irq_get_chip(void)
{
	return nr_irq_domains ? irq_domains[0].chip : NULL;
}

static struct irq_domain *irq_to_domain(unsigned int irq)
{
	for (unsigned int i = 0; i < nr_irq_domains; i++) {
		struct irq_domain *d = &irq_domains[i];

		if (irq >= d->base && irq - d->base < d->chip->nr_irqs)
			return d;
	}
	return NULL;
}

/**
 * irq_to_chip - the controller an interrupt number belongs to
 * @irq: the interrupt number
 * @hwirq: optional; where to store its number on that controller
 *
 * Return: the controller, or NULL when no registered one has @irq.
 */
const struct irq_chip *irq_to_chip(unsigned int irq, unsigned int *hwirq)
{
	const struct irq_domain *d = irq_to_domain(irq);

	if (!d)
		return NULL;
	if (hwirq)
		*hwirq = irq - d->base;
	return d->chip;
}

/* An interrupt nobody asked for: mask it so it cannot storm. */
static void handle_bad_irq(unsigned int irq, struct irq_desc *desc)
{
	const struct irq_domain *d = irq_to_domain(irq);

	if (d)
		d->chip->irq_mask(irq - d->base);
	if (!desc->warned) {
		desc->warned = true;
		pr_warn("no handler for interrupt %u (%s hwirq %u), masked it\n", irq,
			d ? d->chip->name : "no controller", d ? irq - d->base : irq);
	}
}

/**
 * generic_handle_irq - run the handler of a taken interrupt
 * @irq: the interrupt number (the controller's base plus its hwirq)
 *
 * Called by the controller driver between acknowledge and end of interrupt,
 * with interrupts masked on the CPU; a chained controller's handler calls
 * it again for the interrupt it found.
 *
 * Return: 0, or -EINVAL when @irq names no interrupt.
 */
int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc;

	if (irq >= NR_IRQS)
		return -EINVAL;
	desc = &irq_desc[irq];
	desc->count++;
	if (desc->handler)
		desc->handler(irq, desc->dev);
	else
		handle_bad_irq(irq, desc);
	return 0;
}

/**
 * handle_spurious_irq - count an IRQ exception that found no interrupt
 *
 * On a GIC, INTID 1023 means the interrupt was withdrawn (or taken by a
 * higher priority group) between the signal and the acknowledge; on the
 * BCM2836 the core's source register read zero. There is nothing to end.
 */
void handle_spurious_irq(void)
{
	irq_spurious++;
}

/**
 * irq_spurious_count - IRQ exceptions that found no interrupt so far
 */
u64 irq_spurious_count(void)
{
	return irq_spurious;
}

/**
 * kstat_irqs - how many times @irq was taken
 * @irq: the interrupt number
 *
 * Return: the count, 0 for an interrupt that does not exist.
 */
u64 kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_desc[irq].count) : 0;
}

/**
 * irq_of_get - the interrupt number of a node's interrupt, from the Device Tree
 * @fdt: the tree
 * @node: the device's node
 * @idx: which entry of its "interrupts" (or "interrupts-extended")
 * @trigger: optional; where to store the IRQ_TYPE_* of the specifier
 *
 * The interrupt parent's binding translates the specifier (gic_irq_xlate(),
 * bcm2836_l1_irq_xlate(), bcm2835_armctrl_irq_xlate()); the number is the
 * registered parent's base plus that hardware number. In another tree (a
 * test's) any controller this layer knows translates, with base 0. As
 * Linux's irq_of_parse_and_map() does, the trigger is remembered and
 * programmed by request_irq().
 *
 * Return: the interrupt number, -ENOENT when there is no entry @idx, -ENXIO
 * when the interrupt's parent is no registered controller (or, in another
 * tree, none this layer knows), -EINVAL for a specifier its binding cannot
 * express, or another error of fdt_get_interrupt().
 */
int irq_of_get(const struct fdt *fdt, int node, int idx, unsigned int *trigger)
{
	u32 cells[FDT_MAX_IRQ_CELLS];
	const struct irq_domain *d = NULL;
	unsigned int hwirq, type, irq;
	bool boot_tree = false;
	irq_xlate_t xlate;
	int n, ret, parent = -1;

	if (!fdt)
		return -EINVAL;
	n = fdt_get_interrupt(fdt, node, idx, cells, ARRAY_SIZE(cells), &parent);
	if (n < 0)
		return n;
	for (unsigned int i = 0; i < nr_irq_domains; i++) {
		if (irq_domains[i].fdt != fdt)
			continue;
		boot_tree = true;
		if (irq_domains[i].node == parent)
			d = &irq_domains[i];
	}
	if (boot_tree && !d)
		return -ENXIO;
	xlate = d ? d->xlate : irq_xlate_of(fdt, parent);
	if (!xlate)
		return -ENXIO;
	ret = xlate(cells, n, &hwirq, &type);
	if (ret)
		return ret;
	if (d && hwirq >= d->chip->nr_irqs)
		return -EINVAL;
	irq = (d ? d->base : 0) + hwirq;
	if (irq >= NR_IRQS)
		return -EINVAL;
	if (type && d)
		irq_desc[irq].type = type;
	if (trigger)
		*trigger = type;
	return (int)irq;
}

/**
 * irq_set_irq_type - choose edge or level for an interrupt
 * @irq: the interrupt number
 * @type: IRQ_TYPE_*; IRQ_TYPE_NONE leaves the controller's setting alone
 *
 * Remembered for request_irq(), and programmed now when its controller is
 * registered.
 *
 * Return: 0, or -EINVAL for a bad @irq or a @type the controller cannot
 * do (GIC SPIs are only level-high or rising-edge).
 */
int irq_set_irq_type(unsigned int irq, unsigned int type)
{
	const struct irq_domain *d;
	unsigned long flags;
	int ret = 0;

	if (irq >= NR_IRQS || (type & ~IRQ_TYPE_SENSE_MASK))
		return -EINVAL;
	d = irq_to_domain(irq);
	if (nr_irq_domains && !d)
		return -EINVAL;
	flags = local_irq_save();
	if (d && type != IRQ_TYPE_NONE)
		ret = d->chip->irq_set_type(irq - d->base, type);
	if (!ret)
		irq_desc[irq].type = type;
	local_irq_restore(flags);
	return ret;
}

/**
 * request_irq - install a handler and enable the interrupt
 * @irq: the interrupt number; on a GIC a PPI or an SPI (SGIs are reserved
 *	for IPIs)
 * @handler: called with @irq and @dev, interrupts masked, before the
 *	end of interrupt; it must quiet a level-triggered source
 * @name: shown by "interrupts"
 * @dev: cookie for @handler and for free_irq()
 *
 * Programs the trigger remembered from the Device Tree (irq_of_get()) or
 * irq_set_irq_type(), routes a shared interrupt to this CPU, then unmasks
 * it. The priority was set for every interrupt when the controller started.
 *
 * Return: 0, -ENODEV without an interrupt controller, -EINVAL for a bad
 * argument, -EBUSY when @irq already has a handler.
 */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *dev)
{
	const struct irq_domain *d;
	const struct irq_chip *chip;
	struct irq_desc *desc;
	unsigned int hwirq;
	unsigned long flags;
	int ret = 0;

	if (!nr_irq_domains)
		return -ENODEV;
	d = irq_to_domain(irq);
	if (!handler || !d)
		return -EINVAL;
	chip = d->chip;
	hwirq = irq - d->base;
	if (hwirq < chip->first_hwirq)
		return -EINVAL;
	desc = &irq_desc[irq];

	flags = local_irq_save();
	if (desc->handler) {
		ret = -EBUSY;
		goto out;
	}
	/* GICs want the trigger changed only while the interrupt is disabled. */
	chip->irq_mask(hwirq);
	if (desc->type != IRQ_TYPE_NONE) {
		ret = chip->irq_set_type(hwirq, desc->type);
		if (ret)
			goto out;
	}
	if (chip->irq_route_to_this_cpu)
		chip->irq_route_to_this_cpu(hwirq);
	desc->handler = handler;
	desc->dev = dev;
	desc->name = name ? name : "?";
	desc->warned = false;
	chip->irq_unmask(hwirq);
out:
	local_irq_restore(flags);
	return ret;
}

/**
 * free_irq - disable an interrupt and remove its handler
 * @irq: the interrupt number given to request_irq()
 * @dev: the cookie given to request_irq(); it must match
 *
 * Its count is kept, so "interrupts" still shows it as taken.
 *
 * Return: the name given to request_irq(), or NULL (with a warning) when
 * @irq has no handler or was requested with another @dev.
 */
const void *free_irq(unsigned int irq, void *dev)
{
	const struct irq_domain *d = irq_to_domain(irq);
	struct irq_desc *desc;
	const char *name;
	unsigned long flags;

	if (!d) {
		pr_warn("free_irq: interrupt %u does not exist\n", irq);
		return NULL;
	}
	desc = &irq_desc[irq];
	flags = local_irq_save();
	if (!desc->handler || desc->dev != dev) {
		local_irq_restore(flags);
		pr_warn("free_irq: interrupt %u is not requested with that dev\n", irq);
		return NULL;
	}
	d->chip->irq_mask(irq - d->base);
	name = desc->name;
	desc->handler = NULL;
	desc->dev = NULL;
	desc->name = NULL;
	local_irq_restore(flags);
	return name;
}

/* Start the chained controllers whose parent is a registered controller. */
static void irqchip_init_chained(const struct fdt *fdt)
{
	for (size_t i = 0; i < ARRAY_SIZE(irqchip_chained_of_match); i++) {
		int node = -1;

		while ((node = fdt_node_offset_by_compatible(fdt, node,
				irqchip_chained_of_match[i].compatible)) >= 0) {
			int ret;

			if (!fdt_node_is_enabled(fdt, node) ||
			    !fdt_getprop_bool(fdt, node, "interrupt-controller"))
				continue;
			ret = irqchip_chained_of_match[i].init(fdt, node);
			if (ret)
				pr_err("%s: %s (%d)\n", irqchip_chained_of_match[i].compatible,
				       errname(ret) ? errname(ret) : "?", ret);
		}
	}
}

/* Probe the first enabled root interrupt controller, then the chained ones. */
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
			if (!ret) {
				irqchip_init_chained(fdt);
				return 0;
			}
			pr_err("%s: %s (%d)\n", irqchip_of_match[i].compatible,
			       errname(ret) ? errname(ret) : "?", ret);
		}
	}
	pr_warn("no supported interrupt controller in the device tree: no interrupts\n");
	return -ENODEV;
}
core_initcall(irqchip_init);

/**
 * irq_show_controllers - print the registered interrupt controllers
 *
 * One "irqchip:" line each: name, Device Tree node, interrupt numbers, and
 * for a chained one the interrupt it hangs on. For bootinfo and
 * "interrupts".
 */
void irq_show_controllers(void)
{
	if (!nr_irq_domains)
		printk("irqchip:        none\n");
	for (unsigned int i = 0; i < nr_irq_domains; i++) {
		const struct irq_domain *d = &irq_domains[i];
		const char *path = fdt_get_name(d->fdt, d->node, NULL);

		printk("irqchip:        %-10s %s, interrupts %u-%u, %s\n", d->chip->name,
		       path ? path : "?", d->base, d->base + d->chip->nr_irqs - 1,
		       i ? "chained" : "root");
	}
}

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
	if (argc != 1)
		return -EINVAL;
	shell_printf("INTID        CPU0  controller  trigger  name\n");
	for (unsigned int i = 0; i < NR_IRQS; i++) {
		struct irq_desc *desc = &irq_desc[i];
		const struct irq_chip *chip = irq_to_chip(i, NULL);
		u64 count = READ_ONCE(desc->count);
		const char *name = desc->handler ? desc->name : "(no handler)";

		if (!desc->handler && !count)
			continue;
		shell_printf("%5u %11llu  %-10s  %-7s  %s\n", i,
			     (unsigned long long)count, chip ? chip->name : "none",
			     irq_type_name(desc->type), name);
	}
	shell_printf("spurious: %llu\n", (unsigned long long)irq_spurious);
	irq_show_controllers();
	return 0;
}
SHELL_CMD(interrupts, "interrupts", "",
	  "list the interrupts in use: number, count, controller, trigger, name",
	  cmd_interrupts);

#ifdef CONFIG_KTEST
#include <arbor/time.h>

/* PSTATE.I, bit 7 of DAIF: set while IRQs are masked on this CPU. */
#define DAIF_I	BIT(7)

/* The root controller when it is a GIC; NULL makes the gic suite skip. */
static const struct irq_chip *gic_root_chip(void)
{
	return boot_info.gic_version ? irq_get_chip() : NULL;
}

static bool irqs_on(void)
{
	return !(read_sysreg(daif) & DAIF_I);
}

/* Busy-wait up to @ms for *@p to differ from @old; interrupts stay on. */
static bool wait_change_u64(const volatile u64 *p, u64 old, unsigned int ms)
{
	for (unsigned int i = 0; i < ms * 10 && *p == old; i++)
		udelay(100);
	return *p != old;
}

static void test_gic_state(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	const char *why;

	if (!irq_chip) {
		ktest_skip(t, "no GIC in this machine");
		return;
	}
	why = irq_chip->check_state();
	if (why)
		ktest_fail(t, __FILE__, __LINE__, "%s: %s", irq_chip->name, why);
	KTEST_EXPECT_TRUE(t, boot_info.gic_version == 2 || boot_info.gic_version == 3);
	KTEST_EXPECT_NE(t, boot_info.gicd_base, 0);
	KTEST_EXPECT_TRUE(t, boot_info.gic_version == 2 ? boot_info.gicc_base != 0 :
					   boot_info.gicr_base != 0);
	/* TYPER gives 32 * (N + 1), capped at 1020. */
	KTEST_EXPECT_TRUE(t, irq_chip->nr_irqs >= 64 && irq_chip->nr_irqs <= NR_IRQS);
	KTEST_EXPECT_TRUE(t, irq_chip->nr_irqs % 32 == 0 || irq_chip->nr_irqs == NR_IRQS);
}

static void test_gic_timer_irq_counts(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	unsigned int intid = boot_info.timer_intid;
	u64 before;

	if (!irq_chip || !intid) {
		ktest_skip(t, irq_chip ? "no timer interrupt" : "no GIC in this machine");
		return;
	}
	if (!irqs_on()) {
		ktest_skip(t, "interrupts are masked");
		return;
	}
	KTEST_EXPECT_TRUE(t, irq_chip->irq_is_enabled(intid));
	KTEST_EXPECT_TRUE(t, irq_desc[intid].handler != NULL);
	before = kstat_irqs(intid);
	/* A few ticks at any HZ the Kconfig allows (10..1000). */
	KTEST_EXPECT_TRUE(t, wait_change_u64(&irq_desc[intid].count, before, 5000));
	KTEST_EXPECT_TRUE(t, wait_change_u64(&irq_desc[intid].count, kstat_irqs(intid), 5000));
	KTEST_EXPECT_TRUE(t, kstat_irqs(intid) >= before + 2);
}

static void dummy_handler(unsigned int intid, void *dev)
{
}

static void test_gic_request_irq_errors(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	unsigned int spare, timer = boot_info.timer_intid;
	int cookie;

	if (!irq_get_chip()) {
		KTEST_EXPECT_EQ(t, request_irq(40, dummy_handler, "x", NULL), -ENODEV);
		ktest_skip(t, "no interrupt controller: only -ENODEV checked");
		return;
	}
	if (!irq_chip) {
		ktest_skip(t, "no GIC in this machine");
		return;
	}
	spare = irq_chip->nr_irqs - 1;
	KTEST_ASSERT_TRUE(t, !irq_desc[spare].handler);

	KTEST_EXPECT_EQ(t, request_irq(spare, NULL, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(irq_chip->nr_irqs, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(GIC_INTID_SPURIOUS, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(~0U, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(1, dummy_handler, "x", NULL), -EINVAL);	/* SGI */
	if (timer)
		KTEST_EXPECT_EQ(t, request_irq(timer, dummy_handler, "x", NULL), -EBUSY);

	/* free_irq() of what is not ours changes nothing. */
	KTEST_EXPECT_TRUE(t, free_irq(spare, NULL) == NULL);
	KTEST_EXPECT_TRUE(t, free_irq(irq_chip->nr_irqs, NULL) == NULL);
	if (timer) {
		KTEST_EXPECT_TRUE(t, free_irq(timer, &cookie) == NULL);
		KTEST_EXPECT_TRUE(t, irq_desc[timer].handler != NULL);
		KTEST_EXPECT_TRUE(t, irq_chip->irq_is_enabled(timer));
	}

	/* The GIC cannot do falling-edge or level-low SPIs; bad types. */
	KTEST_EXPECT_EQ(t, irq_set_irq_type(spare, IRQ_TYPE_LEVEL_LOW), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(spare, IRQ_TYPE_EDGE_FALLING), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(spare, 0x10), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(irq_chip->nr_irqs, IRQ_TYPE_LEVEL_HIGH), -EINVAL);

	/* A request that worked can be freed, and then requested again. */
	KTEST_EXPECT_EQ(t, request_irq(spare, dummy_handler, "ktest", &cookie), 0);
	KTEST_EXPECT_EQ(t, request_irq(spare, dummy_handler, "ktest2", NULL), -EBUSY);
	KTEST_EXPECT_TRUE(t, free_irq(spare, NULL) == NULL);
	KTEST_EXPECT_TRUE(t, free_irq(spare, &cookie) != NULL);
	KTEST_EXPECT_FALSE(t, irq_chip->irq_is_enabled(spare));
	KTEST_EXPECT_EQ(t, request_irq(spare, dummy_handler, "ktest", &cookie), 0);
	KTEST_EXPECT_TRUE(t, free_irq(spare, &cookie) != NULL);
}

static volatile unsigned int dispatch_hits, dispatch_intid;
static void *volatile dispatch_dev;

static void dispatch_handler(unsigned int intid, void *dev)
{
	dispatch_hits++;
	dispatch_intid = intid;
	dispatch_dev = dev;
}

/* A software-pended SPI goes through acknowledge, handler and end of interrupt. */
static void test_gic_dispatch(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	unsigned int spare;
	u64 count;
	int cookie;

	if (!irq_chip || !irqs_on()) {
		ktest_skip(t, irq_chip ? "interrupts are masked" : "no GIC in this machine");
		return;
	}
	spare = irq_chip->nr_irqs - 1;
	KTEST_ASSERT_TRUE(t, !irq_desc[spare].handler);
	dispatch_hits = 0;
	/* Edge: the pending state ends with the acknowledge. */
	KTEST_EXPECT_EQ(t, irq_set_irq_type(spare, IRQ_TYPE_EDGE_RISING), 0);
	KTEST_ASSERT_TRUE(t, request_irq(spare, dispatch_handler, "ktest", &cookie) == 0);
	KTEST_EXPECT_TRUE(t, irq_chip->irq_is_enabled(spare));
	count = kstat_irqs(spare);

	irq_chip->irq_retrigger(spare);
	for (int i = 0; i < 1000 && !dispatch_hits; i++)
		udelay(100);
	udelay(1000);	/* a second, wrong, delivery would show up here */
	KTEST_EXPECT_EQ(t, dispatch_hits, 1);
	KTEST_EXPECT_EQ(t, dispatch_intid, spare);
	KTEST_EXPECT_TRUE(t, dispatch_dev == &cookie);
	KTEST_EXPECT_EQ(t, kstat_irqs(spare), count + 1);

	irq_chip->irq_retrigger(spare);
	for (int i = 0; i < 1000 && dispatch_hits < 2; i++)
		udelay(100);
	KTEST_EXPECT_EQ(t, dispatch_hits, 2);
	KTEST_EXPECT_TRUE(t, free_irq(spare, &cookie) != NULL);
	irq_set_irq_type(spare, IRQ_TYPE_LEVEL_HIGH);
}

/* Acknowledge with every interrupt below the priority mask: INTID 1023. */
static void test_gic_spurious(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	unsigned long flags;
	u64 before;
	u8 old;

	if (!irq_chip) {
		ktest_skip(t, "no GIC in this machine");
		return;
	}
	flags = local_irq_save();
	old = irq_chip->set_priority_mask(0);
	before = irq_spurious_count();
	handle_arch_irq(NULL);
	KTEST_EXPECT_EQ(t, irq_spurious_count(), before + 1);
	irq_chip->set_priority_mask(old);
	local_irq_restore(flags);
	KTEST_EXPECT_TRUE(t, irq_chip->check_state() == NULL);
}

/* Timer and console interrupts from the boot device tree. */
static void test_irq_of_get_boot_dt(struct ktest *t)
{
	const struct irq_chip *irq_chip = gic_root_chip();
	const struct fdt *fdt = &boot_fdt;
	unsigned int type = ~0U;
	int timer, intid;

	timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	if (timer < 0 || !irq_chip) {
		ktest_skip(t, "no /timer node or no GIC");
		return;
	}
	/* Secure phys, non-secure phys, virtual, hypervisor: PPIs 13, 14, 11, 10. */
	intid = irq_of_get(fdt, timer, 2, &type);
	KTEST_EXPECT_TRUE(t, intid >= GIC_PPI_BASE && intid < GIC_SPI_BASE);
	KTEST_EXPECT_EQ(t, intid, boot_info.timer_intid);
	KTEST_EXPECT_TRUE(t, type & IRQ_TYPE_LEVEL_MASK);
	KTEST_EXPECT_EQ(t, type & ~IRQ_TYPE_SENSE_MASK, 0);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, timer, 1, NULL), GIC_PPI_BASE + 14);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, timer, 4, NULL), -ENOENT);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, fdt_root(fdt), 0, NULL), -ENOENT);
	KTEST_EXPECT_EQ(t, irq_of_get(NULL, timer, 0, NULL), -EINVAL);
}

/*
 * A device tree built here, to check the translation on what QEMU's does
 * not have: a Pi 4-style CPU mask and level-low, bad numbers, a non-GIC
 * parent.
 */
struct dtb_builder {
	u8 st[512];
	u32 st_len;
	char str[256];
	u32 str_len;
	bool overflow;		/* a block was too small: the tree is unusable */
};

/* The offset of @name in the strings block, appended when new. */
static u32 dtb_string(struct dtb_builder *b, const char *name)
{
	size_t len = strlen(name) + 1;

	for (u32 off = 0; off < b->str_len; off += strlen(b->str + off) + 1)
		if (!strcmp(b->str + off, name))
			return off;
	if (b->str_len + len > sizeof(b->str)) {
		b->overflow = true;
		return 0;
	}
	memcpy(b->str + b->str_len, name, len);
	b->str_len += len;
	return b->str_len - len;
}

static void dtb_u32(struct dtb_builder *b, u32 v)
{
	if (b->st_len + 4 > sizeof(b->st)) {
		b->overflow = true;
		return;
	}
	b->st[b->st_len++] = v >> 24;
	b->st[b->st_len++] = v >> 16;
	b->st[b->st_len++] = v >> 8;
	b->st[b->st_len++] = v;
}

static void dtb_bytes(struct dtb_builder *b, const void *p, u32 n)
{
	if (b->st_len + ALIGN(n, 4) > sizeof(b->st)) {
		b->overflow = true;
		return;
	}
	memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
	while (b->st_len % 4)
		b->st[b->st_len++] = 0;
}

static void dtb_begin(struct dtb_builder *b, const char *name)
{
	dtb_u32(b, FDT_BEGIN_NODE);
	dtb_bytes(b, name, strlen(name) + 1);
}

static void dtb_prop(struct dtb_builder *b, const char *name, const u32 *cells, u32 n)
{
	u32 off = dtb_string(b, name);

	dtb_u32(b, FDT_PROP);
	dtb_u32(b, n * 4);
	dtb_u32(b, off);
	for (u32 i = 0; i < n; i++)
		dtb_u32(b, cells[i]);
}

static void dtb_prop_str(struct dtb_builder *b, const char *name, const char *s)
{
	u32 off = dtb_string(b, name);

	dtb_u32(b, FDT_PROP);
	dtb_u32(b, strlen(s) + 1);
	dtb_u32(b, off);
	dtb_bytes(b, s, strlen(s) + 1);
}

#define DTB_PROP(b, name, ...) do {					\
	static const u32 __c[] = { __VA_ARGS__ };			\
	dtb_prop(b, name, __c, ARRAY_SIZE(__c));			\
} while (0)

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int build_test_dtb(struct fdt *fdt, u8 *blob, size_t size)
{
	static struct dtb_builder b;
	const u32 hdr = 40, rsv = 16;

	memset(&b, 0, sizeof(b));
	dtb_begin(&b, "");
	DTB_PROP(&b, "interrupt-parent", 1);
	dtb_begin(&b, "gic");
	dtb_prop_str(&b, "compatible", "arm,gic-400");
	dtb_prop(&b, "interrupt-controller", NULL, 0);
	DTB_PROP(&b, "#interrupt-cells", 3);
	DTB_PROP(&b, "phandle", 1);
	dtb_u32(&b, FDT_END_NODE);
	dtb_begin(&b, "other-intc");
	dtb_prop(&b, "interrupt-controller", NULL, 0);
	DTB_PROP(&b, "#interrupt-cells", 2);
	DTB_PROP(&b, "phandle", 2);
	dtb_u32(&b, FDT_END_NODE);
	dtb_begin(&b, "dev");
	DTB_PROP(&b, "interrupts", GIC_PPI, 11, 0xf08, GIC_SPI, 121, 4, GIC_SPI, 5, 0x101,
		 GIC_PPI, 16, 4, 2, 0, 4, GIC_SPI, 988, 4, GIC_SPI, 987, 1);
	dtb_u32(&b, FDT_END_NODE);
	dtb_begin(&b, "other-dev");
	DTB_PROP(&b, "interrupt-parent", 2);
	DTB_PROP(&b, "interrupts", 3, 4);
	dtb_u32(&b, FDT_END_NODE);
	dtb_u32(&b, FDT_END_NODE);
	dtb_u32(&b, FDT_END);

	if (b.overflow || hdr + rsv + b.st_len + b.str_len > size)
		return -EOVERFLOW;
	memset(blob, 0, size);
	put_be32(blob + 0, FDT_MAGIC);
	put_be32(blob + 4, hdr + rsv + b.st_len + b.str_len);	/* totalsize */
	put_be32(blob + 8, hdr + rsv);				/* off_dt_struct */
	put_be32(blob + 12, hdr + rsv + b.st_len);		/* off_dt_strings */
	put_be32(blob + 16, hdr);				/* off_mem_rsvmap */
	put_be32(blob + 20, 17);				/* version */
	put_be32(blob + 24, 16);				/* last_comp_version */
	put_be32(blob + 32, b.str_len);				/* size_dt_strings */
	put_be32(blob + 36, b.st_len);				/* size_dt_struct */
	memcpy(blob + hdr + rsv, b.st, b.st_len);
	memcpy(blob + hdr + rsv + b.st_len, b.str, b.str_len);
	return fdt_init(fdt, blob, size);
}

static void test_irq_of_get_specifiers(struct ktest *t)
{
	static u8 blob[1024] __aligned(8);
	static struct fdt fdt;
	unsigned int type = 0, type27 = irq_desc[27].type, type153 = irq_desc[153].type;
	int dev, other;

	if (build_test_dtb(&fdt, blob, sizeof(blob))) {
		ktest_fail(t, __FILE__, __LINE__, "test DTB not built: %s",
			   fdt.errmsg[0] ? fdt.errmsg : "builder overflow");
		return;
	}
	dev = fdt_path_offset(&fdt, "/dev");
	other = fdt_path_offset(&fdt, "/other-dev");
	KTEST_ASSERT_TRUE(t, dev >= 0 && other >= 0);

	/* Pi 4 timer: PPI 11, CPU mask 0xf in bits 15:8 dropped, level-low. */
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 0, &type), 27);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_LOW);
	/* Pi 4 PL011: SPI 121. */
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 1, &type), 153);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_HIGH);
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 2, &type), 37);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_EDGE_RISING);
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 3, NULL), -EINVAL);	/* PPI 16 */
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 4, NULL), -EINVAL);	/* type 2 */
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 5, NULL), -EINVAL);	/* INTID 1020 */
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 6, NULL), 1019);
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, dev, 7, NULL), -ENOENT);
	KTEST_EXPECT_EQ(t, irq_of_get(&fdt, other, 0, NULL), -ENXIO);
	/* Another tree's triggers must not leak into the running interrupts. */
	KTEST_EXPECT_EQ(t, irq_desc[27].type, type27);
	KTEST_EXPECT_EQ(t, irq_desc[153].type, type153);
}

static const struct ktest_case gic_cases[] = {
	KTEST_CASE(test_gic_state),
	KTEST_CASE(test_gic_timer_irq_counts),
	KTEST_CASE(test_gic_request_irq_errors),
	KTEST_CASE(test_gic_dispatch),
	KTEST_CASE(test_gic_spurious),
	KTEST_CASE(test_irq_of_get_boot_dt),
	KTEST_CASE(test_irq_of_get_specifiers),
	{}
};
KTEST_SUITE(gic, gic_cases);
#endif
