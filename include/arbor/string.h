/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_STRING_H
#define ARBOR_STRING_H

#include <arbor/types.h>

/* Same prototypes as the C library, so host tests link against libc's copies. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);

/* Arbor additions (Linux's names). */
size_t strlcpy(char *dst, const char *src, size_t size);
char *skip_spaces(const char *s);

#endif
