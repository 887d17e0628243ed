// SPDX-License-Identifier: GPL-2.0
/*
 * Naming the CPU from MIDR_EL1 (Arm ARM D17.2.100):
 *   [31:24] Implementer (0x41 = Arm)  [23:20] Variant (the "r" in r0p3)
 *   [19:16] Architecture (0xf)        [15:4]  PartNum   [3:0] Revision ("p")
 */
#include <arbor/printk.h>
#include <asm/cpuinfo.h>
#include <asm/sysreg.h>

static const struct {
	u16 part;
	const char *name;
} arm_parts[] = {
	{ 0xd03, "Cortex-A53" }, { 0xd04, "Cortex-A35" }, { 0xd05, "Cortex-A55" },
	{ 0xd07, "Cortex-A57" }, { 0xd08, "Cortex-A72" }, { 0xd09, "Cortex-A73" },
	{ 0xd0a, "Cortex-A75" }, { 0xd0b, "Cortex-A76" }, { 0xd0c, "Neoverse-N1" },
	{ 0xd0d, "Cortex-A77" }, { 0xd40, "Neoverse-V1" }, { 0xd41, "Cortex-A78" },
	{ 0xd49, "Neoverse-N2" }, { 0xd4f, "Neoverse-V2" },
};

int cpu_describe(char *buf, size_t size)
{
	u64 midr = read_sysreg(midr_el1);
	unsigned int impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
	const char *name = NULL;

	if (impl == 0x41)
		for (unsigned int i = 0; i < sizeof(arm_parts) / sizeof(arm_parts[0]); i++)
			if (arm_parts[i].part == part)
				name = arm_parts[i].name;
	if (impl == 0)
		name = "software-defined CPU (QEMU -cpu max)";
	if (name)
		return snprintf(buf, size, "%s r%up%u (MIDR %#010llx)", name,
				(unsigned int)(midr >> 20) & 0xf, (unsigned int)midr & 0xf,
				(unsigned long long)midr);
	return snprintf(buf, size, "implementer %#x part %#x (MIDR %#010llx)", impl, part,
			(unsigned long long)midr);
}
