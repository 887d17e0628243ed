// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <arbor/printk.h>

#include "host_printk.h"

bool printk_quiet;
static char *capture;
static size_t capture_len, capture_size;

void printk_capture_start(char *buf, size_t size)
{
	capture = buf;
	capture_size = size;
	capture_len = 0;
	if (size)
		buf[0] = '\0';
}

void printk_capture_stop(void)
{
	capture = NULL;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;	/* strip the KERN_<LEVEL> prefix */
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (capture) {
		size_t room = capture_size - capture_len;

		snprintf(capture + capture_len, room, "%s", line);
		capture_len += strnlen(capture + capture_len, room);
	} else if (!printk_quiet) {
		printf("# %s", line);
	}
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
