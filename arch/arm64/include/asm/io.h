/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <arbor/types.h>

#define __iomem

/*
 * MMIO accessors. Device-nGnRE mappings keep accesses to one device in
 * order; the barriers order them against normal memory (DMA buffers and
 * the like), as Linux's readl/writel do.
 */
static inline u32 readl_relaxed(const volatile void __iomem *addr)
{
	u32 v;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writel_relaxed(u32 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline u64 readq_relaxed(const volatile void __iomem *addr)
{
	u64 v;

	__asm__ __volatile__("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writeq_relaxed(u64 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline u32 readl(const volatile void __iomem *addr)
{
	u32 v = readl_relaxed(addr);

	__asm__ __volatile__("dmb oshld" ::: "memory");
	return v;
}

static inline void writel(u32 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("dmb oshst" ::: "memory");
	writel_relaxed(v, addr);
}

static inline u64 readq(const volatile void __iomem *addr)
{
	u64 v = readq_relaxed(addr);

	__asm__ __volatile__("dmb oshld" ::: "memory");
	return v;
}

static inline void writeq(u64 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("dmb oshst" ::: "memory");
	writeq_relaxed(v, addr);
}

#endif
