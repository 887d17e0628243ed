/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_PARSE_H
#define ARBOR_PARSE_H

#include <arbor/types.h>

/*
 * String to integer conversion with Linux's kstrto*() rules: the whole
 * string must be the number (one trailing '\n' is tolerated), base 0 picks
 * 16 for "0x", 8 for a leading "0" and 10 otherwise, and *res is written
 * only on success. -EINVAL for malformed input, -ERANGE on overflow.
 */
int kstrtou64(const char *s, unsigned int base, u64 *res);
int kstrtos64(const char *s, unsigned int base, s64 *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);

int parse_num(const char *s, u64 *res);
int split_args(char *line, char **argv, int max_args);

#endif
