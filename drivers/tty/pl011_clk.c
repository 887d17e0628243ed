// SPDX-License-Identifier: GPL-2.0
/*
 * Which clock rate the PL011 console divides: the Raspberry Pi firmware
 * (which owns the UART clock there), a fixed-clock in the DT (QEMU virt),
 * then the Pi firmware's default. Linux gets the rate from the common clock
 * framework: pl011_probe() -> devm_clk_get() -> clk_get_rate(), with the
 * Pi's UART clock provided by clk-raspberrypi.c over the same mailbox.
 */
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/pl011.h>

/**
 * pl011_clock_rate - the PL011's input clock, best source first
 * @fdt: the device tree
 * @node: the PL011's node
 * @fw_rate: asks the firmware (rpi_firmware_clk_get_rate()), or NULL
 * @src: where to store which source gave the rate
 * @fw_err: optional; where to store @fw_rate's result (-ENODEV if unused)
 *
 * The 48 MHz default applies only to a Raspberry Pi PL011: compatible
 * "brcm,bcm2835-pl011", or clocked by a BCM2835/BCM2711 cprman.
 *
 * Return: the rate in Hz, or 0 (PL011_CLK_UNKNOWN) when nothing says.
 */
u32 pl011_clock_rate(const struct fdt *fdt, int node, pl011_fw_rate_fn fw_rate,
		     enum pl011_clk_src *src, int *fw_err)
{
	const void *prop;
	int len, clk = -1, ret = -ENODEV;
	u32 freq;

	if (fw_rate)
		ret = fw_rate(fdt, node, 0, &freq);
	if (fw_err)
		*fw_err = ret;
	if (!ret && freq) {
		*src = PL011_CLK_FIRMWARE;
		return freq;
	}
	prop = fdt_getprop(fdt, node, "clocks", &len);
	if (prop && len >= 4) {
		clk = fdt_node_by_phandle(fdt, fdt32_ld(prop));
		if (clk >= 0 && !fdt_getprop_u32(fdt, clk, "clock-frequency", &freq) && freq) {
			*src = PL011_CLK_DT;
			return freq;
		}
	}
	if (!fdt_node_check_compatible(fdt, node, "brcm,bcm2835-pl011") ||
	    (clk >= 0 && (!fdt_node_check_compatible(fdt, clk, "brcm,bcm2835-cprman") ||
			  !fdt_node_check_compatible(fdt, clk, "brcm,bcm2711-cprman")))) {
		*src = PL011_CLK_RPI_DEFAULT;
		return BCM2835_PL011_DEFAULT_CLOCK;
	}
	*src = PL011_CLK_UNKNOWN;
	return 0;
}

/**
 * pl011_clk_src_name - @src for messages
 * @src: a pl011_clock_rate() result
 *
 * Return: a phrase such as "the firmware mailbox".
 */
const char *pl011_clk_src_name(enum pl011_clk_src src)
{
	switch (src) {
	case PL011_CLK_FIRMWARE:
		return "the firmware mailbox";
	case PL011_CLK_DT:
		return "the DT clock";
	case PL011_CLK_RPI_DEFAULT:
		return "the Raspberry Pi default (init_uart_clock)";
	default:
		return "nowhere (firmware setting kept)";
	}
}
