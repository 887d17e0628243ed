HOST_TESTS += fdt
host-fdt-srcs := tests/host/test_fdt.c lib/fdt.c drivers/of/fdt_scan.c mm/memblock.c tests/host/host_printk.c
host-fdt-deps := $(BUILD)/dtbs/.stamp
