/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_CONST_H
#define ARBOR_CONST_H

/* Constants shared by C and assembly: suffixes and casts vanish in .S files. */
#ifdef __ASSEMBLY__
#define _AC(x, y)	x
#define _AT(t, x)	(x)
#else
#define __AC(x, y)	(x##y)
#define _AC(x, y)	__AC(x, y)
#define _AT(t, x)	((t)(x))
#endif

#define _UL(x)		(_AC(x, UL))

#endif
