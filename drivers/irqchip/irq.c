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

#ifdef CONFIG_KTEST
#include <arbor/time.h>

/* PSTATE.I, bit 7 of DAIF: set while IRQs are masked on this CPU. */
#define DAIF_I	BIT(7)

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
	KTEST_EXPECT_TRUE(t, irq_chip->nr_irqs >= 64 && irq_chip->nr_irqs <= GIC_MAX_IRQS);
	KTEST_EXPECT_TRUE(t, irq_chip->nr_irqs % 32 == 0 || irq_chip->nr_irqs == GIC_MAX_IRQS);
}

static void test_gic_timer_irq_counts(struct ktest *t)
{
	unsigned int intid = boot_info.timer_intid;
	u64 before;

	if (!irq_chip || !intid) {
		ktest_skip(t, "no timer interrupt");
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
	unsigned int spare, timer = boot_info.timer_intid;
	int cookie;

	if (!irq_chip) {
		KTEST_EXPECT_EQ(t, request_irq(40, dummy_handler, "x", NULL), -ENODEV);
		ktest_skip(t, "no GIC: only -ENODEV checked");
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
