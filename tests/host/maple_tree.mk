HOST_TESTS += maple_tree
host-maple_tree-srcs := tests/host/test_maple_tree.c tests/host/mt_host_alloc.c \
	tests/host/host_printk.c lib/maple_tree.c lib/maple_tree_debug.c lib/maple_tree_test.c
# The differential test is most of the run time: optimise it under the sanitizers.
host-maple_tree-cflags := -O2

FUZZ_TARGETS += maple_tree
fuzz-maple_tree-srcs := tests/host/fuzz_maple_tree.c tests/host/mt_host_alloc.c \
	tests/host/host_printk.c lib/maple_tree.c lib/maple_tree_debug.c lib/maple_tree_test.c

HOST_BENCHES += maple_tree
bench-maple_tree-srcs := tests/host/bench_maple_tree.c tests/host/host_printk.c \
	lib/maple_tree.c lib/maple_tree_debug.c
$(BUILD)/host/maple_tree: lib/maple_tree_internal.h
