/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SIGNAL_H
#define ARBOR_SIGNAL_H

/*
 * The signals a user fault would raise, Linux's numbers (asm-generic/signal.h,
 * uapi/asm-generic/siginfo.h). Nothing delivers them yet: the shell reports
 * them for its user accesses.
 */
#define SIGBUS		7
#define SIGKILL		9
#define SIGSEGV		11

#define SEGV_MAPERR	1	/* address not mapped to object */
#define SEGV_ACCERR	2	/* invalid permissions for mapped object */
#define BUS_ADRALN	1	/* invalid address alignment */
#define BUS_ADRERR	2	/* non-existent physical address */

#endif
