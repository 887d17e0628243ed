/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

/*
 * Kernel access to user memory (arch/arm64/lib/uaccess.c).
 *
 * Every access is an unprivileged load or store (the LDTR and STTR families): the MMU
 * checks it as if EL0 had made it, so AP[1] (EL0 access) and AP[2]
 * (read-only) apply, and PSTATE.PAN (which blocks the kernel's ordinary
 * loads and stores to EL0-accessible pages) does not get in the way.
 * Each instruction is listed in __ex_table: a fault first goes to
 * do_page_fault(), which may map the page and retry; if it cannot, the
 * fixup makes the accessor return failure, and uaccess_last_fault() says
 * which signal Linux would have sent a user program.
 *
 * Return conventions are Linux's: copy_*_user and clear/fill_user return
 * the bytes NOT copied (0 on success); get_user/put_user return 0 or
 * -EFAULT.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/types.h>
#include <asm/memory.h>

#ifndef __user
#define __user
#endif

/** access_ok - whether [addr, addr + size) lies in user space (no overflow) */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return a <= TASK_SIZE && size <= TASK_SIZE - a;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
unsigned long fill_user(void __user *to, int c, unsigned long n);

int __get_user_size(unsigned long uaddr, unsigned int size, u64 *val);
int __put_user_size(unsigned long uaddr, unsigned int size, u64 val);

/**
 * get_user - read one 1/2/4/8-byte value from user space into @x
 * Return: 0, or -EFAULT (@x is then 0).
 */
#define get_user(x, ptr) ({						\
	const __typeof__(*(ptr)) __user *__gu_p = (ptr);		\
	u64 __gu_v = 0;							\
	int __gu_e = -EFAULT;					\
	BUILD_BUG_ON(sizeof(*__gu_p) != 1 && sizeof(*__gu_p) != 2 &&	\
		     sizeof(*__gu_p) != 4 && sizeof(*__gu_p) != 8);	\
	if (access_ok(__gu_p, sizeof(*__gu_p)))				\
		__gu_e = __get_user_size((unsigned long)__gu_p,		\
					 sizeof(*__gu_p), &__gu_v);	\
	(x) = (__typeof__(*(ptr)))__gu_v;				\
	__gu_e;								\
})

/**
 * put_user - write one 1/2/4/8-byte value to user space
 * Return: 0, or -EFAULT.
 */
#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __user *__pu_p = (ptr);			\
	__typeof__(*(ptr)) __pu_x = (x);				\
	u64 __pu_v = 0;							\
	int __pu_e = -EFAULT;					\
	BUILD_BUG_ON(sizeof(*__pu_p) != 1 && sizeof(*__pu_p) != 2 &&	\
		     sizeof(*__pu_p) != 4 && sizeof(*__pu_p) != 8);	\
	__builtin_memcpy(&__pu_v, &__pu_x, sizeof(__pu_x));		\
	if (access_ok(__pu_p, sizeof(*__pu_p)))				\
		__pu_e = __put_user_size((unsigned long)__pu_p,		\
					 sizeof(*__pu_p), __pu_v);	\
	__pu_e;								\
})


/**
 * struct uaccess_fault - what the last failed user access ran into
 * @addr:	the faulting address (FAR), or the first byte beyond TASK_SIZE
 * @signo:	SIGSEGV, SIGBUS or SIGKILL (out of memory)
 * @code:	SEGV_MAPERR (no VMA), SEGV_ACCERR (VMA forbids it), BUS_*
 */
struct uaccess_fault {
	unsigned long addr;
	int signo;
	int code;
};

/** uaccess_fault_clear - forget the last fault (before a sequence of accesses) */
void uaccess_fault_clear(void);
/** uaccess_last_fault - the fault that made the last accessor fail; false if none */
bool uaccess_last_fault(struct uaccess_fault *f);
/** uaccess_record_fault - note a fault for uaccess_last_fault() (fault.c) */
void uaccess_record_fault(unsigned long addr, int signo, int code);

#endif
