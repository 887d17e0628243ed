// SPDX-License-Identifier: GPL-2.0
#include <arbor/panic.h>
#include <arbor/reboot.h>
#include <asm/semihost.h>
#include <asm/stacktrace.h>
#include <asm/sysreg.h>

void machine_exit(int code)
{
	local_irq_disable();
	/* QEMU with -semihosting exits with our status... */
	semihost_exit(code);
	/* ...otherwise a clean stop is only worth it when nothing failed. */
	if (code == 0)
		machine_power_off();
	for (;;)
		wfi();
}

void panic(const char *fmt, ...)
{
	static bool in_panic;
	char buf[256];
	va_list ap;

	local_irq_disable();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!in_panic) {
		in_panic = true;
		pr_emerg("Kernel panic - not syncing: %s\n", buf);
		dump_backtrace((u64)__builtin_frame_address(0), (u64)__builtin_return_address(0));
		pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	}
	machine_exit(1);
}

void __warn(const char *file, int line, const char *cond)
{
	pr_warn("WARNING: %s at %s:%d\n", cond, file, line);
	dump_backtrace((u64)__builtin_frame_address(0), (u64)__builtin_return_address(0));
}
