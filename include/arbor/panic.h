/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_PANIC_H
#define ARBOR_PANIC_H

#include <arbor/compiler.h>
#include <arbor/printk.h>

/**
 * panic - report a fatal error with a backtrace and stop the machine
 *
 * Under QEMU with semihosting the machine exits with status 1, so a test
 * harness sees the failure; otherwise the CPU halts.
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

/** machine_halt_status - stop: semihosting exit(@code), else PSCI off, else spin */
void machine_exit(int code) __noreturn;

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) BUG(); } while (0)

void __warn(const char *file, int line, const char *cond);
#define WARN_ON(c) ({							\
	bool __c = !!(c);						\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, #c);				\
	__c;								\
})

#endif
