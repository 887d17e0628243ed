obj-y += arch/arm64/kernel/head.o arch/arm64/kernel/entry.o arch/arm64/kernel/early_map.o
obj-y += arch/arm64/kernel/setup.o arch/arm64/kernel/traps.o arch/arm64/kernel/extable.o
obj-y += arch/arm64/kernel/stacktrace.o arch/arm64/kernel/psci.o arch/arm64/kernel/semihost.o
obj-y += arch/arm64/mm/map_range.o arch/arm64/mm/mmu.o
obj-y += arch/arm64/kernel/cpuinfo.o
obj-y += arch/arm64/mm/ptdump.o arch/arm64/mm/fault_probe.o
obj-$(CONFIG_KTEST) += arch/arm64/kernel/traps_test.o
obj-y += arch/arm64/mm/pgtable.o
