HOST_TESTS += xarray
host-xarray-srcs := tests/host/test_xarray.c tests/host/xa_host_alloc.c \
	tests/host/host_printk.c lib/xarray.c lib/xarray_debug.c lib/xarray_test.c
# The differential test is most of the run time: optimise it under the sanitizers.
host-xarray-cflags := -O2

FUZZ_TARGETS += xarray
fuzz-xarray-srcs := tests/host/fuzz_xarray.c tests/host/xa_host_alloc.c \
	tests/host/host_printk.c lib/xarray.c lib/xarray_debug.c lib/xarray_test.c
