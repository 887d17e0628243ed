obj-y += lib/string.o lib/vsprintf.o lib/parse.o lib/errname.o lib/fdt.o
obj-y += lib/cpio.o
obj-y += lib/maple_tree.o lib/maple_tree_alloc.o
obj-$(CONFIG_DEBUG_MAPLE_TREE) += lib/maple_tree_debug.o lib/maple_tree_test.o
