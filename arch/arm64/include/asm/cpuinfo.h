/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_CPUINFO_H
#define ASM_CPUINFO_H

#include <arbor/types.h>

/** cpu_describe - "Cortex-A72 r0p3 (MIDR 0x410fd083)" for the boot CPU */
int cpu_describe(char *buf, size_t size);

#endif
