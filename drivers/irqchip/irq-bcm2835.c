// SPDX-License-Identifier: GPL-2.0
/*
 * The BCM2835 "armctrl" interrupt controller as the BCM2836/BCM2837 have it
 * ("brcm,bcm2836-armctrl-ic", Linux's irq-bcm2835.c): the peripherals'
 * controller (the PL011, the system timer, DMA, USB...). On these chips it is
 * not the root: its output is the GPU line, bit 8 of the ARM local
 * controller's source register, so it is a chained controller with its own
 * block of interrupt numbers (irq_add_chained_chip()).
 *
 * Its binding's specifier is <bank bit>, no trigger (every line is level):
 *   bank 0  the ARM "basic" sources, bits 0..7 (ARM timer, ARM mailbox,
 *           doorbells, GPU halted, illegal access)
 *   bank 1  GPU interrupts 0..31
 *   bank 2  GPU interrupts 32..63 (the PL011 uart0 is <2 25>: GPU IRQ 57)
 * Hardware number = bank * 32 + bit, so uart0 is number base + 89.
 */
#define pr_fmt(fmt) "armctrl: " fmt

#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/irq.h>
#include <arbor/printk.h>
#include <asm/io.h>
#include <asm/mmu.h>

/*
 * Registers, offsets from the base (bus 0x7e00b200, CPU 0x3f00b200 on the
 * Pi 3; BCM2835 ARM Peripherals, 7.5):
 *   0x00 PENDING_BASIC  [7:0] bank 0 pending; [8] something in PENDING1,
 *                       [9] something in PENDING2; [20:10] copies of some
 *                       GPU interrupts (7, 9, 10, 18, 19, 53..57, 62)
 *   0x04 PENDING1       bank 1 pending      0x08 PENDING2   bank 2 pending
 *   0x0c FIQ_CONTROL    [7] enables FIQ for the source in [6:0]
 *   0x10 ENABLE1   0x14 ENABLE2   0x18 ENABLE_BASIC    write 1s to enable
 *   0x1c DISABLE1  0x20 DISABLE2  0x24 DISABLE_BASIC   write 1s to disable
 */
#define ARMCTRL_PENDING_BASIC	0x00
#define ARMCTRL_PENDING1	0x04
#define ARMCTRL_PENDING2	0x08
#define ARMCTRL_FIQ_CONTROL	0x0c
#define ARMCTRL_SIZE		0x28

#define ARMCTRL_NR_BANKS	3
#define ARMCTRL_BANK0_MASK	0xffU		/* the valid bank 0 bits */
#define ARMCTRL_BASIC_GPU_MASK	0x1fff00U	/* bits that point into banks 1 and 2 */

static const u32 armctrl_enable[ARMCTRL_NR_BANKS] = { 0x18, 0x10, 0x14 };
static const u32 armctrl_disable[ARMCTRL_NR_BANKS] = { 0x24, 0x1c, 0x20 };

static void __iomem *armctrl_base;
static unsigned int armctrl_irq_base;	/* interrupt number of bank 0 bit 0 */
static unsigned int armctrl_parent;	/* the local controller's GPU interrupt */
/* A copy of what this driver enabled: the cascade masks pending bits with it. */
static u32 armctrl_enabled[ARMCTRL_NR_BANKS];

static bool armctrl_valid(unsigned int hwirq)
{
	return hwirq / 32 < ARMCTRL_NR_BANKS &&
	       (hwirq / 32 || BIT(hwirq % 32) & ARMCTRL_BANK0_MASK);
}

static void armctrl_mask_irq(unsigned int hwirq)
{
	if (!armctrl_valid(hwirq))
		return;
	writel(BIT(hwirq % 32), armctrl_base + armctrl_disable[hwirq / 32]);
	armctrl_enabled[hwirq / 32] &= ~BIT(hwirq % 32);
}

static void armctrl_unmask_irq(unsigned int hwirq)
{
	if (!armctrl_valid(hwirq))
		return;
	armctrl_enabled[hwirq / 32] |= BIT(hwirq % 32);
	writel(BIT(hwirq % 32), armctrl_base + armctrl_enable[hwirq / 32]);
}

static bool armctrl_irq_is_enabled(unsigned int hwirq)
{
	return armctrl_valid(hwirq) && armctrl_enabled[hwirq / 32] & BIT(hwirq % 32);
}

/* Every line is level-high and fixed; bank 0 has only 8 lines. */
static int armctrl_set_type(unsigned int hwirq, unsigned int type)
{
	if (!armctrl_valid(hwirq))
		return -EINVAL;
	return type == IRQ_TYPE_LEVEL_HIGH ? 0 : -EINVAL;
}

static const char *armctrl_check_state(void)
{
	if (readl(armctrl_base + ARMCTRL_FIQ_CONTROL) & BIT(7))
		return "FIQ enabled (FIQ_CONTROL)";
	if (!irq_to_chip(armctrl_parent, NULL))
		return "parent interrupt not registered";
	return NULL;
}

