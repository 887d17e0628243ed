/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_INIT_H
#define ARBOR_INIT_H

#include <arbor/compiler.h>

/*
 * Init calls: subsystems register their own start-up function from their
 * own file; do_initcalls() runs them by level, then by link order.
 *   1 core (interrupt controller)  2 arch (timer)  3 device (UART irq ...)
 *   4 late
 */
typedef int (*initcall_t)(void);

struct initcall {
	initcall_t fn;
	const char *name;
	int level;
};

#define __define_initcall(fn, lvl)					\
	static const struct initcall __initcall_##fn			\
	__used __section("initcalls") __aligned(8) = { fn, #fn, lvl }

#define core_initcall(fn)	__define_initcall(fn, 1)
#define arch_initcall(fn)	__define_initcall(fn, 2)
#define device_initcall(fn)	__define_initcall(fn, 3)
#define late_initcall(fn)	__define_initcall(fn, 4)

void do_initcalls(void);

#endif
