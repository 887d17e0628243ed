/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maple tree node memory for host programs: aligned_alloc(), with a live
 * count (leak checks) and failure injection (unwind checks).
 */
#ifndef ARBOR_MT_HOST_ALLOC_H
#define ARBOR_MT_HOST_ALLOC_H

/* Nodes allocated and not freed. */
extern long mt_host_nodes;
/* Allocations left before they start failing; negative: never fail. */
extern long mt_host_fail_after;

#endif
