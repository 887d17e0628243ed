HOST_TESTS += page_alloc
host-page_alloc-srcs := tests/host/test_page_alloc.c mm/page_alloc.c mm/sparse.c mm/vmstat.c \
	mm/memblock.c lib/parse.c tests/host/host_printk.c
host-page_alloc-cflags := -Iarch/arm64/include -DCONFIG_HZ=100 -DCONFIG_DEBUG_PAGEALLOC_CHECKS=1 -O2
