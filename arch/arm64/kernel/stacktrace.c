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

/*
 * Whether the record at @fp is the one exception entry pushed inside a
 * struct pt_regs: entry.S stores {x29, ELR} there and the same two values
 * as regs[29] and pc just below, which ordinary frames never mimic.
 */
static bool is_exception_record(u64 fp)
{
	const struct pt_regs *regs = (const struct pt_regs *)(fp - S_STACKFRAME);

	if (fp < S_STACKFRAME || !on_stack(fp - S_STACKFRAME))
		return false;
	return regs->stackframe[0] == regs->regs[29] && regs->stackframe[1] == regs->pc;
}

/*
 * The walk itself; @fn also learns whether the address is an exception's
 * ELR (the interrupted instruction) rather than a return address.
 */
static int unwind(u64 fp, bool (*fn)(void *arg, u64 pc, bool exception), void *arg)
{
	int n = 0;

	while (on_stack(fp) && n < MAX_FRAMES) {
		const u64 *rec = (const u64 *)fp;
		u64 next = rec[0], lr = rec[1];

		if (!lr || !fn(arg, lr, is_exception_record(fp)))
			break;
		n++;
		/* Frames grow downwards: the caller's record is higher up. */
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}

struct walk_adapter {
	bool (*fn)(void *arg, u64 pc);
	void *arg;
};

static bool walk_adapt(void *arg, u64 pc, bool exception)
{
	struct walk_adapter *a = arg;

	return a->fn(a->arg, pc);
}

/**
 * walk_stackframe - call @fn for each return address of a frame-record chain
 * @fp:		the first frame record (a function's x29)
 * @fn:		called with each return address, innermost first (for a
 *		record exception entry pushed: the interrupted pc); returns
 *		false to stop the walk
 * @arg:	passed to @fn
 *
 * Return: the number of addresses passed to @fn.
 */
int walk_stackframe(u64 fp, bool (*fn)(void *arg, u64 pc), void *arg)
{
	struct walk_adapter a = { .fn = fn, .arg = arg };

	return unwind(fp, walk_adapt, &a);
}

/*
 * A return address, symbolised by the call instruction before it: a call
 * to a noreturn function can be the last instruction of its caller, and
 * the address after it is then the next function's first (Linux's %pB).
 */
static void print_return_address(u64 lr, const char *suffix)
{
	unsigned long size, off;
	const char *name = kallsyms_lookup(lr - 1, &size, &off);

	if (name)
		pr_emerg(" %s+0x%lx/0x%lx%s\n", name, off + 1, size, suffix);
	else
		pr_emerg(" 0x%016llx%s\n", (unsigned long long)lr, suffix);
}

struct print_state {
	u64 skip;	/* a first return address equal to this was already printed */
	bool first;
};

static bool print_frame(void *arg, u64 pc, bool exception)
{
	struct print_state *ps = arg;

	if (ps->first && pc == ps->skip) {
		ps->first = false;
		return true;
	}
	ps->first = false;
	/* An exception's ELR is the faulting instruction itself. */
	if (exception)
		pr_emerg(" %pS\n", (void *)pc);
	else
		print_return_address(pc, "");
	return true;
}

/**
 * dump_backtrace - print "Call trace:" and one symbolised line per frame
 * @fp:		the first frame record
 * @pc:		a return address printed first, unless 0; when the record at
 *		@fp holds the same address (a caller passing its own frame
 *		and return address), it is printed once
 */
void dump_backtrace(u64 fp, u64 pc)
{
	struct print_state ps = { .skip = pc, .first = true };

	pr_emerg("Call trace:\n");
	if (pc)
		print_return_address(pc, "");
	unwind(fp, print_frame, &ps);
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
	struct print_state ps = { .first = false };

	pr_emerg("Call trace:\n");
	/* The pc is the faulting instruction itself, not a return address. */
	pr_emerg(" %pS\n", (void *)regs->pc);
	if (!kallsyms_lookup(regs->pc, NULL, NULL) &&
	    kallsyms_lookup(regs->regs[30] - 1, NULL, NULL))
		print_return_address(regs->regs[30], " (lr)");
	unwind(regs->regs[29], print_frame, &ps);
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
