// SPDX-License-Identifier: GPL-2.0
/*
 * Accessors that survive faults: probe_kernel_read/write (one load or store
 * per step, each listed in __ex_table) and exec_probe (a call whose target
 * is registered so that do_el1_sync() can recover from its instruction
 * abort). See asm/fault_probe.h.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/string.h>
#include <asm/extable.h>
#include <asm/fault_probe.h>
#include <asm/ptrace.h>

/* Each access is one __ex_load/__ex_store (asm/extable.h): a fault yields -EFAULT. */
/* Read @width bytes (1, 2, 4 or 8) at an address aligned to @width. */
static int probe_load(const void *addr, size_t width, u64 *out)
{
	int err = 0;
	u64 v;

	switch (width) {
	case 8:
		__ex_load("ldr	%x1, [%2]", v, addr, err);
		break;
	case 4:
		__ex_load("ldr	%w1, [%2]", v, addr, err);
		break;
	case 2:
		__ex_load("ldrh	%w1, [%2]", v, addr, err);
		break;
	default:
		__ex_load("ldrb	%w1, [%2]", v, addr, err);
		break;
	}
	*out = v;
	return err;
}

/* Write the low @width bytes of @v at an address aligned to @width. */
static int probe_store(void *addr, size_t width, u64 v)
{
	int err = 0;

	switch (width) {
	case 8:
		__ex_store("str	%x1, [%2]", v, addr, err);
		break;
	case 4:
		__ex_store("str	%w1, [%2]", (u32)v, addr, err);
		break;
	case 2:
		__ex_store("strh	%w1, [%2]", (u16)v, addr, err);
		break;
	default:
		__ex_store("strb	%w1, [%2]", (u8)v, addr, err);
		break;
	}
	return err;
}

/* The widest naturally aligned access at @addr that fits in @left bytes. */
static size_t probe_width(u64 addr, size_t left)
{
	size_t w = 8;

	while (w > 1 && ((addr & (w - 1)) || w > left))
		w >>= 1;
	return w;
}

/**
 * probe_kernel_read - copy from memory that may fault
 * @dst:	destination (normal, mapped kernel memory)
 * @src:	source, any virtual address
 * @size:	bytes to copy
 *
 * Reads @src with naturally aligned loads of 8, 4, 2 or 1 bytes, so it is
 * also safe on Device memory. Part of @dst may have been written when it
 * fails.
 *
 * Return: 0, or -EFAULT when a load faulted.
 */
int probe_kernel_read(void *dst, const void *src, size_t size)
{
	u8 *d = dst;
	const u8 *s = src;

	while (size) {
		size_t w = probe_width((u64)s, size);
		u64 v;

		if (probe_load(s, w, &v))
			return -EFAULT;
		/* Little-endian: the value's low bytes are the first in memory. */
		memcpy(d, &v, w);
		d += w;
		s += w;
		size -= w;
	}
	return 0;
}

/**
 * probe_kernel_write - copy to memory that may fault
 * @dst:	destination, any virtual address
 * @src:	source (normal, mapped kernel memory)
 * @size:	bytes to copy
 *
 * The mirror of probe_kernel_read(): naturally aligned stores of 8, 4, 2
 * or 1 bytes. Part of @dst may have been written when it fails.
 *
 * Return: 0, or -EFAULT when a store faulted.
 */
int probe_kernel_write(void *dst, const void *src, size_t size)
{
	u8 *d = dst;
	const u8 *s = src;

	while (size) {
		size_t w = probe_width((u64)d, size);
		u64 v = 0;

		memcpy(&v, s, w);
		if (probe_store(d, w, v))
			return -EFAULT;
		d += w;
		s += w;
		size -= w;
	}
	return 0;
}

/*
 * The call exec_probe() has in flight: the address it branches to, and the
 * address the branch returns to. target is non-zero only between the two.
 * One CPU runs the kernel, and an interrupt handler that faulted on its own
 * first fetch would not match lr, so a single slot is enough.
 */
static struct {
	u64 target;
	u64 resume;
} exec_probe_state;

_Static_assert(__builtin_offsetof(__typeof__(exec_probe_state), resume) == 8,
	       "exec_probe() stores resume at offset 8");

/**
 * exec_probe - call @addr, surviving an instruction abort on its first fetch
 * @addr:	what to call: a function taking and returning an int in w0
 *
 * The function is called with w0 = 0 under the AAPCS64 (x0-x18 and x30 may
 * be clobbered). If fetching the instruction at @addr raises an instruction
 * abort (not mapped, or execute-never), do_el1_sync() resumes right after
 * the call with -EFAULT as the result (see exec_probe_fixup()). A fault
 * anywhere else, for instance further inside a target that did start
 * executing, is an Oops as usual.
 *
 * Return: what the function returned, -EFAULT when it could not be
 * fetched, or -EINVAL when @addr is not 4-byte aligned.
 */
int exec_probe(const void *addr)
{
	register u64 x0 __asm__("x0") = 0;
	u64 target = (u64)addr;

	if (target & 3)
		return -EINVAL;

	/*
	 *	adr	x16, 1f			resume address
	 *	str	x16, [state, #8]
	 *	str	target, [state]		armed
	 *	blr	target			x30 = 1f
	 * 1:	str	xzr, [state]		disarmed (reached either way)
	 *
	 * The clobbers are everything a callee may change, so target and
	 * state live in callee-saved registers across the call.
	 */
	__asm__ __volatile__(
	"	adr	x16, 1f\n"
	"	str	x16, [%[state], #8]\n"
	"	str	%[target], [%[state]]\n"
	"	blr	%[target]\n"
	"1:	str	xzr, [%[state]]\n"
	: "+r"(x0)
	: [target] "r"(target), [state] "r"(&exec_probe_state)
	: "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
	  "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x30", "cc", "memory");
	return (int)x0;
}

/**
 * exec_probe_fixup - resume from an instruction abort raised by exec_probe()
 * @regs:	the registers of an instruction abort taken from EL1
 *
 * Return: true when the abort is exec_probe()'s own: pc and FAR both equal
 * the registered target and lr is the registered return address. @regs
 * then resume there with x0 = -EFAULT. False otherwise, @regs untouched.
 */
bool exec_probe_fixup(struct pt_regs *regs)
{
	u64 target = READ_ONCE(exec_probe_state.target);

	if (!target || regs->pc != target || regs->far != target ||
	    regs->regs[30] != exec_probe_state.resume)
		return false;
	regs->regs[0] = (u64)(s64)-EFAULT;
	regs->pc = exec_probe_state.resume;
	return true;
}
