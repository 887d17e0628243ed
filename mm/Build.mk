obj-y += mm/memblock.o mm/mm_init.o
obj-y += mm/sparse.o mm/page_alloc.o mm/vmstat.o
obj-$(CONFIG_KTEST) += mm/page_alloc_test.o
obj-y += mm/vmalloc.o
obj-y += mm/slab.o
obj-$(CONFIG_KTEST) += mm/slab_test.o
