// SPDX-License-Identifier: GPL-2.0
/*
 * "trace mm on|off": one console line per address-space event, named after
 * the Linux function that does the same (include/arbor/mmtrace.h).
 */
#include <arbor/errno.h>
#include <arbor/mmtrace.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

bool mm_trace_enabled;

static int cmd_trace(int argc, char **argv)
{
	if (argc == 1) {
		printk("mm %s\n", mm_trace_enabled ? "on" : "off");
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "mm"))
		return -EINVAL;
	if (!strcmp(argv[2], "on"))
		mm_trace_enabled = true;
	else if (!strcmp(argv[2], "off"))
		mm_trace_enabled = false;
	else
		return -EINVAL;
	return 0;
}
SHELL_CMD(trace, "trace", "[mm on|off]",
	  "print a line per mm event (mmap_region, split_vma, faults, ...)", cmd_trace);
