/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_PRANDOM_H
#define ARBOR_PRANDOM_H

#include <arbor/types.h>

/**
 * prandom_u64_state - next value of a xorshift64* sequence
 * @state: the generator's state; any non-zero seed
 *
 * For tests and benchmarks that must do the same thing on every run (fixed
 * seeds), in the kernel and on the host alike. Not for anything secret.
 */
static inline u64 prandom_u64_state(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

#endif
