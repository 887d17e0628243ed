HOST_TESTS += memblock
host-memblock-srcs := tests/host/test_memblock.c mm/memblock.c tests/host/host_printk.c
