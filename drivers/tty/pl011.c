// SPDX-License-Identifier: GPL-2.0
/*
 * Arm PrimeCell UART (PL011) console. Polled transmit; receive is polled
 * until pl011_irq_init() switches it to interrupts feeding the console ring.
 *
 * Registers (PL011 TRM, offsets from the base):
 *   0x00 DR     data          0x18 FR   flags: TXFF(5) RXFE(4) BUSY(3)
 *   0x24 IBRD   integer baud divisor       0x28 FBRD fractional (1/64ths)
 *   0x2c LCR_H  WLEN(6:5)=3 for 8 bits, FEN(4) FIFOs on
 *   0x30 CR     UARTEN(0) TXE(8) RXE(9)
 *   0x34 IFLS   FIFO levels   0x38 IMSC interrupt mask: RXIM(4) RTIM(6)
 *   0x40 MIS    masked status 0x44 ICR  interrupt clear
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/irq.h>
#include <arbor/log.h>
#include <arbor/pinctrl-bcm2835.h>
#include <arbor/pl011.h>
#include <arbor/printk.h>
#include <arbor/rpi_firmware.h>
#include <arbor/serial.h>
#include <arbor/setup.h>
#include <arbor/string.h>
#include <asm/io.h>
#include <asm/mmu.h>

#define UART_DR		0x00	/* data [7:0]; on read also FE(8) PE(9) BE(10) OE(11) */
#define  DR_FE		(1U << 8)
#define  DR_PE		(1U << 9)
#define  DR_BE		(1U << 10)
#define UART_FR		0x18
#define  FR_TXFF	(1U << 5)
#define  FR_RXFE	(1U << 4)
#define  FR_BUSY	(1U << 3)
#define UART_IBRD	0x24
#define UART_FBRD	0x28
#define UART_LCRH	0x2c
#define  LCRH_WLEN8	(3U << 5)
#define  LCRH_FEN	(1U << 4)
#define UART_CR		0x30
#define  CR_UARTEN	(1U << 0)
#define  CR_TXE		(1U << 8)
#define  CR_RXE		(1U << 9)
#define UART_IFLS	0x34
#define  IFLS_RX_1_8	(0U << 3)	/* RXIFLSEL [5:3]: interrupt at 1/8 full */
#define  IFLS_TX_1_8	(0U << 0)	/* TXIFLSEL [2:0] (TX interrupt unused) */
#define UART_IMSC	0x38
#define  IMSC_RXIM	(1U << 4)
#define  IMSC_RTIM	(1U << 6)
#define UART_MIS	0x40
#define UART_ICR	0x44
#define  ICR_RXIC	(1U << 4)
#define  ICR_RTIC	(1U << 6)

static void __iomem *uart_base;
static int uart_node = -1;	/* the console's DT node, for its interrupt */

static void pl011_putc_raw(char c)
{
	while (readl(uart_base + UART_FR) & FR_TXFF)
		;
	writel(c, uart_base + UART_DR);
}

static void pl011_console_write(struct console *con, const char *s, size_t n)
{
	static char last;

	/* Terminals want "\r\n"; add the '\r' unless the writer already did. */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && last != '\r')
			pl011_putc_raw('\r');
		pl011_putc_raw(s[i]);
		last = s[i];
	}
}

static int pl011_poll_getc(void)
{
	if (readl(uart_base + UART_FR) & FR_RXFE)
		return -1;
	return readl(uart_base + UART_DR) & 0xff;
}

static struct console pl011_console = {
	.name = "pl011",
	.write = pl011_console_write,
};

/* Program the divisors for @baud; returns the divisor in 64ths. */
static u32 pl011_set_baud(u32 clock, u32 baud)
{
	u32 div = pl011_baud_divisor(clock, baud);
	u32 want_cr = CR_UARTEN | CR_TXE | CR_RXE;
	/*
	 * Keep FEN as found: changing it flushes the FIFOs (PL011 TRM
	 * 3.3.7), which would drop keys typed during boot. With the FIFOs
	 * off (QEMU's reset state) the receiver holds one byte and the
	 * sender waits, so nothing is lost either way.
	 */
	u32 lcrh = LCRH_WLEN8 | (readl(uart_base + UART_LCRH) & LCRH_FEN);

	/* Already set up that way (by firmware or a loader): leave it be. */
	if (readl(uart_base + UART_IBRD) == div >> 6 &&
	    readl(uart_base + UART_FBRD) == (div & 63) &&
	    readl(uart_base + UART_LCRH) == lcrh &&
	    (readl(uart_base + UART_CR) & want_cr) == want_cr)
		return div;

	while (readl(uart_base + UART_FR) & FR_BUSY)
		;
	writel(0, uart_base + UART_CR);
	writel(div >> 6, uart_base + UART_IBRD);
	writel(div & 63, uart_base + UART_FBRD);
	/* The divisors take effect with this LCR_H write. */
	writel(lcrh, uart_base + UART_LCRH);
	writel(want_cr, uart_base + UART_CR);
	return div;
}

