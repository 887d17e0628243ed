/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SYSCTL_H
#define ARBOR_SYSCTL_H

/*
 * Tunables with Linux's /proc/sys names ("vm.dirty_expire_centisecs"),
 * read and set with the shell's "sysctl" command (kernel/sysctl.c) and
 * from the kernel command line ("sysctl.vm.dirty_expire_centisecs=100").
 * Each subsystem declares its own next to the variable:
 *	SYSCTL(dirty_expire, "vm.dirty_expire_centisecs", &dirty_expire_interval, 0, 360000);
 */
#include <arbor/types.h>

/**
 * struct ctl_entry - one tunable
 * @name:	dotted /proc/sys path
 * @data:	the variable
 * @min, @max:	the values accepted (-EINVAL outside)
 */
struct ctl_entry {
	const char *name;
	unsigned long *data;
	unsigned long min, max;
};

#define SYSCTL(ident, _name, _data, _min, _max)				\
	static const struct ctl_entry __sysctl_##ident			\
	__attribute__((__used__, __section__("sysctls"), __aligned__(8))) = { \
		.name = (_name), .data = (_data), .min = (_min), .max = (_max) }

extern const struct ctl_entry __start_sysctls[], __stop_sysctls[];

/**
 * sysctl_set - set the tunable @name to @value
 * Return: 0, -ENOENT (no such name), -EINVAL (out of range).
 */
int sysctl_set(const char *name, unsigned long value);

#endif
