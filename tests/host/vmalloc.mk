HOST_TESTS += vmalloc
host-vmalloc-srcs := tests/host/test_vmalloc.c arch/arm64/mm/pgtable.c arch/arm64/mm/map_range.c \
	tests/host/host_printk.c
host-vmalloc-cflags := -Iarch/arm64/include -DCONFIG_HZ=100 -DCONFIG_NR_EARLY_PGTABLES=24 \
	-DCONFIG_DEBUG_VMALLOC=1 -O2