int earlycon_init(const struct fdt *fdt)
{
	const char *options = NULL;
	enum pl011_clk_src clk_src;
	int fw_err;
	u64 base, size;
	u32 baud = 0;
	int node;

	node = fdt_chosen_stdout(fdt, &options);
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011")) {
		/* No usable stdout-path: take the first enabled PL011. */
		node = -1;
		while ((node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011")) >= 0)
			if (fdt_node_is_enabled(fdt, node))
				break;
		options = NULL;
	}
	if (node < 0 || fdt_get_reg(fdt, node, 0, &base, &size))
		return -ENODEV;
	uart_base = ioremap(base, size ? size : 0x1000);
	if (!uart_base)
		return -ENOMEM;
	uart_node = node;

	for (const char *p = options; p && *p >= '0' && *p <= '9'; p++)
		baud = baud * 10 + (*p - '0');
	if (!baud)
		fdt_getprop_u32(fdt, node, "current-speed", &baud);
	if (!baud)
		baud = 115200;

	boot_info.uart_compat = "arm,pl011";
	boot_info.uart_base = base;
	boot_info.uart_clock = pl011_clock_rate(fdt, node, rpi_firmware_clk_get_rate, &clk_src,
					       &fw_err);
	boot_info.uart_baud = baud;
	/* Raspberry Pi: the PL011 onto the header pins (see the rule there). */
	bcm2835_pinctrl_console(fdt, node);
	/* With an unknown clock, keep what the firmware programmed. */
	if (boot_info.uart_clock) {
		u32 div = pl011_set_baud(boot_info.uart_clock, baud);

		/* QEMU virt's fixed clock is the usual case: say only the unusual. */
		if (clk_src != PL011_CLK_DT)
			pr_info("pl011: clock %u Hz from %s; %u baud: IBRD %u, FBRD %u\n",
				boot_info.uart_clock, pl011_clk_src_name(clk_src), baud,
				div >> 6, div & 63);
		if (clk_src == PL011_CLK_RPI_DEFAULT && fw_err != -ENODEV)
			pr_warn("pl011: the firmware mailbox did not give the UART clock (%d)\n",
				fw_err);
	} else {
		writel(readl(uart_base + UART_CR) | CR_UARTEN | CR_TXE | CR_RXE,
		       uart_base + UART_CR);
	}

	console_poll_getc = pl011_poll_getc;
	register_console(&pl011_console);
	return 0;
}

/*
 * Receive interrupt: drain the FIFO into the console ring. The RX interrupt
 * (FIFO at its trigger level) and the receive timeout (bytes below the
 * level, line idle for 32 bit periods) both clear once the FIFO is empty;
 * ICR clears them explicitly anyway, before the GIC's end of interrupt.
 */
static void pl011_rx_irq(unsigned int intid, void *dev)
{
	/*
	 * Acknowledge before draining: a byte that lands after the last
	 * FIFO-empty check then raises the interrupt again. Clearing after
	 * the drain would discard that byte's interrupt, and QEMU's PL011
	 * raises RX only when the FIFO goes from empty to non-empty, so
	 * input would stall with bytes in the FIFO.
	 */
	writel(ICR_RXIC | ICR_RTIC, uart_base + UART_ICR);
	while (!(readl(uart_base + UART_FR) & FR_RXFE)) {
		u32 dr = readl(uart_base + UART_DR);

		/* A framing/parity error or a break is line noise, not a key. */
		if (!(dr & (DR_FE | DR_PE | DR_BE)))
			console_rx_push(dr & 0xff);
	}
}

/* Switch console input from polling to the receive interrupt. */
static int pl011_irq_init(void)
{
	unsigned int type;
	int intid, ret;

	if (!uart_base || uart_node < 0)
		return -ENODEV;
	intid = irq_of_get(&boot_fdt, uart_node, 0, &type);
	if (intid < 0) {
		pr_warn("pl011: no usable interrupt in the DT (%d): input stays polled\n", intid);
		return -ENODEV;
	}
	ret = request_irq(intid, pl011_rx_irq, "uart-pl011", NULL);
	if (ret) {
		pr_warn("pl011: cannot request INTID %d (%d): input stays polled\n", intid, ret);
		return -ENODEV;
	}
	writel(IFLS_RX_1_8 | IFLS_TX_1_8, uart_base + UART_IFLS);
	/* Transmit stays polled: only receive and receive-timeout interrupt. */
	writel(IMSC_RXIM | IMSC_RTIM, uart_base + UART_IMSC);
	/* Bytes typed before now raised no interrupt we would see: take them. */
	pl011_rx_irq(intid, NULL);
	console_rx_irq_enabled = true;
	return 0;
}
device_initcall(pl011_irq_init);
