/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_CONSOLE_H
#define ARBOR_CONSOLE_H

#include <arbor/types.h>

/*
 * The interactive console (the boot UART). The shell and the line editor
 * talk to the terminal only through these. Each '\n' written goes out as
 * "\r\n", as printk's output does; an explicit "\r\n" is harmless.
 */

/**
 * console_getc - wait for and return the next input byte
 *
 * Return: 0..255, or a negative value when no more input can ever arrive
 * (which makes shell_run() return).
 */
int console_getc(void);

/**
 * console_idle_work - run (IRQs on) each time console_getc() finds no
 * input and is about to sleep: the periodic writeback flusher's hook
 */
extern void (*console_idle_work)(void);

/**
 * console_check_interrupt - Ctrl-C typed while a command runs? Long-running
 * commands (cat of an endless device, fill, touch) poll it between chunks
 * and stop; the queued input up to the Ctrl-C is dropped.
 */
bool console_check_interrupt(void);

void console_putc(char c);
void console_write(const char *s, size_t n);

#endif
