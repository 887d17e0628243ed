/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SERIAL_H
#define ARBOR_SERIAL_H

#include <arbor/fdt.h>

/**
 * earlycon_init - find the console UART from /chosen/stdout-path and start
 * printing to it (polled). Return: 0, or -ENODEV when none is usable.
 */
int earlycon_init(const struct fdt *fdt);

/**
 * console_rx_push - hand a received byte to the console input queue
 * (called from the UART interrupt handler)
 */
void console_rx_push(char c);

/*
 * Polled input for before interrupts are on: set by the UART driver, used by
 * console_getc() while no interrupt delivers input.
 */
extern int (*console_poll_getc)(void);
extern bool console_rx_irq_enabled;

#endif
