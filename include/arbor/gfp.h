/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_GFP_H
#define ARBOR_GFP_H

/*
 * Allocation flags, Linux's names. Arbor has one CPU and no reclaim yet, so
 * "may sleep" and "atomic" allocate the same way; the flags still say what
 * the caller may tolerate, and __GFP_NOWARN silences the failure warning.
 */
typedef unsigned int gfp_t;

#define __GFP_ZERO		0x0001u	/* return zeroed memory */
#define __GFP_NOWARN		0x0002u	/* no warning on failure */
#define __GFP_HIGH		0x0004u	/* may dip into the reserve (atomic callers) */
#define __GFP_DIRECT_RECLAIM	0x0008u	/* caller may sleep */
#define __GFP_COMP		0x0010u	/* a compound page: head + tails */
#define __GFP_ACCOUNT		0x0020u	/* (accounting hint, unused for now) */
#define __GFP_RECLAIMABLE	0x0040u	/* slab: SReclaimable rather than SUnreclaim */

#define GFP_NOWAIT		0u
#define GFP_ATOMIC		(__GFP_HIGH)
#define GFP_KERNEL		(__GFP_DIRECT_RECLAIM)

#endif
