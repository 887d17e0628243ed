// SPDX-License-Identifier: GPL-2.0
/*
 * The BCM2836/BCM2837 ARM local interrupt controller ("brcm,bcm2836-l1-intc",
 * Linux's irq-bcm2836.c): the Raspberry Pi 2/3's root controller, where a
 * GIC would be. It has no distributor and no acknowledge register: every
 * core has a source register that shows which of its lines are asserted,
 * and each line is enabled (routed to that core's IRQ) in its own register.
 *
 * Hardware numbers, the first cell of the binding's <hwirq flags>, are the
 * bits of the source register (BCM2836 "QA7" document, 4.10):
 *   0 CNTPSIRQ  1 CNTPNSIRQ  2 CNTHPIRQ  3 CNTVIRQ   the core's generic timers
 *   4..7        the core's mailboxes 0..3
 *   8           the GPU interrupt: the BCM2835 "armctrl" controller cascades
 *               on it (irq-bcm2835.c)
 *   9           the PMU
 * 10 (AXI outstanding) and 11 (the local timer) are not driven.
 *
 * Only the boot CPU takes interrupts; its number is MPIDR_EL1.Aff0.
 */
#define pr_fmt(fmt) "bcm2836-l1: " fmt

#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/irq.h>
#include <arbor/printk.h>
#include <asm/io.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>

/*
 * Registers, offsets from the base (0x40000000 on the Pi 3, identity-mapped
 * by the last /soc ranges entry):
 *   0x0c GPU_ROUTING     [1:0] core that gets the GPU IRQ, [3:2] the GPU FIQ
 *   0x10 PMU_ROUTE_SET   write 1 to route core n's PMU interrupt to its IRQ
 *   0x14 PMU_ROUTE_CLR   write 1 to stop it; either reads the routing
 *   0x40 + 4n TIMER_CTL  core n: [3:0] IRQ enable of CNTPS/CNTPNS/CNTHP/CNTV,
 *                        [7:4] the same to FIQ (FIQ wins)
 *   0x50 + 4n MBOX_CTL   core n: [3:0] IRQ enable of mailbox 0..3, [7:4] FIQ
 *   0x60 + 4n IRQ_SRC    core n: the asserted, enabled lines (numbers above)
 *   0x80 + 16n + 4m      mailbox m of core n: write 1s to set bits
 *   0xc0 + 16n + 4m      the same mailbox: read it, write 1s to clear bits
 * Every line is level: it stays asserted while its source does.
 */
#define LOCAL_GPU_ROUTING		0x0c
#define LOCAL_PMU_ROUTE_SET		0x10
#define LOCAL_PMU_ROUTE_CLR		0x14
#define LOCAL_TIMER_CTL(cpu)		(0x40 + 4 * (cpu))
#define LOCAL_MBOX_CTL(cpu)		(0x50 + 4 * (cpu))
#define LOCAL_IRQ_SRC(cpu)		(0x60 + 4 * (cpu))
#define LOCAL_MBOX_SET(cpu, m)		(0x80 + 16 * (cpu) + 4 * (m))
#define LOCAL_MBOX_RDCLR(cpu, m)	(0xc0 + 16 * (cpu) + 4 * (m))
#define LOCAL_SIZE			0x100

#define LOCAL_IRQ_CNTVIRQ		3
#define LOCAL_IRQ_MBOX0			4
#define LOCAL_IRQ_GPU			8
#define LOCAL_IRQ_PMU			9
#define LOCAL_NR_IRQS			10	/* 10, 11 are not driven */

/* A handler that does not quiet its line must not hang the CPU. */
#define LOCAL_MAX_LOOPS			16

static void __iomem *local_base;
static unsigned int local_cpu;		/* MPIDR_EL1.Aff0 of the boot CPU */

static bool is_timer(unsigned int hwirq)
{
	return hwirq < LOCAL_IRQ_MBOX0;
}

