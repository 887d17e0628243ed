/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_SEMIHOST_H
#define ASM_SEMIHOST_H

#include <arbor/types.h>

/*
 * Arm semihosting (QEMU -semihosting): "hlt #0xf000" with w0 = operation and
 * x1 = argument. Without -semihosting the HLT is UNDEFINED; the sync
 * exception handler recognises it and resumes after it with x0 = -1, so these
 * calls are always safe to try.
 */
#define SYS_WRITE0		0x04
#define SYS_EXIT		0x18
#define ADP_STOPPED_APP_EXIT	0x20026

long semihost_call(unsigned long op, unsigned long arg);

/** semihost_exit - ask the host to exit with @code; returns only if it can't */
void semihost_exit(int code);
void semihost_write0(const char *s);

#endif
