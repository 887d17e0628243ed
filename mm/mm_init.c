// SPDX-License-Identifier: GPL-2.0
/*
 * mm_core_init(): from memblock to the real allocators, in Linux's order
 * (mm_core_init: mem_init -> kmem_cache_init -> vmalloc_init).
 */
#include <arbor/mm.h>
#include <arbor/mm_init.h>
#include <arbor/slab.h>
#include <arbor/vmalloc.h>

void mm_core_init(void)
{
	mem_init();
	kmem_cache_init();
	vmalloc_init();
}
