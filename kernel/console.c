// SPDX-License-Identifier: GPL-2.0
/*
 * Console input: a ring buffer that the UART's receive interrupt fills and
 * console_getc() drains, sleeping in WFI while it is empty. Before the
 * interrupt is wired up, input is polled from the driver.
 */
#include <arbor/console.h>
#include <arbor/serial.h>
#include <asm/sysreg.h>

#define RX_RING_SIZE 1024	/* a pasted line or two; bytes beyond are dropped */

static char rx_ring[RX_RING_SIZE];
static unsigned int rx_head, rx_tail;	/* head: next write; tail: next read */
static unsigned long rx_dropped;
int (*console_poll_getc)(void);
bool console_rx_irq_enabled;

void console_rx_push(char c)
{
	unsigned int next = (rx_head + 1) % RX_RING_SIZE;

	if (next == rx_tail) {
		rx_dropped++;
		return;
	}
	rx_ring[rx_head] = c;
	rx_head = next;
}

/* The next queued byte, or -1. Called with IRQs masked or before they are on. */
static int rx_pop(void)
{
	int c;

	if (rx_tail == rx_head)
		return -1;
	c = (unsigned char)rx_ring[rx_tail];
	rx_tail = (rx_tail + 1) % RX_RING_SIZE;
	return c;
}

void (*console_idle_work)(void);

/**
 * console_check_interrupt - whether Ctrl-C was typed while a command runs
 *
 * Drops the queued input up to and including the first Ctrl-C (the line
 * typed ahead of it belongs to the interrupted command, as a terminal's
 * ISIG flushes it). Return: true when there was one.
 */
bool console_check_interrupt(void)
{
	unsigned long flags = local_irq_save();
	bool found = false;

	if (!console_rx_irq_enabled && console_poll_getc) {
		int c;

		while ((c = console_poll_getc()) >= 0)
			console_rx_push((char)c);
	}
	for (unsigned int i = rx_tail; i != rx_head; i = (i + 1) % RX_RING_SIZE) {
		if (rx_ring[i] == 0x03) {
			rx_tail = (i + 1) % RX_RING_SIZE;
			found = true;
			break;
		}
	}
	local_irq_restore(flags);
	return found;
}

int console_getc(void)
{
	for (;;) {
		unsigned long flags;
		int c;

		if (!console_rx_irq_enabled) {
			/* Bytes queued while the UART was set up come first. */
			c = rx_pop();
			if (c < 0 && !console_poll_getc)
				return -1;
			if (c < 0)
				c = console_poll_getc();
			if (c >= 0)
				return c;
			continue;
		}
		/* Background work (the writeback flusher) while the user types. */
		if (console_idle_work && rx_tail == rx_head)
			console_idle_work();
		/* Check and sleep with IRQs masked so no wakeup is missed. */
		flags = local_irq_save();
		c = rx_pop();
		if (c < 0)
			wfi();
		local_irq_restore(flags);
		if (c >= 0)
			return c;
	}
}
