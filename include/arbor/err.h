/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_ERR_H
#define ARBOR_ERR_H

/*
 * Pointers that carry an errno (Linux's include/linux/err.h): the top
 * MAX_ERRNO addresses of the kernel half are never valid objects.
 */
#include <arbor/compiler.h>
#include <arbor/types.h>

#define ERR_MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-ERR_MAX_ERRNO;
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

#endif
