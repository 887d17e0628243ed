// SPDX-License-Identifier: GPL-2.0
/*
 * Frame-record unwinding. With frame pointers (the kernel is built with
 * -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer) every function's
 * prologue pushes an AAPCS64 frame record and points x29 at it:
 *
 *	[x29 + 0]	the caller's x29: the previous record, 0 at the outermost
 *	[x29 + 8]	x30 on entry: the return address into the caller
 *
 * Exception entry (entry.S) pushes one more record inside struct pt_regs,
 * {interrupted x29, ELR_EL1}, so a walk from a handler continues into the
 * interrupted code. Only records inside the boot stack are followed and
 * each must lie above the last, so a corrupt chain ends the walk instead
 * of faulting or looping.
 */
#include <arbor/compiler.h>
#include <arbor/kallsyms.h>
#include <arbor/printk.h>
#include <asm/memory.h>
#include <asm/ptrace.h>
#include <asm/stacktrace.h>

#define MAX_FRAMES	64

extern char init_stack[];

static bool on_stack(u64 fp)
{
	return fp >= (u64)init_stack && fp + 16 <= (u64)init_stack_top && !(fp & 7);
}

/**
 * walk_stackframe - call @fn for each return address of a frame-record chain
 * @fp:		the first frame record (a function's x29)
 * @fn:		called with each return address, innermost first; returns
 *		false to stop the walk
 * @arg:	passed to @fn
 *
 * Return: the number of return addresses passed to @fn.
 */
int walk_stackframe(u64 fp, bool (*fn)(void *arg, u64 pc), void *arg)
{
	int n = 0;

	while (on_stack(fp) && n < MAX_FRAMES) {
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
	pr_emerg(" %pS\n", (void *)pc);
	return true;
}

/**
 * dump_backtrace - print "Call trace:" and one symbolised line per frame
 * @fp:		the first frame record
 * @pc:		printed first (the current position), unless 0
 */
void dump_backtrace(u64 fp, u64 pc)
{
	pr_emerg("Call trace:\n");
	if (pc)
		pr_emerg(" %pS\n", (void *)pc);
	walk_stackframe(fp, print_frame, NULL);
}

/**
 * dump_backtrace_regs - the call trace of an exception's interrupted code
 * @regs:	the registers saved at the exception
 *
 * Starts at the faulting pc and follows the records from the interrupted
 * x29. When the pc is not kernel text, the exception came from a branch
 * to a bad address: the function that branched has not stored a record
 * for that call, but its return address is in lr, so lr is printed next.
 */
void dump_backtrace_regs(const struct pt_regs *regs)
{
	pr_emerg("Call trace:\n");
	pr_emerg(" %pS\n", (void *)regs->pc);
	if (!kallsyms_lookup(regs->pc, NULL, NULL) &&
	    kallsyms_lookup(regs->regs[30], NULL, NULL))
		pr_emerg(" %pS (lr)\n", (void *)regs->regs[30]);
	walk_stackframe(regs->regs[29], print_frame, NULL);
}

struct trace_store {
	u64 *store;
	unsigned int size;
	unsigned int skip;
	unsigned int len;
};

static bool save_frame(void *arg, u64 pc)
{
	struct trace_store *t = arg;

	if (t->skip) {
		t->skip--;
		return true;
	}
	if (t->len >= t->size)
		return false;
	t->store[t->len++] = pc;
	return true;
}

/**
 * stack_trace_save - record the return addresses of the current call chain
 * @store:	where the addresses go, innermost first
 * @size:	capacity of @store
 * @skipnr:	how many innermost entries to leave out
 *
 * The first entry (with @skipnr 0) is the return address into the caller
 * of stack_trace_save(), i.e. a point inside the function that called it.
 *
 * Return: the number of entries stored.
 */
noinline unsigned int stack_trace_save(u64 *store, unsigned int size, unsigned int skipnr)
{
	struct trace_store t = { .store = store, .size = size, .skip = skipnr };

	walk_stackframe((u64)__builtin_frame_address(0), save_frame, &t);
	return t.len;
}
