/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLY__
/* PC-relative address of a symbol: valid at whatever address the code runs. */
.macro adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
.endm

#define ENTRY(name)	.globl name; .type name, %function; .balign 4; name:
#define END(name)	.size name, . - name
#endif

#endif