static struct irq_chip armctrl_chip = {
	.name = "armctrl",
	.nr_irqs = ARMCTRL_NR_BANKS * 32,
	.irq_mask = armctrl_mask_irq,
	.irq_unmask = armctrl_unmask_irq,
	.irq_set_type = armctrl_set_type,
	.irq_is_enabled = armctrl_irq_is_enabled,
	.check_state = armctrl_check_state,
};

/*
 * The chained handler, run for the local controller's GPU interrupt: every
 * enabled pending source, bank by bank. Banks 1 and 2 are read in full
 * rather than decoded from the basic register's shortcut bits: two more
 * reads, and no dependence on which GPU interrupts have a shortcut.
 */
static void armctrl_cascade(unsigned int irq, void *dev)
{
	u32 pend[ARMCTRL_NR_BANKS];

	pend[0] = readl(armctrl_base + ARMCTRL_PENDING_BASIC);
	pend[1] = pend[0] & ARMCTRL_BASIC_GPU_MASK ? readl(armctrl_base + ARMCTRL_PENDING1) : 0;
	pend[2] = pend[0] & ARMCTRL_BASIC_GPU_MASK ? readl(armctrl_base + ARMCTRL_PENDING2) : 0;
	pend[0] &= ARMCTRL_BANK0_MASK;

	for (unsigned int bank = 0; bank < ARMCTRL_NR_BANKS; bank++) {
		u32 bits = pend[bank] & armctrl_enabled[bank];

		while (bits) {
			unsigned int bit = __builtin_ctz(bits);

			bits &= bits - 1;
			generic_handle_irq(armctrl_irq_base + bank * 32 + bit);
		}
	}
}

/**
 * bcm2835_armctrl_irq_xlate - translate a "brcm,bcm2836-armctrl-ic" specifier
 * @cells: <bank bit>
 * @n: the number of cells, 2
 * @hwirq: where to store bank * 32 + bit
 * @type: where to store the trigger: the binding has no trigger cell, and
 *	every line is level-high, so IRQ_TYPE_LEVEL_HIGH
 *
 * Return: 0, or -EINVAL for a bank above 2 or a bit its bank does not have.
 */
int bcm2835_armctrl_irq_xlate(const u32 *cells, int n, unsigned int *hwirq,
			      unsigned int *type)
{
	if (n < 2 || cells[0] >= ARMCTRL_NR_BANKS || cells[1] >= 32 ||
	    !armctrl_valid(cells[0] * 32 + cells[1]))
		return -EINVAL;
	*hwirq = cells[0] * 32 + cells[1];
	*type = IRQ_TYPE_LEVEL_HIGH;
	return 0;
}

/**
 * bcm2835_armctrl_of_init - start the armctrl controller of a Device Tree node
 * @fdt: the tree
 * @node: the "brcm,bcm2836-armctrl-ic" node: reg is the register block
 *	(0x3f00b200 on the Pi 3), "interrupts" its line on the parent (<8 4>
 *	on the local controller: the GPU interrupt)
 *
 * Disables every source and FIQ, registers the chip as a chained
 * controller and requests the parent interrupt for the cascade.
 *
 * Return: 0, -ENODEV when the node is unusable, -ENOMEM when the registers
 * cannot be mapped, or the error of irq_of_get(), irq_add_chained_chip()
 * or request_irq().
 */
int bcm2835_armctrl_of_init(const struct fdt *fdt, int node)
{
	u64 pa, size;
	int parent, ret;

	if (fdt_get_reg(fdt, node, 0, &pa, &size) || size < ARMCTRL_SIZE)
		return -ENODEV;
	parent = irq_of_get(fdt, node, 0, NULL);
	if (parent < 0)
		return parent;
	armctrl_base = ioremap(pa, ARMCTRL_SIZE);
	if (!armctrl_base)
		return -ENOMEM;

	writel(0, armctrl_base + ARMCTRL_FIQ_CONTROL);
	for (unsigned int bank = 0; bank < ARMCTRL_NR_BANKS; bank++) {
		writel(~0U, armctrl_base + armctrl_disable[bank]);
		armctrl_enabled[bank] = 0;
	}

	ret = irq_add_chained_chip(&armctrl_chip, fdt, node, &armctrl_irq_base);
	if (ret)
		return ret;
	armctrl_parent = parent;
	ret = request_irq(parent, armctrl_cascade, "armctrl-cascade", NULL);
	if (ret)
		return ret;
	pr_info("at %#llx, interrupts %u-%u, chained on interrupt %d\n",
		(unsigned long long)pa, armctrl_irq_base,
		armctrl_irq_base + armctrl_chip.nr_irqs - 1, parent);
	return 0;
}
