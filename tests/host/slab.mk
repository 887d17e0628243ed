# The slab allocator over the real page allocator on a fake memory map,
# three ways: debug checks on, CONFIG_SLAB_DEBUG with "slab_debug=off",
# and without CONFIG_SLAB_DEBUG.
slab-srcs := tests/host/test_slab.c mm/slab.c mm/page_alloc.c mm/sparse.c mm/memblock.c \
	mm/vmstat.c lib/parse.c lib/errname.c tests/host/host_printk.c
slab-cflags := -Iarch/arm64/include -DCONFIG_HZ=100 -DCONFIG_DEBUG_PAGEALLOC_CHECKS=1 -O2

HOST_TESTS += slab slab_nodebug slab_noconfig
host-slab-srcs := $(slab-srcs)
host-slab-cflags := $(slab-cflags) -DCONFIG_SLAB_DEBUG=1
host-slab_nodebug-srcs := $(slab-srcs)
host-slab_nodebug-cflags := $(slab-cflags) -DCONFIG_SLAB_DEBUG=1 -DSLAB_TEST_CMDLINE='"slab_debug=off"'
host-slab_noconfig-srcs := $(slab-srcs)
host-slab_noconfig-cflags := $(slab-cflags)
