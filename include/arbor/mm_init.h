/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_INIT_H
#define ARBOR_MM_INIT_H

/** mm_core_init - start the page, slab and vmalloc allocators (after paging_init) */
void mm_core_init(void);

#endif
