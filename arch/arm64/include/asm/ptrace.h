/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

/*
 * The register frame the exception vectors push (entry.S). The last two
 * words form an AAPCS64 frame record {x29, elr} that x29 points at while the
 * handler runs, so a backtrace walks through the exception into the
 * interrupted code.
 */
#define S_X0		0
#define S_LR		240
#define S_SP		248
#define S_PC		256
#define S_PSTATE	264
#define S_ESR		272
#define S_FAR		280
#define S_STACKFRAME	288
#define S_FRAME_SIZE	304

#ifndef __ASSEMBLY__
#include <arbor/types.h>

struct pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
	u64 esr;
	u64 far;
	u64 stackframe[2];
};

_Static_assert(sizeof(struct pt_regs) == S_FRAME_SIZE, "pt_regs layout");
_Static_assert(__builtin_offsetof(struct pt_regs, pc) == S_PC, "pt_regs pc");
_Static_assert(__builtin_offsetof(struct pt_regs, stackframe) == S_STACKFRAME, "pt_regs frame");

#define user_mode(regs)	(((regs)->pstate & 0xf) == 0)
#endif

#endif
