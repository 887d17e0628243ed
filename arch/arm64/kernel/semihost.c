// SPDX-License-Identifier: GPL-2.0
#include <asm/semihost.h>

long semihost_call(unsigned long op, unsigned long arg)
{
	register unsigned long x0 __asm__("x0") = op;
	register unsigned long x1 __asm__("x1") = arg;

	/* The trap handler skips an undefined HLT and sets x0 to -1. */
	__asm__ __volatile__("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return (long)x0;
}

void semihost_exit(int code)
{
	unsigned long block[2] = { ADP_STOPPED_APP_EXIT, (unsigned long)code };

	semihost_call(SYS_EXIT, (unsigned long)block);
}

void semihost_write0(const char *s)
{
	semihost_call(SYS_WRITE0, (unsigned long)s);
}
