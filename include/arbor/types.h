/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_TYPES_H
#define ARBOR_TYPES_H

/*
 * Fixed-width types. <stdint.h>, <stddef.h> and <stdbool.h> are freestanding
 * headers, so the same code compiles into the kernel and into host tests.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 pfn_t_raw;

/* Big-endian values as stored in a flattened device tree. */
typedef u32 fdt32_t;
typedef u64 fdt64_t;

#endif
