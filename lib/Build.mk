obj-y += lib/string.o lib/vsprintf.o lib/parse.o lib/errname.o lib/fdt.o
obj-y += lib/cpio.o lib/time64.o
obj-y += lib/maple_tree.o lib/maple_tree_alloc.o
obj-$(CONFIG_DEBUG_MAPLE_TREE) += lib/maple_tree_debug.o lib/maple_tree_test.o
obj-y += lib/xarray.o lib/xarray_alloc.o lib/xarray_bench.o
obj-$(CONFIG_DEBUG_XARRAY) += lib/xarray_debug.o lib/xarray_test.o
