/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk for host tests: each line becomes a "# " TAP comment, or is
 * captured into a buffer the test then checks, or is muted.
 */
#ifndef ARBOR_HOST_PRINTK_H
#define ARBOR_HOST_PRINTK_H

#include <stdbool.h>
#include <stddef.h>

extern bool printk_quiet;

/* Append everything printk prints to @buf (NUL-terminated) until _stop(). */
void printk_capture_start(char *buf, size_t size);
void printk_capture_stop(void);

#endif
