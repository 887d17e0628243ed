/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_IRQFLAGS_H
#define ARBOR_IRQFLAGS_H

/*
 * Interrupt masking for generic code. Arbor runs on one CPU, so masking
 * IRQs is the lock that keeps an interrupt handler out of a data structure.
 * Host unit tests (HOST_TEST) have no interrupts.
 */
#ifdef HOST_TEST
static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
static inline void local_irq_enable(void) { }
static inline void local_irq_disable(void) { }
#else
#include <asm/sysreg.h>
#endif

#endif