static bool is_mbox(unsigned int hwirq)
{
	return hwirq >= LOCAL_IRQ_MBOX0 && hwirq < LOCAL_IRQ_GPU;
}

/* Set or clear @bit in a per-core enable register (nobody else writes it). */
static void local_update(u32 off, u32 bit, bool on)
{
	u32 v = readl(local_base + off);

	writel(on ? v | bit : v & ~bit, local_base + off);
}

static void bcm2836_mask_irq(unsigned int hwirq)
{
	if (is_timer(hwirq))
		local_update(LOCAL_TIMER_CTL(local_cpu), BIT(hwirq), false);
	else if (is_mbox(hwirq))
		local_update(LOCAL_MBOX_CTL(local_cpu), BIT(hwirq - LOCAL_IRQ_MBOX0), false);
	else if (hwirq == LOCAL_IRQ_PMU)
		writel(BIT(local_cpu), local_base + LOCAL_PMU_ROUTE_CLR);
	/* The GPU line is always on; armctrl masks its own sources. */
}

static void bcm2836_unmask_irq(unsigned int hwirq)
{
	if (is_timer(hwirq))
		local_update(LOCAL_TIMER_CTL(local_cpu), BIT(hwirq), true);
	else if (is_mbox(hwirq))
		local_update(LOCAL_MBOX_CTL(local_cpu), BIT(hwirq - LOCAL_IRQ_MBOX0), true);
	else if (hwirq == LOCAL_IRQ_PMU)
		writel(BIT(local_cpu), local_base + LOCAL_PMU_ROUTE_SET);
}

static bool bcm2836_irq_is_enabled(unsigned int hwirq)
{
	if (is_timer(hwirq))
		return readl(local_base + LOCAL_TIMER_CTL(local_cpu)) & BIT(hwirq);
	if (is_mbox(hwirq))
		return readl(local_base + LOCAL_MBOX_CTL(local_cpu)) &
		       BIT(hwirq - LOCAL_IRQ_MBOX0);
	if (hwirq == LOCAL_IRQ_PMU)
		return readl(local_base + LOCAL_PMU_ROUTE_SET) & BIT(local_cpu);
	return hwirq == LOCAL_IRQ_GPU &&
	       (readl(local_base + LOCAL_GPU_ROUTING) & 3) == local_cpu;
}

/* Every line is level-high and fixed: nothing to program. */
static int bcm2836_set_type(unsigned int hwirq, unsigned int type)
{
	return type == IRQ_TYPE_LEVEL_HIGH ? 0 : -EINVAL;
}

/* A mailbox is the only line software can raise: set bit 0 of it. */
static void bcm2836_retrigger_irq(unsigned int hwirq)
{
	if (is_mbox(hwirq))
		writel(1, local_base + LOCAL_MBOX_SET(local_cpu, hwirq - LOCAL_IRQ_MBOX0));
}

static const char *bcm2836_check_state(void)
{
	if ((readl(local_base + LOCAL_GPU_ROUTING) & 3) != local_cpu)
		return "GPU interrupt not routed to this core (GPU_ROUTING)";
	if (readl(local_base + LOCAL_TIMER_CTL(local_cpu)) & 0xf0)
		return "a timer is routed to FIQ (TIMER_CTL)";
	if (readl(local_base + LOCAL_MBOX_CTL(local_cpu)) & 0xf0)
		return "a mailbox is routed to FIQ (MBOX_CTL)";
	return NULL;
}

static struct irq_chip bcm2836_chip = {
	.name = "bcm2836-l1",
	.nr_irqs = LOCAL_NR_IRQS,
	.irq_mask = bcm2836_mask_irq,
	.irq_unmask = bcm2836_unmask_irq,
	.irq_set_type = bcm2836_set_type,
	.irq_retrigger = bcm2836_retrigger_irq,
	.irq_is_enabled = bcm2836_irq_is_enabled,
	.check_state = bcm2836_check_state,
};

