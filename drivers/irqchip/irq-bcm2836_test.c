// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bcm2836": the Raspberry Pi 3's interrupt controllers, the ARM
 * local controller (root) and the chained armctrl, through the generic
 * layer's interface. The specifier translations are checked everywhere;
 * the rest skips on a machine with a GIC.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/irq.h>
#include <arbor/ktest.h>
#include <arbor/setup.h>
#include <arbor/string.h>
#include <arbor/time.h>
#include <asm/sysreg.h>

#define LOCAL_IRQ_CNTVIRQ	3
#define LOCAL_IRQ_MBOX0		4
#define LOCAL_IRQ_GPU		8
#define DAIF_I			BIT(7)

/* The root controller when it is the BCM2836 local one. */
static const struct irq_chip *bcm2836_root(void)
{
	const struct irq_chip *chip = irq_get_chip();

	return chip && !strcmp(chip->name, "bcm2836-l1") ? chip : NULL;
}

/* The chained armctrl's base: the first number it owns. */
static int armctrl_base(void)
{
	for (unsigned int irq = 0; irq < NR_IRQS; irq += 32) {
		const struct irq_chip *chip = irq_to_chip(irq, NULL);

		if (chip && !strcmp(chip->name, "armctrl"))
			return irq;
	}
	return -ENODEV;
}

static void test_xlate(struct ktest *t)
{
	static const u32 uart0[] = { 2, 25 }, bank0_bad[] = { 0, 8 }, bank3[] = { 3, 0 },
			  bit32[] = { 1, 32 }, basic7[] = { 0, 7 }, cntv[] = { 3, 4 },
			  line10[] = { 10, 4 }, pmu[] = { 9, 0x108 };
	unsigned int hwirq = ~0U, type = ~0U;

	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(uart0, 2, &hwirq, &type), 0);
	KTEST_EXPECT_EQ(t, hwirq, 2 * 32 + 25);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_HIGH);
	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(basic7, 2, &hwirq, &type), 0);
	KTEST_EXPECT_EQ(t, hwirq, 7);
	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(bank0_bad, 2, &hwirq, &type), -EINVAL);
	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(bank3, 2, &hwirq, &type), -EINVAL);
	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(bit32, 2, &hwirq, &type), -EINVAL);
	KTEST_EXPECT_EQ(t, bcm2835_armctrl_irq_xlate(uart0, 1, &hwirq, &type), -EINVAL);

	KTEST_EXPECT_EQ(t, bcm2836_l1_irq_xlate(cntv, 2, &hwirq, &type), 0);
	KTEST_EXPECT_EQ(t, hwirq, LOCAL_IRQ_CNTVIRQ);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_HIGH);
	KTEST_EXPECT_EQ(t, bcm2836_l1_irq_xlate(pmu, 2, &hwirq, &type), 0);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_LOW);	/* only bits 3:0 */
	KTEST_EXPECT_EQ(t, bcm2836_l1_irq_xlate(line10, 2, &hwirq, &type), -EINVAL);
	KTEST_EXPECT_EQ(t, bcm2836_l1_irq_xlate(cntv, 1, &hwirq, &type), -EINVAL);
}

static void test_state(struct ktest *t)
{
	const struct irq_chip *root = bcm2836_root(), *chained;
	unsigned int hwirq;
	int base = armctrl_base();

	if (!root) {
		ktest_skip(t, "no BCM2836 local interrupt controller");
		return;
	}
	KTEST_EXPECT_EQ(t, boot_info.gic_version, 0);
	KTEST_EXPECT_TRUE(t, root->check_state() == NULL);
	KTEST_EXPECT_TRUE(t, root->irq_is_enabled(LOCAL_IRQ_GPU));
	KTEST_ASSERT_TRUE(t, base >= 32);
	/* No overlap: the local controller's numbers end below armctrl's. */
	KTEST_EXPECT_TRUE(t, (unsigned int)base >= root->nr_irqs);
	chained = irq_to_chip(base + 2 * 32 + 25, &hwirq);
	KTEST_ASSERT_TRUE(t, chained != NULL);
	KTEST_EXPECT_EQ(t, hwirq, 2 * 32 + 25);
	KTEST_EXPECT_TRUE(t, chained->check_state() == NULL);
	KTEST_EXPECT_TRUE(t, irq_to_chip(base - 1, NULL) == NULL);
	KTEST_EXPECT_TRUE(t, irq_to_chip(base + chained->nr_irqs, NULL) == NULL);
}

/* Timer, UART and cascade numbers come from the boot DT through both controllers. */
static void test_boot_dt(struct ktest *t)
{
	const struct fdt *fdt = &boot_fdt;
	int timer, uart, armctrl, base = armctrl_base();
	unsigned int type = ~0U;

	if (!bcm2836_root() || base < 0) {
		ktest_skip(t, "no BCM2836 local and armctrl controllers");
		return;
	}
	timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	if (timer < 0)
		timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	uart = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	armctrl = fdt_node_offset_by_compatible(fdt, -1, "brcm,bcm2836-armctrl-ic");
	KTEST_ASSERT_TRUE(t, timer >= 0 && uart >= 0 && armctrl >= 0);

	KTEST_EXPECT_EQ(t, irq_of_get(fdt, timer, 2, &type), LOCAL_IRQ_CNTVIRQ);
	KTEST_EXPECT_EQ(t, type, IRQ_TYPE_LEVEL_HIGH);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, timer, 1, NULL), 1);	/* CNTPNSIRQ */
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, timer, 4, NULL), -ENOENT);
	KTEST_EXPECT_EQ(t, boot_info.timer_intid, LOCAL_IRQ_CNTVIRQ);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, uart, 0, NULL), base + 2 * 32 + 25);
	KTEST_EXPECT_EQ(t, irq_of_get(fdt, armctrl, 0, NULL), LOCAL_IRQ_GPU);
}

