/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MMTRACE_H
#define ARBOR_MMTRACE_H

/*
 * A tiny tracepoint for address-space events ("trace mm on|off", mm/mmtrace.c).
 * Each call site prints one line naming the Linux function it corresponds
 * to ("split_vma ...", "fault anon ..."), only while tracing is on, so
 * people studying Linux mm can watch the steps a command takes.
 */
#include <arbor/printk.h>
#include <arbor/types.h>

/** mm_trace_enabled - whether "trace mm on" is in effect */
extern bool mm_trace_enabled;

/* A macro, so that the arguments are not even computed while tracing is off. */
#define mm_trace(fmt, ...)						\
	do {								\
		if (unlikely(mm_trace_enabled))				\
			printk("mm: " fmt "\n", ##__VA_ARGS__);		\
	} while (0)

#endif
