/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_LOG_H
#define ARBOR_LOG_H

#include <arbor/types.h>

/* The console drivers printk writes to. */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	struct console *next;
};

/**
 * register_console - add a console; everything already in the log buffer is
 * replayed to it so no early message is lost.
 */
void register_console(struct console *con);
void unregister_console(struct console *con);

/* Console output that bypasses the log (shell command output). */
void console_write(const char *s, size_t n);
void console_putc(char c);

extern int console_loglevel;

/** log_buf_read - copy the log buffer's text out, oldest first; returns bytes */
size_t log_buf_read(char *buf, size_t size);

/** local_clock_ns - nanoseconds since the counter started (the generic timer) */
u64 local_clock_ns(void);

#endif