static void dummy_handler(unsigned int irq, void *dev)
{
}

static void test_request_errors(struct ktest *t)
{
	int base = armctrl_base();
	int cookie;

	if (!bcm2836_root() || base < 0) {
		ktest_skip(t, "no BCM2836 local and armctrl controllers");
		return;
	}
	KTEST_EXPECT_EQ(t, request_irq(10, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(base - 1, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(base + 96, dummy_handler, "x", NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(LOCAL_IRQ_CNTVIRQ, dummy_handler, "x", NULL), -EBUSY);
	KTEST_EXPECT_EQ(t, request_irq(LOCAL_IRQ_GPU, dummy_handler, "x", NULL), -EBUSY);
	KTEST_EXPECT_EQ(t, request_irq(base + 2 * 32 + 25, dummy_handler, "x", NULL), -EBUSY);
	/* Triggers are fixed: level-high or nothing. */
	KTEST_EXPECT_EQ(t, irq_set_irq_type(base + 2 * 32 + 25, IRQ_TYPE_LEVEL_LOW), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(base + 2 * 32 + 25, IRQ_TYPE_EDGE_RISING), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(base + 8, IRQ_TYPE_LEVEL_HIGH), -EINVAL);
	KTEST_EXPECT_EQ(t, irq_set_irq_type(LOCAL_IRQ_CNTVIRQ, IRQ_TYPE_EDGE_FALLING), -EINVAL);
	KTEST_EXPECT_TRUE(t, free_irq(LOCAL_IRQ_CNTVIRQ, &cookie) == NULL);
	KTEST_EXPECT_TRUE(t, free_irq(base - 1, NULL) == NULL);

	/* An unused armctrl line: requested, enabled, freed, disabled. */
	KTEST_EXPECT_EQ(t, request_irq(base + 1 * 32 + 3, dummy_handler, "ktest", &cookie), 0);
	KTEST_EXPECT_TRUE(t, irq_to_chip(base + 35, NULL)->irq_is_enabled(35));
	KTEST_EXPECT_TRUE(t, free_irq(base + 35, &cookie) != NULL);
	KTEST_EXPECT_FALSE(t, irq_to_chip(base + 35, NULL)->irq_is_enabled(35));
}

static volatile unsigned int mbox_hits, mbox_irq;

static void mbox_handler(unsigned int irq, void *dev)
{
	mbox_hits++;
	mbox_irq = irq;
}

/* A mailbox ring goes through the root handler once per ring. */
static void test_mailbox_dispatch(struct ktest *t)
{
	const struct irq_chip *root = bcm2836_root();
	unsigned int irq = LOCAL_IRQ_MBOX0 + 1;
	int cookie;
	u64 count;

	if (!root || (read_sysreg(daif) & DAIF_I)) {
		ktest_skip(t, root ? "interrupts are masked" : "no BCM2836 local controller");
		return;
	}
	mbox_hits = 0;
	KTEST_ASSERT_TRUE(t, request_irq(irq, mbox_handler, "ktest-mbox", &cookie) == 0);
	KTEST_EXPECT_TRUE(t, root->irq_is_enabled(irq));
	count = kstat_irqs(irq);
	root->irq_retrigger(irq);
	for (int i = 0; i < 1000 && !mbox_hits; i++)
		udelay(100);
	udelay(1000);	/* a second, wrong, delivery would show up here */
	KTEST_EXPECT_EQ(t, mbox_hits, 1);
	KTEST_EXPECT_EQ(t, mbox_irq, irq);
	KTEST_EXPECT_EQ(t, kstat_irqs(irq), count + 1);
	root->irq_retrigger(irq);
	for (int i = 0; i < 1000 && mbox_hits < 2; i++)
		udelay(100);
	KTEST_EXPECT_EQ(t, mbox_hits, 2);
	KTEST_EXPECT_TRUE(t, free_irq(irq, &cookie) != NULL);
	KTEST_EXPECT_FALSE(t, root->irq_is_enabled(irq));
}

/* The tick arrives through the local controller. */
static void test_timer_ticks(struct ktest *t)
{
	u64 before = kstat_irqs(LOCAL_IRQ_CNTVIRQ);

	if (!bcm2836_root() || (read_sysreg(daif) & DAIF_I)) {
		ktest_skip(t, "no BCM2836 local controller, or interrupts masked");
		return;
	}
	for (int i = 0; i < 50000 && kstat_irqs(LOCAL_IRQ_CNTVIRQ) < before + 2; i++)
		udelay(100);
	KTEST_EXPECT_TRUE(t, kstat_irqs(LOCAL_IRQ_CNTVIRQ) >= before + 2);
}

static const struct ktest_case bcm2836_cases[] = {
	KTEST_CASE(test_xlate),
	KTEST_CASE(test_state),
	KTEST_CASE(test_boot_dt),
	KTEST_CASE(test_request_errors),
	KTEST_CASE(test_mailbox_dispatch),
	KTEST_CASE(test_timer_ticks),
	{}
};
KTEST_SUITE(bcm2836, bcm2836_cases);
