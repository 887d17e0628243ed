// SPDX-License-Identifier: GPL-2.0
/*
 * Frame-record unwinding (AAPCS64: x29 points at {previous x29, return
 * address}). Only records inside the boot stack are followed, so a corrupt
 * chain ends the walk instead of faulting.
 */
#include <arbor/printk.h>
#include <asm/memory.h>
#include <asm/stacktrace.h>

extern char init_stack[];

static bool on_stack(u64 fp)
{
	return fp >= (u64)init_stack && fp + 16 <= (u64)init_stack_top && !(fp & 7);
}

int walk_stackframe(u64 fp, bool (*fn)(void *arg, u64 pc), void *arg)
{
	int n = 0;

	while (on_stack(fp) && n < 64) {
		const u64 *rec = (const u64 *)fp;
		u64 next = rec[0], lr = rec[1];

		if (!lr || !fn(arg, lr))
			break;
		n++;
		/* Frames grow downwards: the caller's record is higher up. */
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}

static bool print_frame(void *arg, u64 pc)
{
	pr_emerg("  %pS\n", (void *)pc);
	return true;
}

void dump_backtrace(u64 fp, u64 pc)
{
	pr_emerg("Call trace:\n");
	pr_emerg("  %pS\n", (void *)pc);
	walk_stackframe(fp, print_frame, NULL);
}
