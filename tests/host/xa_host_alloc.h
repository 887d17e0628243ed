/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XArray node memory for host programs: malloc(), with a live count (leak
 * checks) and failure injection (-ENOMEM unwind checks).
 */
#ifndef ARBOR_XA_HOST_ALLOC_H
#define ARBOR_XA_HOST_ALLOC_H

/* Nodes allocated and not freed. */
extern long xa_host_nodes;
/* Allocations left before they start failing; negative: never fail. */
extern long xa_host_fail_after;
/* Allocations attempted (failed ones included). */
extern unsigned long xa_host_allocs;

#endif
