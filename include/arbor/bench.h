/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_BENCH_H
#define ARBOR_BENCH_H

/*
 * In-kernel benchmarks, registered from the subsystem's own file and run by
 * the "bench" shell command, which prints "BENCH <name> <value> <unit>".
 * make bench (scripts/bench.py) boots QEMU with -icount shift=0,sleep=off,
 * where the generic timer counts executed instructions, and collects them.
 *
 *	static u64 bench_foo(void)
 *	{
 *		return bench_insns_per_iter(foo_body, NULL, 100000);
 *	}
 *	KBENCH(foo, "foo_pair_insns", "insns", bench_foo);
 */
#include <arbor/compiler.h>
#include <arbor/types.h>

struct kbench {
	const char *name;
	const char *unit;
	u64 (*run)(void);
};

#define KBENCH(ident, _name, _unit, _fn)				\
	static const struct kbench __kbench_##ident			\
	__used __section("kbenches") __aligned(8) = { _name, _unit, _fn }

/**
 * bench_insns_per_iter - instructions per call of @body, under icount
 * @body:	the operation measured (called @iters times)
 * @arg:	passed to @body
 * @iters:	iterations
 *
 * Counts counter ticks around the loop, converts them to nanoseconds (one
 * instruction each under -icount shift=0) and subtracts the cost of the
 * same loop calling an empty function. Without icount the figure is
 * nanoseconds of wall time instead. Interrupts are masked while it runs.
 */
u64 bench_insns_per_iter(void (*body)(void *arg), void *arg, unsigned long iters);

/** bench_ns - guest nanoseconds of one call of @body (IRQs masked) */
u64 bench_ns(void (*body)(void *arg), void *arg);

#endif
