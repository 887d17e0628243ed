// SPDX-License-Identifier: GPL-2.0
/*
 * The "bench" command: run the KBENCH entries and print BENCH lines.
 */
#include <arbor/bench.h>
#include <arbor/errno.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/sysreg.h>

extern const struct kbench __start_kbenches[], __stop_kbenches[];

static noinline void bench_empty(void *arg)
{
	barrier();
}

static u64 ticks_for(void (*body)(void *arg), void *arg, unsigned long iters)
{
	u64 start, end;

	isb();
	start = read_sysreg(cntvct_el0);
	for (unsigned long i = 0; i < iters; i++)
		body(arg);
	isb();
	end = read_sysreg(cntvct_el0);
	return end - start;
}

u64 bench_insns_per_iter(void (*body)(void *arg), void *arg, unsigned long iters)
{
	u64 freq = read_sysreg(cntfrq_el0);
	unsigned long flags;
	u64 t, base;

	if (!iters || !freq)
		return 0;
	flags = local_irq_save();
	body(arg);		/* warm up: first-use paths are not the fast path */
	t = ticks_for(body, arg, iters);
	base = ticks_for(bench_empty, NULL, iters);
	local_irq_restore(flags);
	t = t > base ? t - base : 0;
	/* ticks -> ns; one instruction per ns under -icount shift=0. */
	return t * 1000000000ULL / freq / iters;
}

/**
 * bench_ns - guest nanoseconds one call of @body takes (IRQs masked)
 * @body:	the work
 * @arg:	its argument
 *
 * Return: ns by the generic timer (instructions under -icount shift=0).
 */
u64 bench_ns(void (*body)(void *arg), void *arg)
{
	u64 freq = read_sysreg(cntfrq_el0);
	unsigned long flags;
	u64 t;

	if (!freq)
		return 0;
	flags = local_irq_save();
	t = ticks_for(body, arg, 1);
	local_irq_restore(flags);
	return t * 1000000000ULL / freq;
}

static int cmd_bench(int argc, char **argv)
{
	int ran = 0;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (const struct kbench *b = __start_kbenches; b < __stop_kbenches; b++)
			printk("%s (%s)\n", b->name, b->unit);
		return 0;
	}
	for (const struct kbench *b = __start_kbenches; b < __stop_kbenches; b++) {
		bool want = argc < 2;

		for (int i = 1; i < argc; i++)
			if (!strcmp(argv[i], b->name))
				want = true;
		if (!want)
			continue;
		printk("BENCH %s %llu %s\n", b->name, (unsigned long long)b->run(), b->unit);
		ran++;
	}
	if (argc >= 2 && ran != argc - 1) {
		printk("bench: no such benchmark among the arguments (try 'bench list')\n");
		return 1;
	}
	return 0;
}

SHELL_CMD(bench, "bench", "[list | <name>...]",
	  "run in-kernel benchmarks (figures are instructions under QEMU -icount)", cmd_bench);
