obj-y += arch/arm64/kernel/head.o arch/arm64/kernel/entry.o arch/arm64/kernel/early_map.o
obj-y += arch/arm64/kernel/setup.o arch/arm64/kernel/traps.o arch/arm64/kernel/extable.o
obj-y += arch/arm64/kernel/stacktrace.o arch/arm64/kernel/psci.o arch/arm64/kernel/semihost.o
obj-y += arch/arm64/mm/map_range.o arch/arm64/mm/mmu.o
