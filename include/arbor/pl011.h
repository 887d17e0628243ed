/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PL011 clock and baud-rate arithmetic (drivers/tty/pl011_clk.c), kept apart
 * from the register code so the host tests run it on the real DTBs.
 */
#ifndef ARBOR_PL011_H
#define ARBOR_PL011_H

#include <arbor/fdt.h>
#include <arbor/types.h>

/* The Raspberry Pi firmware's init_uart_clock: the DT does not say. */
#define BCM2835_PL011_DEFAULT_CLOCK	48000000

/* Where pl011_clock_rate() found the rate. */
enum pl011_clk_src {
	PL011_CLK_UNKNOWN,	/* none: keep the firmware's divisors */
	PL011_CLK_FIRMWARE,	/* the Raspberry Pi firmware mailbox */
	PL011_CLK_DT,		/* a fixed-clock's clock-frequency */
	PL011_CLK_RPI_DEFAULT,	/* 48 MHz, the firmware's default */
};

/* Asks firmware for the rate of @consumer's clock @idx (rpi_firmware_clk_get_rate()). */
typedef int (*pl011_fw_rate_fn)(const struct fdt *fdt, int consumer, int idx, u32 *rate);

u32 pl011_clock_rate(const struct fdt *fdt, int node, pl011_fw_rate_fn fw_rate,
		     enum pl011_clk_src *src, int *fw_err);
const char *pl011_clk_src_name(enum pl011_clk_src src);

/**
 * pl011_baud_divisor - the baud divisor in 64ths, rounded to nearest
 * @clock: UARTCLK in Hz
 * @baud: bits per second
 *
 * IBRD is the result >> 6, FBRD its low 6 bits (PL011 TRM 3.3.6:
 * divisor = UARTCLK / (16 * baud)). 48 MHz at 115200 gives 26 + 3/64.
 */
static inline u32 pl011_baud_divisor(u32 clock, u32 baud)
{
	return (u32)(((u64)clock * 4 + baud / 2) / baud);
}

#endif