/*
 * The root handler: run every asserted line of this core's source register,
 * lowest number first, until none is left. A mailbox is a doorbell: its bits
 * are cleared before its handler runs, so a ring during the handler is seen.
 */
static void bcm2836_handle_irq(struct pt_regs *regs)
{
	for (unsigned int loop = 0; loop < LOCAL_MAX_LOOPS; loop++) {
		u32 src = readl(local_base + LOCAL_IRQ_SRC(local_cpu)) &
			  (BIT(LOCAL_NR_IRQS) - 1);
		unsigned int hwirq;

		if (!src) {
			if (!loop)
				handle_spurious_irq();
			return;
		}
		hwirq = __builtin_ctz(src);
		if (is_mbox(hwirq)) {
			u32 off = LOCAL_MBOX_RDCLR(local_cpu, hwirq - LOCAL_IRQ_MBOX0);

			writel(readl(local_base + off), local_base + off);
		}
		generic_handle_irq(hwirq);
	}
}

/**
 * bcm2836_l1_irq_xlate - translate a "brcm,bcm2836-l1-intc" specifier
 * @cells: <hwirq flags>
 * @n: the number of cells, 2
 * @hwirq: where to store the line, 0..9 (see the top of irq-bcm2836.c)
 * @type: where to store the trigger, flags bits 3:0
 *
 * Return: 0, or -EINVAL for a line this driver does not drive.
 */
int bcm2836_l1_irq_xlate(const u32 *cells, int n, unsigned int *hwirq, unsigned int *type)
{
	if (n < 2 || cells[0] >= LOCAL_NR_IRQS)
		return -EINVAL;
	*hwirq = cells[0];
	*type = cells[1] & IRQ_TYPE_SENSE_MASK;
	return 0;
}

/**
 * bcm2836_l1_intc_of_init - start the ARM local controller of a Device Tree node
 * @fdt: the tree
 * @node: the "brcm,bcm2836-l1-intc" node; reg 0 is the register block
 *	(0x40000000 on the Pi 3, after /soc "ranges")
 *
 * Masks this core's timer and mailbox lines and its PMU routing, sends the
 * GPU interrupt (the armctrl cascade) to this core's IRQ, registers the
 * root chip and installs the root interrupt handler.
 *
 * Return: 0, -ENODEV when the node is unusable, -ENOMEM when the registers
 * cannot be mapped, -EBUSY when a controller is already registered.
 */
int bcm2836_l1_intc_of_init(const struct fdt *fdt, int node)
{
	u64 pa, size;
	int ret;

	if (fdt_get_reg(fdt, node, 0, &pa, &size) || size < LOCAL_SIZE)
		return -ENODEV;
	/* The block has registers for four cores. */
	local_cpu = read_sysreg(mpidr_el1) & 0xff;
	if (local_cpu > 3)
		return -ENODEV;
	local_base = ioremap(pa, LOCAL_SIZE);
	if (!local_base)
		return -ENOMEM;

	writel(0, local_base + LOCAL_TIMER_CTL(local_cpu));
	writel(0, local_base + LOCAL_MBOX_CTL(local_cpu));
	writel(BIT(local_cpu), local_base + LOCAL_PMU_ROUTE_CLR);
	for (unsigned int m = 0; m < 4; m++)
		writel(~0U, local_base + LOCAL_MBOX_RDCLR(local_cpu, m));
	/* GPU IRQ and FIQ both to this core; armctrl's FIQ stays disabled. */
	writel(local_cpu | local_cpu << 2, local_base + LOCAL_GPU_ROUTING);

	ret = irq_set_chip(&bcm2836_chip, fdt, node);
	if (ret)
		return ret;
	set_handle_irq(bcm2836_handle_irq);
	pr_info("ARM local interrupt controller at %#llx, %u interrupts, CPU %u\n",
		(unsigned long long)pa, LOCAL_NR_IRQS, local_cpu);
	return 0;
}
